"""The small dataclasses every stage passes along.

extract -> ``Extraction`` (pages of text, metadata found in the file, warnings)
catalog -> ``CatalogEntry`` (what the alliance says about a file)
index   -> ``DocumentRecord`` (both merged, as stored in the index)
query   -> ``SearchRequest`` in, ``SearchResults`` out
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from html import unescape
from typing import Any

from search.mentions import CitationMention, CitedAuthority, DocketMention, MentionedDocket


class ExtractionError(Exception):
    """A file could not be read; the message is one line a volunteer can act on."""


@dataclass
class PageText:
    """One page of a document as it will be indexed (1-based page number)."""

    number: int
    text: str
    ocr: bool = False
    #: The language the index stemmed the page in (``en``, ``es``), as the engine stored it;
    #: None before indexing (the highlighter then decides it from the text, as the writer did).
    language: str | None = None


@dataclass
class Extraction:
    """What the extract stage got out of one file."""

    path: str
    pages: list[PageText]
    #: Field -> value as found in the file; ``metadata["provenance"]`` maps each field to its
    #: source ("stamp", "caption", "pdf-metadata", ...; see search/extract/metadata.py).
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: Filled by the annotate stage: one per mention, with its page.
    citations: list[CitationMention] = field(default_factory=list)
    dockets: list[DocketMention] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "pages": [{"page": p.number, "text": p.text, "ocr": p.ocr} for p in self.pages],
            "metadata": self.metadata,
            "warnings": self.warnings,
            "citations": [mention.to_json() for mention in self.citations],
            "dockets": [mention.to_json() for mention in self.dockets],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Extraction:
        pages = [PageText(p["page"], p["text"], p.get("ocr", False)) for p in data["pages"]]
        return cls(
            data["path"], pages, data.get("metadata", {}), data.get("warnings", []),
            [CitationMention.from_json(item) for item in data.get("citations", [])],
            [DocketMention.from_json(item) for item in data.get("dockets", [])],
        )


@dataclass
class CatalogEntry:
    """Per-file metadata from ``corpus/catalog.toml``; every field is optional but ``file``."""

    file: str
    title: str = ""
    doc_type: str = ""
    date: str = ""
    court: str = ""
    case_name: str = ""
    case_number: str = ""
    source_url: str = ""
    summary: str = ""
    password: str = ""
    #: Values of catalog keys of ``search/fields.py`` that are not attributes here, by field name.
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class DocumentRecord:
    """A document as the index holds it: catalog metadata merged over extracted metadata."""

    id: str
    path: str
    sha256: str
    title: str
    doc_type: str
    date: str
    court: str
    case_name: str
    case_number: str
    source_url: str
    summary: str
    pages: list[PageText]
    warnings: list[str] = field(default_factory=list)
    #: Authorities cited, with their pages; ``keys`` adds enclosing sections.
    citations: list[CitedAuthority] = field(default_factory=list)
    #: Case numbers mentioned, with their pages; the document's own number is ``case_keys``.
    dockets: list[MentionedDocket] = field(default_factory=list)
    case_keys: list[str] = field(default_factory=list)
    #: Values of fields of ``search/fields.py`` that are not attributes here, by field name.
    extra: dict[str, str] = field(default_factory=dict)
    #: Where each metadata field came from: "catalog", "stamp", "caption", "pdf-metadata", ...
    provenance: dict[str, str] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date[:4].isdigit() else None

    def value(self, name: str) -> Any:
        """The value of field ``name`` of the fields table (an attribute, else ``extra``)."""
        return getattr(self, name) if name in _RECORD_ATTRIBUTES else self.extra.get(name, "")

    def meta(self) -> DocumentMeta:
        """What a result shows of the document: its fields, without text or citations."""
        return DocumentMeta(
            **{name: getattr(self, name) for name in _META_TEXT_FIELDS},
            page_count=len(self.pages),
            ocr_pages=[page.number for page in self.pages if page.ocr],
            warnings=list(self.warnings),
            extra=dict(self.extra),
        )

    def metadata(self) -> dict[str, Any]:
        """The document's fields without its page text."""
        data = asdict(self)
        data.pop("pages")
        data.update(data.pop("extra"))
        data["citations"] = [entry.to_json() for entry in self.citations]
        data["dockets"] = [entry.to_json() for entry in self.dockets]
        data["page_count"] = len(self.pages)
        data["ocr_pages"] = [p.number for p in self.pages if p.ocr]
        return data


_META_TEXT_FIELDS = (
    "id", "path", "sha256", "title", "doc_type", "date", "court", "case_name", "case_number", "source_url", "summary",
)


@dataclass
class DocumentMeta:
    """A document's fields without its pages: what the engine stores for results and listings."""

    id: str
    path: str
    sha256: str = ""
    title: str = ""
    doc_type: str = ""
    date: str = ""
    court: str = ""
    case_name: str = ""
    case_number: str = ""
    source_url: str = ""
    summary: str = ""
    page_count: int = 0
    ocr_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Values of fields of ``search/fields.py`` that are not attributes here, by field name.
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date[:4].isdigit() else None

    def value(self, name: str) -> Any:
        """The value of field ``name`` of the fields table (an attribute, else ``extra``)."""
        if name == "year":
            return self.year
        return getattr(self, name) if name in _META_ATTRIBUTES else self.extra.get(name, "")

    def notice_kinds(self) -> list[str]:
        """What a listing warns about: ``ocr`` (text read from a scan), ``redaction`` (a
        possible failed redaction: the original is withheld). Never the warnings' text."""
        kinds = ["ocr"] if self.ocr_pages else []
        return kinds + (["redaction"] if any("redaction" in warning for warning in self.warnings) else [])

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        extra = data.pop("extra")
        return {**extra, **data}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentMeta:
        known = {key: data[key] for key in _META_ATTRIBUTES if key in data and key != "extra"}
        extra = {key: str(value) for key, value in data.items() if key not in _META_ATTRIBUTES
                 and isinstance(value, str)}
        return cls(**known, extra=extra)


_META_ATTRIBUTES = frozenset(DocumentMeta.__dataclass_fields__)
_RECORD_ATTRIBUTES = frozenset(DocumentRecord.__dataclass_fields__) | {"year"}


@dataclass
class SearchRequest:
    """A search as the CLI, the web page and the API ask for it."""

    query: str
    page: int = 1
    per_page: int = 10
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"
    pages_per_result: int = 3
    #: False: search the query as typed, never its spelling correction ("Search instead for").
    spelling: bool = True
    #: "public" (a visitor: staff-only documents are filtered out in the engine) or "staff".
    audience: str = "public"


@dataclass
class PageHit:
    page: int
    snippet: str  # HTML-escaped, query terms wrapped in <mark>

    def plain(self) -> tuple[str, list[list[int]]]:
        """The snippet as plain text, and the [start, end) character spans of its highlights,
        so a client that does not render HTML never parses it ("Tarrant&#x27;s" -> "Tarrant's")."""
        text, spans = "", []
        for number, piece in enumerate(re.split(r"</?mark>", self.snippet)):
            piece = unescape(piece)
            if number % 2 and piece:
                spans.append([len(text), len(text) + len(piece)])
            text += piece
        return text, spans

    def to_json(self) -> dict[str, Any]:
        text, highlights = self.plain()
        return {"page": self.page, "snippet": self.snippet, "text": text, "highlights": highlights}


@dataclass
class DocumentHit:
    id: str
    path: str
    title: str
    doc_type: str
    date: str
    court: str
    case_number: str
    score: float
    pages: list[PageHit]
    case_name: str = ""
    #: Values of result fields of ``search/fields.py`` that are not attributes here.
    extra: dict[str, str] = field(default_factory=dict)
    page_count: int = 0
    #: ``DocumentMeta.notice_kinds``: "ocr", "redaction".
    notices: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        # Shallow, not ``asdict``: that deep-copies every page before ``pages`` is replaced below
        # (5 % of an API search's time).
        data = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "extra"}
        data.update(self.extra)
        data["score"] = round(self.score, 4)
        data["pages"] = [page.to_json() for page in self.pages]
        return data


@dataclass
class SearchResults:
    query: str
    total: int
    page: int
    per_page: int
    results: list[DocumentHit]
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)
    #: The spelling whose results are shown when the query as typed found nothing.
    corrected: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "results": [hit.to_json() for hit in self.results],
            "facets": self.facets,
            "suggestion": self.suggestion,
            "notes": self.notes,
            "corrected": self.corrected,
        }

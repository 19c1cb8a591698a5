"""Records: merge what the catalog says with what the file says into one DocumentRecord.

The catalog wins wherever it has a value; the rest comes from the extraction (ECF stamps,
the caption and heading, PDF metadata; see search/extract/metadata.py) or is derived (a
title "<case name> — <type>", a type guessed from words on the first page, a title from the
file name as the last resort). ``record.provenance`` says which, field by field.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import PurePosixPath

from search.dockets import docket_key, find_docket_numbers
from search.extract.metadata import compose_title
from search.fields import all_fields
from search.language import document_language
from search.mentions import cited_authorities, mentioned_dockets
from search.models import CatalogEntry, DocumentRecord, Extraction

_SLUG = re.compile(r"[^a-z0-9]+")


def document_id(rel_path: str) -> str:
    """Stable and URL-safe: a readable slug of the path plus a short hash of it."""
    slug = _SLUG.sub("-", PurePosixPath(rel_path).with_suffix("").as_posix().lower()).strip("-")[:60]
    digest = hashlib.sha1(rel_path.encode("utf-8")).hexdigest()[:8]
    return f"{slug or 'document'}-{digest}"


def title_from_filename(rel_path: str) -> str:
    """ "TPS_legal_screener.docx" -> "TPS legal screener": only the first letter is raised, so an
    acronym keeps its capitals (``str.capitalize`` would give "Tps legal screener")."""
    stem = " ".join(re.sub(r"[-_]+", " ", PurePosixPath(rel_path).stem).split())
    return stem[:1].upper() + stem[1:] or rel_path


@lru_cache(maxsize=1)
def _type_rules() -> list[tuple[str, tuple[str, ...]]]:
    text = resources.files("search.data").joinpath("doc_types.toml").read_text(encoding="utf-8")
    return [(rule["doc_type"], tuple(w.lower() for w in rule["words"])) for rule in tomllib.loads(text)["rule"]]


def guess_doc_type(title: str, first_page: str) -> str:
    """The type named by the first matching rule in ``search/data/doc_types.toml``.

    A weak guess from words anywhere on the first page, used only when neither the catalog
    nor the document's heading or structure says (search/extract/doctype.py)."""
    haystack = f"{title}\n{first_page[:3000]}".lower()
    for doc_type, words in _type_rules():
        if any(re.search(rf"(?<!\w){re.escape(word)}", haystack) for word in words):
            return doc_type
    return "other"


def build_record(
    rel_path: str, sha256: str, extraction: Extraction, entry: CatalogEntry | None
) -> DocumentRecord:
    entry = entry or CatalogEntry(file=rel_path)
    found = extraction.metadata
    sources = dict(found.get("provenance") or {})
    provenance: dict[str, str] = {}

    def pick(name: str, catalog_value: str, *keys: str) -> str:
        if catalog_value:
            provenance[name] = "catalog"
            return catalog_value
        for key in keys:
            if value := str(found.get(key, "") or "").strip():
                provenance[name] = sources.get(key, "file")
                return value
        return ""

    first_page = extraction.pages[0].text if extraction.pages else ""
    case_name = pick("case_name", entry.case_name, "case_name")
    doc_type = pick("doc_type", entry.doc_type, "doc_type")
    if not doc_type:
        doc_type = guess_doc_type(str(found.get("title", "")), first_page)
        provenance["doc_type"] = "guess"
    if entry.title:
        title = pick("title", entry.title)
    elif case_name:
        title, provenance["title"] = compose_title(case_name, doc_type), "derived"
    else:
        title = pick("title", "", "title")
    if not title:
        title, provenance["title"] = title_from_filename(rel_path), "file-name"
    return DocumentRecord(
        id=document_id(rel_path),
        path=rel_path,
        sha256=sha256,
        title=title,
        doc_type=doc_type,
        date=pick("date", entry.date, "date", "filed_date"),
        court=pick("court", entry.court, "court"),
        case_name=case_name,
        case_number=pick("case_number", entry.case_number, "case_number"),
        source_url=entry.source_url,
        summary=entry.summary,
        pages=extraction.pages,
        warnings=list(extraction.warnings),
        citations=cited_authorities(extraction.citations),
        dockets=mentioned_dockets(extraction.dockets),
        case_keys=(case_keys := _case_keys(entry.case_number or found.get("case_number", ""))),
        extra={**_with_language(_table_extra(entry, found), extraction),
               **({"case_key": case_keys[0]} if case_keys else {})},
        provenance=provenance,
    )


def _table_extra(entry: CatalogEntry, found: dict[str, str]) -> dict[str, str]:
    """Fields of ``search/fields.py`` that are not attributes of ``DocumentRecord``: the
    catalog's value, else the one the extraction found under the field's name."""
    attributes = set(DocumentRecord.__dataclass_fields__) | {"year"}
    return {item.name: value for item in all_fields() if item.name not in attributes and item.stored
            and (value := (entry.extra.get(item.name) or found.get(item.name, "") or item.default).strip())}


def _with_language(extra: dict[str, str], extraction: Extraction) -> dict[str, str]:
    """The ``language`` field: the catalog's (or the file's) when set, else the text's (search/language.py)."""
    if not extra.get("language"):
        extra["language"] = document_language([page.text for page in extraction.pages])
    return extra


def _case_keys(case_number: str) -> list[str]:
    """Keys of the document's own case number(s): "16 C 11471" -> ["16-cv-11471"]."""
    keys = [docket.key for docket in find_docket_numbers(case_number)]
    whole = docket_key(case_number) if case_number else None
    return list(dict.fromkeys(([whole] if whole else []) + keys))

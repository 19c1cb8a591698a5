"""What the document view and its JSON twin say about one document, beyond its fields.

Notices are the warnings that concern a reader, in plain words; the indexer's technical
warnings stay on the status page. Nothing here ever repeats text a redaction was meant to hide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext, ngettext

from search import budget
from search.messages import N_
from search.models import DocumentRecord
from webapp.accounts import as_audience

_REDACTION = re.compile(r"redaction on page (\d+)")
#: Pages of text one document view shows (and highlights): a 1,000-page record in one
#: page was 6.5-8.9 MB of HTML and a minute of highlighting. Longer documents are shown
#: in ranges of this many pages (``?pages=51-100``), as the JSON twin serves one page at a time.
PAGES_PER_VIEW = 50
SIMILAR_SKIPPED = N_("Similar documents are not listed: the page had to answer in time.")


@dataclass(frozen=True)
class Notice:
    kind: str  # "ocr", "empty" or "redaction"
    text: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text}


def page_ranges(numbers: list[int]) -> str:
    """``[1, 2, 3, 7]`` -> ``"1–3, 7"``."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def _pages_phrase(numbers: list[int]) -> str:
    return ngettext("page %(pages)s", "pages %(pages)s", len(numbers), pages=page_ranges(numbers))


def redaction_pages(warnings: list[str]) -> list[int]:
    """Pages named by possible-failed-redaction warnings (empty when a warning names no page)."""
    return sorted({int(match.group(1)) for warning in warnings if (match := _REDACTION.search(warning))})


def has_redaction_warning(warnings: list[str]) -> bool:
    return any("redaction" in warning for warning in warnings)


def withholds_original(record: DocumentRecord) -> bool:
    """A file with a possible failed redaction still holds the hidden text: never serve it."""
    return has_redaction_warning(record.warnings)


def empty_pages(record: DocumentRecord) -> list[int]:
    return [page.number for page in record.pages if not page.text.strip()]


def reader_notices(record: DocumentRecord) -> list[Notice]:
    """The warnings a reader should see before trusting the text, stated without revealing anything."""
    notices: list[Notice] = []
    if withholds_original(record):
        pages = redaction_pages(record.warnings)
        where = _pages_phrase(pages) if pages else gettext("a page")
        notices.append(Notice(
            "redaction",
            gettext("A redaction on %(where)s may not have been applied properly. The covered text is left out "
                    "here, and the original file is withheld.", where=where),
        ))
    ocr = [page.number for page in record.pages if page.ocr]
    if ocr:
        notices.append(Notice(
            "ocr", gettext("The text of %(where)s was read from a scan by OCR and may contain errors.",
                           where=_pages_phrase(ocr))
        ))
    empty = empty_pages(record)
    if empty:
        notices.append(Notice("empty", gettext("No text could be read from %(where)s.", where=_pages_phrase(empty))))
    return notices


def view_range_of(number: int) -> str | None:
    """The ``pages`` parameter of the view that shows page ``number`` (None for the first view)."""
    if number <= PAGES_PER_VIEW:
        return None
    first = (number - 1) // PAGES_PER_VIEW * PAGES_PER_VIEW + 1
    return f"{first}-{first + PAGES_PER_VIEW - 1}"


def view_range(raw: str, page_count: int) -> tuple[int, int] | None:
    """The first and last page to show for ``?pages=A-B`` (or ``A``); None when unreadable.

    A range is clipped to the document and to ``PAGES_PER_VIEW`` pages from its start."""
    count = max(page_count, 1)
    raw = raw.strip()
    if not raw:
        return 1, min(count, PAGES_PER_VIEW)
    match = re.fullmatch(r"(\d{1,7})(?:\s*[-–]\s*(\d{1,7}))?", raw)
    if not match:
        return None
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) else first + PAGES_PER_VIEW - 1
    if first < 1 or last < first or first > count:
        return None
    return first, min(last, count, first + PAGES_PER_VIEW - 1)


def page_citation(title: str, number: int) -> str:
    """How to cite one page: ``Murphy v. Raoul permanent injunction order, at 4``."""
    return f"{title.strip().rstrip('.')}, at {number}"


def public_source_url(record: DocumentRecord) -> str | None:
    """The source link a visitor may see: none when the original is withheld (the catalog's
    link points to the unredacted original), else the catalog's link if it is a web address."""
    return None if withholds_original(record) else safe_source_url(record.source_url)


def safe_source_url(url: str) -> str | None:
    """The catalog's source link if it is a web address (never ``javascript:`` and the like)."""
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def citation_groups(record: DocumentRecord) -> list[tuple[str, list[dict[str, Any]]]]:
    """The authorities the document cites, as (heading, entries) for cases, then statutes, then others."""
    headings = {"case": N_("Cases"), "statute": N_("Statutes")}
    groups: dict[str, list[dict[str, Any]]] = {}
    for citation in record.citations:
        key = citation.key.strip()
        if not key:
            continue
        entry = {"key": key, "name": citation.name, "pages": sorted(set(citation.pages))}
        groups.setdefault(headings.get(citation.kind, N_("Other authorities")), []).append(entry)
    order = [N_("Cases"), N_("Statutes"), N_("Other authorities")]
    return [(heading, groups[heading]) for heading in order if heading in groups]


def citing_query(key: str) -> str:
    """The search for documents citing ``key``: the key as a quoted phrase."""
    return '"' + key.replace('"', "") + '"'


def more_like_this(service: Any, doc_id: str, limit: int = 5) -> list[dict[str, Any]]:
    """Similar documents (their metadata as JSON), when the search library offers them."""
    if not hasattr(service, "more_like_this"):
        return []
    if budget.over("similar documents", SIMILAR_SKIPPED):  # reads the whole document's text: optional
        return []
    found = [meta if isinstance(meta, dict) else meta.to_json() for meta in as_audience(service.more_like_this, doc_id,
                                                                                       limit=limit)]
    found = [meta for meta in found if meta.get("id") and meta.get("id") != doc_id]
    for meta in found:  # the same rule as the document's own view: no link to a withheld original
        withheld = has_redaction_warning(meta.get("warnings") or [])
        meta["source_url"] = "" if withheld else (safe_source_url(str(meta.get("source_url") or "")) or "")
    return found

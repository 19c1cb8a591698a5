"""Search results as CSV for spreadsheets: one row per matching page, safe to open in Excel."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable

from search.models import SearchResults
from webapp.documents import page_citation

CSV_COLUMNS = ("document", "page", "title", "type", "date", "court", "case_number", "citation", "snippet", "url")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TAG = re.compile(r"<[^>]*>")


def plain_text(snippet_html: str) -> str:
    """A snippet without its ``<mark>`` tags and HTML escapes."""
    return html.unescape(_TAG.sub("", snippet_html))


def spreadsheet_safe(value: object) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP: prefix with a quote)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def results_csv(results: SearchResults, page_url: Callable[[str, int], str]) -> str:
    """The results as CSV text with a header row; ``page_url(doc_id, page)`` links each row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for hit in results.results:
        for page in hit.pages:
            row = (hit.id, page.page, hit.title, hit.doc_type, hit.date, hit.court, hit.case_number,
                   page_citation(hit.title, page.page), plain_text(page.snippet), page_url(hit.id, page.page))
            writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue()

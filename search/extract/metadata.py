"""Assemble an extraction's metadata from the file's own properties, its ECF stamps and its caption.

Precedence: the ECF stamp (printed by the court) over the caption over the file's properties,
which word processors fill with file names and user names.
"""

from __future__ import annotations

import re
from typing import Any

from search.extract.caption import (
    case_number_from_caption,
    clean_pdf_title,
    court_from_caption,
    date_from_caption,
    title_from_text,
)
from search.extract.headers import RunningText, case_name_from_heads

_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})(\d{2})")
_PERSON = re.compile(r"^[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]*)+$")
_RE_LINE = re.compile(r"^(?:RE|Re|In re)\s*:\s*(?P<name>.+\sv\.?\s.+)$")
_CASE_NO_PREFIX = re.compile(r"^Case\s+No\.?\s*[\w:.-]+,?\s*", re.IGNORECASE)
_CASE_NO_SUFFIX = re.compile(r",?\s+No\.?\s*[\w:.-]+$", re.IGNORECASE)


def text_value(value: Any) -> str:
    """A file property as plain text (pdfminer gives bytes or PSLiteral objects too)."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        for encoding in ("utf-16" if value[:2] in (b"\xfe\xff", b"\xff\xfe") else "utf-8", "latin-1"):
            try:
                return value.decode(encoding).strip()
            except UnicodeDecodeError:
                continue
    name = getattr(value, "name", None)
    return str(name if name is not None else value).strip()


def iso_from_pdf_date(value: str) -> str:
    """ "D:20130611171651-04'00'" -> "2013-06-11"; "" when it is not a date."""
    match = _PDF_DATE.match(value.strip())
    if not match or not ("1980" <= match.group(1) <= "2100"):
        return ""
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}"


def person_name(value: str) -> str:
    """An author property that is a person's name ("Eugene Volokh"), not a login ("NOutley")."""
    value = " ".join(value.split())
    return value if _PERSON.match(value) and "microsoft" not in value.lower() else ""


def case_name_from_re_line(text: str) -> str:
    """The case named on a clerk letter's "RE:" line."""
    for line in text.split("\n")[:60]:
        if match := _RE_LINE.match(line.strip()):
            name = _CASE_NO_PREFIX.sub("", match.group("name"))
            return _CASE_NO_SUFFIX.sub("", name).strip(" ,")
    return ""


def build_metadata(
    first_page: str,
    running: RunningText,
    *,
    file_title: str = "",
    file_author: str = "",
    file_date: str = "",
) -> dict[str, str]:
    """Metadata keys found for one document; keys with nothing found are left out."""
    stamp = running.stamps[0] if running.stamps else None
    found = {
        "title": clean_pdf_title(file_title) or title_from_text(first_page),
        "author": person_name(file_author),
        "court": court_from_caption(first_page, slip_opinion=running.slip_opinion),
        "case_number": (stamp.case_number if stamp else "") or case_number_from_caption(first_page),
        "document_number": stamp.document_number if stamp else "",
        "filed_date": stamp.filed_date if stamp else "",
        "case_name": case_name_from_heads(running.running_heads) or case_name_from_re_line(first_page),
    }
    found["date"] = found["filed_date"] or date_from_caption(first_page) or file_date
    return {key: value for key, value in found.items() if value}

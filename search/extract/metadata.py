"""Assemble an extraction's metadata from its ECF stamps, its caption and the file's properties.

Each field records where it came from in ``metadata["provenance"]`` so the legal desk knows
what to check (and can fix it in the catalog):

    stamp         the CM/ECF header or a court's file stamp ("FILED Jul 31, 2019")
    caption       the caption, letterhead or title block of the first page (or its repeats)
    heading       the document's title line ("MEMORANDUM OPINION") for the type and title
    structure     the page's form: a panel line, "Dear ...", a form's blanks (type only)
    citation      a "Re:" line's court parenthetical ("(C.D. Cal.)")
    signature     a "Dated:" line on the last page
    pdf-metadata  the file's own Title or CreationDate
    file-name     a RECAP file name ("gov.uscourts.cacd.657892.202.4.pdf": the court)
    derived       built from other fields ("<case name> — <type>")

Precedence for the date: the ECF stamp, then a date printed in the caption (decided before
filed before entered before dated), then a signature date, and only then the PDF's
CreationDate, which for a scan or a conversion is the day of the scan, not of the filing.
"""

from __future__ import annotations

import re
from typing import Any

from search.extract.caption import (
    _mostly_upper,
    caption_lines,
    case_name_from_caption,
    case_name_from_debtor,
    case_name_from_line,
    case_name_from_re_line,
    case_name_from_title,
    case_numbers_from_caption,
    clean_pdf_title,
    court_from_caption,
    court_from_citation_block,
    court_in_lines,
    date_from_signature,
    dated_from_caption,
    display_case_name,
)
from search.extract.courts import court_from_recap_name, court_id_for, tribunal_in
from search.extract.doctype import document_kind, first_real_line, heading_title, is_template
from search.extract.headers import RunningText, case_name_from_heads
from search.models import Extraction

_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})(\d{2})")
_PERSON = re.compile(r"^[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]*)+$")
TITLE_DASH = " — "
#: How a type reads in a title: "Reliable Contracting Group v. DVA — form".
_KIND_WORDS = {"other": "document"}


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


def compose_title(case_name: str, doc_type: str) -> str:
    """ "Tarrant Regional Water District v. Herrmann — opinion"."""
    return f"{case_name}{TITLE_DASH}{_KIND_WORDS.get(doc_type, doc_type)}" if case_name else ""


def _same_case(first: str, second: str) -> bool:
    from search.dockets import docket_key, find_docket_numbers

    def key(number: str) -> str:
        found = find_docket_numbers(number)
        return (found[0].key if found else None) or docket_key(number) or number.lower()

    return key(first) == key(second)


def _tribunal_heading(page: str) -> str:
    """A tribunal named by a heading line (in capitals) or the site address anywhere on the first page.

    "DEPARTMENT OF THE NAVY / NAVAL DISCHARGE REVIEW BOARD (NDRB)" may stand below the
    applicant's record; a line in running prose never counts.
    """
    for line in page.split("\n"):
        line = line.strip()
        heading = len(line) < 100 and (_mostly_upper(line) or "www." in line or "://" in line)
        if heading and (tribunal := tribunal_in(line)) is not None:
            return tribunal.name
    return ""


class _Fields:
    """Values with their sources, first writer wins."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.sources: dict[str, str] = {}

    def offer(self, name: str, value: str, source: str) -> None:
        if value and name not in self.values:
            self.values[name] = value
            self.sources[name] = source


def build_metadata(
    first_page: str,
    running: RunningText,
    *,
    file_title: str = "",
    file_author: str = "",
    file_date: str | None = "",
    rel_path: str = "",
    last_page: str = "",
    later_pages: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Metadata keys found for one document (empty ones left out) and their ``provenance``.

    ``later_pages``: the text of the pages after the first, read only where a bankruptcy
    form names its debtor on a later page (``case_name_from_debtor``)."""
    fields = _Fields()
    stamp = running.stamps[0] if running.stamps else None
    heads = list(dict.fromkeys(line.strip() for line in running.running_heads if line.strip()))
    head_text = "\n".join(heads)

    # Court: the caption, its repeats, the stamp, a "Re:" line's citation, a RECAP file name.
    fields.offer("court", court_from_caption(first_page, slip_opinion=running.slip_opinion), "caption")
    fields.offer("court", court_in_lines(heads), "caption")
    fields.offer("court", next((s.court for s in running.stamps if s.court), ""), "stamp")
    cited = court_from_citation_block(first_page)
    fields.offer("court", cited.name if cited else "", "citation")
    fields.offer("court", _tribunal_heading(first_page), "caption")
    recap = court_from_recap_name(rel_path) if rel_path else None
    fields.offer("court", recap.name if recap else "", "file-name")
    if "court" in fields.values:
        fields.offer("court_id", court_id_for(fields.values["court"]), fields.sources["court"])

    # Case name: an opinion's running head, the caption, a letter's "Re:" line, the file title.
    fields.offer("case_name", display_case_name(case_name_from_heads(running.running_heads)), "caption")
    fields.offer("case_name", case_name_from_caption(first_page), "caption")
    fields.offer("case_name", case_name_from_caption(head_text), "caption")
    fields.offer("case_name", case_name_from_re_line(first_page), "caption")
    fields.offer("case_name", case_name_from_line(first_page), "caption")
    fields.offer("case_name", case_name_from_title(file_title), "pdf-metadata")
    bankruptcy = "bankruptcy court" in f"{fields.values.get('court', '')} {' '.join(caption_lines(first_page))}".lower()
    if bankruptcy:  # the official forms' caption is a filled field: read the schedules' "Debtor 1"
        fields.offer("case_name", case_name_from_debtor([first_page, *later_pages]), "caption")

    # Case numbers: the stamp's, with every number of a consolidated caption that includes it.
    caption_numbers = case_numbers_from_caption(first_page) or case_numbers_from_caption(head_text)
    if stamp:
        numbers = [stamp.case_number]
        if any(_same_case(stamp.case_number, number) for number in caption_numbers):
            numbers += [n for n in caption_numbers if not _same_case(stamp.case_number, n)]
        fields.offer("case_number", ", ".join(numbers), "stamp")
    fields.offer("case_number", ", ".join(caption_numbers), "caption")
    fields.offer("document_number", stamp.document_number if stamp else "", "stamp")
    fields.offer("filed_date", stamp.filed_date if stamp else "", "stamp")

    # Date: stamp, caption, signature, then the file's creation date.
    fields.offer("date", fields.values.get("filed_date", ""), "stamp")
    printed = dated_from_caption(first_page) or dated_from_caption(head_text)
    if printed:
        fields.offer("date", printed.value, printed.source)
    fields.offer("date", date_from_signature(last_page) if last_page else "", "signature")
    fields.offer("date", file_date or "", "pdf-metadata")

    # Type and title.
    pdf_title = clean_pdf_title(file_title)
    kind = document_kind(first_page, file_title)
    if kind is not None:
        fields.offer("doc_type", kind.doc_type, kind.source)
    doc_type = fields.values.get("doc_type", "other")
    fields.offer("title", compose_title(fields.values.get("case_name", ""), doc_type), "derived")
    heading = heading_title(first_page, kind.heading) if kind is not None and kind.heading else ""
    if len(heading.split()) > 2:
        fields.offer("title", heading, "heading")
    fields.offer("title", pdf_title, "pdf-metadata")
    fields.offer("title", heading, "heading")
    if not is_template(first_page):  # a template's lines are its sections; its file name names it
        fields.offer("title", first_real_line(first_page), "caption")
    if "case_number" in fields.values:
        number = fields.values["case_number"].split(", ")[0]
        fields.offer("title", compose_title(f"No. {number}", doc_type), "derived")

    fields.offer("author", person_name(file_author), "pdf-metadata")
    found: dict[str, Any] = dict(fields.values)
    found["provenance"] = dict(fields.sources)
    return found


def _caption_further_on(extraction: Extraction, metadata: dict[str, Any], provenance: dict[str, str]) -> None:
    """A word processor's document whose caption is not at the top: a tribunal's heading block
    further on ("NAVAL DISCHARGE REVIEW BOARD (NDRB) / DISCHARGE REVIEW DECISIONAL DOCUMENT /
    ... Date: 20161130") gives the court, and from there the type and date."""
    for page in extraction.pages[1:]:
        lines = page.text.split("\n")
        for index, line in enumerate(lines):
            line = line.strip()
            if len(line) >= 100 or not _mostly_upper(line) or (tribunal := tribunal_in(line)) is None:
                continue
            zone = "\n".join(lines[index:])
            metadata["court"], provenance["court"] = tribunal.name, "caption"
            kind = document_kind(zone)
            if kind is not None and provenance.get("doc_type") not in ("heading",):
                metadata["doc_type"], provenance["doc_type"] = kind.doc_type, kind.source
            if kind is not None and kind.heading and provenance.get("title") in (None, "caption", "derived"):
                metadata["title"], provenance["title"] = heading_title(zone, kind.heading).title(), "heading"
            dated = dated_from_caption(zone)
            if dated and provenance.get("date") in (None, "pdf-metadata"):
                metadata["date"], provenance["date"] = dated.value, dated.source
            return


def complete_metadata(extraction: Extraction) -> Extraction:
    """Fill what needs the whole file: the court of a RECAP file name, a last page's "Dated:" line.

    A signature date replaces a PDF creation date (the scan's day is not the order's).
    """
    metadata = extraction.metadata
    provenance = metadata.setdefault("provenance", {})
    if "court" not in metadata:
        _caption_further_on(extraction, metadata, provenance)
    if "court" not in metadata and (recap := court_from_recap_name(extraction.path)) is not None:
        metadata["court"], metadata["court_id"] = recap.name, recap.court_id
        provenance["court"] = provenance["court_id"] = "file-name"
    unprinted = provenance.get("date") in (None, "pdf-metadata")
    if extraction.pages and unprinted and (signed := date_from_signature(extraction.pages[-1].text)):
        metadata["date"] = signed
        provenance["date"] = "signature"
    return extraction

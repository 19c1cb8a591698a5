"""Parse the CM/ECF stamps that federal courts print across the top (or foot) of every filed page.

The stamp is noise inside the page text but it is the most reliable metadata a filing has:
case number, docket entry (document) number and the date filed. Forms handled, as printed:

District courts::

    Case 8:16-cv-01261-DOC-KES Document 40 Filed 08/05/16 Page 2 of 4 Page ID #:366
    Case 1:21-cv-01061-KLM Document 1 Filed 04/16/21 USDC Colorado Page 1 of 16
    Case: 1:20-cv-01234 Document #: 15 Filed: 03/02/20 Page 1 of 9 PageID #:80

Courts of appeals::

    Case: 20-1507 Document: 00117684624 Page: 1 Date Filed: 12/22/2020 Entry ID: 6390389   (1st Cir.)
    Case 17-3510, Document 1-1, 10/31/2017, 2161300, Page1 of 2                            (2d Cir.)
    Case: 17-2678 Document: 003112692106 Page: 1 Date Filed: 08/03/2017                    (3d Cir.)
    Appeal: 17-2218 Doc: 17 Filed: 10/31/2017 Pg: 1 of 1                                   (4th Cir.)
    Case: 21-50498 Document: 00516242060 Page: 1 Date Filed: 03/16/2022                    (5th Cir.)
    Case: 17-3994 Document: 1-3 Filed: 09/20/2017 Page: 1                                  (6th Cir.)
    Case: 17-2400 Document: 3 Filed: 07/13/2017 Pages: 1                                   (7th Cir.)
    Appellate Case: 22-1801 Page: 2 Date Filed: 01/19/2023 Entry ID: 5237514               (8th Cir.)
    Case: 20-16276, 08/05/2020, ID: 11778722, DktEntry: 19, Page 1 of 15                   (9th Cir.)
    Appellate Case: 21-800 Document: 010110462922 Date Filed: 01/11/2021 Page: 1           (10th Cir.)
    USCA11 Case: 20-12345 Document: 12 Date Filed: 01/04/2021 Page: 1 of 3                 (11th Cir.)
    USCA Case #20-5143 Document #1849410 Filed: 06/19/2020 Page 1 of 5                     (D.C. Cir.)
    Case: 14-1326 Document: 3 Page: 1 Filed: 03/18/2014                                    (Fed. Cir.)

Scanned filings often come with the letters of the stamp doubled or shuffled by a bad text
layer; such lines are not recognised here (the page is OCR'd instead and the OCR'd stamp is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.extract.caption import court_from_stamp_text

_PREFIX = r"(?:USCA\d*\s+)?(?:Appellate\s+)?(?:Case|Appeal)\s*(?::|#)?\s*"
_CASE_NUMBER = r"(?P<case>(?:\d{1,2}:)?\d{2,4}-[A-Za-z]{0,4}-?\d{1,6}(?:-[A-Za-z0-9]+)*)"
_STAMP_START = re.compile(r"^\s*" + _PREFIX + _CASE_NUMBER + r"\b[,\s]", re.IGNORECASE)
_DOCUMENT = re.compile(r"\b(?:Document|Doc|DktEntry)\s*(?::|#:?)?\s*(?P<doc>\d+(?:-\d+)?)\b", re.IGNORECASE)
_FILED = re.compile(r"\bFiled\s*:?\s*(?P<date>\d{1,2}/\d{1,2}/\d{2,4})", re.IGNORECASE)
_ANY_DATE = re.compile(r"\b(?P<date>\d{1,2}/\d{1,2}/\d{4})\b")
_PAGE = re.compile(r"\b(?:Page|Pg|Pages)\s*:?\s*\d+(?:\s+of\s+\d+)?", re.IGNORECASE)
_STAMP_WORDS = re.compile(r"\b(?:Document|Doc|DktEntry|Filed|Page|Pg|Pages|Entry ID|ID)\b", re.IGNORECASE)


@dataclass(frozen=True)
class EcfStamp:
    """What one stamp line says; ``filed_date`` is ISO (YYYY-MM-DD) or empty."""

    case_number: str
    document_number: str
    filed_date: str
    #: The court when the stamp names it ("... Filed 04/16/21 USDC Colorado Page 1 of 16").
    court: str = ""


def _iso_date(us_date: str) -> str:
    month, day, year = (int(part) for part in us_date.split("/"))
    if year < 100:
        year += 2000 if year < 70 else 1900
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_stamp(line: str) -> EcfStamp | None:
    """The stamp a line holds, or None when the line is ordinary text.

    A line counts as a stamp when it starts with a case number and also carries a filing
    date and a page or document marker, so a sentence such as "Case 17-3510 was docketed
    today" is left alone.
    """
    start = _STAMP_START.match(line)
    if not start:
        return None
    if len(_STAMP_WORDS.findall(line)) < 2 and not _ANY_DATE.search(line):
        return None
    filed = _FILED.search(line) or _ANY_DATE.search(line)
    if not filed or not (_PAGE.search(line) or _DOCUMENT.search(line)):
        return None
    document = _DOCUMENT.search(line)
    return EcfStamp(
        case_number=start.group("case"),
        document_number=document.group("doc") if document else "",
        filed_date=_iso_date(filed.group("date")),
        court=court_from_stamp_text(line),
    )

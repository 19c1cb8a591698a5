"""Metadata read from a filing's first page: court, case number, date and a title.

Court captions handled, as printed (case and line breaks vary)::

    UNITED STATES DISTRICT COURT / NORTHERN DISTRICT OF ILLINOIS / EASTERN DIVISION
    IN THE UNITED STATES DISTRICT COURT FOR THE DISTRICT OF ARIZONA
    UNITED STATES BANKRUPTCY COURT / SOUTHERN DISTRICT OF NEW YORK
    United States Court of Appeals For the Seventh Circuit
    UNITED STATES COURT OF APPEALS FOR THE DISTRICT OF COLUMBIA CIRCUIT
    SUPREME COURT OF THE UNITED STATES  /  (Slip Opinion) OCTOBER TERM, 2012
    IN THE SUPREME COURT OF NORTH CAROLINA  /  IN THE SUPREME COURT OF THE STATE OF ILLINOIS
    IN THE APPELLATE COURT OF ILLINOIS / FIRST DISTRICT
    In the Missouri Court of Appeals / Eastern District
    IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS

Dates: "Decided June 13, 2013", "Filed 11 February 2022", "Filed: September 20, 2017".
Case numbers: "No. 11-889", "Case No. 17-3994", "Civil Action No. 1:21-cv-01061", "No. 363A14-4".
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from search.extract.words import DATA_DIR

CAPTION_LINES = 45
_ORDINALS = [
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
]
_CIRCUITS = "|".join(o.upper() for o in _ORDINALS) + "|DISTRICT OF COLUMBIA|D\\.C\\.|FEDERAL"
_DIRECTIONS = "NORTHERN|SOUTHERN|EASTERN|WESTERN|CENTRAL|MIDDLE"
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH = "|".join(_MONTHS)
_DATE_WORDS = re.compile(
    rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b"
    rf"|\b(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH})\s+(?P<year2>\d{{4}})\b",
    re.IGNORECASE,
)
_DATED = re.compile(
    rf"\b(?P<label>Decided|Filed|Entered|Dated|Date)\b:?\s*(?=(?:{_MONTH}|\d{{1,2}}\s+(?:{_MONTH})))",
    re.IGNORECASE,
)
_CASE_NO = re.compile(
    r"(?<!Bar )(?<!Bar)\b(?:Case|Civil Action|Criminal Action|Docket|Appeal|Cause)?\s*No[s]?\.?\s*:?\s*"
    r"(?P<number>(?:MDL\s+)?\d[\dA-Za-z.]*[:-][\dA-Za-z:.\-]*[\dA-Za-z])",
)
_DOC_TYPES = re.compile(
    r"\b(ORDER|OPINION|MEMORANDUM|MOTION|COMPLAINT|BRIEF|PETITION|NOTICE|JUDGMENT|STIPULATION|APPLICATION"
    r"|DECLARATION|AFFIDAVIT|RESPONSE|REPLY|ANSWER|APPEARANCE|SUGGESTION|SUMMONS|SUBPOENA|VERDICT|INDICTMENT"
    r"|TRANSCRIPT|CERTIFICATE|STATEMENT|DECISION|MANDATE|INJUNCTION|DECREE|FINDINGS)\b",
    re.IGNORECASE,
)
_COURT_LINE = re.compile(r"\b(COURT|CIRCUIT|DISTRICT OF|DIVISION|CLERK)\b", re.IGNORECASE)
_VERSUS = re.compile(r"\S\s+v\.?(?:\s+\S|$)|^v\.?$", re.IGNORECASE)
_WORD_TITLE = re.compile(r"^Microsoft Word - ", re.IGNORECASE)
_GENERIC_TITLES = {"untitled", "image", "document", "scan", "pdf", "title", "word document"}


@cache
def _states() -> dict[str, str]:
    names = (DATA_DIR / "us_states.txt").read_text(encoding="utf-8").split("\n")
    return {name.upper(): name for name in names if name}


def _state_pattern() -> str:
    return "|".join(sorted((re.escape(s) for s in _states()), key=len, reverse=True))


def _state(upper: str) -> str:
    name = _states()[upper]
    return "the District of Columbia" if name == "Columbia" else name


def _circuit_name(word: str) -> str:
    word = word.upper()
    if word in ("DISTRICT OF COLUMBIA", "D.C."):
        return "District of Columbia"
    return word.title()


def court_from_caption(text: str, *, slip_opinion: bool = False) -> str:
    """The court's name in a standard form, or "" when the caption does not say."""
    caption = " ".join(" ".join(text.split("\n")[:CAPTION_LINES]).upper().split())
    states = _state_pattern().upper()
    if slip_opinion or "SUPREME COURT OF THE UNITED STATES" in caption:
        return "Supreme Court of the United States"
    if match := re.search(rf"SUPREME COURT OF (?:THE STATE OF )?({states})\b", caption):
        return f"Supreme Court of {_state(match.group(1))}"
    if match := re.search(
        rf"UNITED STATES COURT OF APPEALS\W+(?:FOR THE\s+)?({_CIRCUITS})\s+CIRCUIT", caption
    ):
        return f"U.S. Court of Appeals for the {_circuit_name(match.group(1))} Circuit"
    if match := re.search(r"\bCA(\d{1,2})\.USCOURTS\.GOV", caption):
        number = int(match.group(1))
        if 1 <= number <= len(_ORDINALS) and "COURT OF APPEALS" in caption.replace("  ", " "):
            return f"U.S. Court of Appeals for the {_ORDINALS[number - 1]} Circuit"
    if match := re.search(
        rf"APPELLATE COURT OF ({states})\W+(FIRST|SECOND|THIRD|FOURTH|FIFTH) (?:JUDICIAL )?DISTRICT", caption
    ):
        return f"Appellate Court of {_state(match.group(1))}, {match.group(2).title()} District"
    if match := re.search(rf"\b({states}) COURT OF APPEALS\W+({_DIRECTIONS}|[A-Z]+ERN) DISTRICT", caption):
        return f"{_state(match.group(1))} Court of Appeals, {match.group(2).title()} District"
    for kind, label in (("DISTRICT", "District"), ("BANKRUPTCY", "Bankruptcy")):
        pattern = (
            rf"UNITED STATES {kind} COURT\W+(?:FOR THE\s+)?(?:({_DIRECTIONS})\s+)?DISTRICT OF ({states})\b"
        )
        if match := re.search(pattern, caption):
            direction = f"{match.group(1).title()} " if match.group(1) else ""
            return f"U.S. {label} Court for the {direction}District of {_state(match.group(2))}"
    if match := re.search(
        r"CIRCUIT COURT OF (?:THE [A-Z-]+ JUDICIAL CIRCUIT,? )?([A-Z]+(?: [A-Z]+)?) COUNTY", caption
    ):
        county = match.group(1).removeprefix("THE ").title()
        return f"Circuit Court of {county} County"
    return ""


def _iso(match: re.Match[str]) -> str:
    month = (match.group("month") or match.group("month2")).title()
    day = int(match.group("day") or match.group("day2"))
    year = int(match.group("year") or match.group("year2"))
    try:
        return date(year, _MONTHS.index(month) + 1, day).isoformat()
    except ValueError:
        return ""


def date_from_caption(text: str) -> str:
    """The decision or filing date the caption gives ("Decided June 13, 2013"), ISO, or ""."""
    caption = "\n".join(text.split("\n")[:CAPTION_LINES])
    labelled = sorted(_DATED.finditer(caption), key=lambda m: m.group("label").lower() != "decided")
    for label in labelled:
        if found := _DATE_WORDS.match(caption, label.end()):
            return _iso(found)
    return ""


def case_number_from_caption(text: str) -> str:
    """The first "No. ..." of the caption, as printed."""
    for line in text.split("\n")[:CAPTION_LINES]:
        if match := _CASE_NO.search(line):
            return match.group("number").rstrip(".-:")
    return ""


def _mostly_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def _heading_from(lines: list[str], start: int) -> str:
    parts = [lines[start]]
    for line in lines[start + 1 : start + 6]:
        if not line or not _mostly_upper(line) or _COURT_LINE.search(line) or _CASE_NO.search(line):
            break
        parts.append(line)
    return " ".join(" ".join(parts).split())


def title_from_text(text: str) -> str:
    """A title for a PDF that has none: the document-type heading, else the "X v. Y" caption line."""
    lines = [line.strip() for line in text.split("\n")[:CAPTION_LINES]]
    for index, line in enumerate(lines):
        if (
            _mostly_upper(line)
            and _DOC_TYPES.search(line)
            and not _COURT_LINE.search(line)
            and len(line) < 150
        ):
            return _heading_from(lines, index)
    for index, line in enumerate(lines):
        if _VERSUS.search(line) and _mostly_upper(line) and len(line) < 150:
            return _heading_from(lines, index)
    for line in lines:
        if len([c for c in line if c.isalpha()]) >= 8:
            return line[:150]
    return ""


def clean_pdf_title(title: str) -> str:
    """The PDF's own Title, or "" when it is a file name or a placeholder rather than a title."""
    title = _WORD_TITLE.sub("", " ".join(title.split()))
    title = re.sub(r"\.(docx?|wpd|rtf|pdf)$", "", title, flags=re.IGNORECASE)
    if not title or " " not in title or title.lower() in _GENERIC_TITLES or "\\" in title or "_" in title:
        return ""
    return title

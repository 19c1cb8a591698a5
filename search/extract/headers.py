"""Running headers and footers: ECF stamps, slip-opinion heads, page numbers, repeated lines.

They repeat on every page, so left in they would make every page of a case match its own
caption and split sentences that cross a page break. Repeated lines are recognised by being
at the top or bottom of several pages once digits are ignored, e.g.::

    (Slip Opinion) OCTOBER TERM, 2012 1
    2 TARRANT REGIONAL WATER DIST. v. HERRMANN        (even pages of a U.S. slip opinion)
    Cite as: 569 U. S. ____ (2013) 3                  (odd pages)
    GIFT SURPLUS, LLC V. STATE EX REL. COOPER / 2022-NCSC-1 / Opinion of the Court
    ORDER / 8:16-cv-1261-DOC (KESx)                   (pleading-paper footers)
    Page 2 of 2, - 3 -, iv                            (page numbers)

The first page of a short document (``SHORT_DOCUMENT`` pages or fewer) keeps its copy of a
repeated line (page numbers and the slip-opinion head apart), and so does the first page of a
longer one when the line names a court or a case: there it is the caption, not a running
head. A line numbering its page ("WA-O 604.7 Page 1 of 3 (1/24)") is a footer even there.
A short order or set of civil minutes repeats its whole caption on each page ("UNITED
STATES DISTRICT COURT / CENTRAL DISTRICT OF CALIFORNIA", "Case No. 2:20-CV-02299-CAS"), an
N.D. Cal. order prints its court up the margin of both pages, and the court line of its
caption reads the same; stripped everywhere, the document would lose its court and case
number. Later pages' copies still go, so sentences crossing a page break stay whole.
Counter-examples: a pleading-paper footer ("ORDER / 8:16-cv-1261-DOC (KESx)") then stays
once, at the foot of page 1, which costs nothing; the running head "2 TARRANT REGIONAL WATER
DIST. v. HERRMANN" of a long opinion goes everywhere.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from search.extract.stamps import EcfStamp, parse_stamp

SHORT_DOCUMENT = 4  # pages
EDGE_LINES = 3  # lines at the top and at the bottom of a page that may be running heads
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-\u2013(\[]?\s*\d{1,3}\s*[-\u2013)\]]?(?:\s*of\s*\d{1,4})?$", re.IGNORECASE
)
_ROMAN_PAGE = re.compile(r"^[ivxl]{1,6}$")
_CAPTION_LINE = re.compile(  # a court's name or a case number, not "Opinion of the Court"
    r"\b(?:district|appeals|supreme|superior|circuit|bankruptcy|county|states?)\b.*\bcourt\b|\bcourt\s+of\b"
    r"|\bcase\s*(?:no|number)\b|\bnos?\.\s*\d|\b\d+:\d\d-[a-z]{2}-\d+",
    re.IGNORECASE,
)
_PAGE_OF = re.compile(r"\bpage\s*\d+\s*of\s*\d+|\d+\s*of\s*\d+\s*$", re.IGNORECASE)  # a footer, never a caption
_SLIP_OPINION = re.compile(r"^\(Slip Opinion\)", re.IGNORECASE)
_CASE_NAME = re.compile(r"^\d*\s*(?P<name>[A-Z][^a-z]*?\S\s+[vV]\.\s+[A-Z][^a-z]*?)\s*\d*$")


@dataclass
class RunningText:
    """What was taken off the pages: the stamps parsed and the running heads seen."""

    stamps: list[EcfStamp] = field(default_factory=list)
    running_heads: list[str] = field(default_factory=list)
    slip_opinion: bool = False


def _key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.lower().split()))


def _edge_indexes(lines: list[str]) -> list[int]:
    count = len(lines)
    return sorted(set(range(min(EDGE_LINES, count))) | set(range(max(count - EDGE_LINES, 0), count)))


def _is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line.strip()) or _ROMAN_PAGE.match(line.strip()))


def _repeated_keys(pages: list[list[str]]) -> set[str]:
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_key(lines[i]) for i in _edge_indexes(lines) if lines[i].strip()})
    needed = 2 if len(pages) <= 4 else 3
    return {key for key, count in counts.items() if count >= needed and key.strip("# ")}


def strip_running_text(pages: list[list[str]]) -> tuple[list[list[str]], RunningText]:
    """Pages' lines without stamps and running heads, and what those said."""
    found = RunningText()
    without_stamps: list[list[str]] = []
    for lines in pages:
        kept = []
        for line in lines:
            stamp = parse_stamp(line)
            if stamp:
                found.stamps.append(stamp)
            else:
                kept.append(line)
        without_stamps.append(kept)

    repeated = _repeated_keys(without_stamps)
    short = len(pages) <= SHORT_DOCUMENT

    def keeps_caption(line: str) -> bool:
        return not _PAGE_OF.search(line) and (short or bool(_CAPTION_LINE.search(line)))

    stripped: list[list[str]] = []
    for number, lines in enumerate(without_stamps):
        edges = set(_edge_indexes(lines))
        kept = []
        for index, line in enumerate(lines):
            first_page_caption = number == 0 and keeps_caption(line)
            if index in edges and (_is_page_number(line) or (_key(line) in repeated and not first_page_caption)):
                found.running_heads.append(line)
            elif index in edges and _SLIP_OPINION.match(line):
                found.slip_opinion = True
                found.running_heads.append(line)
            else:
                kept.append(line)
        if not any(line.strip() for line in kept):
            kept = [line for line in lines if not _is_page_number(line)]  # a short page is its own text
        stripped.append(kept)
    return stripped, found


def case_name_from_heads(heads: list[str]) -> str:
    """The "X v. Y" running head of an opinion, as printed, if there is one."""
    names = Counter(m.group("name") for head in heads if (m := _CASE_NAME.match(head.strip())))
    return names.most_common(1)[0][0] if names else ""

"""What kind of document this is, and its heading: read from the caption and heading lines.

A filing says what it is in its title line: "MEMORANDUM OPINION", "ORDER AND JUDGMENT",
"BRIEF OF AMICI CURIAE", "MOTION TO STAY PROCEEDINGS ...", "APPEARANCE OF COUNSEL FORM",
"Voluntary Petition for Individuals Filing for Bankruptcy", "CIVIL MINUTES – GENERAL",
"DOCKETING NOTICE". Where it does not, its structure does: a panel ("Before Howard, Chief
Judge, Selya and Barron, Circuit Judges."), "Dickson, Justice.", "Per Curiam:", a letter's
"Dear Counsel:" or "Re:" line, a form's blanks. A word somewhere on the page is not enough:
an appearance form's "Amicus curiae" checkbox does not make it an amicus brief, and an
opinion's "reversing an order entered ..." does not make it an order.

The phrases and patterns are data: ``search/extract/data/doc_headings.toml``; lines that
are never a title (court names, "OFFICE OF THE CLERK", "PRECEDENTIAL", firm names, state
names) are in ``search/extract/data/title_boilerplate.txt``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from search.extract.caption import _LEAD_IN, _POSTURE, _mostly_upper, _states, caption_lines
from search.extract.words import DATA_DIR

HEADING_LINES = 60
_LABEL_VALUE = re.compile(r"^[\w ./#-]{1,30}:\s*\S")
_COURT_START = re.compile(r"^(?:IN THE\s+)?(?:UNITED STATES|STATE OF|SUPREME|CIRCUIT|DISTRICT|APPELLATE)\b", re.I)
_ENUMERATOR = re.compile(r"^(?:[A-Z0-9]{1,3}|[ivx]{1,4})[.)]\s")
#: A form's own name printed with its number: "Financial Disclosure Report (AO Form 10)".
_FORM_NAME = re.compile(r"\((?:[A-Z]{1,5}[- ])?Form\s+[\w.-]+\)", re.IGNORECASE)
#: Template tags of a docassemble or Word merge template: "{{ users[i] }}", "{% if ... %}".
_TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


@dataclass(frozen=True)
class Kind:
    """A document type and the heading line that says so ("" when structure decided)."""

    doc_type: str
    heading: str
    source: str  # "heading" or "structure"


@cache
def _rules() -> tuple[list[tuple[str, re.Pattern[str]]], list[tuple[str, re.Pattern[str]]]]:
    data = tomllib.loads((DATA_DIR / "doc_headings.toml").read_text(encoding="utf-8"))
    headings = []
    for rule in data["heading"]:
        for phrase in rule["phrases"]:
            words = r"\s+".join(re.escape(word) for word in phrase.split())
            headings.append((rule["doc_type"], re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE)))
    structures = [
        (rule["doc_type"], re.compile(pattern, re.MULTILINE))
        for rule in data["structure"]
        for pattern in rule["patterns"]
    ]
    return headings, structures


@cache
def _boilerplate() -> tuple[re.Pattern[str], ...]:
    lines = (DATA_DIR / "title_boilerplate.txt").read_text(encoding="utf-8").split("\n")
    return tuple(re.compile(rf"^(?:{line})$", re.IGNORECASE) for line in lines if line and not line.startswith("#"))


def is_boilerplate(line: str) -> bool:
    """Whether a line is never a title: a court's name, a clerk's banner, a firm, a state."""
    text = " ".join(line.strip(" .:*").split())
    return (
        not text
        or text.upper() in _states()
        or any(regex.match(text) for regex in _boilerplate())
    )


def _title_cased(line: str) -> bool:
    words = [word for word in re.findall(r"[A-Za-z][\w'’-]*", line)]
    if not words or len(words) > 16:
        return False
    small = {"of", "the", "and", "for", "in", "on", "to", "a", "an", "or", "by", "with", "from", "at"}
    capitalised = [word for word in words if word[0].isupper() or word.lower() in small]
    return len(capitalised) == len(words) and any(word[0].isupper() for word in words)


def heading_lines(text: str) -> list[str]:
    """Short lines at the top of the page set as headings: in capitals or in title case."""
    found = []
    for line in caption_lines(text, HEADING_LINES):
        if len(line) > 130 or _POSTURE.search(line) or re.match(r"^(?:RE|Re)\s*:", line):
            continue
        if _LABEL_VALUE.match(line) and not re.match(r"^FORM\s", line, re.IGNORECASE) or _LEAD_IN.match(line):
            continue
        if _mostly_upper(line) or _title_cased(line):
            found.append(line)
    return found


def _heading_match(line: str) -> str:
    headings, _ = _rules()
    best: tuple[int, int, str] | None = None
    for doc_type, regex in headings:
        if match := regex.search(line):
            key = (match.start(), -len(match.group(0)), doc_type)
            if best is None or key < best:
                best = key
    return best[2] if best else ""


def document_kind(text: str, title: str = "") -> Kind | None:
    """The type a first page's heading or structure gives, or None (see the module docstring)."""
    for line in heading_lines(text):
        if doc_type := _heading_match(line):
            return Kind(doc_type, line, "heading")
    _, structures = _rules()
    for doc_type, regex in structures:
        if regex.search(text):
            return Kind(doc_type, "", "structure")
    if title and (doc_type := _heading_match(title)):
        return Kind(doc_type, "", "pdf-metadata")
    return None


def heading_title(text: str, heading: str) -> str:
    """The heading line with its continuation lines ("ORDER GRANTING / CONSUMERINFO.COM ...")."""
    lines = caption_lines(text, HEADING_LINES)
    if heading not in lines:
        return heading
    if (shorter := _printed_heading(heading)) != heading:
        return shorter
    start = lines.index(heading)
    # "Annual Report 2018 / Judiciary Branch Personnel / Financial Disclosure Report (AO Form 10)":
    # a cover heading names the period; the form's own name, printed just below, names the document.
    form = next((line for line in lines[start + 1 : start + 4] if _FORM_NAME.search(line) and _title_like(line)), "")
    if form and not _FORM_NAME.search(heading):
        return f"{heading} — {form}"
    if len(heading.split()) == 1:
        # "Exemption from e-filing / (Appellate Court) / Instructions": the lines above name it.
        above = [
            line for line in lines[max(0, start - 2) : start]
            if len(line) <= 60 and re.search(r"[A-Za-z]{3}", line) and not line.endswith((".", ",", ":", ";"))
            and (_title_like(line) or re.fullmatch(r"\([A-Z][\w ]+\)", line))
        ]
        return f"{' '.join(above)} — {heading}" if above else heading
    parts = [heading]
    for line in lines[start + 1 : start + 5]:
        if not _mostly_upper(heading) or not _mostly_upper(line) or _COURT_START.match(line):
            break
        if re.search(r"\bNo\.|\d{2}-", line):
            break
        parts.append(line)
    return " ".join(" ".join(parts).split())[:200]


def _printed_heading(line: str) -> str:
    """The capitals of a heading whose line runs on into a side note, without OCR debris before it.

    "40 4) FINANCIAL DISCLOSURE REPORT Report Required by the Ethics" (an OCR'd AO 10 form) is
    "FINANCIAL DISCLOSURE REPORT". Not cut: a heading all in capitals ("ORDER GRANTING MOTION
    TO DISMISS"), or in title case throughout ("Annual Report 2018")."""
    words = line.split()
    while words and not re.search(r"[A-Za-z]{2}", words[0]):
        words.pop(0)  # "40", "4)": OCR debris before the heading
    upper = 0
    while upper < len(words) and (words[upper].isupper() or not re.search(r"[a-z]", words[upper])):
        upper += 1
    rest = words[upper:]
    if upper >= 2 and len(rest) >= 2 and sum(bool(re.search(r"[a-z]", word)) for word in rest) >= 2:
        return " ".join(words[:upper])
    return line if not words or words == line.split() else " ".join(words)


def _title_like(line: str) -> bool:
    words = re.findall(r"[A-Za-z]{2,}", line)
    if len(words) < 2 or len(line) > 90 or _ENUMERATOR.match(line) or line.endswith((",", ";", ":")):
        return False
    if is_boilerplate(line) or _LABEL_VALUE.match(line) or re.search(r"\bPage \d+ of \d+\b", line):
        return False
    return _mostly_upper(line) or _title_cased(line) or bool(re.fullmatch(r"\(?[A-Z][\w ()-]+\)?", line))


def is_template(text: str) -> bool:
    """Whether a page is a merge template ("{{ users[i] }}", "{% if ... %}"), whose printed
    lines are section headings of a form still to be filled in ("Eligibility Results"), not
    its title. Counter-example: one "{{" quoted in a brief about templates is not enough."""
    return len(_TEMPLATE_TAG.findall(text)) >= 3


def first_real_line(text: str) -> str:
    """The first of the top lines that reads as a title, not a court, a banner, a number or a sentence."""
    return next((line for line in caption_lines(text, 8) if _title_like(line)), "")

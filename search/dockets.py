"""Case and docket numbers: find them in filings and reduce each to one key per case.

The same case is written many ways: the ECF stamp says "Case 8:16-cv-01261-DOC-KES", the
caption "Case No. 8:16-cv-1261 DOC (KESx)", a brief "No. 16-cv-1261", and the Northern
District of Illinois "16 C 1261". All of them become the key "16-cv-1261": lowercase, the
division prefix ("8:") and judges' initials ("-DOC-KES") dropped, leading zeros of the
sequence number dropped, the two-digit year kept as written ("08-cv-5" stays "08-cv-5").

Bare year-number forms ("17-2218") look like too many other things (page ranges, public
acts, statute sections, docket entries), so they are accepted on their own only when
hyphenated with a 3-5 digit number, and otherwise only after a phrase such as "No." or
"Case:". The phrases either way live in ``search/data/docket_lead_ins.toml``; the case-type
codes ("cv", "C", "CIV", "md") in ``search/data/docket_case_types.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class DocketNumber:
    """One case number found in text: its canonical ``key`` and where it was written."""

    key: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Form:
    """One way of writing a case number, how to key it, and whether it needs "No." before it."""

    name: str
    regex: re.Pattern[str]
    key: Callable[[re.Match[str]], str | None]
    needs_lead_in: Callable[[re.Match[str]], bool]


_DASH = "[-–]"
_NOT_AFTER_NUMBER = r"(?![\w/]|[-–.:]\d)"
_JUDGES = r"(?:[-–][A-Z]{1,4}x?)*(?:\s[A-Z]{2,4}\s?\([A-Z]{2,4}x?\))?(?!\w)"


def _read_data(name: str) -> dict:
    text = resources.files("search.data").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def _case_type_codes() -> dict[str, str]:
    return _read_data("docket_case_types.toml")["codes"]


@lru_cache(maxsize=1)
def _spaced_codes() -> list[str]:
    return _read_data("docket_case_types.toml")["spaced"]["codes"]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _phrase_regex(phrases: list[str]) -> str:
    """Phrases as one regex alternation, with any run of spaces inside a phrase made flexible."""
    escaped = [r"\s+".join(re.escape(part) for part in phrase.split()) for phrase in phrases]
    return "|".join(sorted(escaped, key=len, reverse=True))


@lru_cache(maxsize=1)
def _lead_in_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(announces a case number, announces something else), each anchored at the number."""
    data = _read_data("docket_lead_ins.toml")
    tail = r")\s*:?\s*$"
    case = re.compile(r"(?<![\w.])(?:" + _phrase_regex(data["case_number"]["phrases"]) + tail, re.I)
    other = re.compile(r"(?<![\w.])(?:" + _phrase_regex(data["not_case_number"]["phrases"]) + tail, re.I)
    return case, other


def _lead_in(text: str, start: int) -> str | None:
    """What the words just before ``start`` say the number is: "case", "other" or None."""
    before = text[max(0, start - 40) : start]
    case, other = _lead_in_regexes()
    if other.search(before):
        return "other"
    if case.search(before):
        return "case"
    return None


def _year(digits: str) -> str:
    return digits[-2:]


def _typed_key(match: re.Match[str]) -> str:
    """Key from a year, a case-type code and a number: "16-cv-11471"; "mdl-15-2641" for MDLs."""
    code = _case_type_codes()[match["type"].lower()]
    year, number = _year(match["year"]), int(match["num"])
    return f"mdl-{year}-{number}" if code == "mdl" else f"{year}-{code}-{number}"


def _california_key(match: re.Match[str]) -> str:
    """"C 08-02214 SBA" (N.D. Cal.) and "SACV 16-01261" (C.D. Cal., Santa Ana): the code's
    last letters say civil or criminal, a division prefix ("SA", "ED") is dropped."""
    code = match["type"].lower()
    kind = "cr" if code.endswith("cr") else "cv"
    return f"{_year(match['year'])}-{kind}-{int(match['num'])}"


def _california_needs_lead_in(match: re.Match[str]) -> bool:
    """A lone "C" is trusted before the zero-padded five-digit number ("C 08-02214") or with the
    judge's initials after it ("C 04-0098 SI", N.D. Cal. before ECF); "C 04-0098" alone needs
    "No." (a "C" and two numbers are too common: grid squares, exhibit numbers)."""
    return match["type"].upper() == "C" and len(match["num"]) != 5 and not match["initials"]


def _mdl_key(match: re.Match[str]) -> str:
    return f"mdl-{_year(match['year'])}-{int(match['num'])}"


def _illinois_appellate_key(match: re.Match[str]) -> str:
    return f"{match['district']}-{match['year']}-{int(match['num'])}"


def _state_key(match: re.Match[str]) -> str:
    return match["num"].replace("–", "-").lower()


def _appellate_key(match: re.Match[str]) -> str:
    return f"{match['year']}-{int(match['num'])}"


def _never(match: re.Match[str]) -> bool:
    return False


def _always(match: re.Match[str]) -> bool:
    return True


def _appellate_needs_lead_in(match: re.Match[str]) -> bool:
    """A bare "17-2218" is trusted; "11–889", "17-35" and "17-123456" need "No." first."""
    return match["dash"] != "-" or not 3 <= len(match["num"]) <= 5


@lru_cache(maxsize=1)
def _forms() -> tuple[_Form, ...]:
    """Every accepted form, most specific first (a district number beats the year-number in it)."""
    codes = r"(?i:" + _alternation(list(_case_type_codes())) + ")"
    upper_codes = _alternation([code.upper() for code in _case_type_codes()])
    spaced = _alternation(_spaced_codes())
    division = rf"(?:\d{{1,2}}\s?:\s?|\d{{1,2}}-(?=\d{{2}}{_DASH}[A-Za-z]))?"
    return (
        _Form(
            "district",
            re.compile(
                rf"(?<![\w/.:-]){division}(?P<year>\d{{4}}|\d{{2}})(?P<sep>{_DASH}?)(?P<type>{codes})"
                rf"(?P=sep)(?P<num>\d{{1,7}}){_JUDGES}"
            ),
            _typed_key,
            _never,
        ),
        _Form(
            "type first",
            re.compile(
                rf"(?<![\w-])(?P<type>{upper_codes}){_DASH}(?P<year>\d{{2}}){_DASH}\n?(?P<num>\d{{1,7}}){_JUDGES}"
            ),
            _typed_key,
            _never,
        ),
        _Form(
            "spaced",
            re.compile(
                rf"(?<![\w/.-])(?P<year>\d{{4}}|\d{{2}}) (?P<type>{spaced}) (?P<num>\d{{1,7}})(?![\w-])"
            ),
            _typed_key,
            _never,
        ),
        _Form(
            "california",
            re.compile(
                rf"(?<![\w-])(?P<type>(?i:c|(?:[a-z]{{2}})?c[vr]))[ -]"
                rf"(?P<year>\d{{2}}){_DASH}(?P<num>\d{{4,7}}){_JUDGES}"
                rf"(?:\s(?P<initials>(?!AND\b|THE\b|FOR\b|NOT\b|OR\b)[A-Z]{{2,3}})(?![\w(]))?"
            ),
            _california_key,
            _california_needs_lead_in,
        ),
        _Form(
            "mdl",
            re.compile(
                rf"(?<![\w-])MDL[-\s]*(?:No\.\s*)?(?P<year>\d{{2}}){_DASH}(?P<num>\d{{1,6}}){_JUDGES}"
            ),
            _mdl_key,
            _never,
        ),
        _Form(
            "illinois appellate",
            re.compile(
                rf"(?<![\w/.:-])(?P<district>[1-5]){_DASH}(?P<year>\d{{2}}){_DASH}(?P<num>\d{{3,5}}){_NOT_AFTER_NUMBER}"
            ),
            _illinois_appellate_key,
            _always,
        ),
        _Form(
            "state",
            re.compile(
                rf"(?<![\w/.:-])(?P<num>\d{{1,4}}[A-Z]{{1,3}}\d{{2,4}}(?:{_DASH}\d{{1,4}})?"
                rf"|[A-Z]{{2,4}}\d{{2}}{_DASH}\d{{1,6}}){_NOT_AFTER_NUMBER}"
            ),
            _state_key,
            _always,
        ),
        _Form(
            "appellate",
            re.compile(
                rf"(?<![\w/.:§$-])(?P<year>\d{{2}})(?P<dash>{_DASH})(?P<num>\d{{1,6}}){_NOT_AFTER_NUMBER}"
            ),
            _appellate_key,
            _appellate_needs_lead_in,
        ),
    )


def _accepted(form: _Form, match: re.Match[str], text: str) -> bool:
    """Whether the words before a bare number allow it: "No." where needed, never "P.A." or "§"."""
    if form.needs_lead_in is _never:
        return True
    lead_in = _lead_in(text, match.start())
    if lead_in == "other":
        return False
    return lead_in == "case" or not form.needs_lead_in(match)


def find_docket_numbers(text: str) -> list[DocketNumber]:
    """Case numbers in ``text``, in order, each with its key and span.

    Forms found, as they appear in the filings of shared/realdocs and in briefs:

    - District court, ECF stamp or caption: "Case 8:16-cv-01261-DOC-KES",
      "Case No. 8:16-cv-1261 DOC (KESx)", "Case 1:21-cv-01061-KLM", "2:21-cv-01061-KLM",
      "No. 16-cv-11471", "1:16-cv-11471", "1:16cv11471", "District Case Number: 2-15-cv-00180"
    - Northern District of Illinois and Cook County: "16 C 11471" (= "16-cv-11471"),
      "16 CR 123" (= "16-cr-123"), "2016 CH 12345"
    - Type first (W.D. Okla.): "No. CIV-07-0045-HE"
    - California districts, code before the year: "CASE NO.: C 08-02214 SBA" (N.D. Cal.,
      = "4:08-cv-02214"), "SACV 16-01261" (C.D. Cal. Santa Ana division, = "8:16-cv-01261")
    - Southern District of New York: "13 Civ. 4384 (PAE)" (= "13-cv-4384")
    - Multidistrict litigation: "MDL 15-02641", "No. MDL 15-02641-PHX-DGC", "2:15-md-02641"
      (all "mdl-15-2641")
    - Courts of appeals, ECF stamp or caption: "Case: 20-16276, 08/05/2020, ID: 11778722",
      "Case 17-3510, Document 1-1", "Appeal: 17-2218 Doc: 17", "Appellate Case: 21-800",
      "Case: 21-50498", "No. 20-1507", "docketed as number 17-3994", "Originating Case No. : 16-0556"
    - Supreme Court, typeset with an en dash: "No. 11–889"
    - State courts, after "No.": "No. 363A14-4" (N.C.), "No. 1-17-2218" (Ill. App.)

    Not case numbers: dates ("08/05/16", "2020-08-05", "1-17-2018"), telephone and ZIP+4
    numbers ("215-597-2995", "45202-3988"), statute sections ("720 ILCS 5/11-9.3",
    "§ 14-208.18"), page ranges ("at 16-18", "Page 1 of 4"), public acts ("P.A. 94-925",
    "Pub. L. No. 109-248") and docket entries ("Document: 1-3", "Doc. 19798-1").
    """
    found: list[DocketNumber] = []
    taken: list[tuple[int, int]] = []
    for form in _forms():
        for match in form.regex.finditer(text):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            if not _accepted(form, match, text):
                continue
            key = form.key(match)
            if key:
                taken.append((start, end))
                found.append(DocketNumber(key, match.group(0), start, end))
    return sorted(found, key=lambda docket: docket.start)


def dockets_in_query(query: str) -> list[DocketNumber]:
    """Case numbers a user typed among other words, with spans so the parser can cut them out.

    A query is read like a filing: "vasquez 16 C 11471 residency" yields "16-cv-11471",
    "appeal 17-2218" yields "17-2218", while "pages 28-40" and "11-9.3" yield nothing.
    """
    return find_docket_numbers(query)


@lru_cache(maxsize=1)
def _leading_label() -> re.Pattern[str]:
    data = _read_data("docket_lead_ins.toml")
    return re.compile(r"^(?:" + _phrase_regex(data["case_number"]["phrases"]) + r")\s*:?\s*", re.I)


def docket_key(text: str) -> str | None:
    """The key of one case number a user typed, or None when ``text`` is not one.

    "No. 8:16-cv-01261-DOC-KES", "16-cv-1261" and "16 C 1261" all give "16-cv-1261";
    "17-35" gives "17-35" (a lone number is taken at its word, unlike in running text);
    "11-9.3", "08/05/16" and "540 U.S. 56" give None.
    """
    candidate = _leading_label().sub("", text.strip())
    for form in _forms():
        match = form.regex.fullmatch(candidate)
        if match:
            return form.key(match)
    return None

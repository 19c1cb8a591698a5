"""Metadata read from a filing's caption: court, case name, case numbers, date and heading.

The caption is the top of the first page (``CAPTION_LINES`` lines), plus the lines the
running-text stage took off as repeated on every page (a two-page order repeats its
caption). Nothing here reads the body: a court or a case merely mentioned in the text is
not the document's.

Court captions and letterheads, as printed (case and line breaks vary)::

    UNITED STATES DISTRICT COURT / NORTHERN DISTRICT OF ILLINOIS / EASTERN DIVISION
    IN THE UNITED STATES DISTRICT COURT FOR THE DISTRICT OF ARIZONA
    UNITED STATES BANKRUPTCY COURT / SOUTHERN DISTRICT OF NEW YORK
    United States Bankruptcy Court for the: / DISTRICT OF OREGON          (Official Form 101)
    United States Court of Appeals For the Seventh Circuit
    UNITED STATES COURT OF APPEALS FOR THE DISTRICT OF COLUMBIA CIRCUIT
    OFFICE OF THE CLERK / UNITED STATES COURT OF APPEALS ... www.ca3.uscourts.gov
    SUPREME COURT OF THE UNITED STATES  /  (Slip Opinion) OCTOBER TERM, 2012
    IN THE SUPREME COURT OF NORTH CAROLINA  /  IN THE SUPREME COURT OF THE STATE OF ILLINOIS
    In the / Indiana Supreme Court
    IN THE APPELLATE COURT OF ILLINOIS / FIRST DISTRICT
    In the Missouri Court of Appeals / Eastern District
    IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS
    IN THE CIRCUIT COURT OF THE 17TH JUDICIAL CIRCUIT / WINNEBAGO COUNTY
    UNITED STATES FOREIGN INTELLIGENCE SURVEILLANCE COURT
    The Honorable J. Paul Oetken / United States District Judge / Southern District of New York
    TENNESSEE BUREAU OF WORKERS' COMPENSATION / WORKERS' COMPENSATION APPEALS BOARD
    Appellate Division, Second Department                                  (N.Y. slip opinions)

Not the court: "On Appeal from the United States District Court for ...", "CERTIORARI TO THE
UNITED STATES COURT OF APPEALS ...", "Appeal from the Circuit Court of St. Charles County".

Case names (shown "X v. Y", title case when the caption is in capitals)::

    CALVARY CHAPEL OF BANGOR, / Plaintiff, Appellant, / v. / JANET T. MILLS, in her official ...
    D George Sweigert, / Plaintiff, / -against- / Jason Goodman, / Defendant.
    Vanessa St. Pierre, / Plaintiff—Appellant, / versus / Standard Insurance Company; ...
    TARRANT REGIONAL WATER DISTRICT v. / HERRMANN ET AL.
    Title JBF INTERLUDE 2009 LTD, ET AL. v. QUIBI HOLDINGS LLC, ET AL.    (civil minutes)
    Reliable Contracting Group v. DVA                                      (a filled form)
    In re: RICHARD P. LIEBOWITZ No. 21-800  /  IN RE: Bard IVC Filters Products / Liability ...
    IN THE MATTER OF THE SEARCH OF / MICHAEL ANTHONY BUTLER, JR., AS / DESCRIBED IN ...
    Short Title: National Football League Manag v. National / Football League Playe
    Style: / Binh Nguyen / v.: / Jeana Tran and Truc Le, Individually and ...  (Texas case page)
    Employee: Charles R. Goodwin ... Employer: Morristown Driver's Services  (agency captions)
    RE: Christopher Mielo, et al v. Steak N Shake Operations Inc            (clerk letters)
    Re: United States v. Parnas, et. al., 19-cr-725 (JPO)
    Debtor 1 Richard S Barreras, Jr. Debtor 2 Kerrie M Barreras (Spouse, if filing)  (bankruptcy
    Richard S Barreras, Jr. / First Name Middle Name Last Name        forms, on any page: In re ...)

Dates: "Decided June 13, 2013", "Argued April 23, 2013—Decided June 13, 2013", "Filed 11
February 2022", "Filed: January 19, 2021", "FILED / Jul 31, 2019 / 03:11 PM(CT)" (a file
stamp), "Date Filed: / 02/02/2024", "Decided on April 1, 2026", "Date: October 31, 2017",
"Date July 9, 2021", "Date: 20161130", "Entered ...", a date alone on a caption line
("May 4, 2005"); on the last page "Dated: August 5, 2016" or "DATED: 2/2/09".

Case numbers: "No. 11-889", "Case No. 17-3994", "CASE NO.: C 08-02214 SBA", "Civil Action No.
1:21-cv-01061", "No. 363A14-4", "No. ED108783", "Cause No. 20S00-9810-CR-611", "Docket #:
17-3510", "Case Number: 17-2678", "Docket No. 2017-03-1235", "No. MDL 15-02641-PHX-DGC",
"13 Civ. 4384 (PAE)" and "1:18-cv-08653 (VEC) (SDA)" on a caption line of their own,
"2020-09425, (Index No. 707503/15)", "Misc. No. 13-08", "Case: / 01-24-00089-CV", OCR'd
"No..21-1298"; consolidated "Nos. 20-55436, 20-55662" and "Case No. 2:20-CV-02299-CAS (SKx) /
2:20-CV-02250-CAS (SKx)" give all of them. Not the document's: the court below ("Appeal from
... No. 1711-CC00064", "USDC No. 3:20-CV-257", "DC Docket #:", "District Case Number:",
"Originating Case No.:", "(Related Case No. ...)", "State File No. 80097-2017"), a bar number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from search.extract.courts import Court, court_by_citation, court_by_id, court_by_name, tribunal_in
from search.extract.words import DATA_DIR

CAPTION_LINES = 45
_ORDINALS = [
    "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh",
]
_CIRCUITS = "|".join(o.upper() for o in _ORDINALS) + "|DISTRICT OF COLUMBIA|D\\.C\\.|FEDERAL"
_DIRECTIONS = "NORTHERN|SOUTHERN|EASTERN|WESTERN|CENTRAL|MIDDLE"
_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WORD_DATE = (
    rf"(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH})\s+(?P<year2>\d{{4}})"
)
_NUMERIC_DATE = r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b|(?P<compact>(?:19|20)\d{6})\b"
_ANY_DATE = re.compile(rf"(?:{_WORD_DATE}|{_NUMERIC_DATE})", re.IGNORECASE)
_DATE_LINE = re.compile(rf"^(?:{_WORD_DATE})\.?$", re.IGNORECASE)
_DATE_LABEL = re.compile(
    r"\b(?P<label>Decided|Date\s+Filed|Filed|FILED|Entered|Dated|Date|Issued|Signed)(?:\s+on)?\b\s*:?\s*",
    re.IGNORECASE,
)
_LABEL_RANK = {"decided": 0, "date filed": 1, "filed": 1, "entered": 2, "issued": 2, "signed": 3, "dated": 3, "date": 4}

_POSTURE = re.compile(
    r"^(?:\[?On\s+)?(?:Appeals?|Certiorari|Petition|Review|Transfer|Removal|Remand)\b.{0,40}\b(?:from|to|of)\b"
    r"|^On\s+(?:discretionary\s+)?(?:appeal|petition|review|certiorari|remand|rehearing)\b"
    r"|\bappealed\s+from\b",
    re.IGNORECASE,
)
_LOWER_COURT_LABEL = re.compile(
    r"(?:USDC|U\.S\.D\.C\.|DC|District|Originating|Related|Lower|Trial|Agency|State\s+File|Transferor|"
    r"Circuit\s+Court|Superior\s+Court|Bar|BAP|OMB|Form|Receipt|Account|Claim|Policy|Tax\s+ID|Phone|Fax|Item|Part)\s*"
    r"(?:Court\s+)?(?:Case\s+|Docket\s+)?(?:No|Number|#)",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"(?:(?<=[\s(,])|^)(?:(?:Case|Civil\s+Action|Criminal\s+Action|Docket|Appeal|Appellate\s+Case|Cause|Index|Misc\.|"
    r"Miscellaneous|File)\s*)?(?:No|NO|Number|NUMBER|#)(?:s|S)?\s*\.{0,2}\s*(?:#\s*)?:?\s*(?=[A-Z0-9])"
    r"|(?:(?<=[\s(])|^)Misc\.\s+(?=\d)"
    r"|^(?:Case|Docket|Appeal|Cause)\s*:\s*(?=\d)"
)
_NUMBER = re.compile(
    r"\d{2,4}\s(?:Civ\.|Cr\.|Crim\.|C|CV|CR|CH|MC|MJ)\s\d{1,7}(?:\s\([A-Z]{2,4}x?\))*"
    r"|(?:MDL\s+)?(?:[A-Z]{1,3}[\s-](?=\d))?\d[\w.:/–-]*[A-Za-z0-9](?:\s(?:[A-Z]{2,4}|\([A-Z]{2,4}x?\)))*"
    r"|[A-Z]{1,3}\d[\w:/–-]*\d"
)
_YEAR_NUMBER_LINE = re.compile(r"^(?:19|20)\d{2}-\d{4,6}\b")
_NOT_NUMBER = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}$|^\d{3}-\d{3}-\d{4}$|^\d{1,4}$|^\D*(?:\d\D*){0,2}$")
_ROLE_START = re.compile(
    r"^(?:Plaintiffs?|Defendants?|Appellants?|Appellees?|Petitioners?|Respondents?|Debtors?)\b[\w,—–-]*,\s",
    re.IGNORECASE,
)
_NUMBER_COLUMN = re.compile(
    r"^(?:[A-Z][\w.]*\s+){0,3}(?:No|NO|Number|#)s?\.{0,2}\s*:?\s*[\w:/.-]*\d[\w:/.()-]*(?:\s+\(?[A-Z]{2,4}x?\)?)*$"
)
_LABEL_ONLY = re.compile(r"(?:Case|Docket|Cause|Appeal)\s*(?:No\.?|Number|#)?\s*:", re.IGNORECASE)
_ABBREVIATION_END = re.compile(r"\b(?:Inc|Co|Corp|Ltd|Jr|Sr|L\.L\.C|N\.A|P\.C)\.$", re.IGNORECASE)
_GARBLED = re.compile(r"\b[a-z]+[A-Z]")
_COURT_WORD = re.compile(r"\b(?:COURT|CIRCUIT|DISTRICT OF|DIVISION|CLERK|TRIBUNAL|BOARD)\b", re.IGNORECASE)
_ROLE = re.compile(
    r"^(?:and\s+)?(?:(?:Plaintiffs?|Defendants?|Appellants?|Appellees?|Petitioners?|Respondents?|Movants?|Debtors?|"
    r"Claimants?|Intervenors?|Relators?|Cross|Counter|Third[- ]Party|Employee|Employer|Applicants?)[\s,—–/()-]*)+"
    r"(?:\((?:Plaintiffs?|Defendants?)\s+[Bb]elow\)[.,]?)?\.?$",
    re.IGNORECASE,
)
_VERSUS_LINE = re.compile(r"^[-–(]*\s*(?:v|vs|versus|against)\.?\s*[-–)]*[.,:]*$", re.IGNORECASE)
_INLINE_VERSUS = re.compile(r"\s(?:v|vs|V|VS)\.?\s+(?=\S)")
_IN_RE = re.compile(
    r"^(?P<prefix>In\s+re|IN\s+RE|In\s+the\s+Matter\s+of|IN\s+THE\s+MATTER\s+OF|Matter\s+of|MATTER\s+OF)\b:?\s*"
    r"(?P<rest>.*)$"
)
_PARTY_CUT = re.compile(
    r"\s*(?:[,;]\s*(?:and\s+)?(?:et\.?\s*al\b|in\s+(?:his|her|their|its)\s+(?:official|individual)|individually|"
    r"a\s+(?:corporation|[A-Z][a-z]+\s+(?:corporation|limited))|an\s+individual|as\s|on\s+behalf|"
    r"(?:plaintiffs?|defendants?|appellants?|appellees?|petitioners?|respondents?|debtors?)\b)|;|,\s+and\s+(?=[A-Z])|"
    r"\s+et\.?\s*al\b|\s+No\.?\s*(?:MDL\s+)?\d|\s+Case\s+No)",
    re.IGNORECASE,
)
_CITATION_LIKE = re.compile(r",\s+\d+\s+[A-Z][\w.]*\s*\d|\bU\.\s?S\.\s\d|\d+\s+(?:F\.|S\.\s?Ct\.|N\.E\.)")
_RE_LINE = re.compile(r"^(?:RE|Re)\s*:\s*(?P<rest>.+)$")
#: A caption line holding only the case number, printed in the caption's right-hand column.
_NUMBER_LINE = re.compile(r"^(?:(?:CASE|Case|Civil\s+Action|CIVIL\s+ACTION)\s+)?(?:NO|No)s?\.?:?\s*[\w:.-]*\d")
#: A name cut off in mid-phrase ("THE SEARCH OF", "SMITH AND"): the caption goes on below.
_DANGLING = re.compile(r"\b(?:of|OF|and|AND|the|THE|for|FOR)\s*$|,\s*$")
_BEFORE_NUMBER = re.compile(
    r"(?<=[A-Za-z.,])(?<!Docket)(?<!DOCKET)(?<!Case)(?<!CASE)(?<!File)(?<!Action)(?<!ACTION)(?<!Cause)(?<!CAUSE)"
    r"(?<!Index)(?<!INDEX)(?<!OMB)(?<!Bar)(?<!Appeal)(?<!APPEAL)(?<!Misc\.)(?<!Form)(?<!Item)"
    r"\s+(?=(?:(?:CASE|Case|DOCKET|Docket|State\s+File|Civil\s+Action|CIVIL\s+ACTION|Cause|CAUSE)\s+)?"
    r"(?:NO|No)s?\.\s*(?:MDL\s+)?\d)"
)
_HEADING_WORD = re.compile(
    r"^(?:ORDER|OPINION|JUDGMENT|MEMORANDUM(?: (?:OPINION|AND ORDER|DECISION))?|DECISION|NOTICE|COMPLAINT)\.?$"
)
_KEEP_UPPER = {
    "LLC", "LLP", "LP", "PLLC", "PC", "NA", "USA", "US", "II", "III", "IV", "FBI", "DVA", "RLI", "JBF", "MDL", "IVC",
    "NFL", "USCIS", "DHS", "DOJ", "EPA", "NLRB", "SEC", "FTC", "ACLU", "NAACP", "CEO", "HVI",
}
_SMALL_WORDS = {
    "of", "the", "and", "for", "in", "on", "at", "to", "by", "a", "an", "ex", "rel", "rel.", "dba", "d/b/a", "v.", "v",
    "or",
}
_LETTER_SPACED = re.compile(r"^(?:[A-Z] ){2,}[A-Z]$")
_WORD_TITLE = re.compile(r"^Microsoft Word - ", re.IGNORECASE)
_GENERIC_TITLES = {"untitled", "image", "document", "scan", "pdf", "title", "word document", "case detail"}


@dataclass(frozen=True)
class Found:
    """A value read from the document and where it came from ("caption", "stamp", ...)."""

    value: str
    source: str


# --- lines --------------------------------------------------------------------------------------


def caption_lines(text: str, limit: int = CAPTION_LINES) -> list[str]:
    """The caption's lines: stripped, without bracket columns, pleading numbers or empty lines.

    "NICHOLE MARIE JAGELS, ) No. ED108783" becomes two lines; "] States District Court for"
    loses its bracket; "O R D E R" becomes "ORDER".
    """
    lines: list[str] = []
    for raw in text.split("\n"):
        raw = raw.strip()
        if not _RE_LINE.match(raw):
            raw = _BEFORE_NUMBER.sub("\n", raw)
        for part in re.split(r"\s+[)\]|]\s+|\n", raw):
            part = part.strip(" ]|\t")
            if "(" not in part:
                part = part.strip(" )")
            if not part or re.fullmatch(r"\d{1,2}", part):
                continue
            if _LETTER_SPACED.match(part):
                part = part.replace(" ", "")
            lines.append(part)
        if len(lines) >= limit:
            break
    return lines[:limit]


def _mostly_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


# --- court ----------------------------------------------------------------------------------------


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


@cache
def _court_patterns() -> tuple[tuple[re.Pattern[str], object], ...]:
    """(regex over an upper-cased window of caption lines, how to name the court) in order."""
    states = _state_pattern().upper()

    def federal(kind: str):
        def name(match: re.Match[str]) -> str:
            direction = f"{match['dir'].title()} " if match["dir"] else ""
            return f"U.S. {kind} Court for the {direction}District of {_state(match['state'])}"

        return name

    district = rf"(?:FOR\W+THE\W+)?(?:(?P<dir>{_DIRECTIONS})\s+)?DISTRICT\s+OF\s+(?P<state>{states})\b"
    return (
        (re.compile(r"SUPREME COURT OF THE UNITED STATES"), lambda m: "Supreme Court of the United States"),
        (re.compile(r"FOREIGN INTELLIGENCE SURVEILLANCE COURT(?P<review> OF REVIEW)?"),
         lambda m: court_by_id("fiscr" if m["review"] else "fisc").name),
        (re.compile(r"UNITED STATES TAX COURT|\bTAX COURT OF THE UNITED STATES"), lambda m: court_by_id("tax").name),
        (re.compile(rf"UNITED STATES COURT OF APPEALS\W+(?:FOR\s+THE\s+)?(?P<circuit>{_CIRCUITS})\s+CIRCUIT"),
         lambda m: f"U.S. Court of Appeals for the {_circuit_name(m['circuit'])} Circuit"),
        (re.compile(rf"UNITED STATES DISTRICT COURT\W+{district}"), federal("District")),
        (re.compile(rf"UNITED STATES BANKRUPTCY COURT\W+{district}"), federal("Bankruptcy")),
        (re.compile(rf"UNITED STATES (?:DISTRICT|MAGISTRATE) JUDGE\W+{district}"), federal("District")),
        (re.compile(rf"UNITED STATES BANKRUPTCY JUDGE\W+{district}"), federal("Bankruptcy")),
        (re.compile(rf"SUPREME COURT OF (?:THE STATE OF )?(?P<state>{states})\b"),
         lambda m: f"Supreme Court of {_state(m['state'])}"),
        (re.compile(rf"^(?:IN THE\s+)?(?P<state>{states}) SUPREME COURT\b"),
         lambda m: f"Supreme Court of {_state(m['state'])}"),
        (re.compile(
            rf"APPELLATE COURT OF (?P<state>{states})\W+(?P<d>FIRST|SECOND|THIRD|FOURTH|FIFTH) (?:JUDICIAL )?DISTRICT"
        ),
         lambda m: f"Appellate Court of {_state(m['state'])}, {m['d'].title()} District"),
        (re.compile(rf"\b(?P<state>{states}) COURT OF APPEALS\W+(?P<d>{_DIRECTIONS}|[A-Z]+ERN) DISTRICT"),
         lambda m: f"{_state(m['state'])} Court of Appeals, {m['d'].title()} District"),
        (re.compile(r"CIRCUIT COURT OF (?:THE [A-Z0-9-]+ JUDICIAL CIRCUIT,?\W+)?(?P<county>[A-Z]+(?: [A-Z]+)?) COUNTY"),
         lambda m: f"Circuit Court of {m['county'].removeprefix('THE ').title()} County"),
    )


def _court_in_window(window: str, first_line_length: int) -> str:
    if (tribunal := tribunal_in(window)) is not None:
        return tribunal.name
    for regex, name in _court_patterns():
        match = regex.search(window)
        if match and match.start() <= first_line_length:
            return name(match)  # type: ignore[operator]
    return ""


def court_in_lines(lines: list[str]) -> str:
    """The first court a caption line starts to name, reading down; "" if none.

    Lines describing the court appealed from ("On Appeal from the United States District
    Court ...") are passed over, so an appeal's caption gives the court of appeals.
    """
    for index, line in enumerate(lines):
        if _POSTURE.search(line) or len(line) > 140:
            continue
        window = " ".join(" ".join(lines[index : index + 3]).upper().split())
        if name := _court_in_window(window, len(" ".join(line.upper().split()))):
            return name
    for line in lines:
        if _POSTURE.search(line) or len(line) > 90 or not re.search(r"\bCOURT\b", line, re.IGNORECASE):
            continue
        if re.search(r"\b(?:CLERK|JUDGE|RULES?|LOCAL|FORMS?)\b", line, re.IGNORECASE):
            continue
        name = re.sub(r"^(?:IN|BEFORE)\s+THE\s+", "", line, flags=re.IGNORECASE)
        if (court := court_by_name(name)) is not None:
            return court.name
    return ""


def court_from_caption(text: str, *, slip_opinion: bool = False) -> str:
    """The court's name in a standard form, or "" when the caption does not say."""
    if slip_opinion:
        return "Supreme Court of the United States"
    lines = caption_lines(text)
    if name := court_in_lines(lines):
        return name
    joined = " ".join(lines).upper()
    if match := re.search(r"\bCA(\d{1,2})\.USCOURTS\.GOV", joined):
        number = int(match.group(1))
        if 1 <= number <= len(_ORDINALS) and "COURT OF APPEALS" in joined:
            return f"U.S. Court of Appeals for the {_ORDINALS[number - 1]} Circuit"
    return ""


def court_from_citation_block(text: str) -> Court | None:
    """The court a "Re:" line's parenthetical names: "Re: Marshall v. Northrop, No. 16-6794 (C.D. Cal.)"."""
    for line in caption_lines(text, 70):
        if _RE_LINE.match(line):
            for parenthetical in re.findall(r"\(([^()]{3,30})\)", line):
                if (court := court_by_citation(parenthetical)) is not None:
                    return court
    return None


def court_from_stamp_text(text: str) -> str:
    """ "Case 1:21-cv-01061-KLM Document 1 Filed 04/16/21 USDC Colorado Page 1 of 16" -> D. Colo."""
    states = _state_pattern()
    if match := re.search(rf"\bUSDC\s+({states})\b", text, re.IGNORECASE):
        return f"U.S. District Court for the District of {_state(match.group(1).upper())}"
    if match := re.search(r"\bUSDC\s+([NSEWCM])D([A-Z]{2,4})\b", text):
        court = court_by_citation(f"{match.group(1)}.D.{'.'.join(match.group(2))}.")
        return court.name if court else ""
    return ""


# --- case name ------------------------------------------------------------------------------------


def _title_word(word: str, first: bool) -> str:
    bare = word.strip(".,;:()'\"")
    if not bare:
        return word
    if re.fullmatch(r"[A-UW-Za-uw-z]\.", word) or "&" in bare:
        return word.upper()  # an initial ("A."), "T&M"
    if bare.upper() in ("JR", "SR"):
        return word.replace(bare, bare.title())  # "BUTLER, JR.": a name's suffix, not an acronym
    if bare.upper() in _KEEP_UPPER or (
        len(bare) <= 4 and bare.lower() != "v" and not re.search(r"[AEIOUY]", bare.upper()) and bare.isalpha()
    ):
        return word.upper()
    lower = word.lower()
    if not first and lower.strip(".,") in _SMALL_WORDS:
        return lower
    if re.match(r"^\d", word):
        return lower
    return "-".join(part[:1].upper() + part[1:] for part in lower.split("-"))


def display_case_name(name: str) -> str:
    """A case name as a lawyer writes it: "X v. Y", no "et al.", title case if it was in capitals."""
    name = " ".join(name.split()).strip(" ,;:")
    name = re.sub(r"\s+(?:v|vs|V|VS|versus)\.?\s+", " v. ", name)
    name = re.sub(r",?\s+et\.?\s*al\.?,?", "", name, flags=re.IGNORECASE)
    if _mostly_upper(name):
        words = name.split(" ")
        name = " ".join(_title_word(word, index == 0 or words[index - 1] == "v.") for index, word in enumerate(words))
        name = re.sub(r"^In Re\b", "In re", name)
        name = re.sub(r"\bEx Rel\.", "ex rel.", name)
    name = re.sub(r"^(?:IN RE|In Re|in re):?\s+", "In re ", name)
    name = re.sub(r"(^|\bv\. )The\s+(?=[A-Z])", r"\1", name)
    return name.strip(" ,;:")


def _party(text: str) -> str:
    text = " ".join(text.split())
    text = _PARTY_CUT.split(text, maxsplit=1)[0]
    text = text.strip(" ,;:").removesuffix(" and").strip(" ,")
    return text if _ABBREVIATION_END.search(text) else text.rstrip(".")


def _is_boundary(line: str) -> bool:
    return bool(
        _ROLE.match(line)
        or _COURT_WORD.search(line) and (_mostly_upper(line) or len(line.split()) <= 4)
        or line.startswith("[*")
        or _ANY_DATE.search(line)
        or _LEAD_IN.match(line)
        or _DATE_LINE.match(line)
        or re.match(r"^(?:IN THE|In the|Before|BEFORE|Case|CASE|Attorneys?|ATTORNEYS?|Hon\.|HON\.)\b", line)
        or line.endswith(":")
        or "___" in line
        or "(cid:" in line
        or _HEADING_WORD.match(line)
        or _IN_RE.match(line)
        or len(line) > 90
    )


def _skippable(line: str) -> bool:
    """Lines of the number column interleaved with a caption: "Docket No. ...", "13 Civ. 4384 (PAE)", cid codes."""
    return bool(
        _LEAD_IN.match(line)
        or _NUMBER_COLUMN.match(line)
        or "(cid:" in line
        or (len(line) < 40 and _numbers_in(line) and _whole_numbers(line))
    )


def _versus_at(lines: list[str]) -> tuple[int, str]:
    """(index of the "v." line, "X v. Y") of the first two-party caption block, or (-1, "")."""
    for index, line in enumerate(lines):
        if not _VERSUS_LINE.match(line) or index == 0:
            continue
        position = index - 1
        while position >= 0 and (
            _skippable(lines[position]) or _ROLE.match(lines[position]) or _ROLE_START.match(lines[position])
        ):
            position -= 1
        above: list[str] = []
        while position >= 0 and len(above) < 4:
            candidate = lines[position]
            if _skippable(candidate):
                position -= 1
                continue
            if _is_boundary(candidate) or _GARBLED.search(candidate) or len(candidate) <= 3:
                break
            if position and re.match(r"^Attorneys?\s+for\b", lines[position - 1], re.IGNORECASE):
                break  # "Attorneys for Defendant / RLI INSURANCE COMPANY": the client, not the caption
            if above and candidate.endswith((".", ":", ")")):
                break
            above.insert(0, candidate)
            position -= 1
        below: list[str] = []
        for candidate in lines[index + 1 : index + 7]:
            if _skippable(candidate) or _HEADING_WORD.match(candidate):
                continue
            if _is_boundary(candidate) or _VERSUS_LINE.match(candidate) or len(below) >= 4:
                break
            below.append(candidate)
            if candidate.endswith((",", ".")) and not _ABBREVIATION_END.search(candidate):
                break
        first, second = _party(" ".join(above)), _party(" ".join(below))
        if first and second and re.search(r"[A-Za-z]{2}", first + second):
            return index, display_case_name(f"{first} v. {second}")
    return -1, ""


def _versus_block(lines: list[str]) -> str:
    return _versus_at(lines)[1]


def _inline_versus(lines: list[str]) -> str:
    for index, line in enumerate(lines):
        text = re.sub(r"^(?:Title|TITLE|Case\s+Name|Caption)\s*:?\s+", "", line)
        if _RE_LINE.match(text) or len(text) > 150 or _CITATION_LIKE.search(text) or text.startswith(("See ", "see ")):
            continue
        if re.search(r"\s(?:v|vs|V)\.?$", text) and index + 1 < len(lines):
            text = f"{text} {lines[index + 1]}"
        parts = _INLINE_VERSUS.split(text, maxsplit=1)
        if len(parts) != 2:
            continue
        first, second = _party(parts[0]), _party(re.sub(r"\s+[-–]\s+\d{4}\s+NY Slip Op.*$|\s*\(\d{4}.*$", "", parts[1]))
        if not first or not second or len(first.split()) > 12 or len(second.split()) > 12:
            continue
        if not (_mostly_upper(text) or first[:1].isupper() and second[:1].isupper()):
            continue
        return display_case_name(f"{first} v. {second}")
    return ""


def _in_re_at(lines: list[str]) -> tuple[int, str]:
    for index, line in enumerate(lines):
        match = _IN_RE.match(line)
        if not match:
            continue
        parts = [match["rest"]] if match["rest"] else []
        for position in range(index + 1, min(index + 6, len(lines))):
            following = lines[position]
            if _DATE_LINE.match(following) or _POSTURE.search(following) or _LEAD_IN.match(following):
                continue
            if _NUMBER_LINE.match(following) and _DANGLING.search(" ".join(parts) or match["prefix"]):
                continue  # "IN THE MATTER OF THE SEARCH OF | CASE NO. 2:20-SW-908 DB": the number's column
            if _is_boundary(following) or _VERSUS_LINE.match(following):
                break
            after = lines[position + 1] if position + 1 < len(lines) else ""
            if after and _ROLE.match(after) and parts:
                break  # "MICHAEL TOFAUTE, et al., / Plaintiffs-Appellants,": the next block's party
            parts.append(following)
            if following.endswith(",") and not _mostly_upper(following):
                break
        name = _party(" ".join(parts))
        if name and re.search(r"[A-Za-z]{3}", name):
            prefix = "In re" if match["prefix"].lower().startswith("in re") else match["prefix"]
            return index, display_case_name(f"{prefix} {name}")
    return -1, ""


def _in_re(lines: list[str]) -> str:
    return _in_re_at(lines)[1]


def _labelled(lines: list[str]) -> str:
    """Label/value captions: "Style: / X / v.: / Y", "Short Title: X v. Y", "Employee: X ... Employer: Y"."""
    for index, line in enumerate(lines):
        if (
            re.match(r"^Style\s*:?$", line, re.IGNORECASE)
            and index + 3 < len(lines)
            and re.match(r"^v\.?\s*:?$", lines[index + 2], re.IGNORECASE)
        ):
            return display_case_name(f"{_party(lines[index + 1])} v. {_party(lines[index + 3])}")
        if match := re.match(r"^Short\s+Title\s*:\s*(?P<name>.+)$", line, re.IGNORECASE):
            name = match["name"]
            if index + 1 < len(lines) and ":" not in lines[index + 1] and not _is_boundary(lines[index + 1]):
                name = f"{name} {lines[index + 1]}"
            parts = _INLINE_VERSUS.split(name, maxsplit=1)
            if len(parts) == 2:
                return display_case_name(f"{_party(parts[0])} v. {_party(parts[1])}")
    joined = "\n".join(lines)
    employee = re.search(r"^Employee\s*:\s*(?P<name>[^\n]+)", joined, re.MULTILINE)
    employer = re.search(r"^Employer\s*:\s*(?P<name>[^\n]+)", joined, re.MULTILINE)
    if employee and employer:
        return display_case_name(f"{_party(employee['name'])} v. {_party(employer['name'])}")
    return ""


def case_name_from_re_line(text: str) -> str:
    """The case named on a letter's "RE:" line ("Re: Case No. 17-3994, Island Creek Coal Company v. ...")."""
    for line in caption_lines(text, 70):
        if match := _RE_LINE.match(line):
            rest = re.sub(r"^(?:Case\s+)?No\.?\s*[\w:.-]+,?\s*", "", match["rest"], flags=re.IGNORECASE)
            parts = _INLINE_VERSUS.split(rest, maxsplit=1)
            if len(parts) == 2:
                second = re.split(r",\s*(?:et\.?\s*al\.?,?\s*)?(?:No\.|\d)|\s+No\.\s|\s*\(", parts[1])[0]
                return display_case_name(f"{_party(parts[0])} v. {_party(second)}")
    return ""


_DEBTOR_ONE = re.compile(
    r"\bDebtor\s*1\s*:?\s+(?P<name>[A-Z][\w.'-]*(?:,?\s+[A-Z][\w.'-]*){1,5}?)"
    r"(?=\s+(?:Debtor\s*2|\(Spouse|First\s+Name)|\s*$)",
    re.MULTILINE,
)
_FORM_NAME_LABEL = re.compile(r"^First\s+Name\s+Middle\s+Name\b")


def case_name_from_debtor(pages: list[str]) -> str:
    """ "In re <Debtor 1>" from the official bankruptcy forms, whose caption is a form field.

    A petition's first page often carries the debtor's name only in a filled field the text
    layer leaves out; the schedules after it print "Debtor 1 Richard S Barreras, Jr." or the
    name above its label "First Name Middle Name Last Name". The first such name on any page
    is Debtor 1 (the spouse, Debtor 2, comes second). Counter-example: "Debtor 1 only", a
    box to tick, is not a name (a name has at least two words, each capitalised)."""
    for page in pages:
        lines = [line.strip() for line in page.split("\n")]
        for index, line in enumerate(lines):
            if (match := _DEBTOR_ONE.search(line)) is not None:
                return display_case_name(f"In re {match['name']}")
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if _FORM_NAME_LABEL.match(following) and re.fullmatch(r"[A-Z][\w.'-]*(?:,?\s+[A-Z][\w.'-]*){1,5}", line):
                return display_case_name(f"In re {line}")
    return ""


def case_name_from_caption(text: str) -> str:
    """The case name the caption prints ("" when it prints none); see the module docstring."""
    lines = caption_lines(text)
    versus_index, versus = _versus_at(lines)
    in_re_index, in_re = _in_re_at(lines)
    if in_re and (not versus or in_re_index < versus_index):
        return in_re  # "IN RE: FEDEX ... LITIGATION / MICHAEL TOFAUTE, et al., / v. / FEDEX ..."
    return versus or _labelled(caption_lines(text, 200))


def case_name_from_line(text: str) -> str:
    """A caption line that holds the whole name: "Title X v. Y" (civil minutes), a filled form's
    "Reliable Contracting Group v. DVA", an opinion's "TARRANT ... v. / HERRMANN ET AL."."""
    return _inline_versus(caption_lines(text))


def case_name_from_title(title: str) -> str:
    """ "People v Seymore (2026 NY Slip Op 00028)" -> "People v. Seymore"; "" if the title names no case."""
    return _inline_versus([title]) if _INLINE_VERSUS.search(title) and "_" not in title else ""


# --- dates ----------------------------------------------------------------------------------------


def _month_number(word: str) -> int:
    word = word.rstrip(".").lower()[:3]
    return [m.lower()[:3] for m in _MONTHS].index(word) + 1


def _iso(match: re.Match[str]) -> str:
    try:
        if match.group("compact"):
            value = match.group("compact")
            return date(int(value[:4]), int(value[4:6]), int(value[6:])).isoformat()
        if match.group("y"):
            year = int(match.group("y"))
            year += (2000 if year < 70 else 1900) if year < 100 else 0
            return date(year, int(match.group("m")), int(match.group("d"))).isoformat()
        month = match.group("month") or match.group("month2")
        day = int(match.group("day") or match.group("day2"))
        year = int(match.group("year") or match.group("year2"))
        return date(year, _month_number(month), day).isoformat()
    except ValueError:
        return ""


def _labelled_dates(lines: list[str], at_start: bool = False) -> list[tuple[int, int, str, str]]:
    """(rank, position, iso, source) for each "Label: date" in the lines, the date up to 3 lines down."""
    found = []
    for index, line in enumerate(lines):
        for label in _DATE_LABEL.finditer(line):
            if at_start and label.start() > 0:
                continue
            if re.search(r"(?:\b[a-z][\w']*|,)\s*$", line[: label.start()]):
                continue  # "... the Court's order dated December 30, 2020, filed August 2, 2021": prose
            name = " ".join(label.group("label").lower().split())
            rest = line[label.end() :]
            candidates = [rest] if rest.strip() else []
            if not rest.strip() or name == "filed":
                candidates += lines[index + 1 : index + 4]
            for candidate in candidates:
                match = _ANY_DATE.match(candidate.strip())
                if match and (iso := _iso(match)):
                    stamp = label.group("label") == "FILED" and not rest.strip()
                    found.append((_LABEL_RANK.get(name, 4), index, iso, "stamp" if stamp else "caption"))
                    break
                if candidate is not rest and (_ANY_DATE.search(candidate) or len(candidate) > 40):
                    break
    return found


def dated_from_caption(text: str) -> Found | None:
    """The decision or filing date the caption gives, ISO, with its source ("caption" or "stamp")."""
    lines = caption_lines(text)
    labelled = sorted(_labelled_dates(lines))
    if not labelled:  # a case page: "Date Filed: / 02/02/2024" below the site menu
        labelled = sorted(found for found in _labelled_dates(caption_lines(text, 200), at_start=True))
    if labelled:
        _, _, iso, source = labelled[0]
        return Found(iso, source)
    for line in lines:
        if (match := _DATE_LINE.match(line)) and (iso := _iso(_ANY_DATE.match(line))):  # type: ignore[arg-type]
            del match
            return Found(iso, "caption")
    return None


def date_from_caption(text: str) -> str:
    """The decision or filing date the caption gives ("Decided June 13, 2013"), ISO, or ""."""
    found = dated_from_caption(text)
    return found.value if found else ""


def date_from_signature(last_page: str) -> str:
    """The "Dated: August 5, 2016" / "DATED: 2/2/09" line of a last page, ISO, or ""."""
    lines = [line.strip() for line in last_page.split("\n") if line.strip()]
    for index in range(len(lines) - 1, -1, -1):
        match = re.match(r"^(?:DATED|Dated|Date|DATE)\s*:?\s*(?:this\s+)?(?P<rest>.*)$", lines[index])
        if match:
            candidate = match["rest"].strip() or (lines[index + 1] if index + 1 < len(lines) else "")
            found = _ANY_DATE.search(candidate)
            if found and (iso := _iso(found)):
                return iso
    return ""


# --- case numbers ---------------------------------------------------------------------------------


def _numbers_in(rest: str) -> list[str]:
    """The case numbers at the start of ``rest``: "20-55436, 20-55662" -> both."""
    numbers = []
    while True:
        match = _NUMBER.match(rest)
        if not match:
            break
        number = match.group(0).rstrip(".-:,")
        if _NOT_NUMBER.match(number) or not re.search(r"\d", number):
            break
        numbers.append(number)
        rest = rest[match.end() :]
        joiner = re.match(r"\s*(?:,|&|and)\s*(?:(?:Case\s+)?Nos?\.\s*)?", rest)
        if not joiner:
            break
        rest = rest[joiner.end() :]
    return numbers


def _line_numbers(line: str) -> list[str]:
    """Case numbers a caption line gives as the document's own (none for a lower court's)."""
    found: list[str] = []
    for match in _LEAD_IN.finditer(line):
        before = line[max(0, match.start() - 30) : match.end()]
        if _LOWER_COURT_LABEL.search(before):
            continue
        found += _numbers_in(line[match.end() :])
    if _YEAR_NUMBER_LINE.match(line):
        found = _numbers_in(line) + found
    elif not found and len(line) < 60 and _whole_numbers(line):
        from search.dockets import find_docket_numbers

        found = _numbers_in(line[find_docket_numbers(line)[0].start :])
    return list(dict.fromkeys(found))


def _whole_numbers(line: str) -> bool:
    """Whether a short caption line holds a docket number of a form that needs no "No." before it."""
    from search.dockets import find_docket_numbers

    dockets = find_docket_numbers(line)
    return any(docket.key and not docket.text[:1].isalpha() or docket.key.startswith("mdl") for docket in dockets)


def case_numbers_from_caption(text: str) -> list[str]:
    """The document's own case numbers as printed, all of a consolidated caption; [] if none.

    A case page whose caption sits below a long site menu ("Case: / 01-24-00089-CV") is read
    further down, but only for a number under a label of its own.
    """
    numbers = _caption_numbers(caption_lines(text))
    if not numbers:
        lines = caption_lines(text, 200)
        for index, line in enumerate(lines[:-1]):
            if _LABEL_ONLY.fullmatch(line) and (numbers := _numbers_in(lines[index + 1])):
                break
    return numbers


def _caption_numbers(lines: list[str]) -> list[str]:
    lower_until = -1
    for index, line in enumerate(lines):
        if re.search(r"\b(?:appeal(?:ed)?|transferred|removed|review)\s+from\b", line, re.IGNORECASE):
            lower_until = index + 4
        if index <= lower_until or re.search(r"\[Bar No|Bar No\.", line):
            continue
        if _LABEL_ONLY.fullmatch(line) and index + 1 < len(lines):
            line = f"{line} {lines[index + 1]}"
        numbers = _line_numbers(line)
        if not numbers:
            continue
        for following in lines[index + 1 : index + 4]:
            more = _numbers_in(following)
            if not more or len(following) > len(" ".join(more)) + 8:
                break
            numbers += more
        return list(dict.fromkeys(numbers))
    return []


def case_number_from_caption(text: str) -> str:
    """The first case number of the caption, as printed."""
    numbers = case_numbers_from_caption(text)
    return numbers[0] if numbers else ""


# --- headings and titles --------------------------------------------------------------------------


def clean_pdf_title(title: str) -> str:
    """The PDF's own Title, or "" when it is a file name or a placeholder rather than a title."""
    title = _WORD_TITLE.sub("", " ".join(title.split()))
    title = re.sub(r"\.(docx?|wpd|rtf|pdf|tmp)$", "", title, flags=re.IGNORECASE)
    if not title or " " not in title or title.lower() in _GENERIC_TITLES or "\\" in title or "_" in title:
        return ""
    if re.match(r"^\d{2,}-\d+,\s", title) or re.search(r"\(\d{6,}\)|\bdraft\b|\bcopy\b", title, re.IGNORECASE):
        return ""  # "21-800, Proposed Show Cause Order", "Xiang - Response (mpk draft)": file names
    return title

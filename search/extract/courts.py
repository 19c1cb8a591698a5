"""One name per court: normalise what a caption, letterhead, stamp or citation says to one form.

courts-db (Free Law Project's database of some 2,800 courts, installed with eyecite) knows
each court's id, name, citation string ("N.D. Ill.", "Bankr. D. Or.", "7th Cir.") and
regexes for the ways captions write it. This module puts a thin layer over it:

- ``court_by_id("ilnd")`` -> "U.S. District Court for the Northern District of Illinois":
  federal names are built from the citation string, so every district, bankruptcy court
  and circuit reads alike whatever courts-db's own name is ("District Court, N.D.
  Illinois", "United States Bankruptcy Court, D. Oregon", "Court of Appeals for the Third
  Circuit");
- ``court_by_citation("C.D. Cal.")`` for the parentheticals of a "Re:" line or a citation;
- ``court_by_name("Court of Criminal Appeals of Texas")`` for a caption line the caption
  parser's own patterns do not cover (state courts of every kind, the Tax Court, the FISC);
- ``tribunal_in(text)`` for administrative bodies courts-db lacks (workers' compensation
  boards, discharge review boards), listed in ``search/extract/data/courts.toml``;
- ``court_from_recap_name("gov.uscourts.cacd.657892.202.4.pdf")``: RECAP's file names carry
  the PACER court id, the last resort when a filing's only text is its ECF header.

Counter-examples: "Cal." alone is not a court; "United States" alone is not a court;
courts-db's match for "District of Colorado" includes the bankruptcy court, so lookups
say whether a bankruptcy court is meant.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "courts.toml"
ORDINALS = (
    "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
    "Eleventh", "Twelfth", "Thirteenth", "Fourteenth",
)
_DIRECTIONS = {"N": "Northern", "S": "Southern", "E": "Eastern", "W": "Western", "C": "Central", "M": "Middle"}
_CIRCUIT_CITE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th) Cir\.$")
_DISTRICT_CITE = re.compile(r"^(?P<bankr>Bankr\.\s)?(?:(?P<dir>[NSEWCM])\.\s?)?D\.\s?(?P<state>.+)$")
_RECAP_NAME = re.compile(r"(?:^|/)gov\.uscourts\.(?P<court>[a-z0-9]+)\.\d+\.", re.IGNORECASE)


@dataclass(frozen=True)
class Court:
    """A court as shown (``name``) and, when courts-db knows it, its id ("ilnd", "ca7")."""

    name: str
    court_id: str = ""


@dataclass(frozen=True)
class _Tribunal:
    regex: re.Pattern[str]
    name: str


@cache
def _data() -> dict:
    return tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))


@cache
def _tribunals() -> tuple[_Tribunal, ...]:
    return tuple(_Tribunal(re.compile(item["pattern"], re.IGNORECASE), item["name"]) for item in _data()["tribunal"])


def _courts() -> list[dict]:
    import courts_db

    return courts_db.courts


@cache
def _by_id() -> dict[str, dict]:
    return {court["id"]: court for court in _courts()}


@cache
def _by_citation() -> dict[str, str]:
    """Citation string (spaces dropped) -> id, for strings only one court uses."""
    seen: dict[str, list[str]] = {}
    for court in _courts():
        if court.get("citation_string"):
            seen.setdefault(court["citation_string"].replace(" ", ""), []).append(court["id"])
    return {cite: ids[0] for cite, ids in seen.items() if len(ids) == 1}


def _state_name(abbreviation: str) -> str:
    states: dict[str, str] = _data()["states"]
    abbreviation = abbreviation.strip()
    if abbreviation in states:
        return states[abbreviation]
    squeezed = {key.replace(" ", ""): value for key, value in states.items()}
    return squeezed.get(abbreviation.replace(" ", ""), "")


def _display(court: dict) -> str:
    """This project's name for a courts-db court (see the module docstring)."""
    court_id, cite = court["id"], court.get("citation_string", "")
    if court_id in _data()["names"]:
        return _data()["names"][court_id]
    if court_id == "scotus":
        return "Supreme Court of the United States"
    if court_id == "cadc":
        return "U.S. Court of Appeals for the District of Columbia Circuit"
    if court_id == "cafc":
        return "U.S. Court of Appeals for the Federal Circuit"
    if (match := _CIRCUIT_CITE.match(cite)) and court_id.startswith("ca"):
        number = int(match.group(1))
        if 1 <= number <= 11:
            return f"U.S. Court of Appeals for the {ORDINALS[number - 1]} Circuit"
    if (match := _DISTRICT_CITE.match(cite)) and court.get("type") in ("trial", "bankruptcy", "appellate"):
        state = _state_name(match["state"])
        federal = court.get("type") == "bankruptcy" or court.get("parent") == "usdistct" or re.match(
            r"(?:United States )?District Court", court["name"]
        )
        if state and federal:
            kind = "Bankruptcy" if match["bankr"] or court.get("type") == "bankruptcy" else "District"
            direction = f"{_DIRECTIONS[match['dir']]} " if match["dir"] else ""
            return f"U.S. {kind} Court for the {direction}District of {state}"
    return court["name"]


def court_by_id(court_id: str) -> Court | None:
    court = _by_id().get(court_id.lower())
    return Court(_display(court), court["id"]) if court else None


def court_by_citation(citation: str) -> Court | None:
    """"C.D. Cal." -> the Central District of California; None for anything else.

    Only federal forms ("D. Colo.", "Bankr. D. Or.", "7th Cir.") are looked up: a bare state
    abbreviation ("Cal.", "Ill.") names a state's highest court in a citation but is, in a
    "Re:" line, usually just the state.
    """
    if not re.search(r"\bD\.|Cir\.", citation):
        return None
    court_id = _by_citation().get(citation.replace(" ", ""))
    return court_by_id(court_id) if court_id else None


def court_by_name(name: str, *, bankruptcy: bool | None = None) -> Court | None:
    """The one court courts-db finds for a whole name; None when it finds none or several."""
    import courts_db

    text = re.sub(r"\bU\.\s?S\.\s", "United States ", " ".join(name.split()))
    ids = courts_db.find_court(text, bankruptcy=bankruptcy)
    return court_by_id(ids[0]) if len(ids) == 1 else None


def court_id_for(name: str) -> str:
    """The courts-db id of a court named in this project's form, or ""."""
    bankruptcy = "Bankruptcy" in name
    court = court_by_name(name, bankruptcy=bankruptcy)
    return court.court_id if court else ""


def tribunal_in(text: str) -> Court | None:
    """An administrative tribunal (or a court courts-db lacks) named in ``text``."""
    for tribunal in _tribunals():
        if match := tribunal.regex.search(text):
            groups = [group for group in match.groups() if group]
            first = groups[0].title() if groups else ""
            number = int(groups[0]) if groups and groups[0].isdigit() else 0
            ordinal = ORDINALS[number - 1] if 0 < number <= len(ORDINALS) else ""
            return Court(tribunal.name.format("", first, ordinal=ordinal or first))
    return None


def court_from_recap_name(rel_path: str) -> Court | None:
    """The court of a RECAP file name ("gov.uscourts.cacd.657892.202.4.pdf" -> C.D. Cal.)."""
    match = _RECAP_NAME.search(rel_path)
    return court_by_id(match["court"]) if match else None

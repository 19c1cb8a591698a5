"""Case and statute citations: found with eyecite, plus the Illinois forms eyecite misses.

Each citation is reduced to one key per authority so that a search for one spelling finds
them all: "540 U. S. 56", "540 US 56" and "540 U.S. 56, 60" are all "540 U.S. 56" (eyecite's
reporter normalization); "720 Ill. Comp. Stat. 5/11-9.3" is "720 ILCS 5/11-9.3". Short forms,
"Id." and "supra" count only when eyecite resolves them to a full citation in the same
document, and then they carry that citation's key.

Illinois statutes come first in this collection and eyecite does not read "720 ILCS 5/..." at
all, so this module parses them itself, and resolves the bare "§ 5/11-9.3" or
"section 11-9.3(b-10)" that follow a full cite through a ``CitationContext`` that a caller
carries from page to page. Act names come from ``search/data/citation_illinois_acts.toml``;
reporter abbreviations to ignore ("1 App. 13", a joint-appendix cite) from
``search/data/citation_ignored_reporters.txt``.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from eyecite import get_citations, resolve_citations
from eyecite.helpers import filter_citations
from eyecite.models import (
    CaseReferenceToken,
    CitationBase,
    FullCaseCitation,
    FullCitation,
    FullLawCitation,
    IdCitation,
    ReferenceCitation,
    ShortCaseCitation,
    SupraCitation,
)
from eyecite.regexes import reference_pin_cite_re
from eyecite.utils import is_valid_name

#: Pages are joined with one line break, as lines are: "895" at the foot of a page and "F.3d 515" at
#: the head of the next read as one citation, as does "5/11-" then "9.3(b-10)" (a blank line would not).
PAGE_SEPARATOR = "\n"


@dataclass(frozen=True)
class Citation:
    """One citation as found in text, with the key of the authority it names."""

    key: str
    kind: str
    text: str
    start: int
    end: int
    name: str = ""

    @property
    def keys(self) -> list[str]:
        """The key and, for a statute subsection, each enclosing section, narrowest first.

        "720 ILCS 5/11-9.3(b-10)" -> ["720 ILCS 5/11-9.3(b-10)", "720 ILCS 5/11-9.3"], so that
        a search for a section also finds the documents citing only one of its subsections.
        """
        if self.kind != "statute":
            return [self.key]
        keys = [self.key]
        while keys[-1].endswith(")") and "(" in keys[-1]:
            keys.append(keys[-1][: keys[-1].rindex("(")])
        return keys


@dataclass
class CitationContext:
    """The Illinois acts one document has cited so far, most recent last.

    Briefs cite "720 ILCS 5/11-9.3" once and then write "§ 5/11-9.3(b-10)" or
    "section 11-9.3(b-10)" for pages; passing the same context to ``find_citations`` for
    each page of a document lets those bare references resolve to the act cited earlier.
    """

    acts: list[tuple[int, int]] = field(default_factory=list)
    articles: dict[tuple[int, int], set[str]] = field(default_factory=dict)

    def remember(self, chapter: int, act: int, section: str) -> None:
        """Record a full ILCS cite as the most recent one of its act."""
        cited = (chapter, act)
        if cited in self.acts:
            self.acts.remove(cited)
        self.acts.append(cited)
        self.articles.setdefault(cited, set()).add(_article(section))

    def chapter_of(self, act: int) -> int | None:
        """The chapter of the most recently cited act numbered ``act`` ("§ 5/11-9.3")."""
        return next((chapter for chapter, number in reversed(self.acts) if number == act), None)

    def act_for(self, section: str) -> tuple[int, int] | None:
        """The act a bare "section 11-9.3" belongs to: the latest one cited with a section of
        the same article ("11-..."), else simply the latest one cited."""
        article = _article(section)
        for cited in reversed(self.acts):
            if article in self.articles.get(cited, set()):
                return cited
        return self.acts[-1] if self.acts else None


def _article(section: str) -> str:
    """The article part of an ILCS section number: "11" of "11-9.3", "3" of "3"."""
    return section.split("-")[0]


# A line may break after a hyphen inside a section number ("5/11-\n9.3"); it is never a soft hyphen.
_SECTION = r"\d+[A-Za-z]?(?:[.\-]\n?\d+[A-Za-z]?)*"
_HYPHENATED_SECTION = r"\d+[A-Za-z]?-\n?\d+[A-Za-z]?(?:[.\-]\n?\d+[A-Za-z]?)*"
_SUBSECTIONS = r"(?:\([A-Za-z0-9]{1,5}(?:[-.][A-Za-z0-9]{1,5})?\))*"
_SECTION_WORD = r"(?:§§?|\b[Ss]ections?\b|\b[Ss]ecs?\.)"

_FULL_ILCS = re.compile(
    r"(?<![\w.])(?P<chapter>\d{1,3})\s+(?:ILCS|Ill\.\s?Comp\.\s?Stat\.)(?:\s?Ann\.)?\s*(?:§§?\s*)?"
    rf"(?P<act>\d{{1,4}})\s?/\s?(?P<section>{_SECTION})(?P<subsections>{_SUBSECTIONS})"
)
_ACT_SECTION_REFERENCE = re.compile(
    rf"{_SECTION_WORD}\s*(?P<act>\d{{1,4}})/(?P<section>{_SECTION})(?P<subsections>{_SUBSECTIONS})"
)
_SECTION_REFERENCE = re.compile(
    rf"{_SECTION_WORD}\s*(?P<section>{_HYPHENATED_SECTION})(?P<subsections>{_SUBSECTIONS})(?![\w/])"
)
# "730 ILCS 150/3(a) and 150/6", "730 ILCS 150/2, 150/3": later sections of the same chapter.
_CONTINUED_SECTION = re.compile(
    rf"\s*(?:,|;|and|&|or)\s+(?P<act>\d{{1,4}})/(?P<section>{_SECTION})(?P<subsections>{_SUBSECTIONS})(?![\w/])"
)
_INDEXED_FORMS = (FullCitation, ShortCaseCitation, SupraCitation, ReferenceCitation)
_QUERY_PIN_CITE = re.compile(r"(?:,\s?(?:at\s)?|\sat\s)\d+(?:[-–]\d+)?(?!\S)")
_PIN_SUBSECTIONS = re.compile(r"(?:\([0-9A-Za-z]{1,5}\))+")
_FLATTEN = str.maketrans({"\n": " ", "\r": " ", "\f": " ", "\t": " ", "\u00a0": " "})


def _read_data(name: str) -> str:
    return resources.files("search.data").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _ignored_reporters() -> frozenset[str]:
    lines = _read_data("citation_ignored_reporters.txt").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _illinois_act_names() -> dict[tuple[int, int], str]:
    acts = tomllib.loads(_read_data("citation_illinois_acts.toml"))["acts"]
    return {_chapter_and_act(chapter_act): name for chapter_act, name in acts.items()}


def _chapter_and_act(chapter_act: str) -> tuple[int, int]:
    chapter, act = chapter_act.split("/")
    return int(chapter), int(act)


def _tidy(text: str) -> str:
    """One space between words and no commas, so a key becomes one index token unchanged."""
    return " ".join(text.replace(",", " ").split())


def _ilcs_citation(chapter: int, act: int, match: re.Match[str]) -> Citation:
    section = "".join(match["section"].split())
    key = f"{chapter} ILCS {act}/{section}{match['subsections']}"
    name = _illinois_act_names().get((chapter, act), "")
    return Citation(key, "statute", match.group(0), match.start(), match.end(), name)


def _illinois_citations(
    text: str, context: CitationContext, taken: list[tuple[int, int]], region: tuple[int, int] | None = None
) -> list[Citation]:
    """ILCS cites in text order, updating ``context`` as full cites go by.

    Full: 720 ILCS 5/11-9.3(b-10); 720 Ill. Comp. Stat. 5/11-9.3; 730 ILCS 150/3;
    730 Ill. Comp. Stat. Ann. 150/2; 720 ILCS § 5/11-9.3
    Continued: 730 ILCS 150/3(a) and 150/6; 730 ILCS 150/2, 150/3 (same chapter)
    Bare, after a full cite of the act: § 5/11-9.3(b-10); section 11-9.3(b-10); §§ 11-9.4-1
    Bare references inside a span in ``taken`` (another citation, "42 U.S.C. §§ 16911-16929")
    are not Illinois ones. With ``region``, only cites starting inside it are read (and only they
    update ``context``): the text around it is there so that a cite broken over a page
    boundary is still whole.
    """
    matches = [(m, "full") for m in _FULL_ILCS.finditer(text)]
    matches += [(m, "act") for m in _ACT_SECTION_REFERENCE.finditer(text) if not _overlaps(m.span(), taken)]
    matches += [(m, "section") for m in _SECTION_REFERENCE.finditer(text) if not _overlaps(m.span(), taken)]
    if region is not None:
        matches = [(m, form) for m, form in matches if region[0] <= m.start() < region[1]]
    matches.sort(key=lambda pair: (pair[0].start(), -pair[0].end()))
    found: list[Citation] = []
    for match, form in matches:
        if found and match.start() < found[-1].end:
            continue
        citation = _resolve_illinois(match, form, context)
        if citation:
            found.append(citation)
            found += _continued_sections(text, citation, context)
    return found


def _continued_sections(text: str, citation: Citation, context: CitationContext) -> list[Citation]:
    """Sections listed right after an ILCS cite, in the same chapter ("... and 150/6")."""
    chapter = int(citation.key.split()[0])
    continued: list[Citation] = []
    end = citation.end
    while more := _CONTINUED_SECTION.match(text, end):
        act = int(more["act"])
        context.remember(chapter, act, more["section"])
        section = "".join(more["section"].split())
        key = f"{chapter} ILCS {act}/{section}{more['subsections']}"
        start = more.start("act")
        name = _illinois_act_names().get((chapter, act), "")
        continued.append(Citation(key, "statute", text[start : more.end()], start, more.end(), name))
        end = more.end()
    return continued


def _resolve_illinois(match: re.Match[str], form: str, context: CitationContext) -> Citation | None:
    if form == "full":
        chapter, act = int(match["chapter"]), int(match["act"])
        context.remember(chapter, act, match["section"])
        return _ilcs_citation(chapter, act, match)
    if form == "act":
        act = int(match["act"])
        chapter = context.chapter_of(act)
        return _ilcs_citation(chapter, act, match) if chapter is not None else None
    cited = context.act_for(match["section"])
    return _ilcs_citation(*cited, match) if cited else None


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _case_key(citation: FullCaseCitation) -> str | None:
    """Key of a case cite: "540 U.S. 56" for "540 U. S. 56", "540 US 56" and "540 U.S. 56, 60";
    None when the page is blank ("569 U.S. ___") or the reporter is an appendix ("1 App. 13")."""
    groups = citation.groups
    if not groups.get("page") or groups.get("reporter") in _ignored_reporters():
        return None
    parts = [groups.get("volume"), citation.corrected_reporter(), citation.corrected_page()]
    return _tidy(" ".join(part for part in parts if part))


def _law_key(citation: FullLawCitation) -> str:
    """Key of a statute cite: "42 U.S.C. § 1983" for "42 U. S. C. §1983"; "28 U.S.C. § 2254(d)(1)"
    keeps subsections so that ``Citation.keys`` can climb to "28 U.S.C. § 2254"."""
    groups, reporter = citation.groups, citation.corrected_reporter()
    title = groups.get("title") or groups.get("chapter")
    if reporter == "Pub. L.":
        return f"Pub. L. No. {title}"
    if groups.get("act") and title and groups.get("section"):
        return f"{title} ILCS {groups['act']}/{groups['section']}"
    if title and groups.get("section"):
        pin = citation.metadata.pin_cite or ""
        subsections = pin if _PIN_SUBSECTIONS.fullmatch(pin) else ""
        return _tidy(f"{title} {reporter} § {groups['section']}{subsections}")
    if groups.get("volume") and groups.get("page"):
        return _tidy(f"{groups['volume']} {reporter} {groups['page']}")
    return _tidy(citation.corrected_citation())


def _case_name(citation: FullCaseCitation) -> str:
    """The name "Vasquez v. Foxx" when eyecite found both parties; a lone party is too often a
    stray phrase from before the cite ("Pp. 22-24.", "Cert. 72a-73a") to show as a name."""
    plaintiff, defendant = citation.metadata.plaintiff, citation.metadata.defendant
    return " ".join(f"{plaintiff} v. {defendant}".split()) if plaintiff and defendant else ""


@dataclass(frozen=True)
class _Authority:
    """What a full citation names, to be stamped on each citation that resolves to it."""

    key: str
    kind: str
    name: str = ""

    def cited_as(self, text: str, start: int, end: int) -> Citation:
        return Citation(self.key, self.kind, text, start, end, self.name)


def _authority(citation: FullCitation) -> _Authority | None:
    """The authority of a full citation eyecite found, or None when it is not indexed."""
    if isinstance(citation, FullCaseCitation):
        key = _case_key(citation)
        return _Authority(key, "case", _case_name(citation)) if key else None
    if isinstance(citation, FullLawCitation):
        return _Authority(_law_key(citation), "statute")
    return None


@dataclass(frozen=True)
class _IdReference:
    """An "Id." eyecite found, kept apart until the Illinois cites it may lean on are known."""

    span: tuple[int, int]
    text: str
    pin_cite: str
    eyecite_antecedent: Citation | None


def _surface(citation: CitationBase, text: str) -> tuple[int, int, str]:
    """Span and text of a citation with its pin cite: "540 U. S. 56, 60", "18 U.S.C. § 2250(a)(2)";
    "Pub. L. No. 109-248" stops at the law number, before the "120" of a following "120 Stat. 587"."""
    start, end = citation.span_with_pincite()
    if isinstance(citation, FullLawCitation):
        pin, title = citation.metadata.pin_cite or "", citation.groups.get("title") or ""
        if pin and text.startswith(pin, end):
            end += len(pin)
        elif citation.corrected_reporter() == "Pub. L." and title in text[start:end]:
            end = text.index(title, start) + len(title)
    return start, end, text[start:end]


def _eyecite_citations(text: str) -> tuple[list[Citation], list[_IdReference]]:
    """Full, short, supra and reference citations eyecite finds and resolves, and its "Id."s.

    Full: Vasquez v. Foxx, 895 F.3d 515 (7th Cir. 2018); 540 U. S. 56, 60; 540 US 56;
    380 F. Supp. 3d 731; 372 N.C. 509; 2018 IL 122034; 42 U.S.C. § 1983; 28 C.F.R. § 72.3;
    120 Stat. 587; Pub. L. No. 109-248
    Shortform: Vasquez, 895 F.3d, at 520; 501 U. S., at 235; 366 N.C. at 289
    Supra: Smith, supra, at 90
    Id.: Id., at 25; Ibid.
    """
    if not text:
        return [], []  # eyecite refuses empty text
    found = get_citations(text.translate(_FLATTEN))
    resolutions = resolve_citations(found)
    antecedents = {id(cite): resource.citation for resource, cites in resolutions.items() for cite in cites}
    return _eyecite_results(found, antecedents, text)


def _eyecite_results(
    found: list[CitationBase], antecedents: dict[int, CitationBase], text: str
) -> tuple[list[Citation], list[_IdReference]]:
    """Our citations for eyecite's, given the full citation each resolved to (by ``id``)."""
    citations: list[Citation] = []
    ids: list[_IdReference] = []
    for cite in found:
        full = antecedents.get(id(cite))
        authority = _authority(full) if full is not None else None
        start, end, surface = _surface(cite, text)
        if isinstance(cite, IdCitation):
            resolved = authority.cited_as(surface, start, end) if authority else None
            ids.append(_IdReference((start, end), surface, cite.metadata.pin_cite or "", resolved))
        elif authority and isinstance(cite, _INDEXED_FORMS):
            citations.append(authority.cited_as(surface, start, end))
    return citations, ids


def _resolve_ids(
    ids: list[_IdReference], citations: list[Citation], illinois: set[Citation]
) -> list[Citation]:
    """Each "Id." as eyecite resolved it, unless the citation just before it is an Illinois one
    eyecite cannot see: then it is that statute, when its pin is blank or a subsection."""
    starts = [citation.start for citation in citations]
    resolved: list[Citation] = []
    for reference in ids:
        before = bisect_right(starts, reference.span[0]) - 1
        previous = citations[before] if before >= 0 else None
        if previous in illinois:
            if not reference.pin_cite or reference.pin_cite.startswith("("):
                start, end = reference.span
                resolved.append(replace(previous, text=reference.text, start=start, end=end))
        elif reference.eyecite_antecedent:
            resolved.append(reference.eyecite_antecedent)
    return resolved


def find_citations(text: str, *, context: CitationContext | None = None) -> list[Citation]:
    """Case and statute citations in ``text``, in order of position.

    Pass one ``context`` for every page of a document to resolve a bare "§ 5/11-9.3" on a
    later page; ``find_citations_in_pages`` does that for a whole document in one pass.
    """
    context = context if context is not None else CitationContext()
    eyecite_found, ids = _eyecite_citations(text)
    illinois = _illinois_citations(text, context, [(c.start, c.end) for c in eyecite_found])
    full_illinois = [(c.start, c.end) for c in illinois]
    citations = sorted(
        [c for c in eyecite_found if not _overlaps((c.start, c.end), full_illinois)] + illinois,
        key=lambda citation: citation.start,
    )
    citations += _resolve_ids(ids, citations, set(illinois))
    return sorted(citations, key=lambda citation: citation.start)


@dataclass(frozen=True)
class _Window:
    """One page and the text either side of it, as eyecite reads it.

    ``text`` runs from ``start`` in the joined document; the page itself is ``text[lo:hi]``.
    The margins let a citation broken over a page break be read whole ("Vasquez v. Foxx," at
    the foot of one page, "895 F.3d 515" at the head of the next), and give case names,
    short-form antecedents and parentheticals the words they need on the other side.
    """

    page: int
    start: int
    lo: int
    hi: int
    text: str

    def owns(self, local_start: int) -> bool:
        """Whether a citation starting at ``local_start`` starts on this page (it then belongs here)."""
        return self.lo <= local_start < self.hi


#: Characters of the neighbouring pages read with each page (a case name, a pin cite and a
#: parenthetical fit in far less; a page of a brief is 2,000-4,000).
WINDOW_CHARS = 1000
#: Pages are read in runs of about this many characters (a few pages; a longer page is read
#: alone): eyecite's time per character grows with the length of what it reads, but each call
#: also has a fixed cost, so a run of pages is quicker than one page at a time.
RUN_CHARS = 8_000


def _windows(pages: list[str], margin: int | None = None, run: int | None = None) -> Iterator[_Window]:
    """The pages in runs of whole pages of about ``run`` characters, each with ``margin`` around it."""
    margin = WINDOW_CHARS if margin is None else margin
    run = RUN_CHARS if run is None else run
    text = PAGE_SEPARATOR.join(pages)
    offset, number = 0, 0
    while number < len(pages):
        first, end = number, offset + len(pages[number])
        number += 1
        while number < len(pages) and end + len(PAGE_SEPARATOR) + len(pages[number]) - offset <= run:
            end += len(PAGE_SEPARATOR) + len(pages[number])
            number += 1
        start = max(0, offset - margin)
        yield _Window(first, start, offset - start, end - start, text[start : min(len(text), end + margin)])
        offset = end + len(PAGE_SEPARATOR)


class _LaterReferences:
    """"Vasquez, at 520" on a page after the full cite of Vasquez v. Foxx.

    eyecite looks for such references only in the text it is given after each full cite; read
    page by page, the pages after a full cite are searched here with eyecite's own pattern
    (one per case name, tried only on pages where the name occurs, so the cost stays linear).
    """

    def __init__(self) -> None:
        self.patterns: dict[str, tuple[re.Pattern[str], list[str]]] = {}

    def learn(self, citation: CitationBase) -> None:
        if not isinstance(citation, FullCaseCitation):
            return
        names = {key: value for key in ReferenceCitation.name_fields
                 if (value := getattr(citation.metadata, key, None)) and is_valid_name(value)}
        if names:
            regex = reference_pin_cite_re([rf"(?P<{key}>{re.escape(value)})" for key, value in names.items()])
            if regex not in self.patterns:
                self.patterns[regex] = (re.compile(regex, re.VERBOSE), list(names.values()))

    def find(self, plain_text: str) -> list[ReferenceCitation]:
        found = []
        for pattern, names in self.patterns.values():
            if not any(name in plain_text for name in names):
                continue
            for match in pattern.finditer(plain_text):
                start, end = match.span()
                token = CaseReferenceToken(data=match.group(0), start=start, end=end)
                found.append(ReferenceCitation(token=token, span_start=start, span_end=end, full_span_start=start,
                                               full_span_end=end, index=0, metadata=match.groupdict()))
        return found


def find_citations_in_pages(pages: list[str]) -> list[tuple[int, Citation]]:
    """(1-based page, citation) for a whole document. Spans are within the page's text; a
    citation broken over a page boundary belongs to the page it starts on and is cut at its end.

    Each page is read on its own with ``WINDOW_CHARS`` of its neighbours, so the time grows
    with the page count (eyecite over a whole 1,000-page record at once took 41 s, growing
    faster than the length), while short forms, "Id.", "supra", name references and bare ILCS
    sections still resolve across pages: eyecite resolves the document's citations as one
    list, and one ``CitationContext`` follows the Illinois acts from page to page. The result
    is the one ``find_citations`` gives on the joined text (``find_citations_in_joined_pages``).
    """
    if not any(pages):
        return []
    later = _LaterReferences()
    read: list[tuple[_Window, list[CitationBase]]] = []
    for window in _windows(pages):
        plain = window.text.translate(_FLATTEN)
        found = get_citations(plain) if plain.strip() else []
        found = filter_citations(found + later.find(plain)) if later.patterns else found
        read.append((window, found))
        for citation in found:
            if window.owns(_surface(citation, window.text)[0]):
                later.learn(citation)
    owned = [(window, cite) for window, found in read for cite in found
             if window.owns(_surface(cite, window.text)[0])]
    resolutions = resolve_citations([cite for _, cite in owned])
    antecedents = {id(cite): resource.citation for resource, cites in resolutions.items() for cite in cites}
    by_page: dict[int, list[CitationBase]] = {}
    for window, cite in owned:
        by_page.setdefault(window.page, []).append(cite)
    found_by_page: list[list[Citation]] = []
    ids: list[_IdReference] = []
    for window, _ in read:
        page_citations, page_ids = _eyecite_results(by_page.get(window.page, []), antecedents, window.text)
        found_by_page.append([_shifted(c, window.start) for c in page_citations])
        ids += [replace(reference, span=(reference.span[0] + window.start, reference.span[1] + window.start),
                        eyecite_antecedent=reference.eyecite_antecedent
                        and _shifted(reference.eyecite_antecedent, window.start)) for reference in page_ids]
    everywhere = [c for page_citations in found_by_page for c in page_citations]
    starts = [c.start for c in everywhere]
    context = CitationContext()
    citations: list[Citation] = []
    illinois: set[Citation] = set()
    for (window, _), page_citations in zip(read, found_by_page, strict=True):
        # eyecite's citations around the page too: "42 U.S.C. §§ 16911-16929" across a page break
        near = everywhere[bisect_right(starts, window.start - WINDOW_CHARS):
                          bisect_right(starts, window.start + len(window.text))]
        taken = [(c.start - window.start, c.end - window.start) for c in near]
        page_illinois = [_shifted(c, window.start)
                         for c in _illinois_citations(window.text, context, taken, (window.lo, window.hi))]
        full_illinois = [(c.start, c.end) for c in page_illinois]
        kept = [c for c in page_citations if not _overlaps((c.start, c.end), full_illinois)] + page_illinois
        citations += sorted(kept, key=lambda citation: citation.start)
        illinois.update(page_illinois)
    citations += _resolve_ids(ids, citations, illinois)
    return _located(sorted(citations, key=lambda citation: citation.start), pages)


def _shifted(citation: Citation, by: int) -> Citation:
    return replace(citation, start=citation.start + by, end=citation.end + by)


def _located(citations: list[Citation], pages: list[str]) -> list[tuple[int, Citation]]:
    """Citations with spans in the joined text as (page, citation with a span in that page)."""
    page_starts, offset = [], 0
    for page in pages:
        page_starts.append(offset)
        offset += len(page) + len(PAGE_SEPARATOR)
    located = []
    for citation in citations:
        index = bisect_right(page_starts, citation.start) - 1
        start = citation.start - page_starts[index]
        end = min(citation.end - page_starts[index], len(pages[index]))
        located.append((index + 1, replace(citation, text=pages[index][start:end], start=start, end=end)))
    return located


def find_citations_in_joined_pages(pages: list[str]) -> list[tuple[int, Citation]]:
    """The same as ``find_citations_in_pages``, by reading the joined pages at once.

    The reference the page-by-page reader is tested against, and the "before" of
    ``bench/annotate.py``: its time grows faster than the text (eyecite runs each reporter
    pattern it finds over the whole text, and each full cite's name over the rest of it).
    """
    return _located(find_citations(PAGE_SEPARATOR.join(pages)), pages)


def citations_in_query(query: str) -> list[Citation]:
    """Citations a user typed, with spans (pin cites included) so the parser can cut them out.

    "vasquez 895 F.3d 515 residency" yields "895 F.3d 515"; "720 ILCS 5/11-9.3(b-10)" yields
    that section; a lone "Id." or "section 11-9.3" yields nothing, having nothing to lean on.
    """
    return [_with_query_pin_cite(citation, query) for citation in find_citations(query)]


def _with_query_pin_cite(citation: Citation, query: str) -> Citation:
    """Stretch a case cite over a pin cite that eyecite leaves out when words follow it
    ("540 US 56, 60 vasquez"): in running text a pin ends at punctuation, in a query it need not."""
    pin = _QUERY_PIN_CITE.match(query, citation.end) if citation.kind == "case" else None
    if not pin:
        return citation
    return replace(citation, text=query[citation.start : pin.end()], end=pin.end())


def index_token(key: str) -> str:
    """The key as one lowercase token for a Whoosh KEYWORD field: "540 U.S. 56" -> "540_u.s._56".

    One to one with keys: keys hold single spaces and never "_" or ","; they never differ only
    in case either, since reporters are eyecite's canonical spellings and the case of a
    statute subsection ("(a)" or "(A)") is fixed by its depth.
    """
    return key.lower().replace(" ", "_")

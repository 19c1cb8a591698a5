"""The engine contract: what a full-text engine must do for our pipeline, and nothing more.

An engine matches, scores with BM25(F), counts, facets by field, fetches stored fields and
enumerates terms. Everything that makes a result good for our users (re-ranking by the
pages that match, the proximity boost, which pages to show, the weight of tables of
contents, coordination of any-of queries, spelling choices, fallbacks, snippets) lives
above this seam, in ``search/ranking.py`` and ``search/service.py``, and is the same for
every engine. An engine is a sub-package of ``search/engines/`` registered in
``search/engines/__init__.py``; the test suite runs against every registered engine that
is installed (``C400_ENGINES`` / ``--engines``, see ``tests/conftest.py``).

Terms
-----
Every engine indexes **our** analysis, not its own: ``search.tokencache.token_tuples(text)``
gives ``(word, stem, start, end)`` for each token; text fields hold the stems, the spelling
field holds the words (unstemmed). A query's words are analysed with ``search.analysis.stems``
before they are looked up. So both engines hold exactly the same terms.

Records
-------
``EngineWriter.add(record)`` stores one document (``search.models.DocumentRecord``) as
- a *document* unit: the fields of ``search/fields.py`` (text kinds analysed, exact kinds as
  single values, ``year`` from the date), all page texts together as ``body``, the unstemmed
  words of the text and title for spelling, the keys of the citations (``record.citations``
  ``keys`` else ``key``, through ``search.citations.index_token``), of the dockets
  (``record.dockets`` ``key``) and of its own case number (``record.case_keys``), and stored
  ``record.meta()`` (``DocumentMeta``) and the citations, dockets and case keys;
- one *page* unit per page: its document's id, its number, its text (searched as ``body``,
  stored), its OCR flag, ``search.ranking.is_listing(text)`` (stored, for the page weight) and
  the citation and docket keys mentioned on that page. Pages are only ever searched within
  given documents (``pages``), so they need none of the document's fields.
The two kinds never share statistics: a document's BM25 length is compared with documents',
a page's with pages'.

Queries
-------
A query is our tree (``search.query``: ``Everything``, ``All``, ``Any``, ``Not``, ``Word``,
``Phrase``, ``Prefix``, ``Wildcard``, ``Range``, ``Authority``, ``CaseNumber``, ``Expanded``). Its meaning, which every
engine must translate exactly:

- ``Everything()``: every document (an empty query with filters: browse by filter).
- ``All(items)``: every non-``Not`` item, and none of the ``Not`` items. ``Any(items)``: at least
  one. ``Not(item)`` alone: every document but those.
- ``Word``/``Phrase``/``Prefix`` with ``field=None`` search the *default fields*: on documents
  the ``searched`` fields of the table (title, case_name, summary, each with its ``boost``) and
  ``body``; on pages ``body`` only. With ``field=name`` (a field of the table, from a query
  alias): a ``text`` field itself; a ``keyword`` field through the words of its value
  (``court:illinois``); ``year`` the integer (a non-number matches nothing); ``date`` the exact
  value. ``case_name`` given a case number (``case:16-cv-11471``, ``search.dockets.docket_key``
  finds a key) means ``CaseNumber(key, text)``.
- ``Word(text)``: its stem (one term) or, if the text analyses to several, the phrase of them.
  ``Word(fuzzy=n)``: the indexed spelling words within ``n`` edits of the lower-cased text
  sharing its first letter (at most ``MAX_FUZZY_EXPANSION``), stemmed, any of them, plus the
  text's own stem. ``Phrase(text)``: the stems in order, adjacent; ``Phrase(slop=n)``: all the
  stems within ``n`` positions of each other, in any order. ``Prefix(text)``: terms starting
  with the shorter of the lower-cased text and its stem; raise ``QueryRejected`` (one line, as
  the Whoosh engine words it) when more than ``MAX_PREFIX_EXPANSION`` terms match.
- ``Wildcard(text)``: ``?`` one letter, ``*`` any letters (``wildcard_regex``), matched against
  the indexed spelling words (unstemmed) starting with the text before the first wildcard
  (at most ``20 * MAX_PREFIX_EXPANSION`` looked at); each word found is searched by its stem,
  any of them; nothing found matches nothing; more than ``MAX_PREFIX_EXPANSION`` found raises
  ``QueryRejected`` ("'<text>' matches too many words; add letters").
- ``Range(field, low, high)``: ``year`` integers or ``date`` strings, inclusive, open at None.
- ``Authority(key, text)``: the citation key (``index_token(key)``, weight 2) in the citation
  keys, or else as a phrase in ``body`` the stems of the canonical ``key`` for a case citation
  ("540 U. S. 56" and "540 US 56" score alike) and of the typed ``text`` for a statute
  (``is_statute(key)``); the better of the two scores,
  not their sum. ``CaseNumber(key, text)``: ``key`` in the docket keys, on documents also in
  the case keys (weight 3), or else the phrase; again the best of them.
- ``Expanded(original, alternatives)``: any of them, each alternative's score weighted by
  ``GLOSSARY_BOOST``.

Filters (``search.fields.Filter``) name an exact field of the table: ``value`` is equality
(``doc_type`` arrives lower-cased, ``year`` as digits), ``low``/``high`` an inclusive range on
``date`` (or ``year``). Facets count matching documents by the exact value of a field.

Scores are the engine's BM25(F) (document units: length normalization b=0.75; page units:
b=0.3). Their scale need not match another engine's; ranking only compares scores of one
engine with each other and adds the proximity score to the document score.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from search.fields import Filter
from search.mentions import CitedAuthority, MentionedDocket
from search.models import DocumentMeta, DocumentRecord, PageText
from search.query import Node

#: Caps and weights every engine reads from here at query time (``base.MAX_PREFIX_EXPANSION``),
#: so one change (or a test's monkeypatch) applies to all.
#: A ``Prefix`` matching more indexed terms than this is refused (``QueryRejected``).
MAX_PREFIX_EXPANSION = 500
#: A fuzzy ``Word`` stands for at most this many indexed words.
MAX_FUZZY_EXPANSION = 50
#: Weight of a glossary alternative relative to the word the user typed.
GLOSSARY_BOOST = 0.5


def is_statute(key: str) -> bool:
    """Whether a citation key names a statute ("720 ILCS 5/11-9.3", "42 U.S.C. § 1983")."""
    return "ILCS" in key or "§" in key or "U.S.C." in key


def wildcard_regex(pattern: str) -> str:
    """The regular expression a lower-cased ``Wildcard`` pattern means, for ``fullmatch``."""
    return "".join(r"\w" if ch == "?" else r"\w*" if ch == "*" else re.escape(ch) for ch in pattern)


def stored_details(record: DocumentRecord) -> dict[str, Any]:
    """What every engine stores of a document beside ``record.meta()``, as JSON, for ``document``:
    the mentions, the case keys and where each metadata field came from."""
    return {"citations": [entry.to_json() for entry in record.citations],
            "dockets": [entry.to_json() for entry in record.dockets],
            "case_keys": record.case_keys, "provenance": record.provenance}


def record_from_stored(meta: DocumentMeta, details: dict[str, Any], pages: list[PageText]) -> DocumentRecord:
    """The record ``EngineReader.document`` returns, from what ``stored_details`` kept."""
    return DocumentRecord(
        id=meta.id, path=meta.path, sha256=meta.sha256, title=meta.title, doc_type=meta.doc_type,
        date=meta.date, court=meta.court, case_name=meta.case_name, case_number=meta.case_number,
        source_url=meta.source_url, summary=meta.summary, pages=pages, warnings=list(meta.warnings),
        citations=[CitedAuthority.from_json(item) for item in details.get("citations", [])],
        dockets=[MentionedDocket.from_json(item) for item in details.get("dockets", [])],
        case_keys=list(details.get("case_keys", [])), extra=dict(meta.extra),
        provenance=dict(details.get("provenance") or {}),
    )


@dataclass(frozen=True)
class DocMatch:
    """A matching document: its id, score, stored metadata, and the engine's own handle."""

    doc_id: str
    score: float
    #: Reads the stored metadata; called once, by ``meta``. Ranking looks at 50 documents and
    #: shows 10, and decoding every one's metadata was a tenth of a search at 100,000 pages.
    read_meta: Callable[[], DocumentMeta] = field(repr=False, compare=False)
    #: Opaque to everyone but the engine that made it (e.g. Whoosh's document number).
    ref: Any = None

    @cached_property
    def meta(self) -> DocumentMeta:
        return self.read_meta()


@dataclass
class Matches:
    """The first ``limit`` matching documents in order, how many match, and facet counts."""

    hits: list[DocMatch]
    total: int
    #: Field name -> value -> number of matching documents (empty values left out).
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class PageMatch:
    """A page that matches some of the query parts."""

    number: int
    #: BM25 of the page for the union of the parts (page statistics, b=0.3).
    score: float
    #: Indices (into the ``parts`` asked for) of the parts the page matches.
    parts: frozenset[int]
    #: A table of contents or of authorities (``search.ranking.is_listing``, decided at indexing).
    listing: bool
    ref: Any = None


class EngineWriter(Protocol):
    """Writes one generation folder. Nothing is visible to readers before ``commit``."""

    def add(self, record: DocumentRecord) -> None: ...
    def delete(self, doc_id: str) -> None: ...
    def commit(self) -> None: ...
    def cancel(self) -> None: ...


class EngineReader(Protocol):
    """Reads one committed generation. Safe to call from several threads at once."""

    def match(
        self,
        query: Node,
        *,
        filters: Sequence[Filter] = (),
        sort: str = "relevance",
        limit: int = 10,
        facets: Sequence[str] = (),
    ) -> Matches:
        """Document units matching ``query`` and every filter, best first (``sort="date"``:
        newest ``date`` first, scores may be 0). ``total`` counts them all; ``facets`` counts
        them by each named exact field (``doc_type``, ``court``, ``year``: value as a string)."""
        ...

    def proximity(self, hits: Sequence[DocMatch], words: Sequence[str], slop: int) -> dict[str, float]:
        """For each of ``hits`` (from ``match``) whose ``body`` holds the stems of ``words`` (one
        each) all within ``slop`` positions of each other in any order: that span query's score,
        by doc id. Documents without such a place are left out. (It is a boost: an engine
        without unordered spans may look for three words or more in the query's order and its
        reverse only, as tantivy's does.)"""
        ...

    def pages(self, doc_ids: Sequence[str], parts: Sequence[Node], per_document: int) -> dict[str, list[PageMatch]]:
        """The page units of the given documents that match any of ``parts`` (translated with
        the page defaults), at most ``per_document`` each (highest score first), by doc id."""
        ...

    def page_texts(self, pages: Sequence[PageMatch]) -> list[PageText]:
        """The stored text and OCR flag of pages returned by ``pages``, in the same order."""
        ...

    def page(self, doc_id: str, number: int) -> PageText | None: ...

    def document(self, doc_id: str) -> DocumentRecord | None:
        """The whole record as added (pages in order), or None."""
        ...

    def documents(self, filters: Sequence[Filter] = ()) -> list[DocumentMeta]:
        """Every document unit passing ``filters`` (the audience's, for a visitor)."""
        ...

    def cited_statutes(self, section: str) -> list[tuple[str, int]]:
        """Statute keys cited in the index whose section is ``section`` ("11-9.3" ->
        "720_ilcs_5/11-9.3", the ``index_token`` form the citation keys are indexed in), with
        how many documents cite each, most cited first (then by key). Only ILCS keys: a bare
        section number is how people cite Illinois statutes."""
        ...

    def more_like_this(self, doc_id: str, limit: int, filters: Sequence[Filter] = ()) -> list[DocumentMeta]:
        """Other documents passing ``filters`` sharing this one's most distinctive body terms."""
        ...

    def doc_frequency(self, word: str, filters: Sequence[Filter] = ()) -> int:
        """How many documents hold ``word``'s stem in ``body`` (of those passing ``filters``: a
        visitor's spelling vocabulary is the public documents' words only)."""
        ...

    def terms_within(self, word: str, distance: int) -> list[tuple[str, int]]:
        """Indexed spelling words (unstemmed) within ``distance`` edits of ``word`` (lower-cased),
        each with how often it occurs (the engine's total or document frequency)."""
        ...

    def close(self) -> None: ...


class Engine(Protocol):
    name: str
    #: Bump when what the engine writes changes: the next ingest rebuilds from the cache.
    schema_version: int

    def writer(self, generation: Path, *, fresh: bool) -> EngineWriter:
        """A writer on ``generation`` (a new empty index when ``fresh`` or none exists there;
        else the copy of the previous generation the store made)."""
        ...

    def reader(self, generation: Path) -> EngineReader: ...

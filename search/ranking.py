"""Ranking: from an engine's matches to the results a researcher should see, for every engine.

1. ``match``: the engine's BM25F over document units (``RERANK_WINDOW`` at least), with the
   filters and facet counts of the fields table;
2. proximity: documents where the query's plain words stand near each other gain the
   engine's span score (only the documents already retrieved are looked at);
3. pages: the matching pages of those documents, per part of the query (each thing asked for);
4. re-ranking: documents where many pages match rise (a brief arguing a point on ten pages
   outranks one mentioning it once), and any-of queries are coordinated (a document covering
   four of six things asked for beats one repeating two);
5. page choice: the pages that together cover the query best, tables of contents counting half.

Everything here is engine-neutral: it uses only the calls of ``search/engines/base.py``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from search import budget
from search.analysis import stems
from search.engines.base import DocMatch, EngineReader, PageMatch
from search.fields import audience_filters, facet_fields, filters_from_params, searched_fields
from search.models import DocumentMeta, PageText, SearchRequest
from search.query import MAX_NEAR_WORDS, All, Authority, CaseNumber, Node, Not, ParsedQuery, Range, Word
from search.query import Any as AnyOf

#: Documents reordered by how many of their pages match, and how much that counts.
RERANK_WINDOW = 50
PAGE_COUNT_WEIGHT = 0.2
#: Pages of one document considered when choosing the pages to show.
PAGES_PER_DOCUMENT = 200
#: Page choice: a slight lean to early pages, and the weight of a table of contents.
EARLIER_PAGE_PREFERENCE = 0.001
LISTING_PAGE_WEIGHT = 0.5
#: "Near each other" for the proximity boost, in words.
PROXIMITY_SLOP = 8


@dataclass
class FacetCount:
    value: str
    count: int

    def to_json(self) -> dict[str, object]:
        return {"value": self.value, "count": self.count}


@dataclass
class RankedHit:
    """A matching document and its best pages, in the order they should be shown."""

    meta: DocumentMeta
    score: float
    pages: list[PageText]


@dataclass
class Ranked:
    total: int
    hits: list[RankedHit]
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)


#: Orders every engine sorts itself (``EngineReader.match``).
ENGINE_SORTS = ("relevance", "date")
#: Orders of a listing, by a stored field (newest or A to Z), sorted here: the engines sort by
#: score or date only. Each is (field, newest first); ties go by title, then id.
LISTING_SORTS: dict[str, tuple[str, bool]] = {"title": ("title", False), "case_name": ("case_name", False),
                                              "added": ("added", True)}
#: The most matches a listing sort reads (every stored ``DocumentMeta`` of them); a larger
#: library would need the field as an engine column.
MAX_LISTING_SORT = 20_000


def listing_key(meta: DocumentMeta, sort: str) -> tuple:
    """How ``meta`` sorts in listing order ``sort``: empty values last, case and accents aside."""
    name, newest = LISTING_SORTS[sort]
    value = str(meta.value(name) or "").casefold().strip()
    title = meta.title.casefold()
    if newest:
        return (not value, _descending(value), title, meta.id)
    return (not value, value, title, meta.id)


def _descending(text: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in text)


def search(reader: EngineReader, parsed: ParsedQuery, request: SearchRequest) -> Ranked:
    """The results page ``request.page`` for ``parsed``, ranked, with pages chosen."""
    if parsed.root is None:
        return Ranked(0, [])
    relevance = request.sort == "relevance"
    first = (request.page - 1) * request.per_page
    window = first + request.per_page
    facets = tuple(item.name for item in facet_fields())
    listing = request.sort in LISTING_SORTS
    # The audience's filter is part of the engine query: totals and facet counts are its own.
    filters = audience_filters(request.audience) + filters_from_params(request.filters)
    matches = reader.match(parsed.root, filters=filters,
                           sort="date" if listing or request.sort not in ENGINE_SORTS else request.sort,
                           limit=MAX_LISTING_SORT if listing else max(window, RERANK_WINDOW), facets=facets)
    ranked: list[tuple[float, DocMatch]] = [(hit.score, hit) for hit in matches.hits]
    if listing:
        ranked.sort(key=lambda item: listing_key(item[1].meta, request.sort))
    if relevance:
        ranked = _with_proximity_boost(reader, ranked, parsed.root)
    parts = query_parts(parsed.root)
    wanted = [hit.doc_id for _, hit in (ranked[:RERANK_WINDOW] if relevance else []) + ranked[first:window]]
    candidates: dict[str, list[PageMatch]] = {}
    # budget (issue 16): past the request's budget the first pages are shown instead
    if parts and wanted and not budget.over("choosing pages", budget.PAGES_SKIPPED):
        candidates = reader.pages(list(dict.fromkeys(wanted)), parts, PAGES_PER_DOCUMENT)
    if relevance:
        ranked = _rerank_by_pages(ranked, candidates, len(parts), is_any_of(parsed.root))
    hits = [
        RankedHit(hit.meta, score, best_pages(reader, hit.doc_id, candidates.get(hit.doc_id, []),
                                              request.pages_per_result))
        for score, hit in ranked[first:window]
    ]
    return Ranked(matches.total, hits, facet_counts(matches.facets, facets))


def facet_counts(counts: dict[str, dict[str, int]], names: tuple[str, ...]) -> dict[str, list[FacetCount]]:
    """Each facet's values, most documents first, then by value."""
    return {
        name: sorted((FacetCount(value, count) for value, count in counts.get(name, {}).items() if value),
                     key=lambda item: (-item.count, item.value))
        for name in names
    }


def _with_proximity_boost(reader: EngineReader, ranked: list[tuple[float, DocMatch]],
                          root: Node) -> list[tuple[float, DocMatch]]:
    """Rank higher the documents where the query's plain words stand near each other.

    The boost is added to the BM25F score (as ``AndMaybe`` would), but only for the
    documents already retrieved: span matching over every matching document was the
    largest cost of a search, and a document outside the first ``RERANK_WINDOW`` is
    rarely lifted into the first page by nearness alone."""
    words = proximity_words(root)
    if len(words) < 2 or not ranked:
        return ranked
    if budget.over("proximity", budget.NEARNESS_SKIPPED):  # budget (issue 16): optional work
        return ranked
    boosts = reader.proximity([hit for _, hit in ranked], words, PROXIMITY_SLOP)
    if not boosts:
        return ranked
    boosted = [(score + boosts.get(hit.doc_id, 0.0), hit) for score, hit in ranked]
    return sorted(boosted, key=lambda item: -item[0])


def proximity_words(root: Node) -> list[str]:
    """The plain words of an all-words query that analyse to one stem each, at most
    ``MAX_NEAR_WORDS`` of them (issue 16: the span's cost grows with its words)."""
    if not isinstance(root, All):
        return []
    return [item.text for item in root.items
            if isinstance(item, Word) and item.field is None and len(stems(item.text)) == 1][:MAX_NEAR_WORDS]


def _rerank_by_pages(
    ranked: list[tuple[float, DocMatch]], candidates: dict[str, list[PageMatch]], parts: int, any_of: bool
) -> list[tuple[float, DocMatch]]:
    """Lift documents where many pages match: a brief that argues a point on ten pages
    outranks one that mentions it once. Only the top ``RERANK_WINDOW`` are reordered.

    For an any-of query (typed with OR, or a question no document answers word for word),
    a document's score is also scaled by the share of the asked-for things its pages cover,
    so the order that holds four of six words beats a guide that repeats two of them."""
    head, tail = ranked[:RERANK_WINDOW], ranked[RERANK_WINDOW:]

    def rescored(score: float, doc_id: str) -> float:
        pages = candidates.get(doc_id, ())
        score *= 1 + PAGE_COUNT_WEIGHT * math.log1p(len(pages))
        if any_of and parts > 1:
            covered = frozenset().union(*(page.parts for page in pages))
            score *= max(len(covered), 1) / parts
        return score

    head = [(rescored(score, hit.doc_id), hit) for score, hit in head]
    return sorted(head, key=lambda item: -item[0]) + tail


def best_pages(reader: EngineReader, doc_id: str, candidates: list[PageMatch], limit: int) -> list[PageText]:
    """The pages that together best cover the query: greedy, most new query parts first,
    then the best weighted score (earlier pages win near-ties: captions name the case first).

    A document found only through its metadata (title, case number) shows its first page;
    a listing asking for no pages (``limit`` 0) gets none."""
    if limit <= 0:
        return []
    if not candidates:
        first = reader.page(doc_id, 1)
        return [first] if first else []
    pool = [(page_weight(page.number, page.listing) * page.score, page) for page in candidates]
    chosen: list[PageMatch] = []
    covered: set[int] = set()
    while pool and len(chosen) < limit:
        best = max(pool, key=lambda item: (len(item[1].parts - covered), item[0]))
        pool.remove(best)
        chosen.append(best[1])
        covered |= best[1].parts
    return reader.page_texts(chosen)


def page_weight(number: int, listing: bool) -> float:
    """How much a page's score counts when choosing pages to show.

    A table of contents or of authorities lists every point and citation of a brief; the
    reader wants the page that discusses it, so listings count half. Early pages win near-ties."""
    return (LISTING_PAGE_WEIGHT if listing else 1.0) * (1 - EARLIER_PAGE_PREFERENCE * number)


_LISTING = re.compile(r"TABLE OF (?:CONTENTS|AUTHORITIES)|INDEX OF AUTHORITIES|(?:\.\s?){8}", re.IGNORECASE)


def is_listing(text: str) -> bool:
    """A table of contents or of authorities (dot leaders count): decided once, at indexing."""
    return bool(_LISTING.search(text[:3000]))


# --- the parts of a query ----------------------------------------------------------------------


def is_any_of(root: Node) -> bool:
    """Whether one of several things asked for is enough ("a OR b", or a relaxed question)."""
    items = _positive_items(root)
    return len(items) == 1 and isinstance(items[0], AnyOf)


def _positive_items(root: Node) -> tuple[Node, ...]:
    return tuple(item for item in (root.items if isinstance(root, All) else (root,))
                 if not isinstance(item, (Not, Range)))


def wanted_items(root: Node) -> tuple[Node, ...]:
    """The things the user asked for: each AND-ed item, or each alternative of an any-of query."""
    items = _positive_items(root)
    if len(items) == 1 and isinstance(items[0], AnyOf):
        return items[0].items
    return items


def query_parts(root: Node | None) -> list[Node]:
    """One page-level query for each thing the user asked for (see ``wanted_items``).

    A part is any of the item's positive leaves that can match page text (no field, or a
    field whose words are also in the text: title, case name), without their field. A page
    covers a part when it matches any of them; counting parts rather than terms keeps a
    citation typed as five words from outweighing a plain word."""
    if root is None:
        return []
    in_text = {item.name for item in searched_fields()}
    parts: list[Node] = []
    for item in wanted_items(root):
        leaves = tuple(
            leaf if leaf.field is None else replace(leaf, field=None)
            for leaf in ParsedQuery("", item).positive_leaves()
            if leaf.field is None or leaf.field in in_text
        )
        if leaves:
            parts.append(leaves[0] if len(leaves) == 1 else AnyOf(leaves))
    return parts


__all__ = ["Authority", "CaseNumber", "FacetCount", "Ranked", "RankedHit", "is_listing", "search"]

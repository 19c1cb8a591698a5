"""The Whoosh engine (whoosh-reloaded 2.7.5): our query tree in, ranked documents out."""

from __future__ import annotations

import json
import math
import re
import threading
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import scoring, sorting
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.query.spans import SpanNear2

from search import budget
from search.analysis import stem, stems
from search.citations import index_token
from search.dockets import docket_key
from search.engine import EngineHit, EngineResults
from search.models import DocumentRecord, PageText, SearchRequest
from search.query import (
    MAX_NEAR_WORDS,
    All,
    Authority,
    CaseNumber,
    Everything,
    Expanded,
    Node,
    Not,
    ParsedQuery,
    Phrase,
    Prefix,
    QueryRejected,
    Range,
    Wildcard,
    Word,
)
from search.query import Any as AnyOf
from search.schema import SCHEMA_VERSION, build_schema

MAX_PREFIX_EXPANSION = 500
MAX_FUZZY_EXPANSION = 50
#: Weight of a glossary term relative to the word the user typed.
GLOSSARY_BOOST = 0.5
#: Documents reordered by how many of their pages match, and how much that counts.
RERANK_WINDOW = 50
PAGE_COUNT_WEIGHT = 0.2
#: How many distinctive words describe a document for "more like this".
MORE_LIKE_TERMS = 25
#: Document ranking: BM25's length normalization (b) for documents.
DOC_LENGTH_NORMALIZATION = 0.75
#: Page ranking: BM25's length normalization (b) for pages, and a slight lean to early pages.
PAGE_LENGTH_NORMALIZATION = 0.3
EARLIER_PAGE_PREFERENCE = 0.001
LISTING_PAGE_WEIGHT = 0.5
#: "Near each other" for the proximity boost, in words.
PROXIMITY_SLOP = 8
FACET_FIELDS = ("doc_type", "court", "year")
#: Text fields a word without a field name is looked for in, on doc records.
DOC_TEXT_FIELDS = ("title", "case_name", "summary", "doc_body")
#: The page field each doc-record field corresponds to (see search/schema.py).
DOC_FIELDS = {"body": "doc_body", "citations": "doc_citations", "dockets": "doc_dockets"}
#: What ``title:`` and friends mean in this schema.
FIELD_MAP = {"title": ("title",), "type": ("type_text",), "court": ("court_text",), "case": ("case_name",)}


class WhooshEngine:
    name = "whoosh"
    schema_version = SCHEMA_VERSION

    def writer(self, generation: Path, *, fresh: bool) -> WhooshWriter:
        if fresh or not whoosh_index.exists_in(str(generation)):
            ix = whoosh_index.create_in(str(generation), build_schema())
        else:
            ix = whoosh_index.open_dir(str(generation))
        return WhooshWriter(ix)

    def reader(self, generation: Path) -> WhooshReader:
        return WhooshReader(whoosh_index.open_dir(str(generation)))


class WhooshWriter:
    def __init__(self, ix: whoosh_index.Index):
        self._writer = ix.writer(limitmb=256)

    def add(self, record: DocumentRecord) -> None:
        common = {"doc_id": record.id, "doc_type": record.doc_type, "court": record.court,
                  "date": record.date, "year": record.year}
        cites_on, dockets_on = _keys_by_page(record.citations, "keys"), _keys_by_page(record.dockets, None)
        self._writer.add_document(
            kind="doc",
            title=record.title,
            case_name=record.case_name,
            summary=record.summary,
            court_text=record.court,
            type_text=record.doc_type,
            doc_body="\n".join(page.text for page in record.pages),
            words=" ".join(page.text for page in record.pages) + " " + record.title,
            case_keys=",".join(record.case_keys),
            doc_dockets=",".join(sorted(set().union(*dockets_on.values()))),
            doc_citations=",".join(sorted(set().union(*cites_on.values()))),
            meta=json.dumps(record.metadata()),
            **_without_none(common),
        )
        for page in record.pages:
            self._writer.add_document(
                kind="page", page=page.number, body=page.text, page_text=page.text, ocr=page.ocr,
                listing=int(is_listing(page.text)),
                citations=",".join(sorted(cites_on.get(page.number, ()))),
                dockets=",".join(sorted(dockets_on.get(page.number, ()))),
                **_without_none(common),
            )

    def delete(self, doc_id: str) -> None:
        self._writer.delete_by_term("doc_id", doc_id)

    def commit(self) -> None:
        self._writer.commit()

    def cancel(self) -> None:
        self._writer.cancel()


def _rerank_by_pages(
    ranked: list[tuple], candidates: dict[str, list[PageCandidate]], parts: int, any_of: bool
) -> list[tuple]:
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

    head = [(rescored(score, doc_id), doc_id, meta) for score, doc_id, meta in head]
    return sorted(head, key=lambda item: -item[0]) + tail


class PageCandidate(NamedTuple):
    """A page that matches some of the query, before the pages to show are chosen."""

    weight: float
    number: int
    docnum: int
    parts: frozenset[int]


class _PagesOf(wq.Query):
    """The page records of the given documents (and their doc records), as one flat list.

    Why not ``Or([Term("doc_id", ...)])``: Whoosh nests binary union matchers for it, and
    leapfrogging the page query through 60 of them cost a million ``skip_to`` calls a
    query at 10,000 pages. The page query's fields exist only on page records."""

    def __init__(self, doc_ids: list[str]):
        self.doc_ids = tuple(doc_ids)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.doc_ids == self.doc_ids

    def __hash__(self) -> int:
        return hash(self.doc_ids)

    def __repr__(self) -> str:
        return f"_PagesOf({len(self.doc_ids)} documents)"

    def is_leaf(self) -> bool:
        return True

    def estimate_size(self, ixreader) -> int:
        return sum(ixreader.doc_frequency("doc_id", doc_id) for doc_id in self.doc_ids)

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        ids: set[int] = set()
        for doc_id in self.doc_ids:
            if ("doc_id", doc_id) in reader:
                ids.update(reader.postings("doc_id", doc_id).all_ids())
        return ListMatcher(sorted(ids), all_weights=1.0) if ids else NullMatcher()


def _within(query: wq.Query, scope: wq.Query) -> wq.Query:
    """``query`` restricted to the records matching ``scope``, scored by ``query`` alone.

    Why not ``filter=``: Whoosh applies a filter in the collector, after the matcher has
    walked (and, for the proximity spans, scored) every matching page of the whole index;
    ``Require`` lets the matcher skip straight to the few records of the scope. (Search it
    with ``optimize=False``: Whoosh's block-quality skipping trips an assertion in ``Require``,
    and a scope of one document's pages gains nothing from it.)"""
    return wq.Require(query, scope)


def _keys_by_page(entries: list[dict[str, Any]], keys_field: str | None) -> dict[int, set[str]]:
    """Page number -> index tokens of the keys mentioned on it (enclosing sections included)."""
    by_page: dict[int, set[str]] = {}
    for entry in entries:
        keys = (entry.get(keys_field) if keys_field else None) or [entry["key"]]
        for page in entry["pages"]:
            by_page.setdefault(page, set()).update(index_token(key) for key in keys)
    return by_page


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


class WhooshReader:
    """Searches one generation. One Whoosh searcher per thread, reused across requests.

    A server that starts a thread per request (``flask run``) would open a searcher for
    each; a new thread therefore takes over the searcher of a thread that has ended."""

    def __init__(self, ix: whoosh_index.Index):
        self.ix = ix
        self._local = threading.local()
        self._owners: dict[int, tuple[threading.Thread, str, Any]] = {}
        self._lock = threading.Lock()

    @property
    def searcher(self):
        """Ranks documents: BM25F with the usual length normalization."""
        return self._thread_searcher("documents", scoring.BM25F(B=DOC_LENGTH_NORMALIZATION))

    @property
    def page_searcher(self):
        """Ranks pages of one document: long pages that discuss a point are not penalized
        against a dense table of authorities that merely lists it."""
        return self._thread_searcher("pages", scoring.BM25F(B=PAGE_LENGTH_NORMALIZATION))

    def _thread_searcher(self, name: str, weighting):
        searcher = getattr(self._local, name, None)
        if searcher is None:
            with self._lock:
                searcher = self._left_behind(name) or self.ix.searcher(weighting=weighting)
                self._owners[id(searcher)] = (threading.current_thread(), name, searcher)
            setattr(self._local, name, searcher)
        return searcher

    def _left_behind(self, name: str) -> Any | None:
        """A searcher of this kind whose thread has ended (call with the lock held)."""
        for thread, kind, searcher in self._owners.values():
            if kind == name and not thread.is_alive():
                return searcher
        return None

    def close(self) -> None:
        with self._lock:
            for _, _, searcher in self._owners.values():
                searcher.close()
            self._owners.clear()
        self.ix.close()

    # --- search -------------------------------------------------------------------------

    def search(self, parsed: ParsedQuery, request: SearchRequest) -> EngineResults:
        if parsed.root is None:
            return EngineResults(0, [])
        translator = _Translator(self.searcher, DOC_TEXT_FIELDS)
        doc_query = translator.translate(parsed.root)
        kwargs: dict[str, Any] = {
            "filter": wq.And([wq.Term("kind", "doc"), *self._filters(request.filters)]),
            "groupedby": {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in FACET_FIELDS},
        }
        relevance = request.sort != "date"
        if not relevance:
            kwargs["sortedby"] = sorting.FieldFacet("date", reverse=True)
        first = (request.page - 1) * request.per_page
        window = first + request.per_page
        results = self.searcher.search(doc_query, limit=max(window, RERANK_WINDOW), **kwargs)
        ranked = [(hit.score or 0.0, hit["doc_id"], hit["meta"]) for hit in results]
        if relevance:
            ranked = self._with_proximity_boost(ranked, [hit.docnum for hit in results], parsed.root)
        part_queries = _query_parts(parsed.root, _Translator(self.searcher, ("body",)))
        page_query = wq.Or(part_queries) if part_queries else None
        wanted = [doc_id for _, doc_id, _ in (ranked[:RERANK_WINDOW] if relevance else []) + ranked[first:window]]
        parts = [_terms_of(query) for query in part_queries]
        candidates = self._page_candidates(list(dict.fromkeys(wanted)), page_query, parts)
        if relevance:
            ranked = _rerank_by_pages(ranked, candidates, len(parts), _is_any_of(parsed.root))
        hits = [
            EngineHit(json.loads(meta), score,
                      self._best_pages(doc_id, candidates.get(doc_id, []), request.pages_per_result))
            for score, doc_id, meta in ranked[first:window]
        ]
        return EngineResults(len(results), hits, self._facets(results))

    def _with_proximity_boost(self, ranked: list[tuple], docnums: list[int], root: Node) -> list[tuple]:
        """Rank higher the documents where the query's plain words stand near each other.

        The boost is added to the BM25F score (as ``AndMaybe`` would), but only for the
        documents already retrieved: span matching over every matching document was the
        largest cost of a search, and a document outside the first ``RERANK_WINDOW`` is
        rarely lifted into the first page by nearness alone."""
        near = _proximity_query(root)
        if near is None or not ranked:
            return ranked
        matcher = near.matcher(self.searcher)
        boosts: dict[int, float] = {}
        for docnum in sorted(docnums):
            if budget.over("proximity", budget.NEARNESS_SKIPPED):  # budget (issue 16): optional work
                return ranked
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                boosts[docnum] = matcher.score()
        boosted = [(score + boosts.get(docnum, 0.0), doc_id, meta)
                   for (score, doc_id, meta), docnum in zip(ranked, docnums, strict=True)]
        return sorted(boosted, key=lambda item: -item[0])

    @staticmethod
    def _filters(filters: dict[str, str]) -> list[wq.Query]:
        clauses: list[wq.Query] = []
        if filters.get("type"):
            clauses.append(wq.Term("doc_type", filters["type"].lower()))
        if filters.get("court"):
            clauses.append(wq.Term("court", filters["court"]))
        if re.fullmatch(r"[0-9]{4}", filters.get("year", "")):
            clauses.append(wq.NumericRange("year", int(filters["year"]), int(filters["year"])))
        if filters.get("date_from") or filters.get("date_to"):
            clauses.append(wq.TermRange("date", filters.get("date_from") or None, filters.get("date_to") or None))
        return clauses

    def _page_candidates(
        self, doc_ids: list[str], page_query: wq.Query | None, parts: list[frozenset]
    ) -> dict[str, list[PageCandidate]]:
        """Matching pages of the given documents, best first, at most 200 a document.

        One search for all of them: building the matcher costs more than matching a few
        documents' pages, so it is built once rather than per document. No proximity spans
        here: a span matcher restricted to a few documents still scans the whole index.
        Page number, document and listing flag come from columns; a page's stored text is
        read only if it is shown (``_best_pages``)."""
        if page_query is None or not doc_ids:
            return {}
        if budget.over("choosing pages", budget.PAGES_SKIPPED):  # budget (issue 16): first pages shown instead
            return {}
        searcher = self.page_searcher
        found = searcher.search(_within(page_query, _PagesOf(doc_ids)), limit=None, terms=True, optimize=False)
        reader = searcher.reader()
        doc_of, page_of, listing_of = (reader.column_reader(name) for name in ("doc_id", "page", "listing"))
        by_doc: dict[str, list[PageCandidate]] = {}
        for hit in found:
            pages = by_doc.setdefault(doc_of[hit.docnum], [])
            if len(pages) < 200:
                number = page_of[hit.docnum]
                weight = _page_weight(number, bool(listing_of[hit.docnum])) * (hit.score or 0.0)
                pages.append(PageCandidate(weight, number, hit.docnum, _parts_matched(hit.matched_terms(), parts)))
        return by_doc

    def _best_pages(self, doc_id: str, candidates: list[PageCandidate], limit: int) -> list[PageText]:
        """The pages that together best cover the query: greedy, most new query parts first,
        then the best score (earlier pages win near-ties: captions name the case first).

        A document found only through its metadata (title, case number) shows its first page."""
        candidates = list(candidates)
        if not candidates:
            first = self.searcher.document(kind="page", doc_id=doc_id, page=1)
            return [PageText(1, first.get("page_text", ""), first.get("ocr", False))] if first else []
        chosen: list[PageCandidate] = []
        covered: set = set()
        while candidates and len(chosen) < limit:
            best = max(candidates, key=lambda c: (len(c.parts - covered), c.weight))
            candidates.remove(best)
            chosen.append(best)
            covered |= best.parts
        stored = [self.page_searcher.stored_fields(page.docnum) for page in chosen]
        return [PageText(page.number, fields.get("page_text", ""), fields.get("ocr", False))
                for page, fields in zip(chosen, stored, strict=True)]

    @staticmethod
    def _facets(results) -> dict[str, list[dict[str, Any]]]:
        facets: dict[str, list[dict[str, Any]]] = {}
        for name in FACET_FIELDS:
            counts = results.groups(name)
            values = [{"value": str(value), "count": count} for value, count in counts.items()
                      if value not in (None, "", b"")]
            facets[name] = sorted(values, key=lambda v: (-v["count"], v["value"]))
        return facets

    # --- documents ------------------------------------------------------------------------

    def document(self, doc_id: str) -> DocumentRecord | None:
        searcher = self.searcher
        doc = searcher.document(kind="doc", doc_id=doc_id)
        if doc is None:
            return None
        meta = json.loads(doc["meta"])
        pages = sorted(
            (PageText(stored["page"], stored.get("page_text", ""), stored.get("ocr", False))
             for stored in searcher.documents(kind="page", doc_id=doc_id)),
            key=lambda page: page.number,
        )
        fields = {key: meta.get(key, "") for key in DocumentRecord.__dataclass_fields__ if key != "pages"}
        fields["warnings"] = meta.get("warnings", [])
        fields["citations"] = meta.get("citations", [])
        return DocumentRecord(**fields, pages=pages)

    def more_like_this(self, doc_id: str, limit: int) -> list[dict[str, Any]]:
        """Documents sharing this one's most distinctive words (BM25-weighted key terms)."""
        searcher = self.searcher
        text = "\n".join(stored.get("page_text", "") for stored in searcher.documents(kind="page", doc_id=doc_id))
        if not text.strip():
            return []
        key_terms = searcher.key_terms_from_text("doc_body", text, numterms=MORE_LIKE_TERMS, normalize=True)
        if not key_terms:
            return []
        query = wq.Or([wq.Term("doc_body", term, boost=weight) for term, weight in key_terms])
        scope = wq.And([wq.Term("kind", "doc"), wq.Not(wq.Term("doc_id", doc_id))])
        return [json.loads(hit["meta"]) for hit in searcher.search(query, filter=scope, limit=limit)]

    def documents(self) -> list[dict[str, Any]]:
        return [json.loads(stored["meta"]) for stored in self.searcher.documents(kind="doc")]

    def cited_statutes(self, section: str) -> list[tuple[str, int]]:
        """Statute keys cited in the index whose section is ``section`` ("11-9.3" ->
        "720 ILCS 5/11-9.3"), with how many documents cite each, most cited first."""
        suffix = "/" + section.lower()
        reader = self.searcher.reader()
        found = [
            (term.decode("utf-8"), reader.doc_frequency("doc_citations", term))
            for term in reader.lexicon("doc_citations")
            if term.decode("utf-8").endswith(suffix) and b"_ilcs_" in term
        ]
        return sorted(found, key=lambda item: (-item[1], item[0]))

    # --- spelling -------------------------------------------------------------------------

    def is_known_word(self, word: str) -> bool:
        return self.searcher.doc_frequency("doc_body", stem(word.lower())) > 0

    def correct_word(self, word: str) -> str | None:
        """The most frequent indexed word one edit away, else two edits away.

        Whoosh ranks all candidates of one call alike by frequency, whatever their distance
        ("lawer" would become the frequent "law"), so nearer candidates are asked for first."""
        corrector = self.searcher.corrector("words")
        for distance in (1, 2):
            suggestions = corrector.suggest(word.lower(), limit=1, maxdist=distance)
            if suggestions:
                return suggestions[0]
        return None


def _is_statute(key: str) -> bool:
    return "ILCS" in key or "§" in key or "U.S.C." in key


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _is_any_of(root: Node) -> bool:
    """Whether one of several things asked for is enough ("a OR b", or a relaxed question)."""
    items = _positive_items(root)
    return len(items) == 1 and isinstance(items[0], AnyOf)


def _positive_items(root: Node) -> tuple[Node, ...]:
    return tuple(item for item in (root.items if isinstance(root, All) else (root,))
                 if not isinstance(item, (Not, Range)))


def _wanted_items(root: Node) -> tuple[Node, ...]:
    """The things the user asked for: each AND-ed item, or each alternative of an any-of query."""
    items = _positive_items(root)
    if len(items) == 1 and isinstance(items[0], AnyOf):
        return items[0].items
    return items


def _query_parts(root: Node, translator: _Translator) -> list[wq.Query]:
    """One page-level query for each thing the user asked for (see ``_wanted_items``).

    Any of them finds candidate pages; a page covers a part when it matches any of the part's
    terms, and counting parts rather than terms keeps a citation typed as five words from
    outweighing a plain word."""
    queries = (translator.translate_positive(item) for item in _wanted_items(root))
    return [query for query in queries if query is not None]


def _terms_of(query: wq.Query) -> frozenset:
    """The query's terms as (field, bytes) pairs, the form Whoosh reports matches in."""
    return frozenset(
        (name, text.encode("utf-8") if isinstance(text, str) else text) for name, text in query.all_terms()
    )


def _parts_matched(matched: list[tuple[str, bytes]], parts: list[frozenset]) -> frozenset[int]:
    found = set(matched)
    return frozenset(index for index, part in enumerate(parts) if part & found)


_LISTING = re.compile(r"TABLE OF (?:CONTENTS|AUTHORITIES)|INDEX OF AUTHORITIES|(?:\.\s?){8}", re.IGNORECASE)


def is_listing(text: str) -> bool:
    """A table of contents or of authorities (dot leaders count): decided once, at indexing."""
    return bool(_LISTING.search(text[:3000]))


def _page_weight(number: int, listing: bool) -> float:
    """How much a page's score counts when choosing pages to show.

    A table of contents or of authorities lists every point and citation of a brief; the
    reader wants the page that discusses it, so listings count half. Early pages win near-ties."""
    return (LISTING_PAGE_WEIGHT if listing else 1.0) * (1 - EARLIER_PAGE_PREFERENCE * number)


def _proximity_query(root: Node) -> wq.Query | None:
    """Where the query's plain words stand near each other in a document's text."""
    if not isinstance(root, All):
        return None
    terms = [stems(item.text) for item in root.items if isinstance(item, Word) and item.field is None]
    terms = [found[0] for found in terms if len(found) == 1][:MAX_NEAR_WORDS]  # cap (issue 16): span cost
    if len(terms) < 2:
        return None
    return SpanNear2([wq.Term("doc_body", term) for term in terms], slop=PROXIMITY_SLOP, ordered=False)


class _Translator:
    """Turns our query tree into Whoosh queries over the given default fields."""

    def __init__(self, searcher, default_fields: tuple[str, ...]):
        self.searcher = searcher
        self.default_fields = default_fields

    def translate(self, node: Node) -> wq.Query:
        if isinstance(node, All):
            positives = [self.translate(item) for item in node.items if not isinstance(item, Not)]
            negatives = [self.translate(item.item) for item in node.items if isinstance(item, Not)]
            positive = wq.And(positives) if positives else wq.Every()
            # Not ``AndNot``: unoptimised (as a faceted search is), Whoosh's AndNot matcher lets
            # excluded documents through ("park NOT covid" returned the COVID guidance).
            return wq.And([positive, wq.Not(wq.Or(negatives))]) if negatives else positive
        if isinstance(node, AnyOf):
            return wq.Or([self.translate(item) for item in node.items])
        if isinstance(node, Not):
            return wq.And([wq.Every(), wq.Not(self.translate(node.item))])
        if isinstance(node, Range):
            return self.range(node)
        if isinstance(node, Everything):  # an empty query: every document
            return wq.Every()
        if isinstance(node, (Authority, CaseNumber)):
            return self.reference(node)
        if isinstance(node, Expanded):
            alternatives = [self.translate(item) for item in node.alternatives]
            for alternative in alternatives:
                alternative.boost = GLOSSARY_BOOST
            return wq.Or([self.translate(node.original), *alternatives])
        return wq.Or([self.leaf(node, name) for name in self.fields_for(node.field)])

    @property
    def doc_level(self) -> bool:
        return "title" in self.default_fields

    def field(self, page_field: str) -> str:
        """The field holding ``page_field``'s content on the records this translator searches."""
        return DOC_FIELDS.get(page_field, page_field) if self.doc_level else page_field

    def reference(self, node: Authority | CaseNumber) -> wq.Query:
        """Documents (or pages) that cite it, or failing that, where its words stand together.

        The keyword fields hold what the annotate stage found; the phrase catches a spelling
        it missed (scored as the better of the two, not their sum, so a page is not favoured
        for spelling the cite as typed). Numbers that merely occur apart do not match."""
        # A case citation by its canonical key, not the spelling typed: "540 U. S. 56" and
        # "540 US 56" must score alike (issue 12). Statutes keep the typed form for now: "720 Ill.
        # Comp. Stat. 5/11-9.3" typed so finds the page written so (the samples' page labels).
        terms = stems(node.key if isinstance(node, Authority) and not _is_statute(node.key) else node.text)
        body = self.field("body")
        as_text = wq.Phrase(body, terms) if len(terms) > 1 else wq.Term(body, terms[0])
        if isinstance(node, Authority):
            return wq.DisjunctionMax([wq.Term(self.field("citations"), index_token(node.key), boost=2.0), as_text])
        clauses = [wq.Term(self.field("dockets"), node.key), as_text]
        if self.doc_level:
            clauses.append(wq.Term("case_keys", node.key, boost=3.0))
        return wq.DisjunctionMax(clauses)

    def translate_positive(self, node: Node) -> wq.Query | None:
        """Any of the wanted words, over the default fields: used to rank pages."""
        leaves = [
            leaf for leaf in ParsedQuery("", node).positive_leaves() if leaf.field in (None, "title", "case")
        ]
        if not leaves:
            return None
        return wq.Or([
            self.reference(leaf) if isinstance(leaf, (Authority, CaseNumber)) else self.leaf(leaf, name)
            for leaf in leaves for name in self.default_fields
        ])

    def fields_for(self, logical: str | None) -> tuple[str, ...]:
        if logical is None:
            return self.default_fields
        if logical == "year":
            return ("year",)
        if logical == "date":
            return ("date",)
        return FIELD_MAP[logical]

    def leaf(self, node: Word | Phrase | Prefix | Wildcard, name: str) -> wq.Query:
        if name == "year":
            return self.year(node.text)
        if name == "date":
            return wq.Term("date", node.text)
        if name == "case_name" and (key := docket_key(node.text)):
            return self.reference(CaseNumber(key, node.text))
        if isinstance(node, Prefix):
            return self.prefix(name, node.text)
        if isinstance(node, Wildcard):
            return self.wildcard(name, node.text)
        terms = stems(node.text)
        if isinstance(node, Word) and node.fuzzy and len(terms) == 1:
            return self.fuzzy(name, node.text, node.fuzzy)
        if len(terms) == 1:
            return wq.Term(name, terms[0])
        if isinstance(node, Phrase) and node.slop:
            return SpanNear2([wq.Term(name, term) for term in terms], slop=node.slop, ordered=False)
        return wq.Phrase(name, terms)

    def prefix(self, name: str, text: str) -> wq.Query:
        word = text.lower()
        start = min(word, stem(word), key=len)
        expansions = list(islice(self.searcher.reader().expand_prefix(name, start), MAX_PREFIX_EXPANSION + 1))
        if len(expansions) > MAX_PREFIX_EXPANSION:
            raise QueryRejected(f"'{text}*' matches too many words; add letters before the *")
        return wq.Prefix(name, start)

    def wildcard(self, name: str, text: str) -> wq.Query:
        """"Tarr?nt": ``?`` is one letter. Matched against the indexed (stemmed) words, so
        the pattern is lowercased; one that expands too far is refused like a prefix."""
        pattern = text.lower()
        # Matched against the unstemmed words ("sanit?zer" finds "sanitizer", whose stem is
        # "sanit"), then each word found is searched by its stem, as fuzzy words are.
        regex = re.compile("".join(r"\w" if ch == "?" else r"\w*" if ch == "*" else re.escape(ch) for ch in pattern))
        start = re.match(r"[^?*]*", pattern).group(0)
        candidates = self.searcher.reader().expand_prefix("words", start)
        found = [term for term in islice(candidates, MAX_PREFIX_EXPANSION * 20) if regex.fullmatch(_text(term))]
        if len(found) > MAX_PREFIX_EXPANSION:
            raise QueryRejected(f"'{text}' matches too many words; add letters")
        terms = sorted({stem(_text(term)) for term in found})
        return wq.Or([wq.Term(name, term) for term in terms]) if terms else wq.NullQuery

    def fuzzy(self, name: str, text: str, distance: int) -> wq.Query:
        """Words within ``distance`` edits of what was typed (before stemming), then stemmed."""
        word = text.lower()
        near = islice(self.searcher.reader().terms_within("words", word, distance, prefix=1), MAX_FUZZY_EXPANSION)
        found = {stem(term) for term in near} | {stem(word)}
        return wq.Or([wq.Term(name, term) for term in sorted(found)])

    @staticmethod
    def year(text: str) -> wq.Query:
        if not (text.isascii() and text.isdigit() and len(text) <= 4):
            return wq.NullQuery
        return wq.NumericRange("year", int(text), int(text))

    @staticmethod
    def range(node: Range) -> wq.Query:
        if node.field == "year":
            low = int(node.low) if node.low else None
            high = int(node.high) if node.high else None
            return wq.NumericRange("year", low, high)
        return wq.TermRange("date", node.low, node.high)


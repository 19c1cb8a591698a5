"""Reading a generation with Whoosh: the small calls of ``search/engines/base.py``."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from functools import partial
from itertools import islice
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import scoring, sorting
from whoosh.matching import ListMatcher, NullMatcher

from search.analysis import stem, stem_es
from search.engines.base import DocMatch, Matches, PageMatch, record_from_stored
from search.engines.whoosh.translate import Translator, filter_query, proximity_query
from search.fields import Filter, field_named
from search.models import DocumentMeta, DocumentRecord, PageText
from search.query import Node

#: How many distinctive words describe a document for "more like this".
MORE_LIKE_TERMS = 25
#: BM25's length normalization (b) for documents, and for pages: long pages that discuss a
#: point are not penalized against a dense table of authorities that merely lists it.
DOC_LENGTH_NORMALIZATION = 0.75
PAGE_LENGTH_NORMALIZATION = 0.3
#: Filter combinations whose matching records a reader remembers (visitors' and staff's scope,
#: and the facet filters people click).
MAX_REMEMBERED_SCOPES = 64


class _PagesOf(wq.Query):
    """The page records of the given documents (and their doc records), as one flat list.

    Why not ``Or([Term("doc_id", ...)])``: Whoosh nests binary union matchers for it, and
    leapfrogging the page query through 60 of them cost a million ``skip_to`` calls a
    query at 10,000 pages. The page query's fields exist only on page records."""

    def __init__(self, doc_ids: Sequence[str]):
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


def _documents_passing(filters: Sequence[Filter]) -> wq.Query:
    """The document records (not pages) passing every filter."""
    return wq.And([wq.Term("kind", "doc"), *map(filter_query, filters)])


def _terms_of(query: wq.Query) -> frozenset:
    """The query's terms as (field, bytes) pairs, the form Whoosh reports matches in."""
    return frozenset(
        (name, text.encode("utf-8") if isinstance(text, str) else text) for name, text in query.all_terms()
    )


def _parts_matched(matched: list[tuple[str, bytes]], parts: list[frozenset]) -> frozenset[int]:
    found = set(matched)
    return frozenset(index for index, part in enumerate(parts) if part & found)


class WhooshReader:
    """Searches one generation. One Whoosh searcher per thread, reused across requests.

    A server that starts a thread per request (``flask run``) would open a searcher for
    each; a new thread therefore takes over the searcher of a thread that has ended."""

    def __init__(self, ix: whoosh_index.Index):
        self.ix = ix
        self._local = threading.local()
        self._owners: dict[int, tuple[threading.Thread, str, Any]] = {}
        self._lock = threading.Lock()
        self._scopes: dict[tuple[Filter, ...], set[int]] = {}

    @property
    def searcher(self):
        """Ranks documents: BM25F with the usual length normalization."""
        return self._thread_searcher("documents", scoring.BM25F(B=DOC_LENGTH_NORMALIZATION))

    @property
    def page_searcher(self):
        """Ranks pages of one document (see ``PAGE_LENGTH_NORMALIZATION``)."""
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

    def _scope(self, filters: Sequence[Filter]) -> set[int]:
        """The document records passing ``filters``, as a set of record numbers for ``filter=``.

        Remembered for the generation (record numbers do not change in it): given as a query,
        Whoosh turned the filter into a bit set on every search, walking the postings of
        ``kind:doc`` and of the visitors' ``visibility:public``, a quarter of a search at 10,000
        pages. A set of numbers is also what Whoosh's collector tests fastest (a ``set``: Whoosh
        takes no other collection of numbers; it only reads it). Callers must not search with an
        empty one: Whoosh takes an empty filter for no filter at all."""
        key = tuple(filters)
        found = self._scopes.get(key)
        if found is None:
            found = set(self.searcher.docs_for_query(_documents_passing(filters)))
            with self._lock:
                if len(self._scopes) >= MAX_REMEMBERED_SCOPES:
                    self._scopes.clear()
                self._scopes[key] = found
        return found

    def _columns(self, *names: str) -> list[Any]:
        """This thread's column readers of the page searcher's reader, opened once: opening the
        ``doc_id`` column reads the offsets of every record (milliseconds at 10,000 pages)."""
        searcher = self.page_searcher
        cached = getattr(self._local, "columns", None)
        if cached is None or cached[0] is not searcher:
            cached = self._local.columns = (searcher, {})
        readers = cached[1]
        for name in names:
            if name not in readers:
                readers[name] = searcher.reader().column_reader(name)
        return [readers[name] for name in names]

    # --- matching -----------------------------------------------------------------------

    def match(
        self,
        query: Node,
        *,
        filters: Sequence[Filter] = (),
        sort: str = "relevance",
        limit: int = 10,
        facets: Sequence[str] = (),
    ) -> Matches:
        searcher = self.searcher
        scope = self._scope(filters)
        if not scope:  # Whoosh reads an empty filter as none at all: nothing passes these filters
            return Matches([], 0, {name: {} for name in facets})
        kwargs: dict[str, Any] = {
            "filter": scope,
            "groupedby": {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in facets},
        }
        if sort == "date":
            kwargs["sortedby"] = sorting.FieldFacet("date", reverse=True)
        results = searcher.search(Translator(searcher).translate(query), limit=limit, **kwargs)
        # With ``groupedby`` Whoosh collects (and would hand back) every match: keep the first ``limit``.
        hits = [DocMatch(hit["doc_id"], hit.score or 0.0, partial(_meta, hit["meta"]), hit.docnum)
                for hit in islice(results, limit)]
        counts = {name: {str(value): count for value, count in results.groups(name).items()
                         if value not in (None, "", b"") and not _column_gap(name, value)} for name in facets}
        return Matches(hits, len(results), counts)

    def proximity(self, hits: Sequence[DocMatch], words: Sequence[str], slop: int) -> dict[str, float]:
        """The span query's score for each hit, walking its matcher only to the hits' records.

        Span matching over every matching document was the largest cost of a search; the
        matcher skips straight to the few documents asked about."""
        near = proximity_query(list(words), slop)
        if near is None or not hits:
            return {}
        matcher = near.matcher(self.searcher)
        scores: dict[str, float] = {}
        for hit in sorted(hits, key=lambda item: item.ref):
            if not matcher.is_active():
                break
            if matcher.id() < hit.ref:
                matcher.skip_to(hit.ref)
            if matcher.is_active() and matcher.id() == hit.ref:
                scores[hit.doc_id] = matcher.score()
        return scores

    def pages(self, doc_ids: Sequence[str], parts: Sequence[Node], per_document: int) -> dict[str, list[PageMatch]]:
        """One search for all the documents: building the matcher costs more than matching a
        few documents' pages. Page number, document and listing flag come from columns."""
        if not parts or not doc_ids:
            return {}
        searcher = self.page_searcher
        translator = Translator(searcher, pages=True)
        part_queries = [translator.translate(part) for part in parts]
        part_terms = [_terms_of(query) for query in part_queries]
        found = searcher.search(_within(wq.Or(part_queries), _PagesOf(doc_ids)), limit=None, terms=True,
                                optimize=False)
        doc_of, page_of, listing_of = self._columns("doc_id", "page", "listing")
        by_doc: dict[str, list[PageMatch]] = {}
        for hit in found:
            pages = by_doc.setdefault(doc_of[hit.docnum], [])
            if len(pages) < per_document:
                pages.append(PageMatch(page_of[hit.docnum], hit.score or 0.0,
                                       _parts_matched(hit.matched_terms(), part_terms),
                                       bool(listing_of[hit.docnum]), hit.docnum))
        return by_doc

    def page_texts(self, pages: Sequence[PageMatch]) -> list[PageText]:
        searcher = self.page_searcher
        stored = [searcher.stored_fields(page.ref) for page in pages]
        return [PageText(page.number, fields.get("page_text", ""), fields.get("ocr", False),
                         fields.get("page_language"))
                for page, fields in zip(pages, stored, strict=True)]

    def page(self, doc_id: str, number: int) -> PageText | None:
        found = self.searcher.document(kind="page", doc_id=doc_id, page=number)
        return PageText(number, found.get("page_text", ""), found.get("ocr", False),
                        found.get("page_language")) if found else None

    # --- documents ------------------------------------------------------------------------

    def document(self, doc_id: str) -> DocumentRecord | None:
        searcher = self.searcher
        doc = searcher.document(kind="doc", doc_id=doc_id)
        if doc is None:
            return None
        meta = DocumentMeta.from_json(json.loads(doc["meta"]))
        details = json.loads(doc.get("details") or "{}")
        pages = sorted(
            (PageText(stored["page"], stored.get("page_text", ""), stored.get("ocr", False),
                      stored.get("page_language"))
             for stored in searcher.documents(kind="page", doc_id=doc_id)),
            key=lambda page: page.number,
        )
        return record_from_stored(meta, details, pages)

    def documents(self, filters: Sequence[Filter] = ()) -> list[DocumentMeta]:
        if not filters:
            return [DocumentMeta.from_json(json.loads(stored["meta"]))
                    for stored in self.searcher.documents(kind="doc")]
        return [DocumentMeta.from_json(json.loads(hit["meta"]))
                for hit in self.searcher.search(_documents_passing(filters), limit=None)]

    def cited_statutes(self, section: str) -> list[tuple[str, int]]:
        suffix = "/" + section.lower()
        reader = self.searcher.reader()
        found = [
            (term.decode("utf-8"), reader.doc_frequency("doc_citations", term))
            for term in reader.lexicon("doc_citations")
            if term.decode("utf-8").endswith(suffix) and b"_ilcs_" in term
        ]
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def more_like_this(self, doc_id: str, limit: int, filters: Sequence[Filter] = ()) -> list[DocumentMeta]:
        """Documents sharing this one's most distinctive words (BM25-weighted key terms), among
        those passing ``filters``."""
        searcher = self.searcher
        text = "\n".join(stored.get("page_text", "") for stored in searcher.documents(kind="page", doc_id=doc_id))
        if not text.strip():
            return []
        key_terms = searcher.key_terms_from_text("doc_body", text, numterms=MORE_LIKE_TERMS, normalize=True)
        if not key_terms:
            return []
        query = wq.Or([wq.Term("doc_body", term, boost=weight) for term, weight in key_terms])
        scope = wq.And([_documents_passing(filters), wq.Not(wq.Term("doc_id", doc_id))])
        return [DocumentMeta.from_json(json.loads(hit["meta"])) for hit in searcher.search(query, filter=scope,
                                                                                          limit=limit)]

    # --- spelling -------------------------------------------------------------------------

    def doc_frequency(self, word: str, filters: Sequence[Filter] = ()) -> int:
        """Documents (passing ``filters``) holding ``word`` as an English page or as a Spanish page holds it."""
        word = word.lower()
        return self._term_frequency(stem(word), filters) or self._term_frequency(stem_es(word), filters)

    def _term_frequency(self, term: str, filters: Sequence[Filter]) -> int:
        if not filters:
            return self.searcher.doc_frequency("doc_body", term)
        scope = self._scope(filters)
        if not scope:  # an empty filter would be read as none: nothing passes these filters
            return 0
        return len(self.searcher.search(wq.Term("doc_body", term), filter=scope, limit=1))

    def terms_within(self, word: str, distance: int) -> list[tuple[str, int]]:
        reader = self.searcher.reader()
        return [(term, int(reader.frequency("words", term)) or 1)
                for term in reader.terms_within("words", word.lower(), distance)]


def _meta(stored: str) -> DocumentMeta:
    return DocumentMeta.from_json(json.loads(stored))


def _column_gap(name: str, value: Any) -> bool:
    """Whether a numeric column's value is Whoosh's filler for a document without one.

    Whoosh-Reloaded fills the gap with the largest number of the column's type, and reads it back
    as 2147483647 (not the field's ``default``, 4294967295), so undated documents were counted
    under that year. Years are four digits (the catalog checks real dates): anything else is the
    filler, and undated documents are left out of the facet, as tantivy leaves them."""
    return field_named(name).kind == "year" and not (isinstance(value, int) and 0 < value < 10_000)

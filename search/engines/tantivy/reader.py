"""Reading a generation with tantivy: the small calls of ``search/engines/base.py``.

One tantivy searcher for the units and one for the spelling words, opened with the reader
and shared by every thread (tantivy's searchers are immutable snapshots and safe to share;
a generation never changes once published, so the reload policy is manual and no watcher
thread is started).

Differences from the Whoosh engine that ranking sees (reviewed in ``docs/performance.md``):
BM25 is tantivy's (its IDF, k1 1.2, b 0.75 for pages too: tantivy-py cannot set b, where
Whoosh's page searcher uses 0.3), and field weights multiply a field's score.
"""

from __future__ import annotations

import json
import math
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path

import tantivy
from tantivy import Occur
from tantivy import Query as Q

from search.analysis import stem, stem_es
from search.citations import index_token
from search.engines.base import DocMatch, Matches, PageMatch, record_from_stored
from search.engines.tantivy import schema as layout
from search.engines.tantivy.schema import doc_ordinal
from search.engines.tantivy.translate import Translator, any_of, filter_query, near, proximity_terms, restricted
from search.fields import Filter
from search.mentions import CitedAuthority
from search.models import DocumentMeta, DocumentRecord, PageText
from search.query import Node
from search.tokencache import token_tuples

#: How many distinctive words describe a document for "more like this".
MORE_LIKE_TERMS = 25
#: The most spelling words one ``terms_within`` call looks at.
MAX_SPELLING_CANDIDATES = 2000
#: Page units fetched for one document at most (larger documents are rare; see ``pages``).
MAX_PAGES_PER_DOCUMENT = 100_000
#: Facet values counted per field at most.
MAX_FACET_VALUES = 10_000
#: Documents whose id and metadata a reader keeps at most (see ``_identities``): under 1 kB
#: each (0.5 kB at 100,000 generated pages, 0.6 kB for the real filings), so 20 MB at most.
MAX_KNOWN_DOCUMENTS = 20_000


def _open(path: Path) -> tantivy.Index:
    index = tantivy.Index.open(str(path))
    index.config_reader(reload_policy="manual")
    return index


class TantivyReader:
    def __init__(self, root: Path):
        self.root = root
        self.index = _open(root / layout.UNITS)
        self.spelling_index = _open(root / layout.SPELLING)
        self.schema = self.index.schema
        self.spelling_schema = self.spelling_index.schema
        self.searcher = self.index.searcher()
        self.spelling = self.spelling_index.searcher()
        self._docs_only = Q.term_query(self.schema, "kind", "doc")
        self._pages_only = Q.term_query(self.schema, "kind", "page")
        self._stems: dict[str, int] | None = None
        #: doc_ordinal -> (doc_id, stored metadata) of the documents matched so far (``_identities``).
        self._known_docs: dict[int, tuple[str, bytes]] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        """Nothing to release explicitly: tantivy unmaps the files when the objects are dropped."""
        self.searcher = self.spelling = None

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
        translated = Translator(self.schema, searcher, self).translate(query)
        translated = restricted(translated, self._docs_only, *(filter_query(self.schema, item) for item in filters))
        limit = max(1, limit)
        if sort == "date":
            found = searcher.search(translated, limit, count=True, order_by_field="date_number",
                                    order=tantivy.Order.Desc)
        else:
            found = searcher.search(translated, limit, count=True)
        addresses = [address for _, address in found.hits]
        hits = []
        for (score, address), (doc_id, meta) in zip(found.hits, self._identities(addresses), strict=True):
            hits.append(DocMatch(doc_id, 0.0 if sort == "date" else float(score), partial(_meta, meta), address))
        counts: dict[str, dict[str, int]] = {}
        if facets and found.count:
            request = {name: {"terms": {"field": name, "size": MAX_FACET_VALUES}} for name in facets}
            answer = searcher.aggregate(translated, request)
            for name in facets:
                buckets = answer.get(name, {}).get("buckets", [])
                counts[name] = {_facet_value(bucket["key"]): int(bucket["doc_count"]) for bucket in buckets
                                if _facet_value(bucket["key"])}
        else:
            counts = {name: {} for name in facets}
        return Matches(hits, int(found.count or 0), counts)

    def _identities(self, addresses: list) -> list[tuple[str, bytes]]:
        """The id and stored metadata of each matching document unit.

        Read once per document and generation, then known by the unit's ``doc_ordinal`` fast
        field: reading the 50 stored documents of every search (each read decompresses a block
        of the store, mostly page text) took 0.4 to 0.5 ms at 100,000 pages, where the fast
        field takes 0.01 ms. A unit without the field (an index older than schema 7) is read
        from the store each time."""
        searcher = self.searcher
        known = self._known_docs
        found = []
        for address, ordinal in zip(addresses, searcher.fast_field_values("doc_ordinal", addresses), strict=True):
            identity = known.get(ordinal) if ordinal else None
            if identity is None:
                stored = searcher.doc(address)
                meta = bytes(stored["meta"][0])
                identity = (stored.get_first("doc_id") or _meta(meta).id, meta)  # id not stored before schema 6
                if ordinal:
                    if len(known) >= MAX_KNOWN_DOCUMENTS:
                        known.clear()  # bounded memory; the next searches read the store again
                    known[ordinal] = identity
            found.append(identity)
        return found

    def proximity(self, hits: Sequence[DocMatch], words: Sequence[str], slop: int) -> dict[str, float]:
        """Three words or more are looked for in the query's order and its reverse, not in every
        order: four words' 24 sloppy phrases took 4 to 6 ms at 100,000 pages, a quarter of such a
        search, and the labelled sets rank the same with two (samples MRR@10 0.974, realdocs 1.000)."""
        terms = proximity_terms(list(words))
        if len(terms) < 2 or not hits:
            return {}
        query = restricted(near(self.schema, "body", terms, slop, permuted=2), self._scope(hit.doc_id for hit in hits),
                           self._docs_only)
        by_address = {(hit.ref.segment_ord, hit.ref.doc): hit.doc_id for hit in hits}
        found = self.searcher.search(query, len(hits), count=False).hits
        return {by_address[(address.segment_ord, address.doc)]: float(score) for score, address in found
                if (address.segment_ord, address.doc) in by_address}

    def pages(self, doc_ids: Sequence[str], parts: Sequence[Node], per_document: int) -> dict[str, list[PageMatch]]:
        """One search per part over the pages of the given documents; a page's score is the sum
        of its parts' scores (the score of their union) and it covers the parts it matched.
        Document, page number and listing flag come from fast fields."""
        if not parts or not doc_ids:
            return {}
        searcher = self.searcher
        translator = Translator(self.schema, searcher, self, pages=True)
        scope = self._scope(doc_ids)
        limit = min(len(doc_ids) * max(per_document, 1), MAX_PAGES_PER_DOCUMENT)
        found: dict[tuple[int, int], list] = {}
        for index, part in enumerate(parts):
            query = restricted(translator.translate(part), scope, self._pages_only)
            for score, address in searcher.search(query, limit, count=False).hits:
                key = (address.segment_ord, address.doc)
                entry = found.get(key)
                if entry is None:
                    found[key] = [float(score), {index}, address]
                else:
                    entry[0] += float(score)
                    entry[1].add(index)
        if not found:
            return {}
        addresses = [entry[2] for entry in found.values()]
        ordinals = searcher.fast_field_values("doc_ordinal", addresses)
        numbers = searcher.fast_field_values("page", addresses)
        listings = searcher.fast_field_values("listing", addresses)
        doc_of = {doc_ordinal(doc_id): doc_id for doc_id in doc_ids}
        by_doc: dict[str, list[PageMatch]] = {}
        for (score, covered, address), ordinal, number, listing in zip(
                found.values(), ordinals, numbers, listings, strict=True):
            doc_id = doc_of.get(ordinal)
            if doc_id is not None:
                by_doc.setdefault(doc_id, []).append(
                    PageMatch(int(number), score, frozenset(covered), bool(listing), address))
        for pages in by_doc.values():
            pages.sort(key=lambda page: (-page.score, page.number))
            del pages[per_document:]
        return by_doc

    def _scope(self, doc_ids: Iterable[str]) -> tantivy.Query:
        """The units of these documents. A union of term queries, not ``term_set_query``: the
        term set walks the whole ``doc_id`` dictionary of every segment (0.9 ms for 50 ids at
        100,000 pages, against 0.2 ms for the union), and this scope is in every page search."""
        return any_of([Q.term_query(self.schema, "doc_id", doc_id) for doc_id in dict.fromkeys(doc_ids)])

    def page_texts(self, pages: Sequence[PageMatch]) -> list[PageText]:
        return [_page_text(self.searcher.doc(page.ref)) for page in pages]

    def page(self, doc_id: str, number: int) -> PageText | None:
        query = Q.boolean_query([
            (Occur.Must, Q.term_query(self.schema, "doc_id", doc_id)),
            (Occur.Must, self._pages_only),
            (Occur.Must, Q.range_query(self.schema, "page", tantivy.FieldType.Integer, number, number)),
        ])
        found = self.searcher.search(query, 1, count=False).hits
        return _page_text(self.searcher.doc(found[0][1])) if found else None

    # --- documents ------------------------------------------------------------------------

    def _stored_doc(self, doc_id: str):
        query = Q.boolean_query([(Occur.Must, Q.term_query(self.schema, "doc_id", doc_id)),
                                 (Occur.Must, self._docs_only)])
        found = self.searcher.search(query, 1, count=False).hits
        return self.searcher.doc(found[0][1]) if found else None

    def _page_units(self, doc_id: str, page_count: int) -> list[PageText]:
        searcher = self.searcher
        limit = max(1, min(page_count + 1000, MAX_PAGES_PER_DOCUMENT))
        query = Q.boolean_query([(Occur.Must, Q.term_query(self.schema, "doc_id", doc_id)),
                                 (Occur.Must, self._pages_only)])
        found = searcher.search(query, limit, count=False).hits
        return sorted((_page_text(searcher.doc(address)) for _, address in found), key=lambda page: page.number)

    def document(self, doc_id: str) -> DocumentRecord | None:
        stored = self._stored_doc(doc_id)
        if stored is None:
            return None
        meta = DocumentMeta.from_json(json.loads(bytes(stored["meta"][0])))
        details = json.loads(bytes(stored["details"][0]) or b"{}")
        pages = self._page_units(doc_id, meta.page_count)
        return record_from_stored(meta, details, pages)

    def documents(self, filters: Sequence[Filter] = ()) -> list[DocumentMeta]:
        searcher = self.searcher
        scope = restricted(self._docs_only, *(filter_query(self.schema, item) for item in filters)) if filters \
            else self._docs_only
        found = searcher.search(scope, max(1, searcher.num_docs), count=False).hits
        return [DocumentMeta.from_json(json.loads(bytes(searcher.doc(address)["meta"][0]))) for _, address in found]

    def cited_statutes(self, section: str) -> list[tuple[str, int]]:
        """tantivy-py cannot walk a field's terms, so: the documents whose citation keys match
        ``*_ilcs_*/<section>`` (a regex over the term dictionary), their stored citation keys
        ending so, and each key's document frequency."""
        suffix = "/" + section.lower()
        pattern = ".*_ilcs_.*" + "".join(ch if ch.isalnum() else f"[{ch}]" for ch in suffix)
        query = Q.regex_query(self.schema, layout.CITATIONS, pattern)
        searcher = self.searcher
        found = searcher.search(query, max(1, searcher.num_docs), count=False).hits
        keys: set[str] = set()
        for _, address in found:
            details = json.loads(bytes(searcher.doc(address)["details"][0]))
            for item in details.get("citations", []):
                keys.update(token for key in CitedAuthority.from_json(item).index_keys
                            if (token := index_token(key)).endswith(suffix) and "_ilcs_" in token)
        counted = [(key, int(searcher.doc_freq(layout.CITATIONS, key))) for key in keys]
        return sorted(counted, key=lambda item: (-item[1], item[0]))

    def more_like_this(self, doc_id: str, limit: int, filters: Sequence[Filter] = ()) -> list[DocumentMeta]:
        """Documents (among those passing ``filters``) sharing this one's most distinctive body
        terms, chosen as Whoosh's ``key_terms_from_text`` chooses them (the Bo1 model over occurrence counts), each
        weighted by its normalized Bo1 score."""
        stored = self._stored_doc(doc_id)
        if stored is None:
            return []
        meta = json.loads(bytes(stored["meta"][0]))
        text = "\n".join(page.text for page in self._page_units(doc_id, int(meta.get("page_count") or 0)))
        key_terms = self._key_terms(text)
        if not key_terms:
            return []
        query = Q.boolean_query(
            [(Occur.Should, Q.boost_query(Q.term_query(self.schema, "body", term), weight))
             for term, weight in key_terms]
            + [(Occur.MustNot, Q.term_query(self.schema, "doc_id", doc_id))])
        scope = [self._docs_only, *(filter_query(self.schema, item) for item in filters)]
        found = self.searcher.search(restricted(query, *scope), max(1, limit), count=False).hits
        return [DocumentMeta.from_json(json.loads(bytes(self.searcher.doc(address)["meta"][0])))
                for _, address in found]

    def _key_terms(self, text: str) -> list[tuple[str, float]]:
        in_text = Counter(token[1] for token in token_tuples(text))
        if not in_text:
            return []
        stems = self._stem_counts()
        units = self.searcher.num_docs
        scored = []
        for term, weight in in_text.items():
            collection = stems.get(term)
            if collection:
                share = collection / units
                scored.append((weight * math.log2((1 + share) / share) + math.log2(1 + share), term))
        if not scored:
            return []
        scored.sort(key=lambda item: (-item[0], item[1]))
        top = scored[:MORE_LIKE_TERMS]
        best = top[0][0]
        share = best / units
        norm = (best * math.log((1 + share) / share) + math.log(1 + share)) / math.log(2) if best else 1.0
        return [(term, score / norm if norm else score) for score, term in top]

    def _stem_counts(self) -> dict[str, int]:
        with self._lock:
            if self._stems is None:
                counts = json.loads((self.root / layout.VOCABULARY).read_text(encoding="utf-8"))
                self._stems = counts.get("stems", {})
            return self._stems

    # --- spelling -------------------------------------------------------------------------

    def doc_frequency(self, word: str, filters: Sequence[Filter] = ()) -> int:
        """Documents (passing ``filters``) holding ``word`` as an English page or as a Spanish page holds it."""
        word = word.lower()
        return self._term_frequency(stem(word), filters) or self._term_frequency(stem_es(word), filters)

    def _term_frequency(self, term: str, filters: Sequence[Filter]) -> int:
        if not filters:
            return int(self.searcher.doc_freq("body", term))
        query = restricted(Q.term_query(self.schema, "body", term), self._docs_only,
                           *(filter_query(self.schema, item) for item in filters))
        return int(self.searcher.search(query, 1, count=True).count or 0)

    def terms_within(self, word: str, distance: int) -> list[tuple[str, int]]:
        """Through tantivy's Levenshtein automaton over the spelling index (transpositions
        count one edit, as in Whoosh's Damerau-Levenshtein)."""
        word = word.lower()
        if not word or distance < 0:
            return []
        query = Q.fuzzy_term_query(self.spelling_schema, "word", word, distance=min(distance, 2),
                                   transposition_cost_one=True)
        found = self.spelling.search(query, MAX_SPELLING_CANDIDATES, count=False).hits
        stored = [self.spelling.doc(address) for _, address in found]
        return [(unit["word"][0], int(unit["frequency"][0])) for unit in stored]


def _page_text(unit) -> PageText:
    return PageText(int(unit["page"][0]), bytes(unit["text"][0]).decode("utf-8"), bool(unit["ocr"][0]),
                    unit.get_first("page_language"))  # None in an index older than schema 5


def _meta(stored: bytes) -> DocumentMeta:
    return DocumentMeta.from_json(json.loads(bytes(stored)))


def _facet_value(key) -> str:
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    return str(key) if key not in (None, "") else ""

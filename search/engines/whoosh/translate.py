"""Our query tree (``search.query``) as Whoosh queries: the meanings in ``search/engines/base.py``."""

from __future__ import annotations

import re
from itertools import islice

from whoosh import query as wq
from whoosh.query.spans import SpanNear2

from search.analysis import SPANISH_MARK, fold_accents, stem, stem_es, stem_variants, stems
from search.citations import index_token
from search.dockets import docket_key
from search.engines import base
from search.engines.whoosh.phrase import AdjacentPhrase
from search.engines.whoosh.schema import words_field
from search.fields import Filter, field_named, searched_fields
from search.query import (
    All,
    Authority,
    CaseNumber,
    Everything,
    Expanded,
    Node,
    Not,
    Phrase,
    Prefix,
    QueryRejected,
    Range,
    Wildcard,
    Word,
)
from search.query import Any as AnyOf


def exclude(positive: wq.Query, excluded: wq.Query) -> wq.Query:
    """Documents matching ``positive`` and not ``excluded``.

    Built as ``And([positive, Not(excluded)])`` with public query classes rather than Whoosh's
    ``AndNot``: run unoptimised (as a faceted search is), Whoosh-Reloaded 2.7.5's ``AndNotMatcher``
    checks its first posting against the excluded ones only when both start on the same record,
    so "park NOT covid" returned the COVID guidance (found by the AND NOT property test).
    """
    return wq.And([positive, wq.Not(excluded)])


#: The page field each doc-record field corresponds to (see schema.py).
DOC_FIELDS = {"body": "doc_body", "citations": "doc_citations", "dockets": "doc_dockets"}


def doc_default_fields() -> tuple[str, ...]:
    """Where words without a field name are looked for on doc records."""
    return (*(words_field(item) or item.name for item in searched_fields()), "doc_body")


class Translator:
    """Turns our query tree into Whoosh queries, for doc records or for page records."""

    def __init__(self, searcher, *, pages: bool = False):
        self.searcher = searcher
        self.doc_level = not pages
        self.default_fields = ("body",) if pages else doc_default_fields()

    def translate(self, node: Node) -> wq.Query:
        if isinstance(node, All):
            positives = [self.translate(item) for item in node.items if not isinstance(item, Not)]
            negatives = [self.translate(item.item) for item in node.items if isinstance(item, Not)]
            positive = wq.And(positives) if positives else wq.Every()
            return exclude(positive, wq.Or(negatives)) if negatives else positive
        if isinstance(node, AnyOf):
            return wq.Or([self.translate(item) for item in node.items])
        if isinstance(node, Not):
            return exclude(wq.Every(), self.translate(node.item))
        if isinstance(node, Range):
            return self.range(node)
        if isinstance(node, Everything):  # an empty query: every document
            return wq.Every()
        if isinstance(node, (Authority, CaseNumber)):
            return self.reference(node)
        if isinstance(node, Expanded):
            alternatives = [self.translate(item) for item in node.alternatives]
            for alternative in alternatives:
                alternative.boost = base.GLOSSARY_BOOST
            return wq.Or([self.translate(node.original), *alternatives])
        return wq.Or([self.leaf(node, name) for name in self.fields_for(node.field)])

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
        typed = node.key if isinstance(node, Authority) and not base.is_statute(node.key) else node.text
        body = self.field("body")
        # as an English page and as a Spanish page holds it ("ILCS" is es:ilcs on a Spanish page)
        variants = [AdjacentPhrase(body, terms) if len(terms) > 1 else wq.Term(body, terms[0])
                    for terms in stem_variants(typed)]
        as_text = variants[0] if len(variants) == 1 else wq.DisjunctionMax(variants)
        if isinstance(node, Authority):
            return wq.DisjunctionMax([wq.Term(self.field("citations"), index_token(node.key), boost=2.0), as_text])
        clauses = [wq.Term(self.field("dockets"), node.key), as_text]
        if self.doc_level:
            clauses.append(wq.Term("case_keys", node.key, boost=3.0))
        return wq.DisjunctionMax(clauses)

    def fields_for(self, name: str | None) -> tuple[str, ...]:
        if name is None:
            return self.default_fields
        item = field_named(name)
        if item.kind in ("year", "date"):
            return (item.name,)
        found = words_field(item)
        return (found,) if found else ()

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
        variants = stem_variants(node.text)
        if isinstance(node, Word) and node.fuzzy and len(variants[0]) == 1:
            return self.fuzzy(name, node.text, node.fuzzy)
        # As an English page and as a Spanish page holds the words (search/analysis.py): either.
        found = [self.terms(name, terms, node) for terms in variants]
        return found[0] if len(found) == 1 else wq.Or(found)

    @staticmethod
    def terms(name: str, terms: list[str], node: Word | Phrase) -> wq.Query:
        if len(terms) == 1:
            return wq.Term(name, terms[0])
        if isinstance(node, Phrase) and node.slop:
            return SpanNear2([wq.Term(name, term) for term in terms], slop=node.slop, ordered=False)
        return AdjacentPhrase(name, terms)

    def prefix(self, name: str, text: str) -> wq.Query:
        word = text.lower()
        start = min(word, stem(word), key=len)
        expansions = list(islice(self.searcher.reader().expand_prefix(name, start), base.MAX_PREFIX_EXPANSION + 1))
        if len(expansions) > base.MAX_PREFIX_EXPANSION:
            raise QueryRejected(f"'{text}*' matches too many words; add letters before the *")
        spanish = SPANISH_MARK + fold_accents(word)  # "restric*" finds es:restriccion on Spanish pages
        spanish_expansions = list(islice(self.searcher.reader().expand_prefix(name, spanish),
                                         base.MAX_PREFIX_EXPANSION + 1))
        if not spanish_expansions:
            return wq.Prefix(name, start)
        if len(spanish_expansions) > base.MAX_PREFIX_EXPANSION:
            raise QueryRejected(f"'{text}*' matches too many words; add letters before the *")
        return wq.Or([wq.Prefix(name, start), wq.Prefix(name, spanish)])

    def wildcard(self, name: str, text: str) -> wq.Query:
        """"Tarr?nt": ``?`` is one letter, ``*`` any letters. Matched against the unstemmed
        words ("sanit?zer" finds "sanitizer", whose stem is "sanit"), then each word found is
        searched by its stem, as fuzzy words are; one that expands too far is refused like a
        prefix."""
        pattern = text.lower()
        regex = re.compile(base.wildcard_regex(pattern))
        start = re.match(r"[^?*]*", pattern).group(0)
        candidates = self.searcher.reader().expand_prefix("words", start)
        found = [term for term in islice(candidates, base.MAX_PREFIX_EXPANSION * 20) if regex.fullmatch(_text(term))]
        if len(found) > base.MAX_PREFIX_EXPANSION:
            raise QueryRejected(f"'{text}' matches too many words; add letters")
        terms = sorted({stem(_text(term)) for term in found} | {stem_es(_text(term)) for term in found})
        return wq.Or([wq.Term(name, term) for term in terms]) if terms else wq.NullQuery

    def fuzzy(self, name: str, text: str, distance: int) -> wq.Query:
        """Words within ``distance`` edits of what was typed (before stemming), then stemmed."""
        word = text.lower()
        near = islice(self.searcher.reader().terms_within("words", word, distance, prefix=1), base.MAX_FUZZY_EXPANSION)
        words = [*near, word]
        found = {stem(term) for term in words} | {stem_es(term) for term in words}
        return wq.Or([wq.Term(name, term) for term in sorted(found)])

    @staticmethod
    def year(text: str) -> wq.Query:
        if not (text.isascii() and text.isdigit() and len(text) <= 4):
            return wq.NullQuery
        return wq.NumericRange("year", int(text), int(text))

    @staticmethod
    def range(node: Range) -> wq.Query:
        if field_named(node.field).kind == "year":
            low = int(node.low) if node.low else None
            high = int(node.high) if node.high else None
            return wq.NumericRange(node.field, low, high)
        return wq.TermRange(node.field, node.low, node.high)


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def filter_query(item: Filter) -> wq.Query:
    """One filter of ``search.fields`` on the exact column of its field."""
    kind = field_named(item.field).kind
    if kind == "year":
        low, high = (item.value, item.value) if item.value is not None else (item.low, item.high)
        return wq.NumericRange(item.field, int(low) if low else None, int(high) if high else None)
    if item.value is not None:
        return wq.Term(item.field, item.value)
    return wq.TermRange(item.field, item.low, item.high)


def proximity_query(words: list[str], slop: int) -> wq.Query | None:
    """Where the words' stems (one each) stand within ``slop`` of each other in a document's text."""
    terms = [found[0] for found in map(stems, words) if len(found) == 1]
    if len(terms) < 2:
        return None
    return SpanNear2([wq.Term("doc_body", term) for term in terms], slop=slop, ordered=False)

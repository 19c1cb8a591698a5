"""Our query tree (``search.query``) as tantivy queries: the meanings in ``search/engines/base.py``.

What tantivy does differently from Whoosh, and how the translation keeps the meaning:

- A boolean query with only ``MustNot`` clauses matches nothing, so a lone exclusion
  (``NOT federal``) is "everything" minus it.
- A phrase with slop in tantivy is ordered (moving a term costs slop); ours means "within
  *n* positions of each other, in any order". For two words that is exactly both orders,
  each with slop ``n - 1`` (tantivy's slop counts the words between, ours the distance).
  For three or more it is every order (up to 4 words; beyond, query order and reverse) with
  slop ``(k - 1) * n``: a little wider than Whoosh's chain of spans, never narrower.
- A prefix is the set of indexed terms starting with it, each scoring 1 (Whoosh's ``Prefix``
  is constant-score too); the count is checked first, as Whoosh's engine does.
- A filter must not change scores: it is a ``Must`` clause of constant score 0.
- A phrase (and a span) scores as in Whoosh: the sum of its words' scores in the unit,
  where tantivy would score the phrase's own frequency.
- Field boosts multiply a field's BM25 score (Whoosh multiplies the term frequency inside it).
"""

from __future__ import annotations

import re
from itertools import islice, permutations

import tantivy
from tantivy import Occur
from tantivy import Query as Q

from search.analysis import SPANISH_MARK, fold_accents, stem, stem_es, stem_variants, stems
from search.citations import index_token
from search.dockets import docket_key
from search.engines import base
from search.engines.tantivy.schema import (
    CASE_KEYS,
    CITATIONS,
    DOCKETS,
    PAGE_FIELDS,
    date_number_field,
    words_field,
)
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

#: Weights of a key match (the contract: citation keys 2, the document's own case keys 3).
CITATION_WEIGHT = 2.0
CASE_KEY_WEIGHT = 3.0
#: Unordered proximity of more words than this tries query order and its reverse only.
MAX_PERMUTED_WORDS = 4


def doc_default_fields() -> tuple[tuple[str, float], ...]:
    """Where words without a field name are looked for on document units, with their weights."""
    return (*((words_field(item) or item.name, item.boost) for item in searched_fields()), ("body", 1.0))


def nothing() -> tantivy.Query:
    return Q.empty_query()


def boosted(query: tantivy.Query, weight: float) -> tantivy.Query:
    return query if weight == 1.0 else Q.boost_query(query, weight)


def any_of(queries: list[tantivy.Query]) -> tantivy.Query:
    if not queries:
        return nothing()
    if len(queries) == 1:
        return queries[0]
    return Q.boolean_query([(Occur.Should, query) for query in queries])


def unscored(query: tantivy.Query) -> tantivy.Query:
    """``query`` as a filter: it must match, and adds nothing to the score."""
    return Q.const_score_query(query, 0.0)


def restricted(query: tantivy.Query, *filters: tantivy.Query) -> tantivy.Query:
    if not filters:
        return query
    return Q.boolean_query([(Occur.Must, query), *((Occur.Must, unscored(item)) for item in filters)])


def scored_by_words(schema: tantivy.Schema, name: str, where: tantivy.Query, terms: list[str]) -> tantivy.Query:
    """Units matching ``where`` (a phrase), scored as Whoosh scores a phrase or a span: the sum
    of each word's BM25 score over the whole unit, not the phrase's own frequency."""
    return Q.boolean_query([(Occur.Must, unscored(where)),
                            *((Occur.Must, Q.term_query(schema, name, term)) for term in terms)])


def near(schema: tantivy.Schema, name: str, terms: list[str], slop: int,
         permuted: int = MAX_PERMUTED_WORDS) -> tantivy.Query:
    """The terms all within ``slop`` positions of each other, in any order (see the module's
    docstring): every order of up to ``permuted`` words, else the query's order and its reverse."""
    if len(terms) == 1:
        return Q.term_query(schema, name, terms[0])
    return scored_by_words(schema, name, _near_positions(schema, name, terms, slop, permuted), terms)


def _near_positions(schema: tantivy.Schema, name: str, terms: list[str], slop: int, permuted: int) -> tantivy.Query:
    if len(terms) == 2:
        orders, width = [terms, terms[::-1]], max(slop - 1, 0)
    else:
        orders = ([list(order) for order in dict.fromkeys(permutations(terms))] if len(terms) <= permuted
                  else [terms, terms[::-1]])
        width = (len(terms) - 1) * slop
    return any_of([Q.phrase_query(schema, name, order, slop=width) for order in orders])


def term_or_phrase(schema: tantivy.Schema, name: str, terms: list[str]) -> tantivy.Query:
    if not terms:
        return nothing()
    if len(terms) == 1:
        return Q.term_query(schema, name, terms[0])
    return scored_by_words(schema, name, Q.phrase_query(schema, name, terms), terms)


def int_range(schema: tantivy.Schema, name: str, low: int | None, high: int | None) -> tantivy.Query:
    """Values from ``low`` to ``high`` inclusive; an open end is unbounded, and with both ends open
    every unit that has a value (as Whoosh's range with neither bound: ``date:[ TO ]``)."""
    if low is not None and high is not None and low > high:
        return nothing()
    if low is None and high is None:
        low = -(2**63)
    return Q.range_query(schema, name, tantivy.FieldType.Integer, low, high)


def date_bounds(low: str | None, high: str | None) -> tuple[int | None, int | None]:
    """String bounds of a date range as ``YYYYMMDD`` integers with Whoosh's (string) meaning.

    Whoosh compares the strings: ``[2018 TO 2020]`` takes every date from "2018" (2018-01-01)
    up to "2020", which 2020-01-01 is already past. So a low bound pads with zeros; a high bound
    that is a whole date is that day, a shorter one stops just before its zero-padded form."""
    def padded(value: str) -> int:
        digits = "".join(ch for ch in value if ch.isdigit())[:8]
        return int(digits.ljust(8, "0")) if digits else 0

    lower = padded(low) if low else None
    upper = None if not high else padded(high) if len(high) >= 10 else padded(high) - 1
    return lower, upper


def year_value(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


class Translator:
    """Turns our query tree into tantivy queries, for document units or for page units.

    ``searcher`` is the searcher of the index being queried (prefix expansion); ``spelling``
    answers ``terms_within`` for fuzzy words (the reader's)."""

    def __init__(self, schema: tantivy.Schema, searcher: tantivy.Searcher, spelling, *, pages: bool = False):
        self.schema = schema
        self.searcher = searcher
        self.spelling = spelling
        self.doc_level = not pages
        self.default_fields = ((PAGE_FIELDS["body"], 1.0),) if pages else doc_default_fields()

    def field(self, name: str) -> str:
        """The field holding document field ``name``'s content on the units this translator searches."""
        return name if self.doc_level else PAGE_FIELDS.get(name, name)

    def translate(self, node: Node) -> tantivy.Query:
        if isinstance(node, All):
            positives = [self.translate(item) for item in node.items if not isinstance(item, Not)]
            negatives = [self.translate(item.item) for item in node.items if isinstance(item, Not)]
            clauses = [(Occur.Must, query) for query in positives] or [(Occur.Must, Q.all_query())]
            clauses += [(Occur.MustNot, query) for query in negatives]
            return clauses[0][1] if len(clauses) == 1 else Q.boolean_query(clauses)
        if isinstance(node, AnyOf):
            return any_of([self.translate(item) for item in node.items])
        if isinstance(node, Not):
            return Q.boolean_query([(Occur.Must, Q.all_query()), (Occur.MustNot, self.translate(node.item))])
        if isinstance(node, Range):
            return self.range(node)
        if isinstance(node, Everything):  # an empty query: every document
            return Q.all_query()
        if isinstance(node, (Authority, CaseNumber)):
            return self.reference(node)
        if isinstance(node, Expanded):
            alternatives = [boosted(self.translate(item), base.GLOSSARY_BOOST) for item in node.alternatives]
            return any_of([self.translate(node.original), *alternatives])
        return any_of([boosted(self.leaf(node, name), weight) for name, weight in self.fields_for(node.field)])

    def reference(self, node: Authority | CaseNumber) -> tantivy.Query:
        """Units that cite it, or failing that, where its words stand together: the better
        score of the two, not their sum (see Whoosh's translation for why)."""
        # A case citation as text by its canonical key ("540 U. S. 56" and "540 US 56" alike), a
        # statute as typed (the contract, as in Whoosh's translation).
        typed = node.key if isinstance(node, Authority) and not base.is_statute(node.key) else node.text
        # as an English page and as a Spanish page holds it ("ILCS" is es:ilcs on a Spanish page)
        variants = [term_or_phrase(self.schema, self.field("body"), terms) for terms in stem_variants(typed)]
        as_text = variants[0] if len(variants) == 1 else Q.disjunction_max_query(variants)
        if isinstance(node, Authority):
            key = Q.term_query(self.schema, self.field(CITATIONS), index_token(node.key))
            return Q.disjunction_max_query([boosted(key, CITATION_WEIGHT), as_text])
        clauses = [Q.term_query(self.schema, self.field(DOCKETS), node.key.lower()), as_text]
        if self.doc_level:
            clauses.append(boosted(Q.term_query(self.schema, CASE_KEYS, node.key.lower()), CASE_KEY_WEIGHT))
        return Q.disjunction_max_query(clauses)

    def fields_for(self, name: str | None) -> tuple[tuple[str, float], ...]:
        if name is None:
            return self.default_fields
        item = field_named(name)
        if item.kind in ("year", "date"):
            return ((item.name, 1.0),)
        if not self.doc_level:
            return ()
        found = words_field(item)
        return ((found, item.boost),) if found else ()

    def leaf(self, node: Word | Phrase | Prefix | Wildcard, name: str) -> tantivy.Query:
        item_kind = _kind(name)
        if item_kind == "year":
            value = year_value(node.text)
            return nothing() if value is None else int_range(self.schema, name, value, value)
        if item_kind == "date":
            return Q.term_query(self.schema, name, node.text)
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
        return found[0] if len(found) == 1 else any_of(found)

    def terms(self, name: str, terms: list[str], node: Word | Phrase) -> tantivy.Query:
        if isinstance(node, Phrase) and node.slop and len(terms) > 1:
            return near(self.schema, name, terms, node.slop)
        return term_or_phrase(self.schema, name, terms)

    def prefix(self, name: str, text: str) -> tantivy.Query:
        word = text.lower()
        start = min(word, stem(word), key=len)
        expansions = self.searcher.terms_with_prefix(name, start, limit=base.MAX_PREFIX_EXPANSION + 1)
        # "restric*" also finds es:restriccion, how a Spanish page holds "restricción"
        expansions += self.searcher.terms_with_prefix(name, SPANISH_MARK + fold_accents(word),
                                                      limit=base.MAX_PREFIX_EXPANSION + 1)
        if len(expansions) > base.MAX_PREFIX_EXPANSION:
            raise QueryRejected(f"'{text}*' matches too many words; add letters before the *")
        if not expansions:
            return nothing()
        return Q.const_score_query(Q.term_set_query(self.schema, name, [term for term, _ in expansions]), 1.0)

    def wildcard(self, name: str, text: str) -> tantivy.Query:
        """The contract's ``Wildcard``, as Whoosh walks it: the spelling words starting with the
        text before the first wildcard, in alphabetical order, matched in Python, stemmed."""
        pattern = text.lower()
        regex = re.compile(base.wildcard_regex(pattern))
        start = re.match(r"[^?*]*", pattern).group(0)
        candidates = sorted(term for term, _ in self.spelling.spelling.terms_with_prefix("word", start))
        found = [term for term in islice(candidates, base.MAX_PREFIX_EXPANSION * 20) if regex.fullmatch(term)]
        if len(found) > base.MAX_PREFIX_EXPANSION:
            raise QueryRejected(f"'{text}' matches too many words; add letters")
        terms = {stem(term) for term in found} | {stem_es(term) for term in found}
        return any_of([Q.term_query(self.schema, name, term) for term in sorted(terms)])

    def fuzzy(self, name: str, text: str, distance: int) -> tantivy.Query:
        """Words within ``distance`` edits of what was typed (before stemming) sharing its first
        letter, the first ``MAX_FUZZY_EXPANSION`` in alphabetical order (as Whoosh walks them), stemmed."""
        word = text.lower()
        near_words = sorted(term for term, _ in self.spelling.terms_within(word, distance) if term[:1] == word[:1])
        words = [*near_words[:base.MAX_FUZZY_EXPANSION], word]
        found = {stem(term) for term in words} | {stem_es(term) for term in words}
        return any_of([Q.term_query(self.schema, name, term) for term in sorted(found)])

    def range(self, node: Range) -> tantivy.Query:
        if field_named(node.field).kind == "year":
            low = int(node.low) if node.low else None
            high = int(node.high) if node.high else None
            return int_range(self.schema, node.field, low, high)
        low, high = date_bounds(node.low, node.high)
        return int_range(self.schema, date_number_field(node.field), low, high)


def _kind(name: str) -> str | None:
    try:
        return field_named(name).kind
    except KeyError:
        return None


def filter_query(schema: tantivy.Schema, item: Filter) -> tantivy.Query:
    """One filter of ``search.fields`` on the exact field of its field."""
    kind = field_named(item.field).kind
    if kind == "year":
        low, high = (item.value, item.value) if item.value is not None else (item.low, item.high)
        return int_range(schema, item.field, int(low) if low else None, int(high) if high else None)
    if kind == "date":
        if item.value is not None:
            return Q.term_query(schema, item.field, item.value)
        return int_range(schema, date_number_field(item.field), *date_bounds(item.low, item.high))
    return Q.term_query(schema, item.field, item.value)


def proximity_terms(words: list[str]) -> list[str]:
    return [found[0] for found in map(stems, words) if len(found) == 1]

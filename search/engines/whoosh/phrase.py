"""Exact phrases for Whoosh: ``Phrase``'s meaning, with its positions compared as sets.

Whoosh matches a phrase through its span code (``SpanNear2``): for every record holding all
the words it makes a ``Span`` object per position of each word and walks them pairwise in
Python. A document record holds all its pages' words, so a glossary phrase made of common
words ("without a fixed residence", "U.S. Supreme Court") built about 186,000 spans a search
at 10,000 pages: the slowest searches of the benchmark were phrase alternatives.

Here a record matches when some position ``p`` of the first word has the second word at
``p + 1``, the third at ``p + 2``, and so on: the positions of each word shifted back by its
place in the phrase, intersected as sets (in C). The score is the same as Whoosh's phrase
(the sum of its words' scores, from the same intersection of the words), and so are the
records matched (``tests/test_whoosh_phrase.py`` compares the two).

Whether a record holds the phrase is remembered per segment reader (a segment never changes),
phrase by phrase: the glossary's phrases recur in question after question, and reading a
document record's positions is most of the cost of checking it.

Only exact phrases (no slop) are matched here; a sloppy phrase and the proximity boost keep
Whoosh's ``SpanNear2``. Built on Whoosh's public matcher classes (``WrappingMatcher``,
``IntersectionMatcher``) and ``value_as("positions")``, no private method.
"""

from __future__ import annotations

import threading
from itertools import repeat
from operator import sub
from weakref import WeakKeyDictionary

from whoosh import query as wq
from whoosh.matching import IntersectionMatcher, NullMatcher, WrappingMatcher
from whoosh.util import make_binary_tree

#: Phrases whose verdicts one segment reader remembers, and records per phrase; past either
#: bound the memo starts afresh (bounded memory; a verdict is one dictionary entry).
MAX_REMEMBERED_PHRASES = 256
MAX_REMEMBERED_RECORDS = 200_000

_verdicts: WeakKeyDictionary = WeakKeyDictionary()
_verdicts_lock = threading.Lock()


def remembered_verdicts(reader, fieldname: str, words: tuple) -> dict[int, bool]:
    """Record number -> whether it holds the phrase, for this segment reader (filled as checked)."""
    with _verdicts_lock:
        phrases = _verdicts.get(reader)
        if phrases is None:
            phrases = _verdicts[reader] = {}
        found = phrases.get((fieldname, words))
        if found is None or len(found) > MAX_REMEMBERED_RECORDS:
            if len(phrases) >= MAX_REMEMBERED_PHRASES:
                phrases.clear()
            found = phrases[(fieldname, words)] = {}
        return found


class AdjacentPhrase(wq.Phrase):
    """Whoosh's ``Phrase`` of adjacent words in order (its terms, equality and size estimate),
    matched by comparing position sets."""

    def __init__(self, fieldname: str, words: list[str], boost: float = 1.0):
        super().__init__(fieldname, words, slop=1, boost=boost)

    def matcher(self, searcher, context=None):
        if self.fieldname not in searcher.schema:
            return NullMatcher()
        field = searcher.schema[self.fieldname]
        if not (field.format and field.format.supports("positions")):
            raise wq.QueryError(f"Phrase search: {self.fieldname!r} field has no positions")
        reader = searcher.reader()
        terms = []
        terms_bytes = []
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return NullMatcher()
            if (self.fieldname, word) not in reader:  # a missing word: no record has the phrase
                return NullMatcher()
            terms.append(wq.Term(self.fieldname, word).matcher(searcher, context))
            terms_bytes.append(word)
        both = make_binary_tree(IntersectionMatcher, terms)  # as Whoosh's phrase: the same score
        found = AdjacentMatcher(both, terms, remembered_verdicts(reader, self.fieldname, tuple(terms_bytes)))
        return WrappingMatcher(found, boost=self.boost) if self.boost != 1.0 else found


class AdjacentMatcher(WrappingMatcher):
    """The records of ``child`` (the intersection of ``terms``) where the terms stand in order,
    each right after the one before; ``verdicts`` remembers which records do."""

    def __init__(self, child, terms: list, verdicts: dict[int, bool]):
        super().__init__(child)
        self.terms = terms
        self.verdicts = verdicts
        self._advance()

    def copy(self):
        terms = [term.copy() for term in self.terms]
        return self.__class__(make_binary_tree(IntersectionMatcher, terms), terms, self.verdicts)

    def replace(self, minquality=0):
        # the term matchers are read directly: the child must stay the one they belong to
        return self if self.is_active() else NullMatcher()

    def supports_block_quality(self) -> bool:
        return False

    def next(self):
        self.child.next()
        self._advance()

    def skip_to(self, id):
        self.child.skip_to(id)
        self._advance()

    def all_ids(self):
        while self.is_active():
            yield self.id()
            self.next()

    def _advance(self) -> None:
        child, verdicts = self.child, self.verdicts
        while child.is_active():
            record = child.id()
            found = verdicts.get(record)
            if found is None:
                found = verdicts[record] = self._adjacent()
            if found:
                return
            child.next()

    def _adjacent(self) -> bool:
        """Whether some position of the first word has the second right after it, and so on."""
        first, *rest = (term.value_as("positions") for term in self.terms)
        starts = set(first)
        for offset, positions in enumerate(rest, 1):
            starts.intersection_update(map(sub, positions, repeat(offset)))
            if not starts:
                return False
        return True

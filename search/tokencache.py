"""Fast tokenizing of long texts: ``search.analysis.tokenize`` memoized per whitespace-separated chunk.

Indexing tokenizes every page three times (document body, page body, spelling words) and
each shown snippet tokenizes its whole page; profiles showed ``tokenize`` at 70 % of
indexing time and a third of search time. A token never spans whitespace (``_TOKEN`` in
analysis matches ``\\w`` and ``-./:'`` only), and how a chunk splits depends on the chunk
alone, so the pieces of each distinct chunk are computed once and reused: legal text
repeats its words constantly. The result is exactly ``list(tokenize(text))``
(tests/test_tokencache.py checks it on the sample corpus).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate, repeat
from operator import add

from search.analysis import ENGLISH, LANGUAGE_SWITCH, Token, language_runs, tokenize

CHUNK = re.compile(r"\S+")
#: Whitespace between two chunks longer than one character (see ``split_chunks``).
_LONG_GAP = re.compile(r"\s{2,}")
_MAX_CHUNKS = 400_000
#: One memo per language (a chunk's stems depend on the page's language, see search.analysis).
_pieces_by: dict[str, dict[str, tuple[tuple[str, str, int, int], ...]]] = {}
#: The chunks ``_by_stem_by`` already holds, per language.
_known_by: dict[str, set[str]] = {}
#: The chunks of ``_known_by`` holding each stem, so a page's matching chunks are two set operations
#: in C instead of a test of every distinct chunk of the page.
_by_stem_by: dict[str, dict[str, set[str]]] = {}


def chunk_pieces(chunk: str, language: str = ENGLISH) -> tuple[tuple[str, str, int, int], ...]:
    """(word, stem, start, end) of each token of one whitespace-free chunk, offsets in the chunk."""
    pieces = _pieces_by.setdefault(language, {})
    found = pieces.get(chunk)
    if found is None:
        if len(pieces) >= _MAX_CHUNKS:
            pieces.clear()  # bounded memory; a rebuilt cache costs one pass of misses
        found = tuple((t.word, t.stem, t.start, t.end) for t in tokenize(chunk, language))
        pieces[chunk] = found
    return found


def _remember_chunks(distinct: set[str], language: str = ENGLISH) -> None:
    """Make sure every distinct chunk of one page has its stems in the memo."""
    known = _known_by.setdefault(language, set())
    by_stem = _by_stem_by.setdefault(language, {})
    missing = distinct.difference(known)
    if not missing:
        return
    if len(known) + len(missing) >= _MAX_CHUNKS:
        known.clear()  # bounded memory, as for the pieces
        by_stem.clear()
        missing = distinct
    known.update(missing)
    for chunk in missing:
        for piece in chunk_pieces(chunk, language):
            by_stem.setdefault(piece[1], set()).add(chunk)


def split_chunks(text: str) -> tuple[list[str], list[int]]:
    """The whitespace-separated chunks of ``text`` and where each starts, computed in C.

    ``str.split`` cuts five times faster than a regular expression (``re`` and ``str`` agree on
    what whitespace is). Each chunk would start one character after the end of the one before;
    only the longer gaps ("\n\n", double spaces, leading blanks), found by one regex search,
    push the chunks after them further along."""
    chunks = text.split()
    if not chunks:
        return [], []
    lead = len(text) - len(text.lstrip())
    starts = list(accumulate(map(add, map(len, chunks[:-1]), repeat(1)), initial=lead))
    end = len(text.rstrip())
    if end == starts[-1] + len(chunks[-1]):  # every gap is one character: no search needed
        return chunks, starts
    pushes = None
    pushed = 0
    for gap in _LONG_GAP.finditer(text, lead, end):
        wider = gap.end() - gap.start() - 1
        following = bisect_left(starts, gap.end() - pushed - wider)  # the chunk right after the gap
        if pushes is None:
            pushes = [0] * len(chunks)
        pushes[following] += wider
        pushed += wider
    if pushes is not None:
        starts = list(map(add, starts, accumulate(pushes)))
    return chunks, starts


def chunks_with_stems(distinct: set[str], wanted: frozenset[str], language: str = ENGLISH) -> set[str]:
    """Which of a page's distinct chunks (``set`` of its chunks) hold a token whose stem is in
    ``wanted``: the page's new chunks join the memo, then two set operations in C."""
    _remember_chunks(distinct, language)
    by_stem = _by_stem_by.get(language, {})
    holding = [by_stem[stem] for stem in wanted if stem in by_stem]
    if not holding:
        return set()
    return distinct.intersection(holding[0].union(*holding[1:]))


def token_tuples(text: str, language: str = ENGLISH) -> list[tuple[str, str, int, int]]:
    """(word, stem, start, end) for every token of ``text``: what the index writer needs.

    A value holding ``LANGUAGE_SWITCH`` marks (a document's text joining pages of two
    languages) is stemmed run by run, each in its language."""
    if LANGUAGE_SWITCH in text:
        out: list[tuple[str, str, int, int]] = []
        for run_language, offset, run in language_runs(text):
            out += [(word, stem, offset + start, offset + end)
                    for word, stem, start, end in token_tuples(run, run_language)]
        return out
    out = []
    for match in CHUNK.finditer(text):
        base = match.start()
        out += [(word, stem, base + start, base + end)
                for word, stem, start, end in chunk_pieces(match.group(), language)]
    return out


def tokens(text: str, language: str = ENGLISH) -> list[Token]:
    """Same as ``list(tokenize(text, language))``, faster on long texts."""
    return [Token(word, stem, start, end) for word, stem, start, end in token_tuples(text, language)]

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
from itertools import accumulate

from search.analysis import ENGLISH, LANGUAGE_SWITCH, Token, language_runs, tokenize

CHUNK = re.compile(r"\S+")
_SPLIT = re.compile(r"(\S+)")
_MAX_CHUNKS = 400_000
#: One memo per language (a chunk's stems depend on the page's language, see search.analysis).
_pieces_by: dict[str, dict[str, tuple[tuple[str, str, int, int], ...]]] = {}
#: Each chunk's token count, per language.
_count_by: dict[str, dict[str, int]] = {}
#: The chunks of ``_count_by`` holding each stem, so a page's matching chunks are two set operations
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
    """Make sure every distinct chunk of one page has its token count and stems in the memo."""
    counts = _count_by.setdefault(language, {})
    by_stem = _by_stem_by.setdefault(language, {})
    missing = distinct.difference(counts)
    if not missing:
        return
    if len(counts) + len(missing) >= _MAX_CHUNKS:
        counts.clear()  # bounded memory, as for the pieces
        by_stem.clear()
        missing = distinct
    for chunk in missing:
        pieces = chunk_pieces(chunk, language)
        counts[chunk] = len(pieces)
        for piece in pieces:
            by_stem.setdefault(piece[1], set()).add(chunk)


def split_chunks(text: str) -> tuple[list[str], list[int]]:
    """The whitespace-separated chunks of ``text`` and where each starts, cut in C (``re.split``)."""
    parts = _SPLIT.split(text)  # separator, chunk, separator, chunk, ..., separator
    offsets = list(accumulate(map(len, parts)))
    return parts[1::2], offsets[0::2][: len(parts) // 2]


def chunk_firsts(chunks: list[str], distinct: set[str], language: str = ENGLISH) -> list[int]:
    """The index of each chunk's first token in the page, then the page's token count.

    A snippet counts words (its window is ``SNIPPET_WORDS`` tokens) without making a token for
    each: the counts come from a memo shared by every query. ``distinct`` is ``set(chunks)``,
    made once by the caller, which needs it too."""
    _remember_chunks(distinct, language)
    return list(accumulate(map(_count_by[language].__getitem__, chunks), initial=0))


def chunks_with_stems(distinct: set[str], wanted: frozenset[str], language: str = ENGLISH) -> set[str]:
    """Which of a page's distinct chunks hold a token whose stem is in ``wanted``.

    Call ``chunk_firsts`` first: it puts the page's chunks in the memo read here."""
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

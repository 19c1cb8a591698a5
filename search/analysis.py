"""Analysis: how text becomes searchable terms, shared by indexing, querying and highlighting.

One tokenizer serves every stage so that a word is cut the same way in a page, in a query
and in a snippet. Legal numbers stay whole ("11-9.3", "5/11-9.3", "16-cv-11471",
"2022-NCSC-1", subsections "b-10"); ordinary hyphenated words split ("cut-off" -> "cut",
"off"; "COVID-19" -> "covid", "19"); dotted abbreviations close up ("U.S.C." -> "usc").
Words are stemmed with NLTK's Snowball stemmer (pure code, no data download).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from nltk.stem.snowball import SnowballStemmer

_TOKEN = re.compile(r"\w+(?:[-./:']\w+)*", re.UNICODE)
_SPLIT = re.compile(r"[-/:]")

_stemmer = SnowballStemmer("english")


@dataclass(frozen=True)
class Token:
    """A word as found in text: its normalized form, its stem and where it stands."""

    word: str
    stem: str
    start: int
    end: int


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball stem of a lowercase word; numbers and legal forms are left alone."""
    if any(ch.isdigit() for ch in word) or len(word) < 3:
        return word
    return _stemmer.stem(word)


def _is_legal_number(word: str) -> bool:
    """Numbers and number-led forms stay whole; so do short letter prefixes ("b-10", "ed108783")."""
    if not any(ch.isdigit() for ch in word):
        return False
    head = _SPLIT.split(word, maxsplit=1)[0]
    return word[0].isdigit() or len(head) <= 2 or head == word


def _pieces(raw: str, start: int) -> Iterator[tuple[str, int, int]]:
    """Split one regex match into normalized words with their character spans."""
    word = raw.lower()
    if _is_legal_number(word):
        yield word.rstrip("."), start, start + len(raw)
        return
    if "." in word and "-" not in word and "/" not in word:
        yield word.replace(".", ""), start, start + len(raw)
        return
    offset = 0
    for part in _SPLIT.split(word):
        if part:
            part_start = start + word.index(part, offset)
            offset = part_start - start + len(part)
            yield part.replace(".", ""), part_start, part_start + len(part)


def tokenize(text: str) -> Iterator[Token]:
    """Every word of ``text`` in order, lowercased, with its stem and span."""
    for match in _TOKEN.finditer(text):
        for word, start, end in _pieces(match.group(0), match.start()):
            if word:
                yield Token(word, stem(word), start, end)


def stems(text: str) -> list[str]:
    """The stems of ``text``, in order: what a query word becomes in the index."""
    return [token.stem for token in tokenize(text)]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words dropped from plain-word queries; read from ``search/data/stopwords.txt``."""
    lines = resources.files("search.data").joinpath("stopwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in lines.splitlines() if line.strip() and not line.startswith("#")
    )

"""The English word list (``data/english_words.txt``) used to judge text layers and line-end hyphens."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


@cache
def english_words() -> frozenset[str]:
    """About 40,000 common lowercase English words (SCOWL small)."""
    return frozenset((DATA_DIR / "english_words.txt").read_text(encoding="utf-8").split())


def is_english_word(word: str) -> bool:
    """True for a known word, allowing plural/possessive endings and capitalisation."""
    lower = word.lower()
    if lower.endswith("'s"):
        lower = lower[:-2]
    words = english_words()
    if lower in words:
        return True
    return lower.endswith("s") and lower[:-1] in words


def word_tokens(text: str) -> list[str]:
    """Alphabetic tokens of two letters or more."""
    return [token for token in _WORD.findall(text) if len(token) >= 2]


def english_word_ratio(text: str) -> tuple[float, int]:
    """Share of alphabetic tokens that are English words, and how many tokens there were."""
    tokens = word_tokens(text)
    if not tokens:
        return 0.0, 0
    known = sum(1 for token in tokens if is_english_word(token))
    return known / len(tokens), len(tokens)

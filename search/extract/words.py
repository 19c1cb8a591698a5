"""The English word list (``data/english_words.txt``) used to judge text layers, line-end hyphens
and glued words."""

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


# Short words that glue onto their neighbours when a text layer loses its spaces.
GLUE_WORDS = frozenset(
    "the and of to in on at by for if or not do you is be an as it are was this that with from".split()  # noqa: SIM905
)


def glued_words(text: str) -> list[str]:
    """Tokens that are no English word but a short word stuck to one: "thestay", "donot",
    "inthe", "andName" (a measure of lost word breaks; names such as "Onslow" also count)."""
    found = []
    for token in _WORD.findall(text):
        lower = token.lower()
        if len(lower) < 4 or is_english_word(lower):
            continue
        for cut in range(2, len(lower) - 1):
            head, tail = lower[:cut], lower[cut:]
            if (head in GLUE_WORDS and is_english_word(tail)) or (tail in GLUE_WORDS and is_english_word(head)):
                found.append(token)
                break
    return found

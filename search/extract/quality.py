"""Deciding whether a page's text layer can be trusted or the page must be OCR'd.

Three kinds of page need OCR although some have text: scans with no text layer at all;
text layers that decode to garbage (CID fonts giving "(cid:123)", fonts with shuffled
encodings, or two overlapping copies of each letter as in "CasCea 4s:e0 84-:c0v8"); and
pages whose body is an image behind a one-line text header (an ECF stamp over a scan).

Garbage is told by its share of English words; a page of Spanish prose (``search.language``:
mostly Spanish function words, which garbage does not hold) is text, not garbage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from search.extract.words import english_word_ratio
from search.language import SPANISH, detect

PdfObject = dict[str, Any]

MIN_WORDS_FOR_RATIO = 20
MIN_ENGLISH_RATIO = 0.2  # name-heavy pages (address lists, tables) score 0.3-0.5; garbage below 0.2
MAX_OVERLAPPING_CHARS = 0.15
MAX_BODY_WORDS_OVER_IMAGE = 40
MIN_IMAGE_SIDE = (30.0, 10.0)  # width, height in points of an image that may hold body text
MIN_CHARS_FOR_OVERLAP = 20
GARBAGE = "garbage text layer"
_CID = re.compile(r"\(cid:\d+\)")


def overlapping_char_share(chars: Sequence[PdfObject], min_chars: int = MIN_CHARS_FOR_OVERLAP) -> float:
    """Share of characters drawn over a different character on the same line (0 below ``min_chars``)."""
    if len(chars) < min_chars or not chars:
        return 0.0
    ordered = sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))
    overlapping = 0
    for before, char in zip(ordered, ordered[1:], strict=False):
        if round(before["top"]) != round(char["top"]) or before["text"] == char["text"]:
            continue
        width = max(char["x1"] - char["x0"], 0.1)
        if before["x1"] - char["x0"] > 0.5 * width and char["text"].strip() and before["text"].strip():
            overlapping += 1
    return overlapping / len(chars)


def is_garbage(text: str, chars: Sequence[PdfObject]) -> bool:
    """True when the text layer is not something a reader could search."""
    cids = len(_CID.findall(text))
    if cids >= 3 and cids * 9 >= 0.1 * max(len(text), 1):
        return True
    if overlapping_char_share(chars) >= MAX_OVERLAPPING_CHARS:
        return True
    cleaned = _CID.sub(" ", text)
    if detect(cleaned, default=None) == SPANISH:  # Spanish prose: its own function words, not English ones
        return False
    ratio, tokens = english_word_ratio(cleaned)
    return tokens >= MIN_WORDS_FOR_RATIO and ratio < MIN_ENGLISH_RATIO


def has_body_image(images: Sequence[PdfObject]) -> bool:
    """True when the page carries an image big enough to hold text."""
    min_width, min_height = MIN_IMAGE_SIDE
    return any(i["x1"] - i["x0"] >= min_width and i["bottom"] - i["top"] >= min_height for i in images)


def ocr_reason(
    body_text: str, text: str, chars: Sequence[PdfObject], images: Sequence[PdfObject]
) -> str | None:
    """Why a page needs OCR ("no text layer", "garbage text layer", "image body"), or None.

    ``body_text`` is the page text without ECF stamp lines, ``text`` all of it.
    """
    if not any(c.isalnum() for c in text):
        return "no text layer" if images else None
    if is_garbage(text, chars):
        return GARBAGE
    if images and has_body_image(images) and len(body_text.split()) < MAX_BODY_WORDS_OVER_IMAGE:
        return "image body"
    return None

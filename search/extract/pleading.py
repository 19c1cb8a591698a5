"""Line numbers down the left margin of pleading paper (1-28) and transcripts (1-25).

Left in, they split every sentence ("set to expire on July 3 25, 2016"). They are found by
position, not by text alone: a column of small integers, all right- or left-aligned at the
same x, in the left part of the page, counting up from 1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

PdfObject = dict[str, Any]

MARGIN_SHARE = 0.2  # numbers must end within the left fifth of the page
MIN_NUMBERS = 8  # a column needs this many numbers to be a margin and not a list
ALIGN_TOLERANCE = 3.0  # points


def _is_small_number(word: PdfObject) -> bool:
    text = word["text"]
    return text.isdigit() and 1 <= int(text) <= 50


def _column_is_line_numbering(words: Sequence[PdfObject]) -> bool:
    numbers = [int(word["text"]) for word in sorted(words, key=lambda w: w["top"])]
    if len(numbers) < MIN_NUMBERS:
        return False
    rising = sum(1 for earlier, later in zip(numbers, numbers[1:], strict=False) if later == earlier + 1)
    return rising >= 0.8 * (len(numbers) - 1) and min(numbers) <= 2


def margin_line_numbers(words: Sequence[PdfObject], page_width: float) -> list[PdfObject]:
    """The words of ``words`` that are pleading-paper or transcript line numbers."""
    candidates = [w for w in words if _is_small_number(w) and w["x1"] <= page_width * MARGIN_SHARE]
    found: list[PdfObject] = []
    for edge in ("x1", "x0"):  # numbers are right-aligned on pleading paper, sometimes left-aligned
        by_edge: dict[int, list[PdfObject]] = defaultdict(list)
        for word in candidates:
            by_edge[round(word[edge] / ALIGN_TOLERANCE)].append(word)
        for key in sorted(by_edge):
            column = by_edge[key] + by_edge.get(key + 1, [])
            if _column_is_line_numbering(column):
                found.extend(word for word in column if not any(word is seen for seen in found))
    return found

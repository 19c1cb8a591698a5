"""Reading order: words grouped into lines, columns read one after another, ruled tables row by row.

pdfplumber's own ``extract_text`` reads straight across a page, which interleaves the lines
of side-by-side columns (Federal Register pages, two-column briefs, pleading captions). Here
a run of consecutive lines sharing an empty vertical gutter, with text aligned on both sides
of it, is read as columns, left to right. Ruled tables are taken out first and read row by
row, so their cells neither scramble nor get scrambled by the text around them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from search.extract.wordbreaks import join_letter_spaced

PdfObject = dict[str, Any]

MIN_GUTTER = 10.0  # points of empty space between two columns (a Courier space is 7.2)
MIN_COLUMN_LINES = 4  # lines a column run needs before it is read as columns
MIN_LINES_EACH_SIDE = 2
ALIGN_TOLERANCE = 3.0


@dataclass
class Line:
    """One printed line: its words left to right, or a table row given as ready text."""

    words: list[PdfObject] = field(default_factory=list)
    row_text: str | None = None
    row_box: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom of a table row

    @property
    def top(self) -> float:
        return self.row_box[1] if self.row_box else min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return self.row_box[3] if self.row_box else max(w["bottom"] for w in self.words)

    @property
    def text(self) -> str:
        if self.row_text is not None:
            return self.row_text
        return " ".join(w["text"] for w in sorted(self.words, key=lambda w: w["x0"]))


def _joins_line(word: PdfObject, line: Line, band: tuple[float, float]) -> bool:
    """Same band and similar size, or touching a word of the line (a footnote mark)."""
    height = max(word["bottom"] - word["top"], 1.0)
    band_height = max(band[1] - band[0], 1.0)
    overlap = min(band[1], word["bottom"]) - max(band[0], word["top"])
    if overlap < 0.7 * min(height, band_height):
        return False
    if min(height, band_height) >= 0.6 * max(height, band_height):
        return True
    return any(abs(word["x0"] - other["x1"]) < 2 or abs(other["x0"] - word["x1"]) < 2 for other in line.words)


def group_lines(words: Sequence[PdfObject]) -> list[Line]:
    """Words sharing a baseline band become one line; a smaller print inside a band starts its own."""
    lines: list[Line] = []
    bands: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        for line, band in zip(reversed(lines[-3:]), reversed(bands[-3:]), strict=True):
            if _joins_line(word, line, band):
                line.words.append(word)
                break
        else:
            lines.append(Line([word]))
            bands.append((word["top"], word["bottom"]))
    return lines


def _gaps(line: Line, left: float, right: float) -> list[tuple[float, float]]:
    """Empty horizontal stretches of a line between ``left`` and ``right``."""
    gaps = []
    cursor = left
    for word in sorted(line.words, key=lambda w: w["x0"]):
        if word["x0"] > cursor:
            gaps.append((cursor, word["x0"]))
        cursor = max(cursor, word["x1"])
    if right > cursor:
        gaps.append((cursor, right))
    return gaps


def _intersect(
    first: list[tuple[float, float]], second: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    out = []
    for a0, a1 in first:
        for b0, b1 in second:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi - lo >= MIN_GUTTER:
                out.append((lo, hi))
    return out


def _split_at(lines: Sequence[Line], x: float) -> tuple[list[Line], list[Line]]:
    left, right = [], []
    for line in lines:
        left_words = [w for w in line.words if w["x1"] <= x]
        right_words = [w for w in line.words if w["x0"] >= x]
        if left_words:
            left.append(Line(left_words))
        if right_words:
            right.append(Line(right_words))
    return left, right


def _aligned_start(lines: Sequence[Line]) -> bool:
    """Most lines of a real column start at one x and none start left of it.

    Chance gaps in prose, and centred headings that happen to sit right of a gap, fail this,
    and so does a caption's centred "No. 49S00-0308-DP-392" above its centred "v.": two lines
    that start at two places are not a column (at least ``MIN_LINES_EACH_SIDE`` must share the edge).
    """
    starts = [min(w["x0"] for w in line.words) for line in lines]
    edge = Counter(round(start / ALIGN_TOLERANCE) for start in starts).most_common(1)[0][0] * ALIGN_TOLERANCE
    aligned = sum(1 for start in starts if abs(start - edge) <= ALIGN_TOLERANCE)
    return (aligned >= max(MIN_LINES_EACH_SIDE, 0.5 * len(starts))
            and all(start >= edge - ALIGN_TOLERANCE for start in starts))


def _side_by_side(left: Sequence[Line], right: Sequence[Line]) -> bool:
    """Columns stand next to each other: their vertical extents mostly overlap."""
    left_top, left_bottom = min(line.top for line in left), max(line.bottom for line in left)
    right_top, right_bottom = min(line.top for line in right), max(line.bottom for line in right)
    overlap = min(left_bottom, right_bottom) - max(left_top, right_top)
    return overlap >= 0.6 * max(left_bottom - left_top, right_bottom - right_top)


def _column_gutter(run: Sequence[Line], gaps: list[tuple[float, float]]) -> float | None:
    """The x of the leftmost gutter that really separates two columns of ``run``, if any."""
    for lo, hi in sorted(gaps):
        middle = (lo + hi) / 2
        left, right = _split_at(run, middle)
        if (
            len(left) >= MIN_LINES_EACH_SIDE
            and len(right) >= MIN_LINES_EACH_SIDE
            and _side_by_side(left, right)
            and _aligned_start(right)
        ):
            return middle
    return None


def _longest_run(lines: Sequence[Line], start: int, left: float, right: float) -> tuple[int, float | None]:
    """End index and gutter of the longest run of word lines from ``start`` sharing a gutter."""
    gaps = [(left, right)]
    best_end, best_gutter = start, None
    for end in range(start, len(lines)):
        if lines[end].row_text is not None:
            break
        gaps = _intersect(gaps, _gaps(lines[end], left, right))
        if not gaps:
            break
        if end + 1 - start >= MIN_COLUMN_LINES:
            gutter = _column_gutter(lines[start : end + 1], gaps)
            if gutter is not None:
                best_end, best_gutter = end + 1, gutter
    return best_end, best_gutter


def reading_order(lines: Sequence[Line]) -> list[Line]:
    """Lines in reading order: column runs left column first, everything else top to bottom."""
    word_lines = [line for line in lines if line.row_text is None]
    if not word_lines:
        return list(lines)
    left = min(w["x0"] for line in word_lines for w in line.words)
    right = max(w["x1"] for line in word_lines for w in line.words)
    ordered: list[Line] = []
    index = 0
    while index < len(lines):
        if lines[index].row_text is None:
            end, gutter = _longest_run(lines, index, left, right)
            if gutter is not None:
                left_column, right_column = _split_at(lines[index:end], gutter)
                ordered.extend(reading_order(left_column))
                ordered.extend(reading_order(right_column))
                index = end
                continue
        ordered.append(lines[index])
        index += 1
    return ordered


def table_rows(page: Any) -> tuple[list[Line], list[tuple[float, float, float, float]]]:
    """Ruled tables of a pdfplumber page as one line per row, and the tables' boxes."""
    if len(page.edges) < 4:
        return [], []
    rows: list[Line] = []
    boxes = []
    for table in page.find_tables():
        cells = table.extract()
        if len(cells) < 2 or max(len(row) for row in cells) < 2:
            continue
        boxes.append(table.bbox)
        for row, row_cells in zip(table.rows, cells, strict=False):
            text = " ".join(" ".join(cell.split()) for cell in row_cells if cell and cell.strip())
            if text:
                rows.append(Line(row_text=text, row_box=row.bbox))
    return rows, boxes


def inside_any(word: PdfObject, boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    """True when the word's centre lies in one of the boxes."""
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _kept_whole(line: Line) -> Line:
    x0, x1 = min(w["x0"] for w in line.words), max(w["x1"] for w in line.words)
    return Line(row_text=line.text, row_box=(x0, line.top, x1, line.bottom))


def page_lines(
    words: Sequence[PdfObject], rows: Sequence[Line], keep_whole: Callable[[str], object] = lambda text: False
) -> list[Line]:
    """Word lines and table rows of one page, merged top to bottom, in reading order.

    Lines for which ``keep_whole(text)`` is true (ECF stamps) are never split into columns.
    """
    grouped = [Line(join_letter_spaced(sorted(line.words, key=lambda w: w["x0"]))) for line in group_lines(words)]
    lines = [_kept_whole(line) if keep_whole(line.text) else line for line in grouped] + list(rows)
    lines.sort(key=lambda line: line.top)
    return reading_order(lines)

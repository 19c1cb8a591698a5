"""Failed redactions: text left in the text layer under a black box drawn on top of it.

Showing what a filer meant to hide is the worst thing this engine could do, so the rule is
conservative: any character mostly covered by a dark filled shape is dropped, unless the
character is itself light (white letters on a dark table header are meant to be read).
Thin dark shapes (rules, underlines, table borders) never cover a character enough to count.

A fill colour alone does not say how a box looks: a tint of 0 is black in DeviceGray but
no ink in a Separation colour space, and pdfplumber does not report the space of shapes.
So a box only counts once the page, rendered, is dark where the box is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PIL import ImageStat

PdfObject = dict[str, Any]

DARK_LUMINANCE = 0.35  # fills at or below this are opaque enough to hide black text
LIGHT_TEXT_LUMINANCE = 0.75  # text at or above this is white-on-dark, visible by design
MIN_COVERED_SHARE = 0.4  # share of a character's box a shape must cover to hide it
MIN_BOX_SIDE = 4.0  # points; thinner shapes are rules, not boxes


def luminance(color: Any, space: str | None = None) -> float | None:
    """Perceived brightness 0..1 of a pdfplumber colour (gray, RGB or CMYK tuple), None if unknown.

    ``space`` is the colour space's name when known; in Separation and DeviceN spaces a
    single value is an amount of ink, so 1 is dark.
    """
    if color is None:
        return None
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return None  # pattern fills and the like
    if len(values) == 1:
        return 1 - values[0] if space in ("Separation", "DeviceN") else values[0]
    if len(values) == 3:
        red, green, blue = values
        return 0.299 * red + 0.587 * green + 0.114 * blue
    if len(values) == 4:
        cyan, magenta, yellow, black = values
        red, green, blue = ((1 - c) * (1 - black) for c in (cyan, magenta, yellow))
        return 0.299 * red + 0.587 * green + 0.114 * blue
    return None


def filled_boxes(shapes: Iterable[PdfObject]) -> list[PdfObject]:
    """Filled rectangles and closed shapes large enough to hide text, whatever their colour."""
    return [
        shape
        for shape in shapes
        if shape.get("fill")
        and shape["x1"] - shape["x0"] >= MIN_BOX_SIDE
        and shape["bottom"] - shape["top"] >= MIN_BOX_SIDE
    ]


def dark_boxes(
    boxes: Iterable[PdfObject], rendered_shade: Callable[[PdfObject], float | None]
) -> list[PdfObject]:
    """The boxes that look dark on the rendered page (unknown shade counts as dark: hide rather than leak)."""
    dark = []
    for box in boxes:
        shade = rendered_shade(box)
        if shade is None or shade <= DARK_LUMINANCE:
            dark.append(box)
    return dark


def _covered_share(char: PdfObject, box: PdfObject) -> float:
    width = max(char["x1"] - char["x0"], 0.1)
    height = max(char["bottom"] - char["top"], 0.1)
    overlap_x = min(char["x1"], box["x1"]) - max(char["x0"], box["x0"])
    overlap_y = min(char["bottom"], box["bottom"]) - max(char["top"], box["top"])
    if overlap_x <= 0 or overlap_y <= 0:
        return 0.0
    return (overlap_x * overlap_y) / (width * height)


def is_hidden(char: PdfObject, boxes: Sequence[PdfObject]) -> bool:
    """True when a dark box covers the character and the character is not light text."""
    if not boxes or not char.get("text", "").strip():
        return False
    text_shade = luminance(char.get("non_stroking_color"), char.get("ncs"))
    if text_shade is not None and text_shade >= LIGHT_TEXT_LUMINANCE:
        return False
    return any(_covered_share(char, box) >= MIN_COVERED_SHARE for box in boxes)


def covering_boxes(chars: Sequence[PdfObject], boxes: Sequence[PdfObject]) -> list[PdfObject]:
    """The boxes that cover at least one dark character enough to hide it."""
    return [box for box in boxes if any(is_hidden(char, [box]) for char in chars)]


class RenderedShade:
    """Mean brightness of page regions, from one low-resolution rendering per page."""

    SCALE = 1.0  # 72 dpi is plenty to tell a black box from a white one

    def __init__(self, path: Path, password: str | None, document: Any = None) -> None:
        """``document``: an open pypdfium2 document of ``path`` to render from (its owner closes it)."""
        self.path = path
        self.password = password
        self._document = document
        self._owned = document is None

    def shade_function(self, page_index: int) -> Callable[[PdfObject], float | None]:
        """A function giving the mean brightness (0..1) of a box on the page, None if it cannot render."""
        image = self._render(page_index)

        def shade(box: PdfObject) -> float | None:
            if image is None:
                return None
            left, top = max(int(box["x0"] * self.SCALE) + 1, 0), max(int(box["top"] * self.SCALE) + 1, 0)
            right = min(int(box["x1"] * self.SCALE) - 1, image.width)
            bottom = min(int(box["bottom"] * self.SCALE) - 1, image.height)
            if right <= left or bottom <= top:
                return None
            return ImageStat.Stat(image.crop((left, top, right, bottom))).mean[0] / 255

        return shade

    def _render(self, page_index: int) -> Any:
        try:
            import pypdfium2

            if self._document is None:
                self._document = pypdfium2.PdfDocument(str(self.path), password=self.password)
            page = self._document[page_index]
            try:
                return page.render(scale=self.SCALE, grayscale=True).to_pil().convert("L")
            finally:
                page.close()
        except Exception:  # noqa: BLE001 - unrenderable: callers then treat boxes as dark
            return None

    def close(self) -> None:
        if self._document is not None and self._owned:
            self._document.close()
        self._document = None

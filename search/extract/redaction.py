"""Failed redactions: text left in the text layer where the page, as a reader sees it, does not show it.

Showing what a filer meant to hide is the worst thing this engine could do. A box drawn over
text can be made in many ways (a filled rectangle, an 18 pt stroked line, stacked thin strips,
an image, a Square annotation from Acrobat's rectangle tool before "Apply", a form XObject), in
any colour that matches the text (black over black text, white over text on a white page), and
text can be hidden without a box at all (clipped away, in invisible render mode, in the colour
of what is behind it, outside the CropBox). Listing shapes misses the next way; looking does not.

So the page is rendered by pdfium as a reader would see it (annotations drawn, the CropBox
area, in display orientation), then again with the text made invisible, and each character's
box is compared between the two: a character that changes no pixel is not shown. Its text is
dropped and the page is reported. Refinements that keep real documents right:

* Text over a scan (an OCR layer: invisible text on top of the page's image, or text under
  it) changes no pixel either, yet the reader sees those words in the image. Such a character
  is kept when, with no text drawn, the middle of its box has the contrast of ink on paper,
  or it lies on an image and is not on a dark, even bar there. Counter-examples, kept
  although hidden: text under a photograph or a logo, and text under a *white* box drawn on
  a scanned page (nothing tells them apart from an OCR layer whose word sits on blank paper).
* Two different texts drawn at one place (a hidden layer over a visible one) each change
  pixels when all text is removed. On a page where characters of different text overlap,
  text objects are made invisible in groups that never overlap one another, so each
  character is judged by its own object alone. A hidden character whose place shows a
  visible character of the same text repeats what the reader sees and is kept.
* A page is reported only when the hidden characters hold ``MIN_HIDDEN_RUN`` letters or
  digits in a row. A properly applied redaction can leave single glyphs cut by its edge
  under the box (x-ray's test1.pdf letter: "v", "1", "m" scattered under hatched boxes), and
  punctuation or "(cid:n)" blanks can be too small to change a pixel at this resolution:
  they are dropped from the text but withhold nothing.
* Rendering costs two pdfium renders per page, so a page is rendered only when something on
  it could hide text: a painted path, image or shading over a tenth of a character's box, an
  annotation other than a link, a text object not plainly filled in a dark opaque colour or
  clipped to less than its bounds, text outside the CropBox, overlapping text, a rotated page.

Counter-examples that are not redactions and must stay: shaded table cells and light text on
dark bands (the text changes pixels), highlighter marks (drawn under the text or blended),
form-field backgrounds, logos and boxes drawn around text or over nothing (no character under
them). Very light watermarks are the one loss: text that changes no pixel by more than
``MIN_CONTRAST`` counts as not shown.

Nothing here needs OCR or Tesseract; only pdfium, which pdfplumber already depends on.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops

PdfObject = dict[str, Any]

MIN_BOX_SIDE = 4.0  # points; the pdfium fast path leaves shapes thinner than this to be rules
RENDER_SCALE = 1.5  # 108 dpi: 8 pt text is 12 pixels high, cheap enough to render every page
MAX_RENDER_PIXELS = 4_000_000  # per rendering: a 200-inch page is drawn coarser, not in gigabytes
MIN_JUDGED_HEIGHT = 4  # pixels: a character box lower than this on a coarse rendering is not judged
MIN_CONTRAST = 24  # of 255: a pixel the text changes by less than this does not show it
MIN_SHOWN_PIXELS = 2  # a character changing fewer pixels than this is not shown
DARK_FIELD = 110  # of 255: an even field no lighter than this is a bar, not paper
INK_CONTRAST = 80  # of 255: what is behind a character holds ink on paper (a scan) from this range
MIN_HIDDEN_RUN = 3  # hidden letters or digits in a row that make a page a failed redaction ("def", "4471")
OVERLAP_SHARE = 0.2  # of the smaller box: two characters this much on top of each other overlap (kerning: less)
MAX_OVERLAP_GROUPS = 6  # renders spent on pages with overlapping text layers
_INVISIBLE = 3  # FPDF_TEXTRENDERMODE_INVISIBLE
_GRID = 8.0  # points: cell size of the overlap search


@dataclass(frozen=True)
class PixelBox:
    left: int
    top: int
    right: int
    bottom: int

    def empty(self) -> bool:
        return self.right <= self.left or self.bottom <= self.top

    def core(self) -> PixelBox:
        """The middle of the box, away from neighbours' ink and the edges of a box over it."""
        dx, dy = (self.right - self.left) // 4, (self.bottom - self.top) // 4
        return PixelBox(self.left + dx, self.top + dy, max(self.right - dx, self.left + dx + 1),
                        max(self.bottom - dy, self.top + dy + 1))

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.left, self.top, self.right, self.bottom)


@dataclass
class PageVerdict:
    """What the rendering showed of one page's characters."""

    visible: list[PdfObject]
    hidden: list[PdfObject] = field(default_factory=list)
    rendered: bool = False  # False when nothing on the page could hide text, so it was not rendered
    unjudged: int = 0  # characters too small to judge on a page too large to render finely (kept)

    @property
    def redacted(self) -> bool:
        """True when the hidden characters hold a run of ``MIN_HIDDEN_RUN`` letters or digits.

        Single letters left under a properly applied redaction (its tool drops the glyphs inside
        the box and keeps a few cut by its edge, as in a letter of the x-ray test files) and
        punctuation too small to show at the rendering's resolution spell nothing; they are
        dropped from the text, but do not make the page a failed redaction."""
        if self.unjudged:
            return True
        run = 0
        previous: PdfObject | None = None
        for char in self.hidden:
            text = char.get("text", "")
            if not text.isalnum() or text.startswith("(cid:"):
                run, previous = 0, None
                continue
            adjacent = previous is not None and abs(char["top"] - previous["top"]) < 1 and (
                -1 < char["x0"] - previous["x1"] < max(char["size"], 1) * 0.3)
            run = run + 1 if adjacent else 1
            if run >= MIN_HIDDEN_RUN:
                return True
            previous = char
        return False


def _is_blank(char: PdfObject) -> bool:
    return not char.get("text", "").strip()


def overlapping_pairs(chars: Sequence[PdfObject]) -> list[tuple[int, int]]:
    """Index pairs of characters of different text drawn largely on top of each other.

    Neighbours on a line touch at their edges only; lines set tight overlap by a sliver. The
    same text at one place is pdfplumber's overprinted bold, already removed by ``unique_chars``."""
    grid: dict[tuple[int, int], list[int]] = {}
    for index, char in enumerate(chars):
        if not _is_blank(char):
            centre = ((char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2)
            grid.setdefault((int(centre[0] // _GRID), int(centre[1] // _GRID)), []).append(index)
    pairs = []
    for (cx, cy), members in grid.items():
        near = [i for dx in (-1, 0, 1) for dy in (-1, 0, 1) for i in grid.get((cx + dx, cy + dy), ())]
        for first in members:
            for second in near:
                if second <= first:
                    continue
                a, b = chars[first], chars[second]
                if a["text"] == b["text"]:
                    continue
                width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                if width <= 0 or height <= 0:
                    continue
                smaller = min(_area(a), _area(b))
                if smaller > 0 and width * height >= OVERLAP_SHARE * smaller:
                    pairs.append((first, second))
    return pairs


def _area(char: PdfObject) -> float:
    return (char["x1"] - char["x0"]) * (char["bottom"] - char["top"])


def _shown_pixels(difference: Image.Image, box: PixelBox) -> int:
    """How many pixels in ``box`` of a thresholded difference image the text changed."""
    return difference.crop(box.as_tuple()).histogram()[255]


def _ink_behind(without_text: Image.Image, box: PixelBox) -> bool:
    """True when the page without its text has ink-on-paper contrast in the middle of the box."""
    low, high = without_text.crop(box.core().as_tuple()).getextrema()
    return high - low >= INK_CONTRAST


def _dark_behind(without_text: Image.Image, box: PixelBox) -> bool:
    """True when the page without its text is a dark, even field around the middle of the box (a bar).

    The field looked at is at least as wide as the box is high: the core of a narrow "l" in a
    scan is all stroke, dark and even, yet paper shows beside it."""
    core = box.core()
    half = max((core.bottom - core.top) // 2 - (core.right - core.left) // 2, 0)
    field = PixelBox(max(core.left - half, 0), core.top, min(core.right + half, without_text.width), core.bottom)
    low, high = without_text.crop(field.as_tuple()).getextrema()
    return high - low < INK_CONTRAST and high <= DARK_FIELD


def _thresholded(first: Image.Image, second: Image.Image) -> Image.Image:
    return ImageChops.difference(first, second).point(lambda value: 255 if value >= MIN_CONTRAST else 0)


class RenderedShade:
    """Renders each page as a reader sees it, with and without its text, to tell which characters show.

    One pypdfium2 document serves every page (the fast text reader's, when there is one); the
    pages loaded here are modified in memory only (text made invisible, then restored) and
    closed without writing their content back, so nothing else sees the change."""

    def __init__(self, path: Path, password: str | None, document: Any = None) -> None:
        """``document``: an open pypdfium2 document of ``path`` to render from (its owner closes it)."""
        self.path = path
        self.password = password
        self._document = document
        self._owned = document is None
        self._failed = False

    def visible_chars(self, page_index: int, chars: list[PdfObject]) -> tuple[list[PdfObject], bool]:
        """The characters a reader sees on the page, and whether hidden ones spell something (see
        ``PageVerdict.redacted``); hidden characters are left out either way.

        ``chars`` are pdfplumber's (or the fast path's, which match them) in pdfplumber's page
        coordinates. When the page cannot be rendered at all, every character is kept and the
        page is reported as a possible failed redaction, so the original stays withheld."""
        if all(_is_blank(char) for char in chars):
            return chars, False
        try:
            verdict = self.judge(page_index, chars)
        except Exception:  # noqa: BLE001 - unrenderable page: keep the text, withhold the file
            return chars, True
        return verdict.visible, verdict.redacted

    def judge(self, page_index: int, chars: list[PdfObject]) -> PageVerdict:
        """Each character's verdict on one page (raises when pdfium cannot load or render it)."""
        page = self._pdfium_document()[page_index]
        try:
            return _PageCheck(page, chars).verdict()
        finally:
            page.close()

    def _pdfium_document(self) -> Any:
        if self._document is None:
            import pypdfium2

            self._document = pypdfium2.PdfDocument(str(self.path), password=self.password)
        return self._document

    def close(self) -> None:
        if self._document is not None and self._owned:
            self._document.close()
        self._document = None


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(first: _Matrix, then: _Matrix) -> _Matrix:
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2)


def _apply(matrix: _Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return (a * x + c * y + e, b * x + d * y + f)


def _within_one(bounds: tuple[float, float, float, float], shapes: list[tuple[float, float, float, float]]) -> bool:
    """True when ``bounds`` lie inside one of ``shapes`` (an empty clip shows nothing). A text
    object spread over two clipped areas, or clipped by a curve inside its bounds, is missed here:
    such pages are rendered only when something else calls for it."""
    x0, y0, x1, y1 = bounds
    return any(left <= x0 and bottom <= y0 and x1 <= right and y1 <= top for left, bottom, right, top in shapes)


@dataclass
class _Survey:
    """What on a page could keep text from showing, found without rendering it."""

    texts: list[Any] = field(default_factory=list)  # every text object, forms entered
    marks: list[PixelBox] = field(default_factory=list)  # painted paths, images, shadings
    images: list[PixelBox] = field(default_factory=list)
    odd_text: bool = False  # a text object not plainly painted: invisible, clipped, light, translucent


class _PageCheck:
    """One loaded pdfium page and its characters (pdfplumber's coordinates)."""

    def __init__(self, page: Any, chars: list[PdfObject]) -> None:
        import pypdfium2_raw as pdfium_c

        self.c = pdfium_c
        self.page = page
        self.chars = chars
        area = max(page.get_width() * page.get_height(), 1.0)
        self.scale = min(RENDER_SCALE, math.sqrt(MAX_RENDER_PIXELS / area))
        self.size = (math.ceil(page.get_width() * self.scale), math.ceil(page.get_height() * self.scale))
        self.origin_x, self.origin_y = _plumber_crop_origin(page)
        self.boxes = [self.pixel_box(char) for char in chars]
        self.survey = _Survey()
        self._walk(page.raw, _IDENTITY, 0)

    # -- survey ---------------------------------------------------------------------------------

    def _to_pixels(self, matrix: _Matrix, left: float, bottom: float, right: float, top: float) -> PixelBox:
        """A box in an object's space (``matrix`` maps it to the page's) as pixels of the rendering."""
        xs, ys = [], []
        x, y = ctypes.c_int(), ctypes.c_int()
        for corner in ((left, bottom), (left, top), (right, bottom), (right, top)):
            page_x, page_y = _apply(matrix, *corner)
            self.c.FPDF_PageToDevice(self.page.raw, 0, 0, self.size[0], self.size[1], 0, page_x, page_y, x, y)
            xs.append(x.value)
            ys.append(y.value)
        return PixelBox(min(xs), min(ys), max(xs), max(ys))

    def _walk(self, holder: Any, to_page: _Matrix, depth: int) -> None:
        """Every object in content order, forms entered; ``to_page`` maps the holder's space."""
        c, survey = self.c, self.survey
        if depth > 12:
            survey.odd_text = True
            return
        count, get = (c.FPDFPage_CountObjects, c.FPDFPage_GetObject) if depth == 0 else (
            c.FPDFFormObj_CountObjects, c.FPDFFormObj_GetObject)
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        for position in range(count(holder)):
            obj = get(holder, position)
            kind = c.FPDFPageObj_GetType(obj)
            if kind == c.FPDF_PAGEOBJ_FORM:
                matrix = c.FS_MATRIX()
                c.FPDFPageObj_GetMatrix(obj, matrix)
                inner = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), to_page)
                self._walk(obj, inner, depth + 1)
                continue
            if kind == c.FPDF_PAGEOBJ_TEXT:
                survey.texts.append(obj)
                if not survey.odd_text and self._odd_text(obj, to_page):
                    survey.odd_text = True
                continue
            if not c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                continue
            box = self._to_pixels(to_page, left.value, bottom.value, right.value, top.value)
            if kind == c.FPDF_PAGEOBJ_PATH:
                fill, stroke = ctypes.c_int(), ctypes.c_int()
                c.FPDFPath_GetDrawMode(obj, fill, stroke)
                if not fill.value and not stroke.value:
                    continue  # a clipping path only
            elif kind == c.FPDF_PAGEOBJ_IMAGE:
                survey.images.append(box)
            survey.marks.append(box)

    def _odd_text(self, obj: Any, to_page: _Matrix) -> bool:
        """True when a text object may not show as plain ink: not filled, light, translucent or clipped."""
        c = self.c
        if c.FPDFTextObj_GetTextRenderMode(obj) not in (0, 2):  # fill, fill and stroke
            return True
        red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
        if not c.FPDFPageObj_GetFillColor(obj, red, green, blue, alpha):
            return True
        if alpha.value < 255 or 0.299 * red.value + 0.587 * green.value + 0.114 * blue.value > 128:
            return True
        clip = c.FPDFPageObj_GetClipPath(obj)
        if not clip:
            return False
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        bounds = (left.value + 1, bottom.value + 1, right.value - 1, top.value - 1)
        return any(not _within_one(bounds, shape) for shape in self._clip_shapes(clip))

    def _clip_shapes(self, clip: Any) -> Iterator[list[tuple[float, float, float, float]]]:
        """Each path of a clipping path (all intersected) as the bounds of its subpaths (joined)."""
        c = self.c
        x, y = ctypes.c_float(), ctypes.c_float()
        for path in range(c.FPDFClipPath_CountPaths(clip)):
            subpaths: list[list[tuple[float, float]]] = []
            for number in range(c.FPDFClipPath_CountPathSegments(clip, path)):
                segment = c.FPDFClipPath_GetPathSegment(clip, path, number)
                if not segment or not c.FPDFPathSegment_GetPoint(segment, x, y):
                    continue
                if not subpaths or c.FPDFPathSegment_GetType(segment) == c.FPDF_SEGMENT_MOVETO:
                    subpaths.append([])
                subpaths[-1].append((x.value, y.value))
            yield [
                (min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points),
                 max(p[1] for p in points))
                for points in subpaths if points
            ]

    def needs_rendering(self) -> bool:
        """False when nothing on the page can keep a character from showing (most pages)."""
        if self.survey.odd_text or self.page.get_rotation() or self._has_annotations():
            return True
        width, height = self.size
        for char, box in zip(self.chars, self.boxes, strict=True):
            if not _is_blank(char) and (box.left < 0 or box.top < 0 or box.right > width or box.bottom > height
                                        or box.empty()):
                return True  # (partly) outside the CropBox
        if self._marks_over_text():
            return True
        return bool(overlapping_pairs(self.chars))

    def _has_annotations(self) -> bool:
        c = self.c
        for number in range(c.FPDFPage_GetAnnotCount(self.page.raw)):
            annotation = c.FPDFPage_GetAnnot(self.page.raw, number)
            try:
                if c.FPDFAnnot_GetSubtype(annotation) != c.FPDF_ANNOT_LINK:
                    return True
            finally:
                c.FPDFPage_CloseAnnot(annotation)
        return False

    def _marks_over_text(self) -> bool:
        """True when a painted mark covers a tenth of some character's box (thin underlines do not)."""
        marks = self.survey.marks
        if not marks:
            return False
        cell = 32
        grid: dict[tuple[int, int], list[int]] = {}
        for index, mark in enumerate(marks):
            for gx in range(mark.left // cell, mark.right // cell + 1):
                for gy in range(mark.top // cell, mark.bottom // cell + 1):
                    grid.setdefault((gx, gy), []).append(index)
        for char, box in zip(self.chars, self.boxes, strict=True):
            if _is_blank(char) or box.empty():
                continue
            area = (box.right - box.left) * (box.bottom - box.top)
            for index in grid.get(((box.left + box.right) // 2 // cell, (box.top + box.bottom) // 2 // cell), ()):
                mark = marks[index]
                width = min(box.right, mark.right) - max(box.left, mark.left)
                height = min(box.bottom, mark.bottom) - max(box.top, mark.top)
                if width > 0 and height > 0 and width * height * 10 >= area:
                    return True
        return False

    # -- rendering ------------------------------------------------------------------------------

    def _render(self) -> Image.Image:
        bitmap = self.page.render(scale=self.scale, grayscale=True, draw_annots=True, no_smoothpath=True,
                                  may_draw_forms=False)
        return bitmap.to_pil().convert("L")

    def _render_without(self, objects: Sequence[Any]) -> Image.Image:
        """The page with ``objects`` (text objects) drawn invisible, everything else as it is."""
        c = self.c
        modes = [c.FPDFTextObj_GetTextRenderMode(obj) for obj in objects]
        for obj in objects:
            c.FPDFTextObj_SetTextRenderMode(obj, _INVISIBLE)
        try:
            return self._render()
        finally:
            for obj, mode in zip(objects, modes, strict=True):
                c.FPDFTextObj_SetTextRenderMode(obj, mode)

    # -- coordinates ----------------------------------------------------------------------------

    def pixel_box(self, char: PdfObject) -> PixelBox:
        """The character's box in pixels of the rendering (not clipped to it)."""
        s = self.scale
        return PixelBox(
            int((char["x0"] - self.origin_x) * s),
            int((char["top"] - self.origin_y) * s),
            int((char["x1"] - self.origin_x) * s + 0.999),
            int((char["bottom"] - self.origin_y) * s + 0.999),
        )

    def _clipped(self, box: PixelBox) -> PixelBox:
        width, height = self.size
        return PixelBox(max(box.left, 0), max(box.top, 0), min(box.right, width), min(box.bottom, height))

    def _on_image(self, box: PixelBox) -> bool:
        x, y = (box.left + box.right) // 2, (box.top + box.bottom) // 2
        return any(image.left <= x <= image.right and image.top <= y <= image.bottom for image in self.survey.images)

    # -- verdict --------------------------------------------------------------------------------

    def verdict(self) -> PageVerdict:
        if not self.needs_rendering():
            return PageVerdict(self.chars)
        shown = self._render()
        without = self._render_without(self.survey.texts)
        changed = _thresholded(shown, without)
        boxes = [self._clipped(box) for box in self.boxes]
        differences = {index: changed for index in range(len(self.chars))}
        pairs = overlapping_pairs(self.chars)
        if pairs:
            differences.update(self._own_differences(shown, pairs, boxes))
        hidden_at: set[int] = set()
        unjudged = 0
        for index, char in enumerate(self.chars):
            if _is_blank(char):
                continue
            box = boxes[index]
            if box.empty():
                hidden_at.add(index)  # outside the CropBox: nobody sees it
                continue
            if self.scale < RENDER_SCALE and box.bottom - box.top < MIN_JUDGED_HEIGHT:
                unjudged += 1  # a poster-sized page drawn coarsely: keep the text, withhold the file
                continue
            if _shown_pixels(differences[index], box) >= MIN_SHOWN_PIXELS:
                continue
            if _ink_behind(without, box) or (self._on_image(box) and not _dark_behind(without, box)):
                continue  # an OCR layer over (or under) a scan
            hidden_at.add(index)
        hidden_at -= self._shown_duplicates(hidden_at, pairs)
        visible = [char for index, char in enumerate(self.chars) if index not in hidden_at]
        hidden = [self.chars[index] for index in sorted(hidden_at)]
        return PageVerdict(visible, hidden, rendered=True, unjudged=unjudged)

    def _shown_duplicates(self, hidden_at: set[int], pairs: list[tuple[int, int]]) -> set[int]:
        """Hidden characters lying on a shown character of the same text (never in ``pairs``,
        which holds different texts only): they repeat what the reader sees."""
        if not hidden_at:
            return set()
        keys: dict[tuple[str, int, int], int] = {}
        for index, char in enumerate(self.chars):
            if index not in hidden_at and not _is_blank(char):
                keys[(char["text"], round(char["x0"]), round(char["top"]))] = index
        repeats = set()
        for index in hidden_at:
            text, x0, top = self.chars[index]["text"], round(self.chars[index]["x0"]), round(self.chars[index]["top"])
            if any((text, x0 + dx, top + dy) in keys for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
                repeats.add(index)
        return repeats

    def _own_differences(
        self, shown: Image.Image, pairs: list[tuple[int, int]], boxes: list[PixelBox]
    ) -> dict[int, Image.Image]:
        """For characters of text objects lying on other text: what their own object alone changes.

        Objects are grouped so that no two in a group overlap (greedy colouring); each group is
        made invisible in one rendering. With more groups than ``MAX_OVERLAP_GROUPS`` the
        remaining characters are judged with every text removed (the hidden layer then counts
        as shown: a leak is possible only on such pathological pages, which are reported)."""
        owners = self._owners(set(range(len(self.chars))), boxes)  # also those only touching the other layer
        conflicts: dict[int, set[int]] = {}
        for first, second in pairs:
            a, b = owners.get(first), owners.get(second)
            if a is not None and b is not None and a != b:
                conflicts.setdefault(a, set()).add(b)
                conflicts.setdefault(b, set()).add(a)
        group_of: dict[int, int] = {}
        for obj in sorted(conflicts):
            taken = {group_of[other] for other in conflicts[obj] if other in group_of}
            group_of[obj] = next(group for group in range(len(conflicts) + 1) if group not in taken)
        handles = {ctypes.cast(obj, ctypes.c_void_p).value: obj for obj in self.survey.texts}
        renders: dict[int, Image.Image] = {}
        for group in sorted(set(group_of.values()))[:MAX_OVERLAP_GROUPS]:
            members = [handles[key] for key, g in group_of.items() if g == group and key in handles]
            renders[group] = _thresholded(shown, self._render_without(members))
        return {
            index: renders[group_of[owner]]
            for index, owner in owners.items()
            if owner in group_of and group_of[owner] in renders
        }

    def _owners(self, indexes: set[int], boxes: list[PixelBox]) -> dict[int, int]:
        """The pdfium text object (as an address) that draws each of the characters ``indexes``.

        pdfium's text page gives each character's object and ink box; a pdfplumber character
        is matched to the pdfium character of the same text whose ink centre lies in its box."""
        c = self.c
        textpage = self.page.get_textpage()
        try:
            found: dict[str, list[tuple[float, float, int]]] = {}
            left, right, bottom, top = (ctypes.c_double() for _ in range(4))
            x, y = ctypes.c_int(), ctypes.c_int()
            size = self.size
            for number in range(c.FPDFText_CountChars(textpage.raw)):
                text = chr(c.FPDFText_GetUnicode(textpage.raw, number) or 32)
                if not text.strip():
                    continue
                c.FPDFText_GetCharBox(textpage.raw, number, left, right, bottom, top)
                c.FPDF_PageToDevice(self.page.raw, 0, 0, size[0], size[1], 0,
                                    (left.value + right.value) / 2, (bottom.value + top.value) / 2, x, y)
                owner = ctypes.cast(c.FPDFText_GetTextObject(textpage.raw, number), ctypes.c_void_p).value
                if owner:
                    found.setdefault(text, []).append((x.value, y.value, owner))
        finally:
            textpage.close()
        owners = {}
        for index in indexes:
            box = boxes[index]
            middle = (box.left + box.right) / 2
            candidates = [
                (abs(px - middle), owner) for px, py, owner in found.get(self.chars[index]["text"], ())
                if box.left - 1 <= px <= box.right + 1 and box.top - 1 <= py <= box.bottom + 1
            ]
            if candidates:
                owners[index] = min(candidates)[1]
        return owners


def _plumber_crop_origin(page: Any) -> tuple[float, float]:
    """The top-left corner of what pdfium renders (the CropBox within the MediaBox), in
    pdfplumber's coordinates for the page's characters.

    pdfminer measures from the MediaBox's first corner as written (even when it is not the
    lower left, as in a MediaBox of [0 841 631 0]); pdfplumber then adds back the left edge
    and counts "top" down from the height of the sorted box (swapped for /Rotate 90 and 270)."""
    rotation = page.get_rotation()
    raw = tuple(page.get_mediabox())
    media = _sorted_box(raw)
    crop = _sorted_box(page.get_cropbox())
    crop = (max(crop[0], media[0]), max(crop[1], media[1]), min(crop[2], media[2]), min(crop[3], media[3]))
    if rotation in (90, 270):
        return 0.0, 0.0  # pdfminer turns the page; a CropBox offset on a turned page is not followed
    height = media[3] - media[1]
    return crop[0] - raw[0] + media[0], height - (crop[3] - raw[1]) + (height - media[3])


def _sorted_box(box: Sequence[float]) -> tuple[float, float, float, float]:
    x0, x1 = sorted((box[0], box[2]))
    y0, y1 = sorted((box[1], box[3]))
    return (x0, y0, x1, y1)

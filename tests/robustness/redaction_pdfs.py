"""Generated PDFs for every kind of failed redaction found by the security probe, and for the
marks that look like redactions but are not (written byte by byte with ``RawPdf``).

Each page reads "The informant is <word> and the clerk filed it." on one line: the word stands
alone in its own text object at x = 200, so a mark can be drawn exactly over it. In a
``HIDDEN`` case the word cannot be seen by a reader (and must never reach the index); in a
``SHOWN`` case a mark is near or under it but the word reads plainly (and must stay).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pdfminer.fontmetrics import FONT_METRICS

from tests.robustness.pdfs import RawPdf

X, BASELINE, SIZE = 200.0, 700.0, 12.0
BEFORE, AFTER = "The informant is", "and the clerk filed it."
VISIBLE_WORDS = ("informant", "clerk", "filed")


def text_width(text: str, size: float = SIZE) -> float:
    widths = FONT_METRICS["Helvetica"][1]
    return sum(widths.get(char, 556) for char in text) * size / 1000


@dataclass(frozen=True)
class Case:
    """One generated page: its kind, the word that matters, and how the page is drawn."""

    kind: str
    word: str
    draw: Callable[[RawPdf, str], tuple[str, str, str]]  # -> (content, extra resources, extra page keys)

    def write(self, path: Path) -> Path:
        pdf = RawPdf()
        font = pdf.font()
        content, resources, page_extra = self.draw(pdf, self.word)
        stream = pdf.stream(content.encode("latin-1"))
        page = pdf.add(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {stream} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> {resources} >> {page_extra} >>"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        return pdf.write(path, [page])


def line(word: str, word_ops: str = "", word_x: float = X) -> str:
    """The sentence, with ``word_ops`` (colour, render mode) applied to the word alone."""
    after_x = word_x + text_width(word + " ")
    return (
        f"BT /F1 {SIZE:g} Tf 72 {BASELINE:g} Td ({BEFORE}) Tj ET\n"
        f"q BT {word_ops} /F1 {SIZE:g} Tf {word_x:g} {BASELINE:g} Td ({word}) Tj ET Q\n"
        f"BT /F1 {SIZE:g} Tf {after_x:g} {BASELINE:g} Td ({AFTER}) Tj ET\n"
    )


def word_box(word: str, margin: float = 2.0) -> tuple[float, float, float, float]:
    """x, y, width, height of a box just covering the word's glyphs and line."""
    return (X - margin, BASELINE - 4, text_width(word) + 2 * margin, SIZE + 4)


def _form_keys(width: float, height: float) -> str:
    return f"/Type /XObject /Subtype /Form /BBox [0 0 {width:g} {height:g}]"


def _rect(word: str) -> str:
    return "{:g} {:g} {:g} {:g} re".format(*word_box(word))


# -- hidden -------------------------------------------------------------------------------------


def square_annotation(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """Acrobat's rectangle tool before "Apply": a black Square annotation with its appearance."""
    x, y, w, h = word_box(word)
    appearance = pdf.stream(f"0 g 0 0 {w:g} {h:g} re f".encode(), _form_keys(w, h))
    annot = pdf.add(
        f"<< /Type /Annot /Subtype /Square /Rect [{x:g} {y:g} {x + w:g} {y + h:g}] /C [0 0 0] /IC [0 0 0] "
        f"/Border [0 0 0] /AP << /N {appearance} 0 R >> >>"
    )
    return line(word), "", f"/Annots [{annot} 0 R]"


def thick_stroke(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """An 18 pt black line drawn across the word instead of a filled box."""
    x, _, w, _ = word_box(word)
    return line(word) + f"0 G 18 w 0 J {x:g} {BASELINE + 4:g} m {x + w:g} {BASELINE + 4:g} l S\n", "", ""


def offset_cropbox(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """A black box on a page whose CropBox starts 100 pt in from the MediaBox's corner."""
    return line(word) + f"0 g {_rect(word)} f\n", "", "/CropBox [50 100 612 792]"


def stacked_strips(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """A box made of five 3.2 pt strips, each too thin to count as a box on its own."""
    x, y, w, _ = word_box(word)
    strips = "".join(f"{x:g} {y + 3.2 * n:g} {w:g} 3.2 re f\n" for n in range(5))
    return line(word) + "0 g\n" + strips, "", ""


def white_box(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """A white box over the word on a white page ("whiteout")."""
    return line(word) + f"1 g {_rect(word)} f\n", "", ""


def clipped_away(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """The word drawn outside the clipping path in force (only the left part of the page shows)."""
    after_x = X + text_width(word + " ")
    content = (
        f"BT /F1 {SIZE:g} Tf 72 {BASELINE:g} Td ({BEFORE}) Tj ET\n"
        f"q 0 0 {X - 3:g} 792 re {after_x - 2:g} 0 {612 - after_x:g} 792 re W n "
        f"BT /F1 {SIZE:g} Tf {X:g} {BASELINE:g} Td ({word}) Tj ET Q\n"
        f"BT /F1 {SIZE:g} Tf {after_x:g} {BASELINE:g} Td ({AFTER}) Tj ET\n"
    )
    return content, "", ""


def light_text_under_box(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """Light grey text (gray 0.85) under a black box: hidden, however light it is."""
    return line(word, "0.85 g") + f"0 g {_rect(word)} f\n", "", ""


def hidden_over_visible(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """A second, different text in invisible mode laid exactly over a visible word."""
    shown = "Lorem"
    content = line(shown) + f"BT 3 Tr /F1 {SIZE:g} Tf {X:g} {BASELINE:g} Td ({word}) Tj ET\n"
    return content, "", ""


def image_box(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """A one-pixel black image stretched over the word."""
    image = pdf.stream(b"\x00", "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                                "/BitsPerComponent 8")
    x, y, w, h = word_box(word)
    return line(word) + f"q {w:g} 0 0 {h:g} {x:g} {y:g} cm /Im1 Do Q\n", f"/XObject << /Im1 {image} 0 R >>", ""


def form_box(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """A black box drawn by a form XObject placed over the word."""
    x, y, w, h = word_box(word)
    form = pdf.stream(f"0 g 0 0 {w:g} {h:g} re f".encode(), _form_keys(w, h))
    return line(word) + f"q 1 0 0 1 {x:g} {y:g} cm /Fm1 Do Q\n", f"/XObject << /Fm1 {form} 0 R >>", ""


def invisible_mode(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """The word in render mode 3 (invisible) over blank paper."""
    return line(word, "3 Tr"), "", ""


def dark_text_on_black(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """Black text on a black box drawn under it: in the colour of what is behind it."""
    return f"0 g {_rect(word)} f\n" + line(word), "", ""


HIDDEN = [
    Case("square annotation", "Quimbyfield", square_annotation),
    Case("18 pt stroked line", "Zanzibarro", thick_stroke),
    Case("box on offset CropBox", "Marchetway", offset_cropbox),
    Case("stacked thin strips", "Pollardine", stacked_strips),
    Case("white box on white page", "Vexhollow", white_box),
    Case("outside the clipping path", "Brinkerhal", clipped_away),
    Case("light grey text under black box", "Oxtonbury", light_text_under_box),
    Case("hidden text over visible text", "Dunmarrow", hidden_over_visible),
    Case("image over text", "Fenwhistle", image_box),
    Case("form XObject box", "Gravelmoor", form_box),
    Case("invisible render mode", "Harrowgate", invisible_mode),
    Case("black text on black", "Kestrelby", dark_text_on_black),
]


# -- shown --------------------------------------------------------------------------------------


def shaded_cell(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """A table row shaded light grey under the text."""
    return f"0.85 g 66 {BASELINE - 5:g} 480 {SIZE + 6:g} re f 0 g\n" + line(word), "", ""


def light_on_dark_band(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """A dark header band with white text on it."""
    content = f"0.15 g 66 {BASELINE - 5:g} 480 {SIZE + 6:g} re f\n" + line(word).replace("BT /F1", "BT 1 g /F1")
    return content, "", ""


def highlighter(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """A Highlight annotation in multiply blend over the word (how Acrobat draws one)."""
    x, y, w, h = word_box(word)
    state = pdf.add("<< /Type /ExtGState /BM /Multiply >>")
    appearance = pdf.stream(
        f"/GS0 gs 1 1 0 rg 0 0 {w:g} {h:g} re f".encode(),
        f"/Type /XObject /Subtype /Form /BBox [0 0 {w:g} {h:g}] /Resources << /ExtGState << /GS0 {state} 0 R >> >>",
    )
    annot = pdf.add(
        f"<< /Type /Annot /Subtype /Highlight /Rect [{x:g} {y:g} {x + w:g} {y + h:g}] /C [1 1 0] "
        f"/QuadPoints [{x:g} {y + h:g} {x + w:g} {y + h:g} {x:g} {y:g} {x + w:g} {y:g}] "
        f"/AP << /N {appearance} 0 R >> >>"
    )
    return line(word), "", f"/Annots [{annot} 0 R]"


def highlighter_under(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """A yellow box drawn under the word (a highlighter mark printed into the page)."""
    return f"1 1 0 rg {_rect(word)} f 0 g\n" + line(word), "", ""


def form_field(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """A filled-in form: the field's light blue background under the typed word, and an empty
    Widget with its own background box below the line."""
    appearance = pdf.stream(b"0.8 0.9 1 rg 0 0 200 16 re f", "/Type /XObject /Subtype /Form /BBox [0 0 200 16]")
    widget = pdf.add(
        f"<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /Rect [72 600 272 616] /AP << /N {appearance} 0 R >> >>"
    )
    return f"0.8 0.9 1 rg {_rect(word)} f 0 g\n" + line(word), "", f"/Annots [{widget} 0 R]"


def logo(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """A letterhead logo (an image and a black square) above the text, touching nothing."""
    image = pdf.stream(bytes(range(0, 256, 4)) * 64, "/Type /XObject /Subtype /Image /Width 64 /Height 64 "
                                                     "/ColorSpace /DeviceGray /BitsPerComponent 8")
    content = "q 60 0 0 60 72 720 cm /Im1 Do Q 0 g 140 720 60 60 re f\n" + line(word)
    return content, f"/XObject << /Im1 {image} 0 R >>", ""


def box_around(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """A thin rectangle drawn around the word, and an underline under it."""
    x, y, w, h = word_box(word, margin=3)
    frame = f"0 G 1 w {x:g} {y - 2:g} {w:g} {h + 4:g} re S"
    underline = f"{X:g} {BASELINE - 2:g} m {X + w:g} {BASELINE - 2:g} l S"
    content = line(word) + f"{frame} {underline}\n"
    return content, "", ""


def empty_box(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """Black boxes over nothing (a redaction properly applied: the text under them is gone)."""
    return line(word) + "0 g 72 640 120 14 re f 300 640 90 14 re f\n", "", ""


def ocr_over_scan(pdf: RawPdf, word: str) -> tuple[str, str, str]:
    """A scan (an image with ink) with its OCR words laid over it in invisible mode."""
    width, height = 400, 20
    rows = bytes((0 if (column // 2) % 2 else 255) for column in range(width)) * height
    image = pdf.stream(rows, f"/Type /XObject /Subtype /Image /Width {width} /Height {height} "
                             "/ColorSpace /DeviceGray /BitsPerComponent 8")
    content = f"q 400 0 0 20 66 {BASELINE - 5:g} cm /Im1 Do Q\n" + line(word).replace("BT /F1", "BT 3 Tr /F1")
    return content, f"/XObject << /Im1 {image} 0 R >>", ""


SHOWN = [
    Case("shaded table cell", "Tallowmere", shaded_cell),
    Case("light text on a dark band", "Ambercroft", light_on_dark_band),
    Case("highlight annotation", "Lindenholt", highlighter),
    Case("highlighter under text", "Rookwarden", highlighter_under),
    Case("form-field backgrounds", "Sallowfen", form_field),
    Case("logo", "Thistlebeck", logo),
    Case("box drawn around text", "Wrenhaven", box_around),
    Case("boxes with nothing under them", "Yarrowdale", empty_box),
    Case("OCR layer over a scan", "Copperlund", ocr_over_scan),
]

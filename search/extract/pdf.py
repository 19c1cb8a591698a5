"""PDF extraction: text layer page by page, OCR where the text layer fails, then document clean-up.

Per page: drop characters under redaction boxes, find ruled tables, drop pleading-paper line
numbers, put lines in reading order, and judge whether the text layer is usable. Per document:
OCR the pages that need it, take off ECF stamps and running heads, clean the text and read
the metadata.

The characters come from pdfium where that gives exactly what pdfplumber gives (plain text
pages, see ``pdfium_text``: ten times faster) and from pdfplumber otherwise; both go through
the same page pipeline.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from search.cache import file_sha256
from search.extract.chars import unique_chars, with_chars
from search.extract.clean import clean_text, join_page_break_hyphens, normalize_unicode
from search.extract.headers import strip_running_text
from search.extract.layout import Line, inside_any, page_lines, table_rows
from search.extract.metadata import build_metadata, iso_from_pdf_date, text_value
from search.extract.ocr import INSTALL_HINT, OcrCache, OcrFailed, OcrUnavailable, PageOcr
from search.extract.pdfium_text import Fallback, PdfiumPage, PdfiumText
from search.extract.pleading import margin_line_numbers
from search.extract.quality import (
    GARBAGE,
    MAX_OVERLAPPING_CHARS,
    MIN_CHARS_FOR_OVERLAP,
    is_garbage,
    ocr_reason,
    overlapping_char_share,
)
from search.extract.redaction import RenderedShade
from search.extract.stamps import parse_stamp
from search.extract.wordbreaks import upright_words, vertical_lines
from search.models import Extraction, ExtractionError, PageText

NOT_READABLE = "not a readable PDF"
HEADER_WINDOW = 1024
ENCRYPTED = "encrypted PDF: add its password to the catalog"
OCR_MODES = ("auto", "never", "always")


@dataclass
class PageLayer:
    """What a page's text layer gave, before document-level clean-up."""

    number: int
    lines: list[str]
    ocr_reason: str | None = None
    redacted: bool = False
    error: str = ""
    ocr: bool = False
    reader: str = "pdfplumber"  # which library gave the characters
    fallback: str = ""  # why pdfium's characters were not used, when they were not


PdfObject = dict[str, Any]
Box = tuple[float, float, float, float]


class PageContent(Protocol):
    """What the page pipeline reads from one page, whichever library read it."""

    index: int  # 0-based, for rendering
    width: float

    @property
    def chars(self) -> list[PdfObject]: ...

    @property
    def shapes(self) -> list[PdfObject]: ...  # filled rectangles and curves that may hide text

    @property
    def images(self) -> list[PdfObject]: ...

    def tables(self, chars: list[PdfObject]) -> tuple[list[Line], list[Box]]: ...


class PlumberPage:
    """A pdfplumber page as the pipeline reads it; pdfplumber parses it on first use."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.index = page.page_number - 1
        self.width = page.width

    @property
    def chars(self) -> list[PdfObject]:
        return self.page.chars

    @property
    def shapes(self) -> list[PdfObject]:
        return list(self.page.rects) + [curve for curve in self.page.curves if curve.get("fill")]

    @property
    def images(self) -> list[PdfObject]:
        return self.page.images

    def tables(self, chars: list[PdfObject]) -> tuple[list[Line], list[Box]]:
        return table_rows(with_chars(self.page, chars))


def _open(path: Path, password: str | None, pages: range | None = None) -> Any:
    """``pages``: the 1-based page numbers to read (pdfplumber keeps their numbers); None for all."""
    try:
        return pdfplumber.open(path, password=password or "", pages=pages)
    except Exception as error:  # noqa: BLE001 - pdfminer raises many types for bad files
        cause = error.args[0] if error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or isinstance(
            error, (PDFPasswordIncorrect, PDFEncryptionError)
        ):
            raise ExtractionError(ENCRYPTED) from None
        raise ExtractionError(NOT_READABLE) from None


@contextmanager
def from_pdf_header(path: Path) -> Iterator[Path]:
    """The file itself, or a temporary copy starting at its "%PDF-" header.

    Readers such as Acrobat accept a header anywhere in the first 1024 bytes (e-filing
    systems sometimes prepend a stray "%%EOF" line, as in a Missouri Court of Appeals
    opinion in the test documents); pdfminer does not, so those bytes are skipped."""
    with open(path, "rb") as handle:
        head = handle.read(HEADER_WINDOW)
        offset = head.find(b"%PDF-")
        if offset <= 0:
            yield path
            return
        with tempfile.NamedTemporaryFile(suffix=".pdf") as copy:
            handle.seek(offset)
            shutil.copyfileobj(handle, copy)
            copy.flush()
            yield Path(copy.name)


def _visible_chars(content: PageContent, chars: list[PdfObject], shades: RenderedShade) -> tuple[list, bool]:
    """The characters a reader sees on the rendered page, and whether any were hidden (see ``redaction``)."""
    return shades.visible_chars(content.index, chars)


def _layer_lines(content: PageContent, chars: list[PdfObject]) -> list[str]:
    rows, table_boxes = content.tables(chars)
    words = [w for w in upright_words(chars) if not inside_any(w, table_boxes)]
    numbers = margin_line_numbers(words, content.width)
    if numbers:
        numbered = {id(word) for word in numbers}
        words = [word for word in words if id(word) not in numbered]
    lines = [line.text for line in page_lines(words, rows, keep_whole=parse_stamp)]
    lines += [text for text, box in vertical_lines(chars) if not inside_any(_box_word(box), table_boxes)]
    return [normalize_unicode(line) for line in lines]


def _box_word(box: Box) -> PdfObject:
    x0, top, x1, bottom = box
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom}


def _page_layer(content: PageContent, number: int, shades: RenderedShade) -> tuple[PageLayer, list[PdfObject]]:
    visible, redacted = _visible_chars(content, unique_chars(content.chars), shades)
    lines = _layer_lines(content, visible)
    text = "\n".join(lines)
    body = "\n".join(line for line in lines if not parse_stamp(line))
    reason = ocr_reason(body, text, visible, content.images)
    return PageLayer(number, lines, reason, redacted), visible


def read_page_layer(content: PageContent, number: int, shades: RenderedShade) -> PageLayer:
    """The text layer of one page, with its OCR verdict."""
    try:
        return _page_layer(content, number, shades)[0]
    except Exception as error:  # noqa: BLE001 - one broken page must not lose the document
        if isinstance(error, MemoryError) or isinstance(error.__context__, MemoryError):
            raise MemoryError from None  # a decompression bomb (pdfplumber wraps it): the file is too large
        return PageLayer(number, [], "unreadable page", error=type(error).__name__)


def _pdfium_layer(content: PdfiumPage, number: int, shades: RenderedShade) -> PageLayer | Fallback:
    """The layer from pdfium's characters, unless pdfplumber's could judge the page otherwise.

    pdfium leaves out some blank characters (see ``pdfium_text``); blanks never count as
    overlapping, so the overlap share of pdfplumber's characters is at most ours. Below the
    garbage threshold both verdicts agree; at or above it only pdfplumber can tell."""
    try:
        layer, visible = _page_layer(content, number, shades)
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever went wrong, pdfplumber reads the page instead
        return Fallback(f"pipeline error ({type(error).__name__})")
    if layer.ocr_reason == GARBAGE or (
        len(visible) < MIN_CHARS_FOR_OVERLAP and overlapping_char_share(visible, min_chars=1) >= MAX_OVERLAPPING_CHARS
    ):
        return Fallback("overlapping or garbage text")
    layer.reader = "pdfium"
    return layer


def _read_page(page: Any, number: int, shades: RenderedShade, fast: PdfiumText | None) -> PageLayer:
    fallback = "pdfium off"
    if fast is not None:
        try:
            content = fast.read(page)
        except MemoryError:
            raise
        except Exception as error:  # noqa: BLE001 - pdfium trouble on one page: pdfplumber reads it
            content = Fallback(f"pdfium error ({type(error).__name__})")
        if isinstance(content, PdfiumPage):
            content = _pdfium_layer(content, number, shades)
        if isinstance(content, PageLayer):
            return content
        fallback = content.reason
    layer = read_page_layer(PlumberPage(page), number, shades)
    layer.fallback = fallback
    return layer


def read_layers(path: Path, password: str | None, *, use_pdfium: bool = True,
                pages: PageRange | None = None) -> tuple[list[PageLayer], dict[str, Any]]:
    """Every page's text layer (or those of ``pages``, first and last 1-based, inclusive) and the
    document's information dictionary.

    pdfplumber opens the document in any case (its metadata, page boxes and errors are what
    the rest of the pipeline has always seen; opening parses no page), but parses only the
    pages pdfium cannot read for it. ``use_pdfium=False`` reads every page with pdfplumber."""
    wanted = range(pages[0], pages[1] + 1) if pages else None
    pdf = _open(path, password, wanted)
    try:
        info = dict(pdf.metadata or {})
        plumber_pages = pdf.pages
        if not plumber_pages:
            raise ExtractionError(NOT_READABLE)
        layers = []
        fast = PdfiumText.open(path, password) if use_pdfium else None
        shades = RenderedShade(path, password, document=fast.document if fast else None)
        try:
            for page in plumber_pages:
                layers.append(_read_page(page, page.page_number, shades, fast))
                page.close()  # frees the page's parsed objects: memory stays flat on long PDFs
        finally:
            shades.close()
            if fast is not None:
                fast.close()
        return layers, info
    except (ExtractionError, MemoryError):
        raise
    except Exception:  # noqa: BLE001 - pdfminer fails on broken files in many ways
        raise ExtractionError(NOT_READABLE) from None
    finally:
        pdf.close()


def _pages_to_ocr(layers: list[PageLayer], mode: str) -> list[PageLayer]:
    if mode == "always":
        return layers
    if mode == "never":
        return []
    return [layer for layer in layers if layer.ocr_reason]


def _page_list(numbers: list[int]) -> str:
    label = "page" if len(numbers) == 1 else "pages"
    return f"{label} {', '.join(str(n) for n in numbers)}"


def _apply_ocr(
    layers: list[PageLayer], mode: str, runner_factory: Callable[[], PageOcr]
) -> tuple[list[str], list[int]]:
    """OCR the pages that need it, in place; returns the pages' warnings and the pages OCR could
    not run on (for the document's summary warning, see ``_ocr_summary``)."""
    wanted = _pages_to_ocr(layers, mode)
    warnings: list[str] = []
    unavailable: list[int] = []
    runner = runner_factory() if wanted else None
    try:
        for layer in wanted:
            try:
                text = runner.text(layer.number)
            except OcrUnavailable:
                unavailable.append(layer.number)
                continue
            except OcrFailed as error:
                warnings.append(f"page {layer.number}: {error}")
                continue
            except Exception as error:  # noqa: BLE001 - a page pdfium cannot render
                warnings.append(f"page {layer.number}: OCR failed ({type(error).__name__})")
                continue
            if is_garbage(text, []):
                warnings.append(f"page {layer.number}: OCR found no readable text")
                text = ""
            layer.lines = [normalize_unicode(line) for line in text.split("\n")]
            layer.ocr = True
    finally:
        if runner is not None:
            runner.close()
    return warnings, unavailable


def _ocr_summary(layers: list[PageLayer], mode: str, unavailable: list[int]) -> list[str]:
    """The document's one warning about pages left without text; drops the garbage they had."""
    warnings: list[str] = []
    needing = [layer.number for layer in layers if layer.ocr_reason and not layer.ocr]
    if unavailable and needing:
        by_number = {layer.number: layer for layer in layers}
        kind = (
            "no text layer"
            if all(by_number[n].ocr_reason == "no text layer" for n in needing)
            else ("no usable text layer")
        )
        warnings.append(f"{_page_list(needing)}: {kind} and OCR unavailable (install: {INSTALL_HINT})")
    elif unavailable:
        warnings.append(f"OCR unavailable, text layer used (install: {INSTALL_HINT})")
    elif mode == "never" and needing:
        warnings.append(f"{_page_list(needing)}: no usable text layer (OCR turned off)")
    for layer in layers:
        if layer.ocr_reason and layer.ocr_reason != "image body" and not layer.ocr:
            layer.lines = [line for line in layer.lines if parse_stamp(line)]  # garbage is worse than nothing
    return warnings


#: First and last page of a range, 1-based and inclusive.
PageRange = tuple[int, int]


@dataclass
class RangeLayers:
    """What reading some pages of a PDF gave: everything the document-level step needs from them.

    ``extract_pdf`` reads the whole file as one range; an ingest splits a very long PDF into
    several, read by different workers, and ``finish_pdf`` joins them (``search.workers``).
    Only the three fields of the information dictionary the metadata reads are kept, as text."""

    layers: list[PageLayer]
    info: dict[str, str | None]
    unreadable: list[str]  # "page N: text layer unreadable (...)"
    ocr_warnings: list[str]
    ocr_unavailable: list[int]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RangeLayers:
        return cls(**{**data, "layers": [PageLayer(**layer) for layer in data["layers"]]})


def read_pdf_range(
    path: Path,
    *,
    password: str | None = None,
    ocr: str = "auto",
    ocr_cache_dir: Path | None = None,
    pages: PageRange | None = None,
    use_pdfium: bool = True,
) -> RangeLayers:
    """Read the text layer of ``pages`` (all when None) and OCR those that need it.

    Per page only: redaction, tables, reading order and OCR give a page the same text whichever
    range it is read in. ``pages`` past the end of the file read the pages that exist."""
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    try:
        with from_pdf_header(path) as readable:
            layers, info = read_layers(readable, password, use_pdfium=use_pdfium, pages=pages)
            unreadable = [
                f"page {layer.number}: text layer unreadable ({layer.error})" for layer in layers if layer.error
            ]
            ocr_warnings, unavailable = _apply_ocr(
                layers, ocr, lambda: PageOcr(readable, password, OcrCache(ocr_cache_dir, file_sha256(path)))
            )
    except MemoryError:
        raise ExtractionError("PDF too large to extract within the memory limit") from None
    fields = {key: text_value(info.get(key)) for key in ("Title", "Author", "CreationDate")}
    return RangeLayers(layers, fields, unreadable, ocr_warnings, unavailable)


def finish_pdf(ranges: list[RangeLayers], *, rel_path: str, ocr: str = "auto", converted: bool = False) -> Extraction:
    """The document from its ranges in page order: running heads, hyphens over page breaks and
    metadata need every page, so they are done here, once, whether the file was read in one range
    or several. The information dictionary is the first range's (every range reads the same)."""
    layers = [layer for part in ranges for layer in part.layers]
    warnings = [warning for part in ranges for warning in part.unreadable]
    warnings += _ocr_summary(layers, ocr, [number for part in ranges for number in part.ocr_unavailable])
    warnings += [warning for part in ranges for warning in part.ocr_warnings]
    warnings += [f"possible failed redaction on page {layer.number}" for layer in layers if layer.redacted]

    page_lines_, running = strip_running_text([layer.lines for layer in layers])
    texts = join_page_break_hyphens([clean_text("\n".join(lines)) for lines in page_lines_])
    pages = [PageText(layer.number, text, layer.ocr) for layer, text in zip(layers, texts, strict=True)]
    first_text = next((page.text for page in pages if page.text), "")
    info = ranges[0].info
    metadata = build_metadata(
        first_text,
        running,
        file_title=info.get("Title"),
        file_author=info.get("Author"),
        file_date=None if converted else iso_from_pdf_date(info.get("CreationDate")),
        later_pages=tuple(page.text for page in pages[1:]),
    )
    return Extraction(rel_path, pages, metadata, warnings)


def extract_pdf(
    path: Path,
    *,
    rel_path: str,
    password: str | None = None,
    ocr: str = "auto",
    ocr_cache_dir: Path | None = None,
    converted: bool = False,
    use_pdfium: bool = True,
) -> Extraction:
    """Extract a PDF into pages of clean text, metadata and warnings (see ``search.extract``).

    ``converted``: the PDF was made just now from a Word or WordPerfect file, so its own
    creation date says nothing about the document. ``use_pdfium=False`` reads every page
    with pdfplumber (the reference the pdfium reading is compared with)."""
    whole = read_pdf_range(path, password=password, ocr=ocr, ocr_cache_dir=ocr_cache_dir, use_pdfium=use_pdfium)
    return finish_pdf([whole], rel_path=rel_path, ocr=ocr, converted=converted)

"""PDF extraction: text layer page by page, OCR where the text layer fails, then document clean-up.

Per page: drop characters under redaction boxes, find ruled tables, drop pleading-paper line
numbers, put lines in reading order, and judge whether the text layer is usable. Per document:
OCR the pages that need it, take off ECF stamps and running heads, clean the text and read
the metadata.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from search.cache import file_sha256
from search.extract.chars import deduped_page
from search.extract.clean import clean_text, normalize_unicode
from search.extract.headers import strip_running_text
from search.extract.layout import inside_any, page_lines, table_rows
from search.extract.metadata import build_metadata, iso_from_pdf_date, text_value
from search.extract.ocr import INSTALL_HINT, OcrCache, OcrFailed, OcrUnavailable, PageOcr
from search.extract.pleading import margin_line_numbers
from search.extract.quality import is_garbage, ocr_reason
from search.extract.redaction import RenderedShade, covering_boxes, dark_boxes, filled_boxes, is_hidden
from search.extract.stamps import parse_stamp
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


def _open(path: Path, password: str | None) -> Any:
    try:
        return pdfplumber.open(path, password=password or "")
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


def _visible_page(page: Any, shades: RenderedShade) -> tuple[Any, bool]:
    """The page without characters hidden under dark boxes, and whether any were hidden."""
    shapes = list(page.rects) + [curve for curve in page.curves if curve.get("fill")]
    candidates = covering_boxes(page.chars, filled_boxes(shapes))
    if not candidates:
        return page, False
    boxes = dark_boxes(candidates, shades.shade_function(page.page_number - 1))
    if not boxes:
        return page, False
    return page.filter(lambda obj: obj.get("object_type") != "char" or not is_hidden(obj, boxes)), True


def _layer_lines(page: Any) -> list[str]:
    rows, table_boxes = table_rows(page)
    words = [w for w in page.extract_words() if not inside_any(w, table_boxes)]
    numbers = margin_line_numbers(words, page.width)
    if numbers:
        numbered = {id(word) for word in numbers}
        words = [word for word in words if id(word) not in numbered]
    return [normalize_unicode(line.text) for line in page_lines(words, rows, keep_whole=parse_stamp)]


def read_page_layer(page: Any, number: int, shades: RenderedShade) -> PageLayer:
    """The text layer of one pdfplumber page, with its OCR verdict."""
    try:
        visible, redacted = _visible_page(deduped_page(page), shades)
        lines = _layer_lines(visible)
        text = "\n".join(lines)
        body = "\n".join(line for line in lines if not parse_stamp(line))
        reason = ocr_reason(body, text, visible.chars, page.images)
        return PageLayer(number, lines, reason, redacted)
    except Exception as error:  # noqa: BLE001 - one broken page must not lose the document
        if isinstance(error, MemoryError) or isinstance(error.__context__, MemoryError):
            raise MemoryError from None  # a decompression bomb (pdfplumber wraps it): the file is too large
        return PageLayer(number, [], "unreadable page", error=type(error).__name__)


def _read_layers(path: Path, password: str | None) -> tuple[list[PageLayer], dict[str, Any]]:
    pdf = _open(path, password)
    try:
        info = dict(pdf.metadata or {})
        pages = pdf.pages
        if not pages:
            raise ExtractionError(NOT_READABLE)
        layers = []
        shades = RenderedShade(path, password)
        try:
            for number, page in enumerate(pages, start=1):
                layers.append(read_page_layer(page, number, shades))
                page.close()  # frees the page's parsed objects: memory stays flat on long PDFs
        finally:
            shades.close()
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


def _apply_ocr(layers: list[PageLayer], mode: str, runner_factory: Callable[[], PageOcr]) -> list[str]:
    """OCR the pages that need it, in place; returns warnings."""
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
    needing = [layer.number for layer in layers if layer.ocr_reason and not layer.ocr]
    if unavailable and needing:
        kind = (
            "no text layer"
            if all(layers[n - 1].ocr_reason == "no text layer" for n in needing)
            else ("no usable text layer")
        )
        warnings.insert(0, f"{_page_list(needing)}: {kind} and OCR unavailable (install: {INSTALL_HINT})")
    elif unavailable:
        warnings.insert(0, f"OCR unavailable, text layer used (install: {INSTALL_HINT})")
    elif mode == "never" and needing:
        warnings.insert(0, f"{_page_list(needing)}: no usable text layer (OCR turned off)")
    for layer in layers:
        if layer.ocr_reason and layer.ocr_reason != "image body" and not layer.ocr:
            layer.lines = [line for line in layer.lines if parse_stamp(line)]  # garbage is worse than nothing
    return warnings


def extract_pdf(
    path: Path,
    *,
    rel_path: str,
    password: str | None = None,
    ocr: str = "auto",
    ocr_cache_dir: Path | None = None,
    converted: bool = False,
) -> Extraction:
    """Extract a PDF into pages of clean text, metadata and warnings (see ``search.extract``).

    ``converted``: the PDF was made just now from a Word or WordPerfect file, so its own
    creation date says nothing about the document."""
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    try:
        with from_pdf_header(path) as readable:
            layers, info = _read_layers(readable, password)
            warnings = [
                f"page {layer.number}: text layer unreadable ({layer.error})" for layer in layers if layer.error
            ]
            warnings += _apply_ocr(
                layers, ocr, lambda: PageOcr(readable, password, OcrCache(ocr_cache_dir, file_sha256(path)))
            )
    except MemoryError:
        raise ExtractionError("PDF too large to extract within the memory limit") from None
    warnings += [f"possible failed redaction on page {layer.number}" for layer in layers if layer.redacted]

    page_lines_, running = strip_running_text([layer.lines for layer in layers])
    pages = [
        PageText(layer.number, clean_text("\n".join(lines)), layer.ocr)
        for layer, lines in zip(layers, page_lines_, strict=True)
    ]
    first_text = next((page.text for page in pages if page.text), "")
    metadata = build_metadata(
        first_text,
        running,
        file_title=text_value(info.get("Title")),
        file_author=text_value(info.get("Author")),
        file_date=None if converted else iso_from_pdf_date(text_value(info.get("CreationDate"))),
    )
    return Extraction(rel_path, pages, metadata, warnings)

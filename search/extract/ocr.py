"""OCR of single PDF pages with Tesseract, one rendered page in memory at a time, cached on disk.

A scan is OCR'd once: results are stored under ``ocr_cache_dir`` by the file's sha256, the
page number and ``OCR_VERSION`` (which includes the Tesseract version), so re-ingesting the
corpus, or a test run, never OCRs the same page twice.

Each page is turned upright before it is read: Tesseract's orientation and script detection
(``--psm 0``, the ``osd`` traineddata Debian's tesseract-ocr package installs) says by how
much. The maps in the appendix of the Tarrant slip opinion are landscape drawings set
sideways on portrait pages; read as they lie they give nothing, turned upright they give
"APPENDIX B ... COLORADO KANSAS OKLAHOMA ... Tarrant Regional Water District Service Area".
A page whose /Rotate already shows it upright (the Santa Barbara board's order in a
bankruptcy exhibit) is rendered upright by pdfium and detected as such. Counter-example: a
page with too little text for detection, or a detection below ``MIN_ORIENTATION_CONFIDENCE``
(photographs, blank forms), is read as it lies.

A page is read with the English model first; when what it reads is Spanish
(``search.language.detect``) and Tesseract's ``spa`` model is installed (Debian's
``tesseract-ocr-spa``, which scripts/setup.sh installs), it is read again with ``spa``, so
"restricción" and "niños" come out with their accents instead of "restriccion" and "nifios".
Without ``spa`` the English reading is kept. (English pages read exactly as before, so the
cache of English pages stays valid: ``OCR_CODE_VERSION`` is unchanged.)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

OCR_CODE_VERSION = "2"  # 2: pages turned upright by orientation detection first
RENDER_DPI = 300
MAX_PIXELS = 40_000_000  # a poster-sized page is rendered at a lower resolution instead
PAGE_TIMEOUT_SECONDS = 120
INSTALL_HINT = "apt-get install tesseract-ocr"
MIN_ORIENTATION_CONFIDENCE = 2.0  # Tesseract's orientation_conf; real sideways pages score 4-8


class OcrUnavailable(Exception):
    """Tesseract is not installed (or not runnable)."""


class OcrFailed(Exception):
    """Tesseract ran but gave up on a page (timeout or error)."""


@cache
def tesseract_version() -> str | None:
    """The installed Tesseract's version, or None when it cannot be run."""
    if shutil.which("tesseract") is None:
        return None
    try:
        import pytesseract

        return str(pytesseract.get_tesseract_version())
    except Exception:  # noqa: BLE001 - any failure to run it means OCR is unavailable
        return None


@cache
def tesseract_languages() -> frozenset[str]:
    """The traineddata Tesseract has (``eng``, ``spa``, ``osd``...); empty when it cannot run."""
    if tesseract_version() is None:
        return frozenset()
    try:
        import pytesseract

        return frozenset(pytesseract.get_languages(config=""))
    except Exception:  # noqa: BLE001 - no list means no extra language
        return frozenset()


def read_image(image, timeout: int = PAGE_TIMEOUT_SECONDS) -> str:
    """The text of one upright page image: English, or Spanish read with ``spa`` when it is Spanish."""
    import pytesseract

    from search.language import SPANISH, detect

    text = pytesseract.image_to_string(image, lang="eng", timeout=timeout)
    if detect(text, default=None) == SPANISH and "spa" in tesseract_languages():
        text = pytesseract.image_to_string(image, lang="spa", timeout=timeout)
    return text


def ocr_version() -> str:
    """Identifies OCR output: our rendering settings plus the Tesseract release."""
    return f"ocr{OCR_CODE_VERSION}-{RENDER_DPI}dpi-tesseract{tesseract_version() or 'none'}"


class OcrCache:
    """OCR text of pages stored as small text files, keyed by file hash, page and OCR version."""

    def __init__(self, directory: Path | None, sha256: str) -> None:
        self.directory = directory
        self.sha256 = sha256

    def _path(self, page_number: int) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / self.sha256[:2] / f"{self.sha256}-p{page_number}-{ocr_version()}.txt"

    def get(self, page_number: int) -> str | None:
        path = self._path(page_number)
        if path is None or not path.is_file():
            return None
        return path.read_text(encoding="utf-8")

    def put(self, page_number: int, text: str) -> None:
        path = self._path(page_number)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only or full cache only costs a repeated OCR next time


def upright(image):
    """The page image turned upright, by Tesseract's orientation detection (see the module)."""
    import pytesseract

    try:
        found = pytesseract.image_to_osd(
            image, config="--psm 0", output_type=pytesseract.Output.DICT, timeout=PAGE_TIMEOUT_SECONDS
        )
    except (pytesseract.TesseractError, RuntimeError):
        return image  # too little text to tell, no osd data, or a timeout: read it as it lies
    rotate = int(found.get("rotate", 0)) % 360
    if not rotate or float(found.get("orientation_conf", 0.0)) < MIN_ORIENTATION_CONFIDENCE:
        return image
    turned = image.rotate(-rotate, expand=True)  # "rotate" is clockwise; PIL turns counter-clockwise
    image.close()
    return turned


class PageOcr:
    """Renders and OCRs pages of one PDF; the PDF is opened once, pages are rendered one by one."""

    def __init__(self, path: Path, password: str | None, cache_: OcrCache) -> None:
        self.path = path
        self.password = password
        self.cache = cache_
        self._document = None

    def _page_image(self, index: int):
        import pypdfium2

        if self._document is None:
            self._document = pypdfium2.PdfDocument(str(self.path), password=self.password)
        page = self._document[index]
        try:
            width, height = page.get_size()
            scale = RENDER_DPI / 72
            pixels = width * height * scale * scale
            if pixels > MAX_PIXELS:
                scale *= (MAX_PIXELS / pixels) ** 0.5
            bitmap = page.render(scale=scale, grayscale=True)
            return bitmap.to_pil()
        finally:
            page.close()

    def text(self, page_number: int) -> str:
        """OCR text of a 1-based page, from the cache when it has been OCR'd before."""
        cached = self.cache.get(page_number)
        if cached is not None:
            return cached
        if tesseract_version() is None:
            raise OcrUnavailable(INSTALL_HINT)
        import pytesseract

        image = self._page_image(page_number - 1)
        try:
            image = upright(image)
            text = read_image(image)
        except RuntimeError as error:  # pytesseract's timeout
            raise OcrFailed(f"OCR gave up after {PAGE_TIMEOUT_SECONDS} s") from error
        except pytesseract.TesseractError as error:
            raise OcrFailed(f"OCR failed ({error.message.strip()[:80] or error.status})") from error
        finally:
            image.close()
        self.cache.put(page_number, text)
        return text

    def close(self) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None

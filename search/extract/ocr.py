"""OCR of single PDF pages with Tesseract, one rendered page in memory at a time, cached on disk.

A scan is OCR'd once: results are stored under ``ocr_cache_dir`` by the file's sha256, the
page number and ``OCR_VERSION`` (which includes the Tesseract version), so re-ingesting the
corpus, or a test run, never OCRs the same page twice.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

OCR_CODE_VERSION = "1"
RENDER_DPI = 300
MAX_PIXELS = 40_000_000  # a poster-sized page is rendered at a lower resolution instead
PAGE_TIMEOUT_SECONDS = 120
INSTALL_HINT = "apt-get install tesseract-ocr"


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
            text = pytesseract.image_to_string(image, lang="eng", timeout=PAGE_TIMEOUT_SECONDS)
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

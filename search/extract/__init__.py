"""Extract stage: turn one file of the corpus into pages of searchable text, metadata and warnings.

``extract_file`` reads PDF (text layer, OCR where needed), DOCX, HTML and plain text, and legacy
.doc/.wpd through LibreOffice when it is installed. Bad input raises ``ExtractionError`` with a
one-line reason; nothing else escapes for a bad file.
"""

from __future__ import annotations

from pathlib import Path

from search.extract.metadata import complete_metadata
from search.extract.office import extract_docx, extract_html, extract_legacy, extract_txt
from search.extract.pdf import extract_pdf
from search.extract.report import render_report
from search.models import Extraction, ExtractionError

#: 4: failed redactions judged on the rendered page; 5: metadata with provenance, case names, case numbers;
#: 6: word gaps against font size, small caps, vertical text, first-page captions kept, no (cid:), upright OCR
#: 7: "IN THE MATTER OF ... OF / CASE NO." captions, name suffixes (Jr.), headings running into a side note
#: 8: a cover heading completed by the form name printed below it; merge templates titled by their file name
#: 9: office and HTML originals get a PDF rendition (page images) when they are extracted
#: 10: Spanish prose is not a garbage text layer (it was OCR'd, and its OCR thrown away, as not English)
#: 11: a DOCX's page headers read as running heads; bankruptcy forms named by their "Debtor 1"
EXTRACTOR_VERSION = "12"
SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".pdf", ".docx", ".doc", ".wpd", ".html", ".htm", ".txt"})

__all__ = ["EXTRACTOR_VERSION", "SUPPORTED_SUFFIXES", "extract_file", "render_report"]


def extract_file(
    path: Path,
    *,
    rel_path: str,
    password: str | None = None,
    ocr: str = "auto",
    ocr_cache_dir: Path | None = None,
) -> Extraction:
    """Extract one file; ``ocr`` is "auto" (pages without a usable text layer), "never" or "always"."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ExtractionError(f"unsupported file type {suffix or '(none)'}")
    if not path.is_file():
        raise ExtractionError("file not found")

    def as_pdf(pdf_path: Path, converted: bool = False) -> Extraction:
        return extract_pdf(
            pdf_path, rel_path=rel_path, password=password, ocr=ocr, ocr_cache_dir=ocr_cache_dir, converted=converted
        )

    try:
        if suffix == ".pdf":
            return complete_metadata(as_pdf(path))
        if suffix == ".docx":
            return complete_metadata(extract_docx(path, rel_path=rel_path))
        if suffix in (".html", ".htm"):
            return complete_metadata(extract_html(path, rel_path=rel_path))
        if suffix == ".txt":
            return complete_metadata(extract_txt(path, rel_path=rel_path))
        return complete_metadata(extract_legacy(path, rel_path=rel_path, convert_pdf=as_pdf))
    except ExtractionError:
        raise
    except MemoryError:
        raise ExtractionError("file too large to extract within the memory limit") from None
    except (OSError, ValueError, UnicodeError) as error:
        raise ExtractionError(f"could not read file ({type(error).__name__})") from None

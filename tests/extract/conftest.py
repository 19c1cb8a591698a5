"""Files the extract tests make for themselves, and a session-wide cache of extractions.

Every generated PDF uses fpdf2's core Helvetica/Courier fonts, so nothing is downloaded.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fpdf import FPDF

from search.extract import extract_file
from search.models import Extraction

PARAGRAPH = (
    "The registry law forbids a person on the registry from living within five hundred feet of "
    "a school, a park or a day care home, so that many people have nowhere lawful to sleep."
)


def needs_tesseract() -> None:
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr)")


def new_pdf() -> FPDF:
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    return pdf


def save_pdf(pdf: FPDF, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """Write ``pdf`` as ``<name>.pdf`` in a new temporary folder of its own."""
    path = tmp_path_factory.mktemp(name) / f"{name}.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("made")


@pytest.fixture(scope="session")
def ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One OCR cache for the whole session, so each scanned page is OCR'd once."""
    return tmp_path_factory.mktemp("ocr-cache")


@pytest.fixture(scope="session")
def extract(ocr_cache: Path) -> Callable[..., Extraction]:
    """``extract(path, **options)`` with results remembered for the session."""
    seen: dict[tuple, Extraction] = {}

    def run(path: Path, **options) -> Extraction:
        key = (str(path), tuple(sorted(options.items())))
        if key not in seen:
            seen[key] = extract_file(path, rel_path=path.name, ocr_cache_dir=ocr_cache, **options)
        return seen[key]

    return run


@pytest.fixture(scope="session")
def pleading_pdf(made: Path) -> Path:
    """Pleading paper: numbers 1-28 right-aligned down the margin, one sentence across two lines."""
    pdf = new_pdf()
    body = [
        "IN THE UNITED STATES DISTRICT COURT",
        "NORTHERN DISTRICT OF ILLINOIS",
        "",
        "The temporary order was set to expire on July",
        "25, 2016 unless the court extended it.",
    ]
    for number in range(1, 29):
        y = 72 + (number - 1) * 24
        pdf.set_xy(30, y)
        pdf.cell(30, 14, str(number), align="R")
        if number <= len(body):
            pdf.set_xy(100, y)
            pdf.cell(400, 14, body[number - 1])
    path = made / "pleading.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def two_column_pdf(made: Path) -> Path:
    """A heading across the page, then two columns whose lines sit side by side."""
    pdf = new_pdf()
    pdf.set_xy(72, 60)
    pdf.cell(468, 14, "RULES FOR REGISTRANTS IN CHICAGO", align="C")
    left = [
        "alpha one starts the left",
        "column and keeps going",
        "down the page until it",
        "reaches the left end.",
    ]
    right = [
        "beta two starts the right",
        "column and also keeps",
        "going down the page to",
        "the right column end.",
    ]
    for index, (first, second) in enumerate(zip(left, right, strict=True)):
        y = 100 + index * 16
        pdf.set_xy(72, y)
        pdf.cell(220, 14, first)
        pdf.set_xy(320, y)
        pdf.cell(220, 14, second)
    path = made / "two-column.pdf"
    pdf.output(str(path))
    return path


def text_page_pdf(path: Path, lines: list[str], size: int = 14) -> Path:
    pdf = new_pdf()
    pdf.set_font("Helvetica", size=size)
    for index, line in enumerate(lines):
        pdf.set_xy(72, 80 + index * (size + 8))
        pdf.cell(468, size + 2, line)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def scanned_pdf(made: Path) -> Path:
    """A page of text rendered to a 300-dpi image and saved as a PDF with no text layer."""
    import pypdfium2

    source = text_page_pdf(
        made / "to-scan.pdf",
        ["Residency restrictions leave registrants homeless", "across Cook County and the State of Illinois"],
    )
    document = pypdfium2.PdfDocument(str(source))
    image = document[0].render(scale=300 / 72, grayscale=True).to_pil()
    document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.image(buffer, x=0, y=0, w=612, h=792)
    path = made / "scanned.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def black_box_pdf(made: Path) -> Path:
    """A sentence with a black box drawn over the victim's name, text still underneath."""
    pdf = new_pdf()
    pdf.set_xy(72, 100)
    pdf.cell(468, 14, "The victim was Jane Roe of Springfield.")
    start = 72 + pdf.get_string_width("The victim was ")
    pdf.set_fill_color(0, 0, 0)
    pdf.rect(start - 1, 99, pdf.get_string_width("Jane Roe") + 2, 16, style="F")
    path = made / "black-box.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def thin_rule_pdf(made: Path) -> Path:
    """Underlined text and a thin black table border: nothing is hidden."""
    pdf = new_pdf()
    pdf.set_xy(72, 100)
    pdf.cell(468, 14, "Signed under penalty of perjury by the declarant.")
    pdf.set_fill_color(0, 0, 0)
    pdf.rect(72, 113, 300, 0.8, style="F")  # underline through the descenders
    pdf.rect(70, 98, 0.8, 18, style="F")  # table border beside the text
    pdf.rect(70, 98, 470, 0.8, style="F")
    path = made / "thin-rule.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def form_pdf(made: Path) -> Path:
    """A filled form: the typed answer drawn over a line of underscores."""
    pdf = new_pdf()
    pdf.set_font("Courier", size=12)
    pdf.set_xy(72, 100)
    pdf.cell(80, 14, "Name:")
    pdf.set_xy(130, 100)
    pdf.cell(300, 14, "_" * 30)
    pdf.set_font("Helvetica", size=12)
    pdf.set_xy(133, 100)
    pdf.cell(300, 14, "Reliable Contracting Group")
    path = made / "form.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def encrypted_pdf(made: Path) -> Path:
    pdf = new_pdf()
    pdf.set_encryption(owner_password="owner-secret", user_password="open-sesame")
    pdf.set_xy(72, 100)
    pdf.cell(468, 14, "Sealed settlement terms.")
    path = made / "encrypted.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def corrupt_pdf(made: Path) -> Path:
    path = made / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    return path


@pytest.fixture(scope="session")
def docx_file(made: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = "Motion to Vacate Registration"
    document.add_paragraph("First page about the registry.")
    document.add_page_break()
    document.add_paragraph("Second page about residency.")
    path = made / "motion.docx"
    document.save(str(path))
    return path


@pytest.fixture(scope="session")
def html_file(made: Path) -> Path:
    path = made / "page.html"
    path.write_text(
        "<html><head><title>Know Your Rights</title><style>p{color:red}</style>"
        "<script>var hidden = 'tracking';</script></head>"
        "<body><h1>Registration</h1><p>You must register within&nbsp;three days.</p></body></html>",
        encoding="utf-8",
    )
    return path


def flat(text: str) -> str:
    """Text with every run of white space as one space, for phrase checks across line breaks."""
    return " ".join(text.split())


def doc_text(extraction) -> str:
    """A whole extraction's text, flattened."""
    return flat(" ".join(page.text for page in extraction.pages))


def assert_read_by_ocr(extraction, expected: str, garbage: str) -> None:
    """Every page was OCR'd, the first shows ``expected``, and the unusable text layer's
    ``garbage`` reached none of the text."""
    assert all(page.ocr for page in extraction.pages)
    assert expected in extraction.pages[0].text and garbage not in doc_text(extraction)

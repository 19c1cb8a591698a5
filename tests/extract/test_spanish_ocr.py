"""OCR of a Spanish scan: read with Tesseract's ``spa`` model, accents and all.

The scan is generated here (a page of the Spanish guide's kind of text, rendered at 300 dpi
and saved as an image-only PDF), so no file is shipped. Skipped, with the reason, when
Tesseract or its Spanish model (Debian's tesseract-ocr-spa) is missing.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from fpdf import FPDF

from search.extract import extract_file
from search.language import detect

LINES = [
    "La ley de Illinois prohíbe que una persona registrada",
    "viva a menos de 500 pies de una escuela, un parque",
    "infantil o una guardería. Esa distancia se llama a",
    "menudo zona de exclusión. Antes de mudarse, pida a la",
    "policía que confirme por escrito que la dirección está",
    "fuera de la zona. Quien no tiene domicilio fijo debe",
    "reportarse cada semana ante la policía del lugar donde",
    "se encuentra. Pida siempre un recibo con fecha y hable",
    "con un abogado si le ordenan dejar su vivienda.",
]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@pytest.fixture(scope="module")
def spanish_scan(tmp_path_factory) -> Path:
    import pypdfium2

    made = tmp_path_factory.mktemp("spanish-scan")
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    for index, line in enumerate(LINES):
        pdf.set_xy(72, 80 + index * 22)
        pdf.cell(468, 16, line)
    source = made / "texto.pdf"
    pdf.output(str(source))
    document = pypdfium2.PdfDocument(str(source))
    image = document[0].render(scale=300 / 72, grayscale=True).to_pil()
    document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    scan = FPDF(unit="pt", format="letter")
    scan.add_page()
    scan.image(buffer, x=0, y=0, w=612, h=792)
    path = made / "escaneado.pdf"
    scan.output(str(path))
    return path


def test_a_spanish_scan_is_read_with_the_spanish_model(spanish_scan, tmp_path):
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-spa)")
    from search.extract.ocr import tesseract_languages

    if "spa" not in tesseract_languages():
        pytest.skip("Tesseract's Spanish model is not installed (apt-get install tesseract-ocr-spa)")
    extraction = extract_file(spanish_scan, rel_path="escaneado.pdf", ocr="auto", ocr_cache_dir=tmp_path / "ocr")
    page = extraction.pages[0]
    assert page.ocr
    assert detect(page.text) == "es"
    expected = _words(" ".join(LINES))
    read = set(_words(page.text))
    recall = sum(word in read for word in expected) / len(expected)
    print(f"Spanish OCR word recall {recall:.3f}")
    assert recall >= 0.95, f"word recall {recall:.3f}: {page.text!r}"
    assert {"prohíbe", "guardería", "exclusión", "policía", "dirección"} <= read  # accents read, not dropped

"""Each PDF rule on a small file the test makes itself."""

from __future__ import annotations

import pytest

from search.extract import extract_file, ocr
from search.models import ExtractionError

from .conftest import needs_tesseract


def flat(text: str) -> str:
    return " ".join(text.split())


def test_pleading_line_numbers_are_removed_so_phrases_cross_lines(extract, pleading_pdf):
    page = extract(pleading_pdf).pages[0]
    assert "set to expire on July 25, 2016 unless" in flat(page.text)
    assert not any(line.strip().isdigit() for line in page.text.split("\n"))


def test_court_is_read_from_the_caption(extract, pleading_pdf):
    assert (
        extract(pleading_pdf).metadata["court"] == "U.S. District Court for the Northern District of Illinois"
    )


def test_two_columns_are_read_one_after_the_other(extract, two_column_pdf):
    text = flat(extract(two_column_pdf).pages[0].text)
    assert text.startswith("RULES FOR REGISTRANTS IN CHICAGO")
    assert (
        "alpha one starts the left column and keeps going down the page until it reaches the left end."
        in text
    )
    assert (
        "beta two starts the right column and also keeps going down the page to the right column end." in text
    )
    assert text.index("left end.") < text.index("beta two")


def test_black_box_hides_text_and_warns(extract, black_box_pdf):
    extraction = extract(black_box_pdf)
    text = extraction.pages[0].text
    assert "Jane" not in text and "Roe" not in text
    assert "The victim was" in text and "of Springfield." in text
    assert extraction.warnings == ["possible failed redaction on page 1"]


def test_thin_rules_and_borders_are_not_redactions(extract, thin_rule_pdf):
    extraction = extract(thin_rule_pdf)
    assert extraction.pages[0].text == "Signed under penalty of perjury by the declarant."
    assert extraction.warnings == []


def test_form_underscores_are_dropped_from_typed_answers(extract, form_pdf):
    text = flat(extract(form_pdf).pages[0].text)
    assert "Reliable Contracting Group" in text
    assert "_" not in text


def test_encrypted_pdf_needs_its_password(encrypted_pdf):
    with pytest.raises(ExtractionError, match="^encrypted PDF: add its password to the catalog$"):
        extract_file(encrypted_pdf, rel_path="sealed.pdf")
    with pytest.raises(ExtractionError, match="^encrypted PDF"):
        extract_file(encrypted_pdf, rel_path="sealed.pdf", password="wrong")
    opened = extract_file(encrypted_pdf, rel_path="sealed.pdf", password="open-sesame")
    assert "Sealed settlement terms." in opened.pages[0].text


def test_corrupt_pdf_raises_one_line_reason(corrupt_pdf):
    with pytest.raises(ExtractionError) as raised:
        extract_file(corrupt_pdf, rel_path="corrupt.pdf")
    assert str(raised.value) == "not a readable PDF"


def test_scanned_page_is_ocrd_in_auto_mode(extract, scanned_pdf):
    needs_tesseract()
    page = extract(scanned_pdf).pages[0]
    assert page.ocr
    assert "Residency restrictions leave registrants homeless" in flat(page.text)


def test_ocr_never_leaves_scan_empty_with_warning(extract, scanned_pdf):
    extraction = extract(scanned_pdf, ocr="never")
    assert extraction.pages[0].text == "" and not extraction.pages[0].ocr
    assert extraction.warnings == ["page 1: no usable text layer (OCR turned off)"]


def test_ocr_always_reads_pages_that_have_text(extract, pleading_pdf):
    needs_tesseract()
    page = extract(pleading_pdf, ocr="always").pages[0]
    assert page.ocr and "NORTHERN DISTRICT OF ILLINOIS" in page.text


def test_without_tesseract_extraction_warns_once_and_leaves_page_empty(scanned_pdf, tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_version", lambda: None)
    extraction = extract_file(scanned_pdf, rel_path="scan.pdf", ocr_cache_dir=tmp_path)
    assert extraction.pages[0].text == "" and not extraction.pages[0].ocr
    assert extraction.warnings == [
        "page 1: no text layer and OCR unavailable (install: apt-get install tesseract-ocr)"
    ]


def test_ocr_results_are_cached_by_file_hash(scanned_pdf, tmp_path, monkeypatch):
    needs_tesseract()
    first = extract_file(scanned_pdf, rel_path="scan.pdf", ocr_cache_dir=tmp_path)
    assert list(tmp_path.rglob("*.txt")), "OCR text was not cached"

    def no_second_ocr(*args, **kwargs):
        raise AssertionError("tesseract ran again although the page was cached")

    import pytesseract

    monkeypatch.setattr(pytesseract, "image_to_string", no_second_ocr)
    again = extract_file(scanned_pdf, rel_path="scan.pdf", ocr_cache_dir=tmp_path)
    assert again.pages[0].text == first.pages[0].text and again.pages[0].ocr


def test_ocr_timeout_becomes_a_page_warning(scanned_pdf, tmp_path, monkeypatch):
    needs_tesseract()
    import pytesseract

    def time_out(*args, **kwargs):
        assert kwargs.get("timeout"), "OCR must run with a per-page timeout"
        raise RuntimeError("Tesseract process timeout")

    monkeypatch.setattr(pytesseract, "image_to_string", time_out)
    extraction = extract_file(scanned_pdf, rel_path="scan.pdf", ocr_cache_dir=tmp_path)
    assert extraction.warnings[0].startswith("page 1: OCR gave up after")


def test_bold_drawn_twice_reads_once(extract, made):
    """Some word processors bold a heading by printing it twice a fraction of a point apart."""
    from .conftest import new_pdf

    pdf = new_pdf()
    for nudge in (0, 0.3):
        pdf.set_xy(72 + nudge, 100)
        pdf.cell(468, 14, "MEMORANDUM OPINION AND ORDER")
    pdf.set_xy(72, 130)
    pdf.cell(468, 14, "Plaintiffs seek a preliminary injunction.")
    path = made / "overprinted-bold.pdf"
    pdf.output(str(path))
    lines = extract(path).pages[0].text.split("\n")
    assert lines == ["MEMORANDUM OPINION AND ORDER", "Plaintiffs seek a preliminary injunction."]


def test_a_caption_with_centred_number_and_v_reads_as_one_caption():
    """The Indiana Supreme Court's caption (courtdocs/word-doc.doc): parties on the left, roles on
    the right, "No." and "v." centred. The centred lines are not a column of their own, so the
    parties read "STATE OF INDIANA, v. CHARLES BARKER," and not "STATE ..., CHARLES ..., No. ..., v."."""
    from search.extract.layout import page_lines

    def line(top: float, *words: tuple[float, str]) -> list[dict]:
        return [{"x0": x, "x1": x + 6.0 * len(text), "top": top, "bottom": top + 12, "text": text,
                 "size": 12.0} for x, text in words]

    words = (line(288, (246, "No."), (266, "49S00-0308-DP-392"))
             + line(316, (72, "STATE"), (106, "OF"), (122, "INDIANA,"))
             + line(330, (384, "Appellant"), (434, "(Plaintiff"), (480, "below),")) + line(357, (302, "v."))
             + line(385, (72, "CHARLES"), (120, "BARKER,"))
             + line(399, (381, "Appellee"), (426, "(Defendant"), (483, "below).")))
    text = " ".join(item.text for item in page_lines(words, []))
    assert "STATE OF INDIANA, v. CHARLES BARKER," in text

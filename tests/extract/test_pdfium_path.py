"""pdfium reads the characters of plain text pages; everything else stays with pdfplumber.

Every test compares the two ways of reading the same file (``use_pdfium=False`` is the
reference) and checks which way each page took.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from search.extract.pdf import extract_pdf, from_pdf_header, read_layers
from search.extract.pdfium_text import Fallback, PdfiumText
from search.models import Extraction
from tests.conftest import write_pdf
from tests.robustness.pdfs import RawPdf, deflate_bomb

from .conftest import PARAGRAPH, new_pdf

ECF_STAMP = "Case: 20-1507 Document: 00117684624 Page: 1 Date Filed: 12/22/2020 Entry ID: 6390389"


def drawn_page(path: Path, content: bytes, stream_extra: str = "") -> Path:
    """A one-page PDF whose content stream is ``content``, with Helvetica as /F1."""
    raw = RawPdf()
    font = raw.font()
    stream = raw.stream(content, stream_extra)
    page = raw.add(
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {stream} 0 R "
        f"/Resources << /Font << /F1 {font} 0 R >> >> >>"
    )
    return raw.write(path, [page])


def both_ways(path: Path) -> tuple[Extraction, Extraction]:
    fast = extract_pdf(path, rel_path=path.name, ocr="never")
    slow = extract_pdf(path, rel_path=path.name, ocr="never", use_pdfium=False)
    return fast, slow


def readers(path: Path) -> list[str]:
    """Per page: "pdfium", or why pdfplumber read it."""
    with from_pdf_header(path) as readable:
        layers, _ = read_layers(readable, None)
    return ["pdfium" if layer.reader == "pdfium" else layer.fallback for layer in layers]


def assert_same(fast: Extraction, slow: Extraction) -> None:
    assert [page.text for page in fast.pages] == [page.text for page in slow.pages]
    assert fast.metadata == slow.metadata
    assert fast.warnings == slow.warnings


def test_plain_pages_are_read_by_pdfium_and_give_pdfplumbers_text(tmp_path):
    path = write_pdf(tmp_path / "order.pdf", [PARAGRAPH * 6, "Second page: " + PARAGRAPH * 3])
    fast, slow = both_ways(path)
    assert readers(path) == ["pdfium", "pdfium"]
    assert_same(fast, slow)
    assert "five hundred feet of a school" in " ".join(fast.pages[0].text.split())


def test_pleading_numbers_come_off_the_same_way(pleading_pdf):
    fast, slow = both_ways(pleading_pdf)
    assert readers(pleading_pdf) == ["pdfium"]
    assert_same(fast, slow)
    assert "set to expire on July 25, 2016 unless" in " ".join(fast.pages[0].text.split())


def test_two_columns_read_the_same_way(two_column_pdf):
    fast, slow = both_ways(two_column_pdf)
    assert readers(two_column_pdf) == ["pdfium"]
    assert_same(fast, slow)


def test_ecf_stamp_becomes_metadata_the_same_way(tmp_path):
    pdf = new_pdf()
    pdf.set_font("Helvetica", size=8)
    pdf.set_xy(36, 20)
    pdf.cell(540, 10, ECF_STAMP)
    pdf.set_font("Times", size=12)
    pdf.set_xy(72, 90)
    pdf.multi_cell(468, 16, "UNITED STATES COURT OF APPEALS FOR THE FIRST CIRCUIT\n" + PARAGRAPH * 3)
    path = tmp_path / "stamped.pdf"
    pdf.output(str(path))
    fast, slow = both_ways(path)
    assert readers(path) == ["pdfium"]
    assert_same(fast, slow)
    assert fast.metadata["case_number"] == "20-1507"
    assert "Entry ID" not in fast.pages[0].text


def test_raised_condensed_and_spaced_text_measures_as_pdfplumber_does(tmp_path):
    pdf = new_pdf()
    pdf.set_xy(72, 100)
    pdf.cell(200, 14, "Footnote marker here")
    pdf.char_vpos = "SUP"
    pdf.cell(20, 14, "12")
    pdf.char_vpos = "LINE"
    pdf.set_xy(72, 130)
    pdf.set_stretching(80)
    pdf.cell(400, 14, "Condensed text on a line of its own")
    pdf.set_stretching(100)
    pdf.set_xy(72, 160)
    pdf.set_char_spacing(2)
    pdf.cell(400, 14, "Spaced out words")
    path = tmp_path / "measures.pdf"
    pdf.output(str(path))
    fast, slow = both_ways(path)
    assert readers(path) == ["pdfium"]
    assert_same(fast, slow)


def test_a_space_drawn_on_its_own_still_splits_words(tmp_path):
    """pdfium skips a text object that draws only a space; the words either side must not merge."""
    path = drawn_page(
        tmp_path / "spaces.pdf",
        b"BT /F1 10 Tf 72 700 Td (St.) Tj ET BT /F1 10 Tf 84.45 700 Td ( ) Tj ET "
        b"BT /F1 10 Tf 87.23 700 Td (Pierre filed the claim.) Tj ET",
    )
    fast, slow = both_ways(path)
    assert readers(path) == ["pdfium"]
    assert_same(fast, slow)
    assert fast.pages[0].text == "St. Pierre filed the claim."


def test_invisible_text_layer_reads_the_same_way(tmp_path):
    """Text drawn in render mode 3 over blank paper shows nothing: both readings leave it out and
    report the page (over a scan it would be an OCR layer and stay, see ``redaction``)."""
    path = drawn_page(
        tmp_path / "invisible.pdf",
        b"BT /F1 12 Tf 72 700 Td (Visible words) Tj ET BT 3 Tr /F1 12 Tf 72 680 Td (Invisible layer words) Tj ET",
    )
    fast, slow = both_ways(path)
    assert readers(path) == ["pdfium"]
    assert_same(fast, slow)
    assert fast.pages[0].text == "Visible words"
    assert fast.warnings == ["possible failed redaction on page 1"]


def test_type3_font_takes_pdfplumber(tmp_path):
    raw = RawPdf()
    glyph = raw.stream(b"1000 0 0 0 750 750 d1 0 0 750 750 re f")
    type3 = raw.add(
        f"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 0] "
        f"/CharProcs << /square {glyph} 0 R >> /Encoding << /Type /Encoding /Differences [65 /square] >> "
        f"/FirstChar 65 /LastChar 65 /Widths [1000] >>"
    )
    font = raw.font()
    content = raw.stream(b"BT /F1 12 Tf 72 700 Td (Plain words) Tj ET BT /F2 12 Tf 72 680 Td (AAA) Tj ET")
    page = raw.add(
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
        f"/Resources << /Font << /F1 {font} 0 R /F2 {type3} 0 R >> >> >>"
    )
    path = raw.write(tmp_path / "type3.pdf", [page])
    assert readers(path) == ["Type3 font"]


def test_black_box_over_text_takes_pdfplumber_and_hides_the_words(black_box_pdf):
    fast, slow = both_ways(black_box_pdf)
    assert readers(black_box_pdf) == ["filled shape over text"]
    assert_same(fast, slow)
    assert "Jane" not in fast.pages[0].text and "Roe" not in fast.pages[0].text
    assert fast.warnings == ["possible failed redaction on page 1"]


def test_black_box_drawn_inside_a_form_takes_pdfplumber_too(tmp_path):
    """A form's objects report their own coordinates: the box must be placed on the page first."""
    raw = RawPdf()
    font = raw.font()
    form = raw.stream(b"0 0 0 rg 0 0 60 14 re f", "/Type /XObject /Subtype /Form /BBox [0 0 200 200]")
    content = raw.stream(b"BT /F1 12 Tf 72 700 Td (The victim was Jane Roe here.) Tj ET q 1 0 0 1 150 697 cm /X1 Do Q")
    page = raw.add(
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
        f"/Resources << /Font << /F1 {font} 0 R >> /XObject << /X1 {form} 0 R >> >> >>"
    )
    path = raw.write(tmp_path / "form-box.pdf", [page])
    fast, slow = both_ways(path)
    assert readers(path) == ["filled shape over text"]
    assert_same(fast, slow)
    assert "Jane" not in fast.pages[0].text and "Roe" not in fast.pages[0].text


def test_thin_rules_under_text_stay_with_pdfium(thin_rule_pdf):
    fast, slow = both_ways(thin_rule_pdf)
    assert readers(thin_rule_pdf) == ["pdfium"]
    assert_same(fast, slow)


def test_ruled_table_takes_pdfplumber(tmp_path):
    pdf = new_pdf()
    for row in range(3):
        for column in range(3):
            pdf.set_xy(72 + column * 150, 100 + row * 20)
            pdf.cell(150, 20, f"cell {row}-{column}", border=1)
    path = tmp_path / "table.pdf"
    pdf.output(str(path))
    fast, slow = both_ways(path)
    assert readers(path) == ["ruled lines"]
    assert_same(fast, slow)


def test_scanned_page_takes_pdfplumber(scanned_pdf):
    assert readers(scanned_pdf) == ["image"]


def test_rotated_page_takes_pdfplumber(tmp_path):
    raw = RawPdf()
    page = raw.text_page("Rotated court order", raw.font(), extra="/Rotate 90")
    path = raw.write(tmp_path / "rotated.pdf", [page])
    fast, slow = both_ways(path)
    assert readers(path) == ["rotated page"]
    assert_same(fast, slow)


def test_pdfium_never_opens_a_page_whose_content_would_blow_up(tmp_path):
    """pdfium aborts the process on a decompression bomb; pdfminer raises MemoryError instead."""
    path = drawn_page(tmp_path / "bomb.pdf", deflate_bomb(128 << 20), "/Filter /FlateDecode")
    reader = PdfiumText.open(path, None)
    try:
        with pdfplumber.open(path) as pdf:
            assert reader.read(pdf.pages[0]) == Fallback("stream too large or not vetted")
    finally:
        reader.close()


def test_switch_reads_every_page_with_pdfplumber(tmp_path):
    path = write_pdf(tmp_path / "memo.pdf", [PARAGRAPH])
    with from_pdf_header(path) as readable:
        layers, _ = read_layers(readable, None, use_pdfium=False)
    assert [layer.reader for layer in layers] == ["pdfplumber"]


def test_every_real_filing_page_pdfium_reads_matches_pdfplumber(realdocs):
    """The acceptance bar (bench/extract_compare.py prints the full comparison)."""
    fast_pages = differing = 0
    for path in sorted(realdocs.rglob("*.pdf")):
        try:
            fast, slow = both_ways(path)
        except Exception:  # noqa: BLE001 - the deliberately broken files fail both ways (test_realdocs)
            continue
        assert fast.metadata == slow.metadata and fast.warnings == slow.warnings, path.name
        for reader, fast_page, slow_page in zip(readers(path), fast.pages, slow.pages, strict=True):
            fast_pages += reader == "pdfium"
            differing += fast_page.text != slow_page.text
            assert fast_page.text == slow_page.text, (path.name, fast_page.number, reader)
    assert fast_pages >= 60, "pdfium should read most plain text pages of the real filings"
    assert differing == 0

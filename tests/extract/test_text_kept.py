"""Text that must not be lost or glued (issue 13), each rule on a file the test makes itself.

Every PDF here uses fpdf2's core fonts; both readers (pdfium's fast path and pdfplumber) must
give the same words, so each layout is extracted both ways.
"""

from __future__ import annotations

import io

import pytest
from fpdf import FPDF

from search.extract import extract_file
from search.extract.clean import clean_text, join_page_break_hyphens
from search.extract.headers import strip_running_text
from search.extract.pdf import extract_pdf

from .conftest import PARAGRAPH, flat, needs_tesseract, new_pdf, save_pdf


def both_ways(path) -> list[str]:
    """The document's text read by the fast path and by pdfplumber alone; they must agree."""
    fast = extract_pdf(path, rel_path=path.name, ocr="never")
    slow = extract_pdf(path, rel_path=path.name, ocr="never", use_pdfium=False)
    assert [page.text for page in fast.pages] == [page.text for page in slow.pages]
    return [flat(page.text) for page in fast.pages]


def place_words(pdf: FPDF, x: float, y: float, words: list[str], gap_em: float) -> None:
    """Draw each word as its own text object with no blank between, ``gap_em`` of the size apart."""
    for word in words:
        pdf.text(x, y, word)
        x += pdf.get_string_width(word) + gap_em * pdf.font_size_pt


@pytest.fixture(scope="module")
def tight_pdf(tmp_path_factory):
    """Words set with no space glyph and a quarter-em gap, as "Microsoft: Print To PDF" does."""
    pdf = new_pdf()
    pdf.set_font("Helvetica", size=10)
    place_words(pdf, 72, 100, ["If", "you", "were", "EVER", "arrested", "or", "detained", "for", "an", "offense"], 0.25)
    pdf.set_font("Helvetica", size=5)
    place_words(pdf, 72, 130, ["CLERK,", "U.S.", "DISTRICT", "COURT"], 0.27)
    return save_pdf(pdf, tmp_path_factory, "tight")


def test_tightly_set_words_keep_their_breaks(tight_pdf):
    text = both_ways(tight_pdf)[0]
    assert "If you were EVER arrested or detained for an offense" in text
    assert "CLERK, U.S. DISTRICT COURT" in text


@pytest.fixture(scope="module")
def small_caps_pdf(tmp_path_factory):
    """A clerk's letterhead in small capitals: 16-point initials, 9-point rest, one baseline."""
    pdf = new_pdf()
    pdf.set_font("Times", style="B", size=12)
    pdf.text(72, 80, "OFFICE OF THE CLERK")
    x, baseline = 150.0, 110.0
    for word in ["UNITED", "STATES", "COURT", "OF", "APPEALS"]:
        if word == "OF":
            pdf.set_font("Times", style="B", size=9)
            pdf.text(x, baseline, word)
            x += pdf.get_string_width(word)
        else:
            pdf.set_font("Times", style="B", size=16)
            pdf.text(x, baseline, word[0])
            x += pdf.get_string_width(word[0])
            pdf.set_font("Times", style="B", size=9)
            pdf.text(x, baseline, word[1:])
            x += pdf.get_string_width(word[1:])
        x += pdf.get_string_width(" ")
    pdf.set_font("Times", size=12)
    pdf.text(72, 160, "Dear counsel, the briefing schedule is enclosed.")
    return save_pdf(pdf, tmp_path_factory, "small-caps")


def test_small_capitals_read_as_words(small_caps_pdf):
    text = both_ways(small_caps_pdf)[0]
    assert "UNITED STATES COURT OF APPEALS" in text
    assert "NITED" not in text.replace("UNITED", "")


@pytest.fixture(scope="module")
def spaced_pdf(tmp_path_factory):
    """A letterhead set letter-spaced with blanks ("J o s e p h  A.  B o n d y") and "O R D E R"."""
    pdf = new_pdf()
    pdf.set_font("Helvetica", size=20)
    pdf.text(72, 90, "J o s e p h  A.  B o n d y")
    pdf.set_font("Helvetica", size=12)
    pdf.text(250, 140, "O R D E R")
    pdf.text(72, 170, "Exhibits A, B and C are attached; see rows J T T below.")
    pdf.text(72, 200, "Tables list the grades a b c in turn.")
    return save_pdf(pdf, tmp_path_factory, "spaced")


def test_letter_spaced_words_are_joined_and_lists_of_letters_are_not(spaced_pdf):
    text = both_ways(spaced_pdf)[0]
    assert "Joseph A. Bondy" in text
    assert "ORDER" in text
    assert "Exhibits A, B and C are attached; see rows J T T below." in text
    assert "the grades a b c in turn" in text


@pytest.fixture(scope="module")
def margin_legend_pdf(tmp_path_factory):
    """Pleading paper of the N.D. Cal.: the court's name printed up the left margin."""
    pdf = new_pdf()
    pdf.set_font("Helvetica", size=12)
    pdf.text(120, 80, "EDWARD ALVARADO, et al., Plaintiffs,")
    pdf.text(120, 100, "v. FEDEX CORPORATION, Defendant.")
    pdf.text(120, 130, "The motion to quash the subpoena is denied.")
    with pdf.rotation(90, 40, 500):
        pdf.text(40, 500, "United States District Court")
    with pdf.rotation(90, 55, 500):
        pdf.text(55, 500, "For the Northern District of California")
    return save_pdf(pdf, tmp_path_factory, "legend")


def test_vertical_margin_text_reads_upright_as_its_own_lines(margin_legend_pdf):
    text = both_ways(margin_legend_pdf)[0]
    assert "United States District Court For the Northern District of California" in text
    assert "EDWARD ALVARADO, et al., Plaintiffs, v. FEDEX CORPORATION, Defendant." in text
    assert "truoC" not in text


@pytest.fixture(scope="module")
def two_page_order_pdf(tmp_path_factory):
    """A two-page order whose caption (court and case number) is printed on both pages."""
    pdf = new_pdf()
    for number, body in enumerate(["The motion is denied for the reasons below.", "IT IS SO ORDERED."], 1):
        if number > 1:
            pdf.add_page()
        pdf.text(200, 60, "UNITED STATES DISTRICT COURT")
        pdf.text(200, 76, "CENTRAL DISTRICT OF CALIFORNIA")
        pdf.text(72, 100, "Case No. 2:20-CV-02299-CAS")
        pdf.text(72, 140, body)
        pdf.text(72, 160, "The court has read the papers filed by the parties.")
        pdf.text(72, 180, "Each side may respond within fourteen days.")
        pdf.text(72, 200, "No hearing is needed on this motion.")
        pdf.text(280, 740, f"Page {number} of 2")
    return save_pdf(pdf, tmp_path_factory, "order")


def test_caption_repeated_on_each_page_of_a_short_order_is_kept_once(two_page_order_pdf):
    first, second = both_ways(two_page_order_pdf)
    assert first.startswith("UNITED STATES DISTRICT COURT CENTRAL DISTRICT OF CALIFORNIA Case No. 2:20-CV-02299-CAS")
    assert "Page 1 of 2" not in first
    assert second.startswith("IT IS SO ORDERED.")


WORDS = ["registry", "residency", "school", "park", "shelter", "notice", "hearing", "appeal"]


def body(page: int) -> list[str]:
    return [f"the {WORDS[page]} {other} rule" for other in WORDS[:4]]


def test_running_head_of_a_long_document_still_goes_from_every_page():
    pages = [[f"{n} TARRANT REGIONAL WATER DIST. v. HERRMANN", *body(n), str(n)] for n in range(1, 7)]
    stripped, _ = strip_running_text(pages)
    assert stripped == [body(n) for n in range(1, 7)]


def test_caption_lines_of_a_long_document_stay_on_its_first_page():
    pages = [["UNITED STATES COURT OF APPEALS", *body(n), "Case No. 17-2678"] for n in range(1, 7)]
    stripped, _ = strip_running_text(pages)
    assert stripped[0] == ["UNITED STATES COURT OF APPEALS", *body(1), "Case No. 17-2678"]
    assert stripped[1] == body(2)


def test_word_hyphenated_across_a_page_break_is_joined():
    pages = ["the meaning in Webster's Third New International Dic-", "tionary 19 (1966). Next sentence."]
    assert join_page_break_hyphens(pages) == [
        "the meaning in Webster's Third New International Dictionary",
        "19 (1966). Next sentence.",
    ]
    footnote = [
        "6 An acre-foot ... New International Dic-",
        "Kiamichi River, a tributary\nof the Red River.\ntionary 19 (1966).",
    ]
    assert join_page_break_hyphens(footnote) == [
        "6 An acre-foot ... New International Dictionary",
        "Kiamichi River, a tributary\nof the Red River.\n19 (1966).",
    ]
    assert join_page_break_hyphens(["a claim of self-", "defense was made"]) == ["a claim of self-defense", "was made"]
    assert join_page_break_hyphens(["the Court-", "Appointed counsel"]) == ["the Court-", "Appointed counsel"]


@pytest.fixture(scope="module")
def page_break_pdf(tmp_path_factory):
    pdf = new_pdf()
    pdf.text(72, 100, "The word means what Webster's Third New International Dic-")
    pdf.add_page()
    pdf.text(72, 100, "tionary says it means, and nothing else.")
    return save_pdf(pdf, tmp_path_factory, "break")


def test_page_break_hyphen_in_a_pdf(page_break_pdf):
    first, second = both_ways(page_break_pdf)
    assert first.endswith("Webster's Third New International Dictionary")
    assert second == "says it means, and nothing else."


def test_cid_codes_never_reach_the_text():
    assert clean_text("(cid:132) Chapter 7\n(cid:134) Chapter 11\n(cid:134)") == "Chapter 7\nChapter 11"
    assert "(cid:" not in clean_text("x(cid:0)1 and (cid:102)y(cid:103)")


def test_docx_paragraphs_inside_table_cells_keep_their_breaks(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Legal screener")
    table = document.add_table(rows=1, cols=2)
    question, answer = table.rows[0].cells
    question.text = "Were you born in Venezuela?"
    question.add_paragraph("Explain where")
    answer.text = "{% if born %}"
    answer.add_paragraph("Yes")
    answer.add_paragraph("{% endif %}")
    path = tmp_path / "screener.docx"
    document.save(str(path))
    text = extract_file(path, rel_path=path.name).pages[0].text
    assert "Were you born in Venezuela?\nExplain where" in text
    assert "Yes" in text.split("\n")
    assert "VenezuelaExplain" not in text.replace("?", "") and "%}Yes" not in text


@pytest.fixture(scope="module")
def sideways_scan_pdf(tmp_path_factory):
    """A scan of a page lying on its side: an image of rotated text and no text layer."""
    import pypdfium2

    source = new_pdf()
    source.set_font("Helvetica", size=28)
    for line, words in enumerate(["APPENDIX A", "OKLAHOMA", "TEXAS", "Red River Compact"]):
        source.text(72, 140 + 50 * line, words)
    source.set_font("Helvetica", size=14)
    source.set_xy(72, 360)
    source.multi_cell(460, 20, " ".join([PARAGRAPH] * 3))
    document = pypdfium2.PdfDocument(bytes(source.output()))
    image = document[0].render(scale=200 / 72, grayscale=True).to_pil().rotate(90, expand=True)
    document.close()
    scan = FPDF(unit="pt", format=(792, 612))
    scan.add_page()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    scan.image(buffer, x=0, y=0, w=792, h=612)
    return save_pdf(scan, tmp_path_factory, "sideways")


def test_sideways_scan_is_ocrd_upright(sideways_scan_pdf, tmp_path):
    needs_tesseract()
    extraction = extract_file(sideways_scan_pdf, rel_path="s.pdf", ocr_cache_dir=tmp_path)
    text = flat(extraction.pages[0].text)
    assert extraction.pages[0].ocr
    for words in ["APPENDIX A", "OKLAHOMA", "TEXAS", "Red River Compact"]:
        assert words in text

"""Acceptance: every extraction rule on the real filings in shared/realdocs (see its README)."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import pdfplumber
import pytest

from search.extract import extract_file
from search.models import ExtractionError

from .conftest import assert_read_by_ocr, doc_text, flat, needs_tesseract


@pytest.fixture(scope="session")
def courtdocs(realdocs):
    return realdocs / "courtdocs"


def test_pleading_numbers_removed_so_sentence_crosses_lines(extract, courtdocs):
    extraction = extract(courtdocs / "recap_extract/gov.uscourts.cacd.652774.40.0.pdf")
    assert "set to expire on July 25, 2016" in flat(extraction.pages[1].text)
    assert not any(
        re.fullmatch(r"\d{1,2}", line) for page in extraction.pages for line in page.text.split("\n")
    )
    assert extraction.metadata["court"] == "U.S. District Court for the Central District of California"


STAMPED = {
    "ca1_00117684624.pdf": ("20-1507", "00117684624", "2020-12-22", "First"),
    "ca2_1-1.pdf": ("17-3510", "1-1", "2017-10-31", "Second"),
    "ca3_003112692106.pdf": ("17-2678", "003112692106", "2017-08-03", "Third"),
    "ca4_17.pdf": ("17-2218", "17", "2017-10-31", "Fourth"),
    "ca5_00516242060.pdf": ("21-50498", "00516242060", "2022-03-16", "Fifth"),
    "ca6_1-3.pdf": ("17-3994", "1-3", "2017-09-20", "Sixth"),
    "ca7_3.pdf": ("17-2400", "3", "2017-07-13", "Seventh"),
    "ca9_19.pdf": ("20-16276", "19", "2020-08-05", "Ninth"),
    "ca10_010110462922.pdf": ("21-800", "010110462922", "2021-01-11", "Tenth"),
    "cafc_3.pdf": ("14-1326", "3", "2014-03-18", "Federal"),
}


@pytest.mark.parametrize("name", sorted(STAMPED))
def test_ecf_stamps_become_metadata_and_leave_the_text(extract, courtdocs, name):
    if name == "ca4_17.pdf":
        needs_tesseract()
    case_number, document_number, filed, circuit = STAMPED[name]
    extraction = extract(courtdocs / "recap_documents" / name)
    assert extraction.metadata["case_number"] == case_number
    assert extraction.metadata["document_number"] == document_number
    assert extraction.metadata["filed_date"] == filed
    assert extraction.metadata["court"] == f"U.S. Court of Appeals for the {circuit} Circuit"
    for page in extraction.pages:
        assert not re.search(r"(Date Filed|Filed|DktEntry): ?\d\d/\d\d/\d{4}", page.text.split("\n")[0])
        assert (
            f"Case: {case_number} Document" not in page.text
            and f"Case {case_number}, Document" not in page.text
        )


def test_eighth_circuit_footer_stamp_and_page_number_removed(extract, courtdocs):
    extraction = extract(courtdocs / "recap_documents/ca8_.pdf")
    assert extraction.metadata["case_number"] == "22-1801"
    assert extraction.metadata["filed_date"] == "2023-01-19"
    assert "Entry ID" not in extraction.pages[1].text and "Page 2 of 2" not in extraction.pages[1].text


def test_slip_opinion_running_heads_removed_and_hyphens_joined(extract, courtdocs):
    extraction = extract(courtdocs / "vector-pdf.pdf", ocr="never")
    text = doc_text(extraction)
    assert len(extraction.pages) == 30
    assert "Oklahoma's portion of Reach II" in text
    assert "Okla- homa" not in text and "Okla-homa" not in text
    assert "(Slip Opinion)" not in text
    assert not any("TARRANT REGIONAL WATER DIST. v. HERRMANN" in page.text for page in extraction.pages[1:])
    assert "No. 11-889" in text and "540 U. S. 56" in text
    assert extraction.metadata["court"] == "Supreme Court of the United States"
    assert extraction.metadata["case_name"] == "Tarrant Regional Water Dist. v. Herrmann"  # shown in title case
    assert extraction.metadata["date"] == "2013-06-13"


def test_state_supreme_court_caption(extract, courtdocs):
    extraction = extract(courtdocs / "broken-mime.pdf")
    assert extraction.metadata["court"] == "Supreme Court of North Carolina"
    assert extraction.metadata["case_number"] == "363A14-4"
    assert extraction.metadata["date"] == "2022-02-11"
    assert "GIFT SURPLUS, LLC V. STATE EX REL. COOPER" not in extraction.pages[3].text


def test_table_rows_stay_whole_and_text_around_them_reads_on(extract, courtdocs):
    extraction = extract(courtdocs / "recap_extract/gov.uscourts.azd.1085839.3.0.pdf")
    assert (
        "Jessica Parker v. C. R. Bard, Inc. 2:15-cv-01739 Ala. N.D. 5:15-cv-00787" in extraction.pages[1].text
    )
    first = flat(extraction.pages[0].text)
    assert "involves personal injury cases brought against Defendants C. R. Bard, Inc." in first
    assert extraction.metadata["court"] == "U.S. District Court for the District of Arizona"


def test_filled_form_reads_without_underscores(extract, courtdocs):
    text = doc_text(extract(courtdocs / "recap_documents/cafc_3.pdf"))
    assert "Reliable Contracting Group v. DVA" in text
    assert "Kilpatrick Townsend & Stockton LLP" in text
    assert "_" not in text


@pytest.mark.parametrize(
    ("name", "hidden", "kept"),
    [
        ("rectangles_yes.pdf", "did not disclose all relevant medical history", "She answered"),
        ("rectangles_yes_2.pdf", "def", "abc"),
    ],
)
def test_failed_redactions_are_dropped_and_reported(extract, courtdocs, name, hidden, kept):
    extraction = extract(courtdocs / "x-ray" / name)
    assert hidden not in extraction.pages[0].text
    assert kept in extraction.pages[0].text
    assert extraction.warnings == ["possible failed redaction on page 1"]


def test_lines_that_are_not_redactions_lose_nothing(extract, courtdocs):
    path = courtdocs / "x-ray/rectangles_no.pdf"
    extraction = extract(path)
    assert extraction.warnings == []
    with pdfplumber.open(path) as pdf:
        layer = Counter(re.findall(r"[a-z]{3,}", (pdf.pages[0].extract_text() or "").lower()))
    ours = Counter(re.findall(r"[a-z]{3,}", extraction.pages[0].text.lower()))
    missing = layer - ours
    assert sum(missing.values()) <= 15, missing  # only the stamp's words ("case", "document", "filed", ...)


def test_password_opens_encrypted_pdf(realdocs):
    path = realdocs / "pdfplumber/password-example.pdf"
    with pytest.raises(ExtractionError, match="^encrypted PDF: add its password to the catalog$"):
        extract_file(path, rel_path="password-example.pdf")
    extraction = extract_file(path, rel_path="password-example.pdf", password="test")
    assert "Backup4all" in extraction.pages[0].text


def test_a_file_that_is_not_a_pdf_raises_one_line(courtdocs):
    with pytest.raises(ExtractionError) as raised:
        extract_file(courtdocs / "empty.pdf", rel_path="courtdocs/empty.pdf")
    assert str(raised.value) == "not a readable PDF"


def test_a_pdf_with_bytes_before_its_header_is_read_as_readers_do(courtdocs):
    extraction = extract_file(courtdocs / "missouri.pdf", rel_path="courtdocs/missouri.pdf", ocr="never")
    assert len(extraction.pages) == 5
    assert "Missouri Court of Appeals" in extraction.pages[0].text


def test_malformed_pdf_still_extracts(realdocs):
    extraction = extract_file(
        realdocs / "pdfplumber/malformed-from-issue-932.pdf", rel_path="m.pdf", ocr="never"
    )
    assert len(extraction.pages) == 1 and "2021" in extraction.pages[0].text


def test_garbage_text_layer_is_replaced_by_ocr(extract, courtdocs):
    needs_tesseract()
    assert_read_by_ocr(extract(courtdocs / "recap_extract/gov.uscourts.cand.203070.27.0.pdf"), "CARLSON", "CasCea")


def test_garbage_text_layer_is_not_indexed_when_ocr_is_off(extract, courtdocs):
    extraction = extract(courtdocs / "recap_extract/gov.uscourts.cand.203070.27.0.pdf", ocr="never")
    assert "CasCea" not in doc_text(extraction)
    assert extraction.warnings == ["pages 1, 2: no usable text layer (OCR turned off)"]


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("recap_documents/ca4_17.pdf", "APPEARANCE OF COUNSEL FORM"),
        ("ocr_pdf_variation.pdf", "UNITED"),
        ("image-pdf-2.pdf", "WORKERS' COMPENSATION APPEALS BOARD"),
    ],
)
def test_image_bodies_are_ocrd(extract, courtdocs, name, phrase):
    needs_tesseract()
    extraction = extract(courtdocs / name)
    assert extraction.pages[0].ocr
    assert phrase in extraction.pages[0].text


def test_ocr_recovers_95_percent_of_the_words_of_the_scanned_pages(extract, courtdocs):
    needs_tesseract()
    words = lambda text: Counter(re.findall(r"[a-z0-9]+", text.lower()))  # noqa: E731
    reference = words(" ".join(p.text for p in extract(courtdocs / "vector-pdf.pdf", ocr="never").pages[:2]))
    scanned = extract(courtdocs / "image-pdf.pdf")
    assert [page.ocr for page in scanned.pages] == [True, True]
    recovered = words(" ".join(page.text for page in scanned.pages))
    recall = sum(min(count, recovered[word]) for word, count in reference.items()) / sum(reference.values())
    print(f"OCR word recall on image-pdf.pdf: {recall:.3f}")
    assert recall >= 0.95


def test_docx_from_a_law_office(courtdocs):
    extraction = extract_file(courtdocs / "word-docx.docx", rel_path="word-docx.docx")
    assert "Narrative Reason for Discharge: MISCONDUCT" in extraction.pages[0].text


@pytest.mark.parametrize("name", ["word-doc.doc", "word-perfect.wpd"])
def test_legacy_word_processor_files(courtdocs, name):
    if shutil.which("soffice") or shutil.which("libreoffice"):
        assert doc_text(extract_file(courtdocs / name, rel_path=name))
    else:
        with pytest.raises(ExtractionError, match="^unsupported format: convert to PDF or DOCX$"):
            extract_file(courtdocs / name, rel_path=name)


NO_LIBREOFFICE = "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"


@pytest.mark.skipif(shutil.which("soffice") is None, reason=NO_LIBREOFFICE)
@pytest.mark.parametrize(
    ("name", "words", "printed_date"),
    [("word-doc.doc", "ATTORNEYS", "2005-05-04"), ("word-perfect.wpd", "SUPREME", "1999-11-12")],
)
def test_legacy_word_processor_files_are_read_through_libreoffice(courtdocs, name, words, printed_date):
    extraction = extract_file(courtdocs / name, rel_path=name, ocr="never")
    assert words in " ".join(page.text for page in extraction.pages[:2])
    assert sum(len(page.text.split()) for page in extraction.pages) > 500
    # The date printed above the opinion ("May 4, 2005"), never the conversion's own timestamp.
    assert extraction.metadata["date"] == printed_date
    assert extraction.metadata["provenance"]["date"] != "pdf-metadata"

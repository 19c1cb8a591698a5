"""Case and docket numbers: every way a case number is written reduces to one key."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from search.dockets import docket_key, dockets_in_query, find_docket_numbers


def keys_in(text: str) -> list[str]:
    return [docket.key for docket in find_docket_numbers(text)]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        # courts of appeals: year-number
        ("20-16276", "20-16276"),
        ("17-3510", "17-3510"),
        ("17-2218", "17-2218"),
        # district courts: division prefix, leading zeros and judges' initials do not matter
        ("8:16-cv-01261", "16-cv-1261"),
        ("8:16-cv-01261-DOC-KES", "16-cv-1261"),
        ("8:16-cv-1261 DOC (KESx)", "16-cv-1261"),
        ("2:21-cv-01061-KLM", "21-cv-1061"),
        ("1:16-cv-11471", "16-cv-11471"),
        ("No. 16-cv-11471", "16-cv-11471"),
        ("1:16cv11471", "16-cv-11471"),
        ("2-15-cv-00180", "15-cv-180"),
        ("No. CIV-07-0045-HE", "07-cv-45"),
        # California districts: a division code, or a lone "C" with five digits or judge's initials
        ("C 08-02214 SBA", "08-cv-2214"),
        ("SACV 16-01261", "16-cv-1261"),
        ("C 04-0098 SI", "04-cv-98"),
        ("No. C 04-0098", "04-cv-98"),
        # Northern District of Illinois and Cook County
        ("16 C 11471", "16-cv-11471"),
        ("16 CR 123", "16-cr-123"),
        ("2016 CH 12345", "16-ch-12345"),
        # multidistrict litigation
        ("MDL 15-02641", "mdl-15-2641"),
        ("No. MDL 15-02641-PHX-DGC", "mdl-15-2641"),
        ("2:15-md-02641-DGC", "mdl-15-2641"),
        # after "No.": Supreme Court en dash, state courts
        ("No. 11–889", "11-889"),
        ("No. 363A14-4", "363a14-4"),
        ("No. 1-17-2218", "1-17-2218"),
    ],
)
def test_each_written_form_has_one_key(written: str, key: str) -> None:
    assert keys_in(written) == [key]
    assert docket_key(written) == key


def test_the_same_case_written_three_ways_is_one_key() -> None:
    assert docket_key("16 C 11471") == docket_key("No. 16-cv-11471") == docket_key("1:16-cv-11471-JJT")


@pytest.mark.parametrize(
    "not_a_case_number",
    [
        "Filed 08/05/16",
        "on 2020-08-05",
        "dated 1-17-2018",
        "Tel. (513) 564-7000",
        "call 215-597-2995",
        "PHILADELPHIA, PA 19106-1790",
        "720 ILCS 5/11-9.3(b-10)",
        "section 11-9.3",
        "11-9.3",
        "N.C.G.S. § 14-208.18",
        "Page 1 of 4",
        "see pages 28-40",
        "supra, at 16-18",
        "P.A. 94-925",
        "Pub. L. No. 109-248",
        "Document: 1-3",
        "Docs. 19798-1, -2",
        "Session Law 2010-103",
        "Civil Action No. 1:21-cv-______________",
    ],
)
def test_numbers_that_only_look_like_case_numbers(not_a_case_number: str) -> None:
    assert keys_in(not_a_case_number) == []


def test_short_or_typeset_year_numbers_need_a_lead_in() -> None:
    assert keys_in("Appeal No. 17-35 was argued") == ["17-35"]
    assert keys_in("the 17-35 split") == []
    assert keys_in("No. 11–889.") == ["11-889"]
    assert keys_in("Pp. 11–22.") == []


def test_spans_point_at_the_number_as_written() -> None:
    text = "Case 8:16-cv-01261-DOC-KES Document 40 Filed 08/05/16 Page 1 of 4"
    (docket,) = find_docket_numbers(text)
    assert text[docket.start : docket.end] == docket.text == "8:16-cv-01261-DOC-KES"


def test_query_keeps_the_other_words_cuttable() -> None:
    query = "residency 16 C 11471 vasquez"
    (docket,) = dockets_in_query(query)
    assert docket.key == "16-cv-11471"
    assert (query[: docket.start] + query[docket.end :]).split() == ["residency", "vasquez"]


def test_docket_key_takes_a_lone_number_at_its_word_and_refuses_other_things() -> None:
    assert docket_key("17-35") == "17-35"
    assert docket_key("Case No. 20-16276") == "20-16276"
    for not_one in ["11-9.3", "08/05/16", "540 U.S. 56", "residency", ""]:
        assert docket_key(not_one) is None


def first_page_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return pdf.pages[0].extract_text() or ""


@pytest.mark.parametrize(
    ("relative_path", "key"),
    [
        ("recap_documents/ca1_00117684624.pdf", "20-1507"),
        ("recap_documents/ca2_1-1.pdf", "17-3510"),
        ("recap_documents/ca3_003112692106.pdf", "17-2678"),
        ("recap_documents/ca4_17.pdf", "17-2218"),
        ("recap_documents/ca5_00516242060.pdf", "21-50498"),
        ("recap_documents/ca6_1-3.pdf", "17-3994"),
        ("recap_documents/ca7_3.pdf", "17-2400"),
        ("recap_documents/ca8_.pdf", "22-1801"),
        ("recap_documents/ca9_19.pdf", "20-16276"),
        ("recap_documents/ca10_010110462922.pdf", "21-800"),
        ("recap_documents/cafc_3.pdf", "14-1326"),
        ("recap_extract/gov.uscourts.cacd.652774.40.0.pdf", "16-cv-1261"),
        ("recap_extract/gov.uscourts.azd.1085839.3.0.pdf", "mdl-15-2641"),
        ("x-ray/rectangles_no.pdf", "21-cv-1061"),
        ("ocr_pdf_variation.pdf", "21-1298"),
        ("broken-mime.pdf", "363a14-4"),
    ],
)
def test_real_filings_yield_their_case_numbers(realdocs: Path, relative_path: str, key: str) -> None:
    assert key in keys_in(first_page_text(realdocs / "courtdocs" / relative_path))


def test_real_filings_lower_court_numbers_are_found_too(realdocs: Path) -> None:
    keys = keys_in(first_page_text(realdocs / "courtdocs" / "recap_documents" / "ca3_003112692106.pdf"))
    assert keys.count("17-2678") >= 2 and "15-cv-180" in keys
    ninth = keys_in(first_page_text(realdocs / "courtdocs" / "recap_documents" / "ca9_19.pdf"))
    assert "20-cv-2731" in ninth

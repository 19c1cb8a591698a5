"""Nothing leaked, part two: words under a failed redaction (a black box drawn over text that
is still in the file) are not searchable, shown, exported or returned, and the file is withheld.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from search.config import load_settings
from search.ingest import ingest
from search.models import SearchRequest
from search.service import SearchService
from tests.conftest import write_pdf
from tests.robustness.conftest import make_app

HIDDEN = ("Quimbyfield", "Zanzibarro", "4471")  # a name, a street, a house number under the boxes
VISIBLE = "informant"
#: Near misses, typed by someone fishing for the hidden words; pages echo the query, so it must not contain them.
FISHING = "quimbyfeld zanzibaro quimby*"


def redacted_pdf(path: Path) -> Path:
    """Page 1: a sentence whose middle is covered by a filled black rectangle; page 2: plain text."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.set_xy(20, 40)
    pdf.cell(text=f"The confidential {VISIBLE} is ")
    left = pdf.get_x()
    pdf.cell(text=f"{HIDDEN[0]} of {HIDDEN[2]} {HIDDEN[1]} Road")
    right = pdf.get_x()
    pdf.cell(text=", who reported the violation.")
    pdf.set_fill_color(0, 0, 0)
    pdf.rect(left - 1, 39, right - left + 2, 12, style="F")
    pdf.set_xy(20, 70)
    pdf.multi_cell(0, 6, "The court found the residency restriction applied to the shelter on the corner.")
    pdf.add_page()
    pdf.multi_cell(0, 6, f"Page two repeats that the {VISIBLE} asked for protection from retaliation.")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, engine):
    base: Path = tmp_path_factory.mktemp("redactions")
    corpus = base / "corpus"
    redacted_pdf(corpus / "sealed-affidavit.pdf")
    write_pdf(corpus / "other.pdf", ["An unrelated order about shelter rules and an informant policy."])
    settings = load_settings(corpus, base / "index")
    report = ingest(settings)
    assert report.warnings == {"sealed-affidavit.pdf": ["possible failed redaction on page 1"]}
    return settings


@pytest.fixture(scope="module")
def client(indexed):
    return make_app(indexed).test_client()


@pytest.fixture(scope="module")
def doc_id(indexed) -> str:
    service = SearchService(indexed.index_dir)
    return next(meta.id for meta in service.documents() if meta.path == "sealed-affidavit.pdf")


def leaks(text: str) -> list[str]:
    return [word for word in HIDDEN if word.lower() in text.lower()]


def test_the_file_really_holds_the_hidden_words(indexed) -> None:
    """The premise: a plain text extraction, ignoring the boxes, does find them."""
    import pdfplumber

    with pdfplumber.open(indexed.corpus_dir / "sealed-affidavit.pdf") as pdf:
        assert leaks(pdf.pages[0].extract_text()) == list(HIDDEN)


@pytest.mark.parametrize("query", ["quimbyfield", "zanzibarro", "4471", "quimby*", "quimbyfeld~1",
                                   '"informant is quimbyfield"', "title:quimbyfield"])
def test_no_hidden_word_is_searchable(indexed, query: str) -> None:
    results = SearchService(indexed.index_dir).search(SearchRequest(query))
    assert results.total == 0 or all(hit.path != "sealed-affidavit.pdf" for hit in results.results)
    assert leaks(results.suggestion or "") == []


def test_the_visible_text_is_still_found_on_its_page(indexed) -> None:
    hits = SearchService(indexed.index_dir).search(SearchRequest('"confidential informant"')).results
    assert [(hit.path, [page.page for page in hit.pages]) for hit in hits] == [("sealed-affidavit.pdf", [1])]


def test_no_hidden_word_is_shown_in_html(client, doc_id: str) -> None:
    for url in ["/?q=informant", f"/?q={FISHING}", "/?q=quimbyfeld", f"/documents/{doc_id}",
                f"/documents/{doc_id}?q={FISHING}+informant", "/status"]:
        html = client.get(url).get_data(as_text=True)
        assert leaks(html) == [], url
    assert "original file is withheld" in client.get(f"/documents/{doc_id}").get_data(as_text=True)


def test_no_hidden_word_is_returned_by_the_api(client, doc_id: str) -> None:
    bodies = [client.get(url).get_data(as_text=True) for url in [
        "/api/search?q=informant", f"/api/search?q={FISHING}", "/api/search?q=quimbyfeld", f"/api/documents/{doc_id}",
        f"/api/documents/{doc_id}/pages/1?q=quimbyfield", f"/api/documents/{doc_id}/pages/2", "/api/status",
    ]]
    assert [leaks(body) for body in bodies] == [[]] * len(bodies)
    assert client.get(f"/api/documents/{doc_id}").get_json()["original_withheld"] is True


def test_no_hidden_word_is_exported(client) -> None:
    response = client.get("/api/search.csv", query_string={"q": f"informant OR {FISHING}"})
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert any(row[0] for row in rows[1:]) and leaks(response.get_data(as_text=True)) == []


def test_the_original_file_is_withheld(client, doc_id: str) -> None:
    response = client.get(f"/documents/{doc_id}/file")
    assert response.status_code == 403
    assert b"%PDF" not in response.data and leaks(response.get_data(as_text=True)) == []
    other = client.get("/api/search?q=unrelated").get_json()["results"][0]["id"]
    assert client.get(f"/documents/{other}/file").status_code == 200

"""Every kind of failed redaction the security probe found, judged by what a reader sees.

One generated page per kind (``redaction_pdfs``): the hidden word must not reach the page
text, the index, snippets or the original-file route, whichever reader (pdfium's fast path or
pdfplumber) took the page, with OCR off; the marks that only look like redactions must change
nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from search.config import load_settings
from search.extract.pdf import extract_pdf
from search.ingest import IngestOptions, ingest
from search.models import SearchRequest
from search.service import SearchService
from tests.robustness.conftest import make_app
from tests.robustness.redaction_pdfs import HIDDEN, SHOWN, VISIBLE_WORDS, Case

WARNING = "possible failed redaction on page 1"


def _name(case: Case) -> str:
    return case.kind.replace(" ", "-") + ".pdf"


@pytest.mark.parametrize("use_pdfium", [True, False], ids=["pdfium", "pdfplumber"])
@pytest.mark.parametrize("case", HIDDEN, ids=lambda case: case.kind)
def test_hidden_word_is_dropped_and_the_page_reported(tmp_path: Path, case: Case, use_pdfium: bool) -> None:
    path = case.write(tmp_path / _name(case))
    extraction = extract_pdf(path, rel_path=path.name, ocr="never", use_pdfium=use_pdfium)
    text = extraction.pages[0].text
    assert case.word not in text
    assert all(word in text for word in VISIBLE_WORDS), text
    assert WARNING in extraction.warnings


def test_the_fixtures_really_hold_the_hidden_words(tmp_path: Path) -> None:
    """The premise: the text layer (characters in drawing order) holds every hidden word."""
    import pdfplumber

    for case in HIDDEN:
        with pdfplumber.open(case.write(tmp_path / _name(case))) as pdf:
            assert case.word in "".join(char["text"] for char in pdf.pages[0].chars), case.kind


@pytest.mark.parametrize("use_pdfium", [True, False], ids=["pdfium", "pdfplumber"])
@pytest.mark.parametrize("case", SHOWN, ids=lambda case: case.kind)
def test_marks_that_are_not_redactions_change_nothing(tmp_path: Path, case: Case, use_pdfium: bool) -> None:
    path = case.write(tmp_path / _name(case))
    extraction = extract_pdf(path, rel_path=path.name, ocr="never", use_pdfium=use_pdfium)
    assert extraction.pages[0].text == f"The informant is {case.word} and the clerk filed it."
    assert WARNING not in extraction.warnings


def test_the_guard_needs_no_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With OCR on but no Tesseract on the PATH, the hidden word is still dropped."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    case = HIDDEN[0]
    path = case.write(tmp_path / _name(case))
    extraction = extract_pdf(path, rel_path=path.name, ocr="auto")
    assert case.word not in extraction.pages[0].text and WARNING in extraction.warnings


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base: Path = tmp_path_factory.mktemp("redaction-kinds")
    for case in HIDDEN + SHOWN:
        case.write(base / "corpus" / _name(case))
    settings = load_settings(base / "corpus", base / "index")
    report = ingest(settings, IngestOptions(ocr="never"))  # the guard never depends on OCR
    assert report.failed == {}
    return settings, report


def test_the_report_names_every_redacted_file_and_only_those(corpus) -> None:
    _, report = corpus
    flagged = {path for path, warnings in report.warnings.items() if WARNING in warnings}
    assert flagged == {_name(case) for case in HIDDEN}


@pytest.mark.parametrize("case", HIDDEN, ids=lambda case: case.kind)
def test_no_hidden_word_is_searchable_or_shown(corpus, case: Case) -> None:
    settings, _ = corpus
    service = SearchService(settings.index_dir)
    for query in (case.word.lower(), f"{case.word.lower()[:6]}*", f"{case.word.lower()}~1"):
        results = service.search(SearchRequest(query))
        assert [hit.path for hit in results.results] == [], query
    visible = service.search(SearchRequest('"clerk filed"', per_page=50))
    assert _name(case) in {hit.path for hit in visible.results}


@pytest.mark.parametrize("case", SHOWN, ids=lambda case: case.kind)
def test_words_under_harmless_marks_are_found(corpus, case: Case) -> None:
    settings, _ = corpus
    hits = SearchService(settings.index_dir).search(SearchRequest(case.word.lower())).results
    assert [hit.path for hit in hits] == [_name(case)]


def test_originals_with_hidden_text_are_withheld(corpus) -> None:
    settings, _ = corpus
    client = make_app(settings).test_client()
    service = SearchService(settings.index_dir)
    statuses = {}
    for meta in service.documents():
        statuses[meta["path"]] = client.get(f"/documents/{meta['id']}/file").status_code
        page = client.get(f"/documents/{meta['id']}").get_data(as_text=True)
        assert not any(case.word in page for case in HIDDEN), meta["path"]
    assert statuses == {_name(case): 403 for case in HIDDEN} | {_name(case): 200 for case in SHOWN}


def test_a_poster_sized_page_keeps_its_text_and_withholds_the_file(tmp_path: Path) -> None:
    """A page too large to render finely (here 200 inches square, under a shaded band) is drawn
    coarsely within a pixel budget: its small text cannot be judged, so it is kept and the page
    is reported rather than dropped or trusted."""
    from tests.robustness.pdfs import RawPdf

    pdf = RawPdf()
    font = pdf.font()
    content = pdf.stream(b"0.9 g 60 690 300 30 re f 0 g BT /F1 12 Tf 72 700 Td (Poster caption words) Tj ET")
    page = pdf.add(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Contents {content} 0 R "
                   f"/Resources << /Font << /F1 {font} 0 R >> >> >>")
    path = pdf.write(tmp_path / "poster.pdf", [page])
    extraction = extract_pdf(path, rel_path=path.name, ocr="never")
    assert "Poster caption words" in extraction.pages[0].text
    assert WARNING in extraction.warnings

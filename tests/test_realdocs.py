"""Acceptance: the real court filings in ../shared/realdocs ingest cleanly and are found."""

import re
import shutil

import pytest

from search.models import SearchRequest
from search.service import SearchService

UNREADABLE = {"courtdocs/empty.pdf"}


def test_ingest_ends_with_one_line_reason_for_each_unreadable_file(realdocs_index):
    _, report = realdocs_index
    assert set(report.failed) >= UNREADABLE
    assert all(reason.strip() and "\n" not in reason for reason in report.failed.values())
    assert report.documents >= 20


def test_the_encrypted_pdf_without_a_password_is_reported_as_such(realdocs_index):
    _, report = realdocs_index
    assert "encrypted" in report.failed["pdfplumber/password-example.pdf"]


def _distinctive_phrase(text: str) -> str | None:
    """Three consecutive plain words of five letters or more from the middle of the text.

    Whole words only: in "1stcoa Appellate Briefs" the letters "stcoa" are not a word anyone
    would search for, and the tokenizer rightly keeps "1stcoa" whole."""
    tokens = text.split()
    plain = [re.fullmatch(r"([A-Za-z]{5,})[,.;:]?", token) for token in tokens]
    for start in range(len(tokens) // 3, len(tokens) - 2):
        window = plain[start : start + 3]
        if all(window):
            return " ".join(match.group(1) for match in window)
    return None


def test_every_indexed_document_is_found_by_a_phrase_from_its_text(realdocs_index):
    settings, _ = realdocs_index
    service = SearchService(settings.index_dir)
    checked, missed = 0, []
    for meta in service.documents():
        record = service.document(meta["id"])
        text = "\n".join(page.text for page in record.pages)
        phrase = _distinctive_phrase(text)
        if phrase is None:
            continue
        found = service.search(SearchRequest(f'"{phrase}"', per_page=20))
        checked += 1
        if record.id not in [hit.id for hit in found.results]:
            missed.append(f"{record.path}: {phrase!r}")
    assert not missed
    assert checked >= 18


NO_TESSERACT = "tesseract is not installed (apt-get install tesseract-ocr)"


@pytest.mark.skipif(shutil.which("tesseract") is None, reason=NO_TESSERACT)
@pytest.mark.parametrize("path", ["courtdocs/image-pdf.pdf", "courtdocs/image-pdf-2.pdf"])
def test_scans_have_text(realdocs_index, path):
    settings, report = realdocs_index
    if path in report.failed:
        pytest.fail(f"{path} failed: {report.failed[path]}")
    service = SearchService(settings.index_dir)
    meta = next(m for m in service.documents() if m["path"] == path)
    record = service.document(meta["id"])
    assert sum(len(page.text.split()) for page in record.pages) > 100

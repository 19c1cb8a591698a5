"""DOCX, HTML, plain text, legacy formats, the report, and the errors bad input gives."""

from __future__ import annotations

import pytest

from search.extract import SUPPORTED_SUFFIXES, extract_file, office, render_report
from search.models import ExtractionError


def test_docx_page_break_starts_a_new_page(docx_file):
    extraction = extract_file(docx_file, rel_path="motions/motion.docx")
    assert [page.text for page in extraction.pages] == [
        "First page about the registry.",
        "Second page about residency.",
    ]
    assert extraction.metadata["title"] == "Motion to Vacate Registration"
    assert extraction.path == "motions/motion.docx"


def test_html_drops_scripts_and_styles(html_file):
    extraction = extract_file(html_file, rel_path="page.html")
    lines = [line for line in extraction.pages[0].text.split("\n") if line]
    assert lines == ["Registration", "You must register within three days."]
    assert extraction.metadata["title"] == "Know Your Rights"


def test_plain_text_form_feeds_split_pages_and_long_text_is_paged(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("first page\fsecond page\n" + "word " * 1200, encoding="utf-8")
    pages = extract_file(path, rel_path="notes.txt").pages
    assert pages[0].text == "first page"
    assert pages[1].text.startswith("second page")
    assert len(pages) >= 4 and all(len(page.text.split()) <= 501 for page in pages)


def test_legacy_formats_without_libreoffice_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "soffice_path", lambda: None)
    for suffix in (".doc", ".wpd"):
        path = tmp_path / f"old{suffix}"
        path.write_bytes(b"\xd0\xcf\x11\xe0 legacy")
        with pytest.raises(ExtractionError, match="^unsupported format: convert to PDF or DOCX$"):
            extract_file(path, rel_path=path.name)


def test_unreadable_docx_raises_extraction_error(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(ExtractionError, match="^not a readable DOCX$"):
        extract_file(path, rel_path="broken.docx")


def test_supported_suffixes_cover_the_corpus_formats():
    assert {".pdf", ".docx", ".doc", ".wpd", ".html", ".htm", ".txt"} <= SUPPORTED_SUFFIXES


def test_report_shows_metadata_warnings_and_pages(extract, black_box_pdf):
    report = render_report(extract(black_box_pdf))
    assert "File: black-box.pdf" in report
    assert "possible failed redaction on page 1" in report
    assert "--- page 1 (text layer," in report

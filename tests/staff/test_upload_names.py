"""What an uploaded file is taken for, and the name it is stored under (no request needed)."""

from __future__ import annotations

import io
import zipfile

import pytest

from webapp import uploads
from webapp.uploads import UploadRefused, safe_stem, sniff, store_upload


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def other_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "kind"), [
    (b"%PDF-1.7\n...", "pdf"),
    (b"\xef\xbb\xbf<!DOCTYPE html><html></html>", "html"),
    ("Plain text, café.".encode(), "txt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "doc"),
    (b"\xffWPC" + bytes(64), "wpd"),
    (b"\x7fELF\x02\x01\x01" + bytes(64), None),
    (b"\x89PNG\r\n\x1a\n" + bytes(64), None),
    (b"   \n\t ", None),
])
def test_the_type_is_read_from_the_bytes(data, kind):
    assert sniff(data) == kind


def test_a_docx_is_a_zip_with_a_word_document_and_nothing_else_is():
    assert sniff(docx_bytes()) == "docx"
    assert sniff(other_zip()) is None


@pytest.mark.parametrize(("original", "stem"), [
    ("Order (FINAL).PDF", "order-final"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\desk\\Brief.docx", "brief"),
    ("Résumé du mémoire.pdf", "resume-du-memoire"),
    ("\u0430\u0440\u0440le.pdf", "le"),  # Cyrillic lookalikes are dropped, not kept as "apple"
    ("....pdf", "pdf"),
    ("\x00\x00", "document"),
    ("", "document"),
])
def test_stored_names_are_made_of_letters_and_digits_only(original, stem):
    assert safe_stem(original) == stem


def test_doc_and_wpd_are_refused_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(uploads, "soffice_available", lambda: False)
    with pytest.raises(UploadRefused, match="needs LibreOffice"):
        store_upload(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), 1 << 20, {})
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").iterdir())


def test_a_taken_name_gets_a_number_and_nothing_is_overwritten(tmp_path):
    first = store_upload(tmp_path, "memo.txt", b"first memo", 1 << 20, {})
    second = store_upload(tmp_path, "memo.txt", b"second memo", 1 << 20, {})
    assert (first.rel_path, second.rel_path) == ("uploads/memo.txt", "uploads/memo-2.txt")
    assert (tmp_path / "uploads" / "memo.txt").read_bytes() == b"first memo"

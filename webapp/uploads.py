"""Files uploaded from the staff pages: what they are, from their bytes, and where they go.

The type is read from the content, never from the name or the browser's claim: a PDF starts
with ``%PDF-``, a DOCX is a ZIP holding ``word/document.xml``, a Word 97 file an OLE2
container, a WordPerfect file ``\\xffWPC``; HTML and plain text are valid UTF-8 without NUL
bytes, HTML opening with a tag. DOC and WPD are accepted only where LibreOffice can convert them.

The stored name is made from the original's letters and digits only (``Order (final).PDF`` ->
``order-final.pdf``), with the extension of the type found, under ``corpus/uploads/``; nothing
the client sent is ever used as a path. A name already taken gets ``-2``, ``-3``...
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

UPLOAD_FOLDER = "uploads"
TRASH_FOLDER = ".trash"
_SNIFF_BYTES = 8192


class UploadRefused(ValueError):
    """The file is not stored; the message says why in one line."""


@dataclass(frozen=True)
class StoredUpload:
    rel_path: str
    sha256: str
    kind: str


def soffice_available() -> bool:
    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


def sniff(data: bytes) -> str | None:
    """The type of ``data``: "pdf", "docx", "doc", "wpd", "html", "txt", or None."""
    head = data[:_SNIFF_BYTES]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else None
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"\xffWPC"):
        return "wpd"
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    start = text.lstrip()[:200].lower()
    if start.startswith(("<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<!--")):
        return "html"
    return "txt" if text.strip() else None


def safe_stem(original: str) -> str:
    """Letters and digits of the original name's last part, lower case, dashes between."""
    name = original.replace("\\", "/").split("/")[-1].replace("\x00", "")
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    ascii_name = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80]
    return slug or "document"


def store_upload(corpus_dir: Path, original: str, data: bytes, max_bytes: int,
                 known_hashes: dict[str, str]) -> StoredUpload:
    """Store ``data`` under ``corpus/uploads/``; raises ``UploadRefused`` with the reason.

    ``known_hashes`` maps the SHA-256 of every file already in the corpus to its path: the
    same content twice is refused, naming the file that has it."""
    if not data:
        raise UploadRefused("the file is empty")
    if len(data) > max_bytes:
        raise UploadRefused(f"the file is larger than the limit of {max_bytes // (1024 * 1024)} MB")
    kind = sniff(data)
    if kind is None:
        raise UploadRefused("not a PDF, DOCX, DOC, WPD, HTML or text file (judged by its content, not its name)")
    if kind in ("doc", "wpd") and not soffice_available():
        raise UploadRefused(f"a {kind.upper()} file needs LibreOffice, which is not installed on the server")
    digest = hashlib.sha256(data).hexdigest()
    if digest in known_hashes:
        raise UploadRefused(f"the same content is already in the library as {known_hashes[digest]}")
    folder = (corpus_dir / UPLOAD_FOLDER).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    if not folder.is_relative_to(corpus_dir.resolve()):
        raise UploadRefused("the uploads folder is outside the corpus folder")
    stem = safe_stem(original)
    for number in range(1, 10_000):
        name = f"{stem}.{kind}" if number == 1 else f"{stem}-{number}.{kind}"
        target = folder / name
        try:  # "x": never overwrite, even if two uploads race for one name
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return StoredUpload(f"{UPLOAD_FOLDER}/{name}", digest, kind)
    raise UploadRefused("too many files with this name already")


def move_to_trash(corpus_dir: Path, rel_path: str) -> str:
    """Move a corpus file into ``corpus/.trash/`` (kept, recoverable; the indexer skips dot
    folders); returns where it went, relative to the corpus."""
    corpus = corpus_dir.resolve()
    source = (corpus / rel_path).resolve()
    if not source.is_relative_to(corpus) or not source.is_file():
        raise UploadRefused(f"{rel_path}: no such file in the corpus")
    trash = corpus / TRASH_FOLDER
    target = trash / rel_path
    number = 1
    while target.exists():
        number += 1
        target = trash / f"{rel_path}.{number}"
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    return target.relative_to(corpus).as_posix()

"""Cache: extraction results by file content, so unchanged files are never read twice.

Keyed by the file's SHA-256, the extractor version and the OCR mode: a new extractor
version re-extracts, a moved or renamed file does not. Entries are written atomically
(temp file + rename) so an interrupted ingest never leaves a half entry behind.

Each entry also records the hash of the bytes it was extracted from (``source_sha256``,
always its own key: workers hash what they read, see ``search.workers``), so that
``indexer.py --check`` can tell an entry it can vouch for from one it cannot. Entries of
format 1 were keyed by the hash taken when the run was planned, which a file replaced during
the run made wrong; they are never read (``CACHE_FORMAT`` is part of every key).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

from search.models import Extraction

_CHUNK = 1 << 20
#: Bumped when entries written before could be wrong for their key: they are then never read.
CACHE_FORMAT = "2"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class ExtractionCache:
    def __init__(self, root: Path, extractor_version: str):
        self.root = root / "extract"
        self.ocr_dir = root / "ocr"
        self.version = extractor_version

    def scratch_dir(self) -> Path:
        """Where workers keep their private copy of the file they read (same disk as the cache)."""
        path = self.root.parent / "scratch"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def path_for(self, sha256: str, ocr: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}-{self.version}-{ocr}.c{CACHE_FORMAT}.json.gz"

    def get(self, sha256: str, ocr: str) -> Extraction | None:
        """The extraction of the file whose bytes hash to ``sha256``; None when absent, unreadable
        or not recorded as made from those bytes."""
        data = self._read(sha256, ocr)
        if data is None or data.get("source_sha256") != sha256:
            return None
        try:
            return Extraction.from_json(data)
        except (KeyError, TypeError):
            return None

    def has(self, sha256: str, ocr: str) -> bool:
        """Whether a usable entry is there (one recording other bytes is not: it is extracted again)."""
        return self.path_for(sha256, ocr).exists() and self.recorded_source(sha256, ocr) == sha256

    def recorded_source(self, sha256: str, ocr: str) -> str | None:
        """The hash an entry says it was extracted from ("" when it says nothing); None if absent."""
        data = self._read(sha256, ocr)
        return None if data is None else str(data.get("source_sha256", ""))

    def _read(self, sha256: str, ocr: str) -> dict | None:
        try:
            with gzip.open(self.path_for(sha256, ocr), "rt", encoding="utf-8") as handle:
                data = json.load(handle)
        except (FileNotFoundError, OSError, EOFError, json.JSONDecodeError):
            return None
        return data if isinstance(data, dict) else None

    def put(self, sha256: str, ocr: str, extraction: Extraction) -> None:
        path = self.path_for(sha256, ocr)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with gzip.open(temp, "wt", encoding="utf-8", compresslevel=3) as handle:
            json.dump({"source_sha256": sha256, **extraction.to_json()}, handle)
        os.replace(temp, path)

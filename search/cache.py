"""Cache: extraction results by file content, so unchanged files are never read twice.

Keyed by the file's SHA-256, the extractor version and the OCR mode: a new extractor
version re-extracts, a moved or renamed file does not. Entries are written atomically
(temp file + rename) so an interrupted ingest never leaves a half entry behind.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

from search.models import Extraction

_CHUNK = 1 << 20


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

    def path_for(self, sha256: str, ocr: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}-{self.version}-{ocr}.json.gz"

    def get(self, sha256: str, ocr: str) -> Extraction | None:
        try:
            with gzip.open(self.path_for(sha256, ocr), "rt", encoding="utf-8") as handle:
                return Extraction.from_json(json.load(handle))
        except (FileNotFoundError, OSError, EOFError, json.JSONDecodeError, KeyError):
            return None

    def put(self, sha256: str, ocr: str, extraction: Extraction) -> None:
        path = self.path_for(sha256, ocr)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with gzip.open(temp, "wt", encoding="utf-8", compresslevel=3) as handle:
            json.dump(extraction.to_json(), handle)
        os.replace(temp, path)

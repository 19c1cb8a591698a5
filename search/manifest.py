"""The manifest of a generation: what the ingest indexed, what failed, and how it was built.

Written by the ingest (``search/ingest.py``) beside each generation as ``manifest.json``
(``search/store.py``), read by the next ingest's plan, ``indexer.py --check``
(``search/check.py``), the status page (``webapp/status.py``) and the help page.

The JSON is the one older versions wrote (``files`` and ``failed`` keyed by path inside the
corpus); ``from_json`` fills what an older manifest lacks with empty values, so a manifest
from before a field existed still reads (the status page of an old index keeps working).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class FileState:
    """What identifies a file's content and its catalog entry at the time of the ingest."""

    sha256: str = ""
    size: int = -1
    mtime_ns: int = -1
    #: Digest of the file's catalog entry (a changed entry re-indexes the file).
    catalog: str = ""


@dataclass
class IndexedFile(FileState):
    #: The OCR mode the file was extracted with (``search.extract.pdf.OCR_MODES``): the cache
    #: entry ``indexer.py --check`` verifies. Empty in a manifest from before it was recorded.
    ocr: str = ""
    doc_id: str = ""
    title: str = ""
    pages: int = 0
    ocr_pages: list[int] = field(default_factory=list)
    empty_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class FailedFile(FileState):
    reason: str = ""
    #: The extraction version that failed: the same version is not tried again on the same file.
    extractor: str = ""
    #: For a file that ran out of time: the limit it ran under (``Limits.timeout_policy``),
    #: so a later run with another limit tries it again. Empty otherwise.
    timeout: str = ""


def _from(cls, data: dict[str, Any]):
    known = {item.name for item in fields(cls)}
    return cls(**{key: value for key, value in data.items() if key in known})


@dataclass
class Manifest:
    engine: str = ""
    schema_version: int | None = None
    extractor_version: str = ""
    built_at: str = ""
    files: dict[str, IndexedFile] = field(default_factory=dict)
    failed: dict[str, FailedFile] = field(default_factory=dict)
    documents: int = 0
    pages: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        files = {rel: _from(IndexedFile, entry) for rel, entry in (data.get("files") or {}).items()}
        failed = {rel: _from(FailedFile, entry) for rel, entry in (data.get("failed") or {}).items()}
        return cls(
            engine=data.get("engine") or "",
            schema_version=data.get("schema_version"),
            extractor_version=data.get("extractor_version") or "",
            built_at=data.get("built_at") or "",
            files=files,
            failed=failed,
            documents=data.get("documents", len(files)),
            pages=data.get("pages", sum(entry.pages for entry in files.values())),
        )

    @property
    def total_pages(self) -> int:
        """The pages of the files listed (``pages`` should say the same)."""
        return sum(entry.pages for entry in self.files.values())

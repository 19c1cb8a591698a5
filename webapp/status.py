"""The ingest status for the legal desk, read from the current generation's manifest."""

from __future__ import annotations

from typing import Any

from search.manifest import IndexedFile, Manifest
from webapp.documents import has_redaction_warning, redaction_pages


def _file_entry(path: str, entry: IndexedFile, **extra: Any) -> dict[str, Any]:
    return {"path": path, "doc_id": entry.doc_id or None, "title": entry.title or path, **extra}


def ingest_status(manifest: Manifest) -> dict[str, Any]:
    """When the index was built, its size, failed files, OCR and empty pages, redaction warnings."""
    ordered = sorted(manifest.files.items())
    return {
        "built_at": manifest.built_at or None,
        "documents": manifest.documents,
        "pages": manifest.pages,
        "failed": [{"path": path, "reason": entry.reason} for path, entry in sorted(manifest.failed.items())],
        "redaction": [
            _file_entry(path, entry, pages=redaction_pages(entry.warnings))
            for path, entry in ordered
            if has_redaction_warning(entry.warnings)
        ],
        "ocr": [_file_entry(path, entry, pages=list(entry.ocr_pages)) for path, entry in ordered if entry.ocr_pages],
        "empty": [_file_entry(path, entry, pages=list(entry.empty_pages)) for path, entry in ordered
                  if entry.empty_pages],
        "warnings": [_file_entry(path, entry, warnings=list(entry.warnings)) for path, entry in ordered
                     if entry.warnings],
    }

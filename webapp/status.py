"""The ingest status for the legal desk, read from the current generation's manifest."""

from __future__ import annotations

from typing import Any

from webapp.documents import has_redaction_warning, redaction_pages


def _file_entry(path: str, entry: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"path": path, "doc_id": entry.get("doc_id"), "title": entry.get("title") or path, **extra}


def _files_with(files: list[tuple[str, dict[str, Any]]], key: str, name: str) -> list[dict[str, Any]]:
    """The files whose manifest entry has a non-empty ``key``, with that list under ``name``."""
    return [_file_entry(path, entry, **{name: list(entry[key])}) for path, entry in files if entry.get(key)]


def ingest_status(manifest: dict[str, Any]) -> dict[str, Any]:
    """When the index was built, its size, failed files, OCR and empty pages, redaction warnings."""
    files: dict[str, dict[str, Any]] = manifest.get("files") or {}
    failed: dict[str, dict[str, Any]] = manifest.get("failed") or {}
    ordered = sorted(files.items())
    return {
        "built_at": manifest.get("built_at"),
        "documents": manifest.get("documents", len(files)),
        "pages": manifest.get("pages", sum(entry.get("pages", 0) for entry in files.values())),
        "failed": [{"path": path, "reason": entry.get("reason", "")} for path, entry in sorted(failed.items())],
        "redaction": [
            _file_entry(path, entry, pages=redaction_pages(entry.get("warnings") or []))
            for path, entry in ordered
            if has_redaction_warning(entry.get("warnings") or [])
        ],
        "ocr": _files_with(ordered, "ocr_pages", "pages"),
        "empty": _files_with(ordered, "empty_pages", "pages"),
        "warnings": _files_with(ordered, "warnings", "warnings"),
    }

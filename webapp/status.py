"""The ingest status, read from the current generation's manifest.

``ingest_status`` is public (the /status page and its JSON twin): of the files with a
possible failed redaction it gives only counts, and their warnings are left out of the
list of all warnings. Which files and pages they are, with links, is ``redaction_detail``:
for the staff area, never for a public route (a list of the documents whose redaction
failed is a list of where to look for what was meant to be hidden).
"""

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
    public_warnings = [
        (path, {**entry, "warnings": [w for w in entry.get("warnings") or [] if not has_redaction_warning([w])]})
        for path, entry in ordered
    ]
    return {
        "built_at": manifest.get("built_at"),
        "documents": manifest.get("documents", len(files)),
        "pages": manifest.get("pages", sum(entry.get("pages", 0) for entry in files.values())),
        "failed": [{"path": path, "reason": entry.get("reason", "")} for path, entry in sorted(failed.items())],
        "redaction": redaction_counts(manifest),
        "ocr": _files_with(ordered, "ocr_pages", "pages"),
        "empty": _files_with(ordered, "empty_pages", "pages"),
        "warnings": _files_with(public_warnings, "warnings", "warnings"),
    }


def redaction_detail(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Staff only: each file with a possible failed redaction, its document id and the pages named."""
    files: dict[str, dict[str, Any]] = manifest.get("files") or {}
    return [
        _file_entry(path, entry, pages=redaction_pages(entry.get("warnings") or []))
        for path, entry in sorted(files.items())
        if has_redaction_warning(entry.get("warnings") or [])
    ]


def redaction_counts(manifest: dict[str, Any]) -> dict[str, int]:
    """How many files, and how many named pages, have a possible failed redaction."""
    detail = redaction_detail(manifest)
    return {"files": len(detail), "pages": sum(len(entry["pages"]) for entry in detail)}

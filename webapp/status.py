"""The ingest status, read from the current generation's manifest.

``ingest_status`` is public (the /status page and its JSON twin): of the files with a
possible failed redaction it gives only counts, and their warnings are left out of the
list of all warnings. Which files and pages they are, with links, is ``redaction_detail``:
for the staff area, never for a public route (a list of the documents whose redaction
failed is a list of where to look for what was meant to be hidden).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from search.manifest import IndexedFile, Manifest
from webapp.documents import has_redaction_warning, redaction_pages


def _file_entry(path: str, entry: IndexedFile, **extra: Any) -> dict[str, Any]:
    return {"path": path, "doc_id": entry.doc_id or None, "title": entry.title or path, **extra}


def _public_warnings(entry: IndexedFile) -> list[str]:
    """The file's warnings but those about a failed redaction (counted only, see the module)."""
    return [warning for warning in entry.warnings if not has_redaction_warning([warning])]


def ingest_status(manifest: Manifest, hidden_ids: set[str] | frozenset[str] = frozenset(),
                  hidden_files: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """When the index was built, its size, failed files, OCR and empty pages, redaction warnings.

    For a visitor, ``hidden_ids`` are the documents they may not see (staff-only, from the
    engine's audience filter) and ``hidden_files`` the catalog's staff entries: they are left out
    of the counts and of every list."""
    if hidden_ids or hidden_files:
        hidden = {path: entry for path, entry in manifest.files.items()
                  if entry.doc_id in hidden_ids or path in hidden_files}
        shown = {path: entry for path, entry in manifest.files.items() if path not in hidden}
        manifest = replace(manifest, files=shown,
                           failed={path: entry for path, entry in manifest.failed.items() if path not in hidden_files},
                           documents=manifest.documents - len(hidden),
                           pages=manifest.pages - sum(entry.pages for entry in hidden.values()))
    ordered = sorted(manifest.files.items())
    return {
        "built_at": manifest.built_at or None,
        "documents": manifest.documents,
        "pages": manifest.pages,
        "failed": [{"path": path, "reason": entry.reason} for path, entry in sorted(manifest.failed.items())],
        "redaction": redaction_counts(manifest),
        "ocr": [_file_entry(path, entry, pages=list(entry.ocr_pages)) for path, entry in ordered if entry.ocr_pages],
        "empty": [_file_entry(path, entry, pages=list(entry.empty_pages)) for path, entry in ordered
                  if entry.empty_pages],
        "warnings": [_file_entry(path, entry, warnings=warnings) for path, entry in ordered
                     if (warnings := _public_warnings(entry))],
    }


def redaction_detail(manifest: Manifest) -> list[dict[str, Any]]:
    """Staff only: each file with a possible failed redaction, its document id and the pages named."""
    return [
        _file_entry(path, entry, pages=redaction_pages(entry.warnings))
        for path, entry in sorted(manifest.files.items())
        if has_redaction_warning(entry.warnings)
    ]


def redaction_counts(manifest: Manifest) -> dict[str, int]:
    """How many files, and how many named pages, have a possible failed redaction."""
    detail = redaction_detail(manifest)
    return {"files": len(detail), "pages": sum(len(entry["pages"]) for entry in detail)}

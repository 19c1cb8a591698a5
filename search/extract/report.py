"""The human-readable report printed by ``indexer.py --extract FILE`` (without ``--json``)."""

from __future__ import annotations

import textwrap

from search.models import Extraction

PREVIEW_CHARS = 600
_METADATA_ORDER = (
    "title",
    "case_name",
    "court",
    "court_id",
    "case_number",
    "document_number",
    "filed_date",
    "date",
    "doc_type",
    "author",
)


def render_report(extraction: Extraction) -> str:
    """File, metadata (each value with its source: "[stamp]", "[caption]", "[pdf-metadata]"...),
    warnings, then each page with its word count, OCR flag and the start of its text."""
    ocr_pages = [page.number for page in extraction.pages if page.ocr]
    words = sum(len(page.text.split()) for page in extraction.pages)
    lines = [
        f"File: {extraction.path}",
        f"Pages: {len(extraction.pages)} ({words} words; OCR on {len(ocr_pages)} page(s))",
        "",
        "Metadata:",
    ]
    metadata = {key: value for key, value in extraction.metadata.items() if key != "provenance"}
    provenance = extraction.metadata.get("provenance") or {}
    keys = [k for k in _METADATA_ORDER if k in metadata]
    keys += sorted(k for k in metadata if k not in _METADATA_ORDER)
    lines += [
        f"  {key}: {metadata[key]}" + (f"  [{provenance[key]}]" if key in provenance else "") for key in keys
    ] or ["  (none found)"]
    lines += ["", "Warnings:"]
    lines += [f"  - {warning}" for warning in extraction.warnings] or ["  (none)"]
    for page in extraction.pages:
        source = "OCR" if page.ocr else "text layer"
        lines += ["", f"--- page {page.number} ({source}, {len(page.text.split())} words) ---"]
        preview = page.text[:PREVIEW_CHARS] + (" [...]" if len(page.text) > PREVIEW_CHARS else "")
        lines += [textwrap.indent(preview, "  ") if preview else "  (empty)"]
    return "\n".join(lines) + "\n"

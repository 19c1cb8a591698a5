"""Catalog: what the alliance says about each file, read from ``corpus/catalog.toml``.

A file without an entry is still indexed; its metadata then comes from the file itself.
"""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

from search.models import CatalogEntry

CATALOG_NAME = "catalog.toml"
#: The type vocabulary: what filings and the alliance's own papers are (see issue 13).
DOC_TYPES = (
    "opinion", "order", "judgment", "brief", "amicus brief", "motion", "complaint", "petition", "notice",
    "letter", "form", "transcript", "docket", "memo", "guidance", "report", "instructions", "map", "other",
)
_KNOWN_KEYS = {f.name for f in fields(CatalogEntry)}


class CatalogError(ValueError):
    """The catalog cannot be read; the message names the file and the problem."""


def load_catalog(corpus_dir: Path) -> dict[str, CatalogEntry]:
    """Entries keyed by path relative to the corpus folder (forward slashes)."""
    path = corpus_dir / CATALOG_NAME
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CatalogError(f"{path}: {error}") from None
    entries: dict[str, CatalogEntry] = {}
    for number, raw in enumerate(data.get("document", []), 1):
        entry = _entry(path, number, raw)
        entries[entry.file] = entry
    return entries


def _entry(path: Path, number: int, raw: object) -> CatalogEntry:
    where = f"{path}: document #{number}"
    if not isinstance(raw, dict) or not isinstance(raw.get("file"), str) or not raw["file"].strip():
        raise CatalogError(f"{where}: every [[document]] needs a file = \"...\" path")
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise CatalogError(f"{where} ({raw['file']}): unknown key(s) {', '.join(sorted(unknown))}")
    values = {key: str(value).strip() for key, value in raw.items()}
    values["file"] = values["file"].replace("\\", "/").removeprefix("./")
    doc_type = values.get("doc_type", "").lower()
    if doc_type and doc_type not in DOC_TYPES:
        raise CatalogError(f"{where} ({raw['file']}): doc_type must be one of {', '.join(DOC_TYPES)}")
    values["doc_type"] = doc_type
    return CatalogEntry(**values)

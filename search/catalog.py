"""Catalog: what the alliance says about each file, read from ``corpus/catalog.toml``.

A file without an entry is still indexed; its metadata then comes from the file itself.
"""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

from search.fields import catalog_keys, vocabulary
from search.models import CatalogEntry

CATALOG_NAME = "catalog.toml"
_ENTRY_ATTRIBUTES = {f.name for f in fields(CatalogEntry)}


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
    known = catalog_keys()
    unknown = set(raw) - set(known)
    if unknown:
        raise CatalogError(f"{where} ({raw['file']}): unknown key(s) {', '.join(sorted(unknown))}")
    values = {key: str(value).strip() for key, value in raw.items()}
    values["file"] = values["file"].replace("\\", "/").removeprefix("./")
    for key, value in values.items():
        allowed = vocabulary(known[key].vocabulary) if known[key].vocabulary else None
        if allowed is not None:
            values[key] = value = value.lower()
            if value and value not in allowed:
                raise CatalogError(f"{where} ({raw['file']}): {key} must be one of {', '.join(allowed)}")
    values.setdefault("doc_type", "")
    extra = {known[key].name: value for key, value in values.items() if key not in _ENTRY_ATTRIBUTES}
    return CatalogEntry(**{key: value for key, value in values.items() if key in _ENTRY_ATTRIBUTES}, extra=extra)

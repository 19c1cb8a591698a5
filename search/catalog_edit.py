"""Changing ``corpus/catalog.toml`` from the staff pages, keeping it a file people edit by hand.

tomlkit rewrites only the entry that changed: comments, order and spacing of everything else
stay as they were, so the catalog still reads well and diffs well in version control. The new
text is checked by the same reader the indexer uses before it replaces the old one, and it
replaces it atomically (a temporary file, fsync, rename): a reader, or a crash at any moment,
sees the old catalog or the new one, never a mix. The caller holds the indexer's lock, so an
edit never lands in the middle of an ingest's reading of the catalog.
"""

from __future__ import annotations

from pathlib import Path

import tomlkit
from tomlkit.items import AoT, Table

from search.catalog import CATALOG_NAME, CatalogError, load_catalog_text
from search.store import write_atomically

_HEADER = "# Catalog of the corpus: what the alliance knows about each file (see the README).\n"


def _document(path: Path) -> tomlkit.TOMLDocument:
    if not path.exists():
        return tomlkit.parse(_HEADER)
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except Exception as error:  # tomlkit's parse errors have no common public base
        raise CatalogError(f"{path}: {error}") from None


def _entries(document: tomlkit.TOMLDocument) -> AoT:
    found = document.get("document")
    if found is None:
        found = tomlkit.aot()
        document.append("document", found)
    return found


def _find(entries: AoT, file: str) -> Table | None:
    for table in entries:
        if str(table.get("file", "")) == file:
            return table
    return None


def entry_values(corpus_dir: Path, file: str) -> dict[str, str]:
    """The catalog keys written for ``file`` (empty when it has no entry)."""
    table = _find(_entries(_document(corpus_dir / CATALOG_NAME)), file)
    return {str(key): str(value) for key, value in table.items()} if table is not None else {}


def set_entry(corpus_dir: Path, file: str, values: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Write ``values`` (catalog keys; an empty value removes the key) into ``file``'s entry,
    adding the entry if there is none. Returns the entry before and after.

    Raises ``CatalogError`` (nothing written) when the result would not load."""
    path = corpus_dir / CATALOG_NAME
    document = _document(path)
    entries = _entries(document)
    table = _find(entries, file)
    before = {str(key): str(value) for key, value in table.items()} if table is not None else {}
    if table is None:
        table = tomlkit.table()
        table["file"] = file
        entries.append(table)
    for key, value in values.items():
        if key == "file":
            continue
        value = value.strip()
        if value:
            table[key] = value
        elif key in table:
            del table[key]
    after = {str(key): str(value) for key, value in table.items()}
    _write(path, document)
    return before, after


def remove_entry(corpus_dir: Path, file: str) -> dict[str, str]:
    """Take ``file``'s entry out of the catalog; returns what it held (empty if none)."""
    path = corpus_dir / CATALOG_NAME
    document = _document(path)
    entries = _entries(document)
    table = _find(entries, file)
    if table is None:
        return {}
    before = {str(key): str(value) for key, value in table.items()}
    kept = [item for item in entries if item is not table]
    entries.clear()
    for item in kept:
        entries.append(item)
    _write(path, document)
    return before


def _write(path: Path, document: tomlkit.TOMLDocument) -> None:
    text = tomlkit.dumps(document)
    load_catalog_text(text, path)  # refuse to write what the indexer could not read
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)

"""Catalog: what the alliance says about each file, read from ``corpus/catalog.toml``.

A file without an entry is still indexed; its metadata then comes from the file itself.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path, PurePosixPath

from search.fields import catalog_keys, real_date, vocabulary
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
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CatalogError(f"{path}: {error}") from None
    return load_catalog_text(text, path)


def load_catalog_text(text: str, path: Path) -> dict[str, CatalogEntry]:
    """The entries of catalog ``text`` (``path`` names it in errors)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
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
    for key, value in values.items():
        kind = known[key].kind
        if kind == "date" and value and not real_date(value):
            raise CatalogError(f"{where} ({raw['file']}): {key} = {value!r} is not a real date written YYYY-MM-DD")
    values.setdefault("doc_type", "")
    extra = {known[key].name: value for key, value in values.items() if key not in _ENTRY_ATTRIBUTES}
    return CatalogEntry(**{key: value for key, value in values.items() if key in _ENTRY_ATTRIBUTES}, extra=extra)


@dataclass(frozen=True)
class CatalogMismatch:
    """A catalog entry that names no file of the corpus, and the file it probably means."""

    entry: str
    #: The file whose name differs only in capitals, spacing or extension (None: no near miss).
    near: str | None = None

    def line(self) -> str:
        if self.near:
            return (f"catalog entry {self.entry!r} names no file; {self.near!r} differs only in capitals, "
                    f"spacing or extension: rename one so they match, or its metadata is not used")
        return f"catalog entry {self.entry!r} names no file in the corpus"


def _loose(path: str) -> str:
    """A name as a near miss compares it: lower case, no spaces or underscores, no extension."""
    pure = PurePosixPath(path.lower())
    return re.sub(r"[\s_\-]+", "", pure.with_suffix("").as_posix())


def catalog_mismatches(catalog: dict[str, CatalogEntry], files: list[str]) -> list[CatalogMismatch]:
    """Entries with no file, each with its near miss if there is one (``Order.PDF`` for ``order.pdf``)."""
    present = set(files)
    loose: dict[str, str] = {}
    for name in files:
        loose.setdefault(_loose(name), name)
    found = []
    for entry in sorted(catalog):
        if entry in present:
            continue
        near = loose.get(_loose(entry))
        found.append(CatalogMismatch(entry, near if near not in catalog else None))
    return found

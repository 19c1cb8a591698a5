"""The tantivy engine (PyPI ``tantivy``, embedded, no server): ``schema``, ``translate`` (our
query tree), ``reader`` and ``writer``; the contract it fulfils is ``search/engines/base.py``.

It indexes our own analysis (``search.tokencache``), so it holds exactly the terms the
Whoosh engine holds, in the same generations of ``search/store.py``: the store copies the
previous generation, the writer updates the copy and commits, and the store switches
``CURRENT`` to it. Choose it with ``C400_ENGINE=tantivy`` (README: when to).

A generation's tantivy folders must be writable by the reader too: tantivy takes a lock
file (``.tantivy-meta.lock``) in each index folder while opening it.
"""

from __future__ import annotations

from pathlib import Path

from search.engines.tantivy.reader import TantivyReader
from search.engines.tantivy.schema import SCHEMA_VERSION, TANTIVY_DIR, UNITS
from search.engines.tantivy.writer import TantivyWriter

REQUIRES = "tantivy"


class TantivyEngine:
    name = "tantivy"
    schema_version = SCHEMA_VERSION

    def writer(self, generation: Path, *, fresh: bool) -> TantivyWriter:
        root = Path(generation) / TANTIVY_DIR
        return TantivyWriter(root, fresh=fresh or not (root / UNITS / "meta.json").exists())

    def reader(self, generation: Path) -> TantivyReader:
        return TantivyReader(Path(generation) / TANTIVY_DIR)


ENGINE = TantivyEngine()

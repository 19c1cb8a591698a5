"""The Whoosh engine (whoosh-reloaded 2.7.5): ``schema``, ``translate`` (our query tree),
``reader`` and ``writer``; the contract it fulfils is ``search/engines/base.py``."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index

from search.engines.whoosh.reader import WhooshReader
from search.engines.whoosh.schema import SCHEMA_VERSION, build_schema
from search.engines.whoosh.writer import WhooshWriter


class WhooshEngine:
    name = "whoosh"
    schema_version = SCHEMA_VERSION

    def writer(self, generation: Path, *, fresh: bool) -> WhooshWriter:
        if fresh or not whoosh_index.exists_in(str(generation)):
            ix = whoosh_index.create_in(str(generation), build_schema())
        else:
            ix = whoosh_index.open_dir(str(generation))
        return WhooshWriter(ix)

    def reader(self, generation: Path) -> WhooshReader:
        return WhooshReader(whoosh_index.open_dir(str(generation)))


ENGINE = WhooshEngine()

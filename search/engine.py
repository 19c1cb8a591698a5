"""Engine: the small interface between our pipeline and a full-text engine.

The ingest writes ``DocumentRecord``s through an ``EngineWriter``; searches and the
document view read through an ``EngineReader``, which takes our own query tree
(``search.query``). Nothing outside the engine module imports Whoosh, so another engine
(tantivy, OpenSearch) can be tried by adding a module here and running the test suite
with ``C400_ENGINE`` set to its name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from search.models import DocumentRecord, PageText, SearchRequest
from search.query import ParsedQuery


@dataclass
class EngineHit:
    """A matching document and its best pages, in the order they should be shown."""

    meta: dict[str, Any]
    score: float
    pages: list[PageText]


@dataclass
class EngineResults:
    total: int
    hits: list[EngineHit]
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


class EngineWriter(Protocol):
    def add(self, record: DocumentRecord) -> None: ...
    def delete(self, doc_id: str) -> None: ...
    def commit(self) -> None: ...
    def cancel(self) -> None: ...


class EngineReader(Protocol):
    def search(self, parsed: ParsedQuery, request: SearchRequest) -> EngineResults: ...
    def document(self, doc_id: str) -> DocumentRecord | None: ...
    def documents(self) -> list[dict[str, Any]]: ...
    def more_like_this(self, doc_id: str, limit: int) -> list[dict[str, Any]]: ...
    def is_known_word(self, word: str) -> bool: ...
    def cited_statutes(self, section: str) -> list[tuple[str, int]]: ...
    def correct_word(self, word: str) -> str | None: ...
    def close(self) -> None: ...


class Engine(Protocol):
    name: str
    schema_version: int

    def writer(self, generation: Path, *, fresh: bool) -> EngineWriter: ...
    def reader(self, generation: Path) -> EngineReader: ...


def get_engine(name: str | None = None) -> Engine:
    """The engine named by ``name`` or ``C400_ENGINE`` (default: whoosh)."""
    name = name or os.environ.get("C400_ENGINE", "whoosh")
    if name == "whoosh":
        from search.whoosh_engine import WhooshEngine

        return WhooshEngine()
    raise ValueError(f"C400_ENGINE: unknown engine {name!r} (available: whoosh)")

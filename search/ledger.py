"""The ledger of when each document first entered the library, so "new since" is real.

    index_dir/added.json    {"<document id>": "2026-12-02T13:52:10+00:00", ...}

It lives beside the generations, not inside one: a ``--rebuild`` (or a new engine schema)
writes every document again into a fresh generation, and each keeps the time it was first
added. An id stays in the ledger after its file is removed, so a file taken out and put back
is not announced as new. Only the indexer writes it, under its lock, atomically; the time
travels in each record as the ``added`` field of the fields table (``search/fields.py``), so
readers (feeds, listings) never open this file.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from search.store import write_atomically

LEDGER_NAME = "added.json"


def now() -> str:
    """The current time as the ledger writes it (UTC, to the microsecond: two ingests a second apart
    must still tell which document came first)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class AddedLedger:
    """Document id -> first-added time; ``stamp`` records an id once, ``save`` writes the file."""

    def __init__(self, index_dir: Path):
        self.path = Path(index_dir) / LEDGER_NAME
        self.times: dict[str, str] = _read(self.path)
        self._changed = False

    def stamp(self, doc_id: str, when: str | None = None) -> str:
        """When ``doc_id`` was first added: its recorded time, else ``when`` (default now), recorded."""
        found = self.times.get(doc_id)
        if found is None:
            found = self.times[doc_id] = when or now()
            self._changed = True
        return found

    def save(self) -> None:
        if self._changed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(self.times, indent=0, sort_keys=True))
            self._changed = False


def _read(path: Path) -> dict[str, str]:
    """The ledger's entries; an unreadable ledger (hand-edited, truncated) starts afresh rather
    than stopping an ingest, keeping whatever entries are well formed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(key): value for key, value in data.items() if isinstance(value, str) and _is_time(value)}


def _is_time(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True

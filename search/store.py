"""Store: the index folder's layout, so that a search never sees a half-written index.

    index_dir/
        CURRENT              name of the generation searches use (replaced atomically)
        generations/g-<n>/   one complete index each, plus its manifest.json
        cache/               extraction and OCR results by file hash
        ingest.lock          held by the one indexer allowed to write

An ingest builds a new generation beside the current one and, only once it is complete
and flushed to disk, points CURRENT at it. A crash or Ctrl-C before that leaves CURRENT
on the previous generation; leftovers are removed by the next ingest.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from search.manifest import Manifest

MANIFEST = "manifest.json"
KEEP_GENERATIONS = 3


class StoreError(RuntimeError):
    """The index folder cannot be used; the message says why in one line."""


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, text: str) -> None:
    """Write a small file so readers see either the old or the new content, never half."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    _fsync_dir(path.parent)


class IndexStore:
    """One index folder: its generations, the pointer to the current one, the writer lock."""

    def __init__(self, index_dir: Path):
        self.root = Path(index_dir)
        self.generations = self.root / "generations"

    # --- reading ------------------------------------------------------------------------

    def current_name(self) -> str | None:
        try:
            name = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if name and (self.generations / name / MANIFEST).exists() else None

    def current_path(self) -> Path | None:
        name = self.current_name()
        return self.generations / name if name else None

    def manifest(self, generation: Path | None = None) -> Manifest | None:
        generation = generation or self.current_path()
        if generation is None:
            return None
        try:
            data = json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        return Manifest.from_json(data) if isinstance(data, dict) else None

    # --- writing ------------------------------------------------------------------------

    def prepare(self) -> None:
        """Create the folder layout, or fail with one line if it is not writable."""
        try:
            self.generations.mkdir(parents=True, exist_ok=True)
            probe = self.root / f".write-test-{os.getpid()}"
            probe.write_text("ok")
            probe.unlink()
        except OSError as error:
            raise StoreError(f"index folder {self.root} is not writable: {error.strerror}") from None

    @contextmanager
    def writer_lock(self, wait: bool = True) -> Iterator[None]:
        """Hold the one-writer lock; say so and wait (or fail) while another indexer holds it."""
        self.prepare()
        with open(self.root / "ingest.lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "unknown"
                if not wait:
                    raise StoreError(f"another indexer is running (pid {holder}) on {self.root}") from None
                print(f"another indexer is running (pid {holder}); waiting for it to finish…", file=sys.stderr)
                fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield

    def new_generation(self, copy_from: Path | None) -> Path:
        """A fresh generation folder, starting as a copy of ``copy_from`` when given."""
        self.remove_leftovers()
        number = 1 + max((self._number(p) for p in self.generations.iterdir()), default=0)
        path = self.generations / f"g-{number:06d}"
        temp = self.generations / f".building-{path.name}"
        if copy_from is not None:
            shutil.copytree(copy_from, temp, ignore=shutil.ignore_patterns(MANIFEST))
        else:
            temp.mkdir()
        return temp

    def publish(self, building: Path, manifest: Manifest) -> Path:
        """Finish a generation and make it current, atomically, then prune old ones."""
        write_atomically(building / MANIFEST, json.dumps(manifest.to_json(), indent=1, sort_keys=True))
        for child in building.iterdir():
            if child.is_file():
                with open(child, "rb") as handle:
                    os.fsync(handle.fileno())
        final = self.generations / building.name.removeprefix(".building-")
        os.replace(building, final)
        _fsync_dir(self.generations)
        write_atomically(self.root / "CURRENT", final.name + "\n")
        self.prune()
        return final

    def touch_manifest(self, manifest: Manifest) -> None:
        """Rewrite the current generation's manifest (bookkeeping only, no index change)."""
        current = self.current_path()
        if current is not None:
            write_atomically(current / MANIFEST, json.dumps(manifest.to_json(), indent=1, sort_keys=True))

    def remove_leftovers(self) -> None:
        """Delete generations an interrupted ingest left half-built."""
        for path in self.generations.glob(".building-*"):
            shutil.rmtree(path, ignore_errors=True)

    def prune(self) -> None:
        """Keep the newest few generations: web workers may still be reading the last ones."""
        current = self.current_name()
        done = sorted((p for p in self.generations.iterdir() if p.name.startswith("g-")), key=self._number)
        for path in done[:-KEEP_GENERATIONS]:
            if path.name != current:
                shutil.rmtree(path, ignore_errors=True)

    @staticmethod
    def _number(path: Path) -> int:
        digits = path.name.rsplit("-", 1)[-1]
        return int(digits) if digits.isdigit() else 0

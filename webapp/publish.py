"""Publishing from the staff pages: the ingest run in the background, its progress on /admin/.

One writer, as from the shell: the run takes the indexer's lock (without waiting: if an
indexer is already running, the staff page says so). The site goes on serving the current
generation until the new one is published, which the ingest does atomically; a crash or a
kill at any moment leaves the previous generation current and whole.

Progress and the summary are kept in ``instance/publish.json`` (written atomically), so every
server process shows the same run, and a run that died with its process is shown as such.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from search.catalog import CatalogError
from search.config import Settings
from search.ingest import IngestError, IngestOptions, ingest, printable
from search.store import StoreError, write_atomically
from search.workers import Limits


@dataclass
class PublishState:
    state: str = "idle"  # "running", "done", "failed" (the run could not finish) or "idle"
    started_by: str = ""
    started_at: float = 0.0
    finished_at: float = 0.0
    pid: int = 0
    done: int = 0
    total: int = 0
    current: str = ""
    summary: str = ""
    failed: dict[str, str] = field(default_factory=dict)
    catalog: list[str] = field(default_factory=list)
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_lock = threading.Lock()


def state_path(instance: Path) -> Path:
    return instance / "publish.json"


def read_state(instance: Path) -> PublishState:
    path = state_path(instance)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        state = PublishState(**{key: value for key, value in data.items() if key in PublishState.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return PublishState()
    if state.state == "running" and not _alive(state.pid):
        state.state, state.error = "failed", "the server stopped during the run; the previous index is still served"
    return state


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write(instance: Path, state: PublishState) -> None:
    instance.mkdir(parents=True, exist_ok=True)
    write_atomically(state_path(instance), json.dumps(state.to_json()))


def start(settings: Settings, instance: Path, user: str, again: frozenset[str] = frozenset(),
          on_finish=None) -> PublishState | None:
    """Start a run in a background thread; None when one is already running here or elsewhere."""
    with _lock:
        if read_state(instance).state == "running":
            return None
        state = PublishState(state="running", started_by=user, started_at=time.time(), pid=os.getpid())
        _write(instance, state)
    thread = threading.Thread(target=run, args=(settings, instance, state, again, on_finish), daemon=True,
                              name="c400-publish")
    thread.start()
    return state


def run(settings: Settings, instance: Path, state: PublishState, again: frozenset[str] = frozenset(),
        on_finish=None) -> PublishState:
    """The ingest, with progress written as files are extracted; the summary at the end."""
    from indexer import summarize

    last_write = 0.0

    def progress(path: str, done: int, total: int) -> None:
        nonlocal last_write
        state.done, state.total, state.current = done, total, printable(path)
        if time.monotonic() - last_write > 0.5 or done == total:
            last_write = time.monotonic()
            _write(instance, state)

    options = IngestOptions(wait_for_lock=False, again=again,
                            limits=Limits(processes=max(1, min(2, os.cpu_count() or 1))))
    try:
        report = ingest(settings, options, progress=progress)
    except (IngestError, StoreError, CatalogError) as error:
        state.state, state.error = "failed", printable(str(error))
    except Exception as error:  # noqa: BLE001 - the page must say the run failed, whatever the cause
        state.state, state.error = "failed", printable(f"{type(error).__name__}: {error}")[:300]
    else:
        state.state, state.summary = "done", summarize(report)
        state.failed = {printable(path): printable(reason) for path, reason in report.failed.items()}
        state.catalog = list(report.catalog)
    state.finished_at = time.time()
    _write(instance, state)
    if on_finish is not None:
        on_finish(state)
    return state

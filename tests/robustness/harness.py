"""The indexer in a child process, for tests that kill it or watch what it opens.

Run as ``python -m tests.robustness.harness`` from the project folder. It imports everything
first, then waits for one JSON line on stdin, so a test can start it ahead of time and
choose the moment::

    {"argv": ["--corpus", "...", "--index", "..."],  # indexer.py's arguments, or:
     "ingest": {"corpus": "...", "index": "...", "timeout_s": 30, "memory_mb": 1024, "processes": 2},
     "fault": "before-current",                        # optional: SIGKILL itself at this point
     "forbid": ["/some/dir"], "open_log": "/tmp/log"}   # optional: log every open under these paths

Faults are points of the generation switch too brief to hit by timing (see ``FAULTS``).
The product code has no test hooks; this file patches it from outside, in this process only.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

import indexer
from search import annotate, store  # noqa: F401 - imported before the go signal
from search.config import load_settings
from search.engines import get_engine
from search.ingest import IngestOptions, ingest
from search.workers import Limits

get_engine()  # the engine's modules imported before the go signal too

#: Fault name -> where the process kills itself.
FAULTS = {
    "before-rename": "the new generation's manifest is written, the folder not yet renamed",
    "before-current": "the generation is renamed into place, CURRENT not yet rewritten",
    "current-temp": "CURRENT's replacement is written beside it, not yet renamed over it",
    "after-switch": "CURRENT points at the new generation, old ones not yet pruned",
}


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def install_fault(fault: str) -> None:
    original = store.write_atomically

    def write_atomically(path: Path, text: str) -> None:
        if path.name == "CURRENT" and fault == "before-current":
            _die()
        if path.name == "CURRENT" and fault == "current-temp":
            path.with_name(f".{path.name}.{os.getpid()}.tmp").write_text(text, encoding="utf-8")
            _die()
        original(path, text)
        if path.name == store.MANIFEST and path.parent.name.startswith(".building-") and fault == "before-rename":
            _die()

    store.write_atomically = write_atomically
    if fault == "after-switch":
        store.IndexStore.prune = lambda self: _die()


def install_open_log(forbidden: list[str], log_path: str) -> None:
    """Record every open or listing, in this process and its forked workers, of a path under ``forbidden``."""
    roots = [os.path.realpath(path) for path in forbidden]
    log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    busy = False

    def hook(event: str, args: tuple[Any, ...]) -> None:
        nonlocal busy
        if busy or event not in ("open", "os.listdir", "os.scandir") or not args:
            return
        target = args[0]
        if not isinstance(target, (str, bytes, os.PathLike)):
            return
        busy = True
        try:
            real = os.path.realpath(os.fsdecode(target))
            if any(real == root or real.startswith(root + os.sep) for root in roots):
                os.write(log_fd, f"{event} {real}\n".encode("utf-8", "backslashreplace"))
        finally:
            busy = False

    sys.addaudithook(hook)


def run_ingest(spec: dict[str, Any]) -> int:
    settings = load_settings(spec["corpus"], spec["index"])
    limits = Limits(
        processes=spec.get("processes", 2),
        timeout_s=spec.get("timeout_s", 60),
        memory_mb=spec.get("memory_mb", 1024),
    )
    report = ingest(settings, IngestOptions(ocr=spec.get("ocr", "auto"), limits=limits))
    print(json.dumps(report.to_json()))
    return 0


def main() -> int:
    order = json.loads(sys.stdin.readline() or "{}")
    if order.get("fault"):
        install_fault(order["fault"])
    if order.get("forbid"):
        install_open_log(order["forbid"], order["open_log"])
    if "ingest" in order:
        return run_ingest(order["ingest"])
    return indexer.main(order.get("argv", []))


if __name__ == "__main__":
    sys.exit(main())

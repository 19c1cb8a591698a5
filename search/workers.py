"""Workers: extract files in parallel, each in its own process with a time and memory cap.

A PDF that hangs pdfminer, exhausts memory or crashes a native library takes down only
its own worker; the ingest records one line for it and goes on. Workers write their
result straight into the extraction cache, so the parent never holds more than one
document's text at a time.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from search.cache import ExtractionCache
from search.models import ExtractionError

DEFAULT_TIMEOUT_S = 600
DEFAULT_MEMORY_MB = 3072


@dataclass(frozen=True)
class ExtractJob:
    rel_path: str
    path: Path
    sha256: str
    password: str | None
    ocr: str


@dataclass(frozen=True)
class ExtractOutcome:
    job: ExtractJob
    error: str | None  # None when the extraction is in the cache


@dataclass(frozen=True)
class Limits:
    processes: int = max(1, os.cpu_count() or 1)
    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB


def _die_with_parent(parent: int) -> None:
    """An orphaned worker would run on unwatched, holding the indexer's lock (its file is inherited)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def _child(conn: Connection, job: ExtractJob, cache: ExtractionCache, memory_mb: int, parent: int = 0) -> None:
    """Runs in the worker process: extract, cache, and report one line."""
    _die_with_parent(parent or os.getppid())
    from search.annotate import annotate
    from search.extract import extract_file

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        extraction = extract_file(
            job.path, rel_path=job.rel_path, password=job.password, ocr=job.ocr, ocr_cache_dir=cache.ocr_dir
        )
        cache.put(job.sha256, job.ocr, annotate(extraction))
        conn.send(None)
    except ExtractionError as error:
        conn.send(_one_line(str(error)) or "could not be read")
    except MemoryError:
        conn.send(f"ran out of memory (limit {memory_mb} MB)")
    except Exception as error:  # noqa: BLE001 - any failure of one file must not stop the ingest
        conn.send(_one_line(f"extraction failed: {type(error).__name__}: {error}"))
    finally:
        conn.close()


def _one_line(text: str, limit: int = 240) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


@dataclass
class _Running:
    job: ExtractJob
    process: multiprocessing.Process
    conn: Connection
    started: float


def run_extractions(
    jobs: Iterable[ExtractJob],
    cache: ExtractionCache,
    limits: Limits,
    on_done: Callable[[ExtractOutcome], None],
) -> None:
    """Extract every job, at most ``limits.processes`` at a time; report each as it ends."""
    context = multiprocessing.get_context("fork")
    pending = list(jobs)
    pending.reverse()
    running: list[_Running] = []
    try:
        while pending or running:
            while pending and len(running) < limits.processes:
                job = pending.pop()
                parent_end, child_end = context.Pipe(duplex=False)
                process = context.Process(
                    target=_child, args=(child_end, job, cache, limits.memory_mb, os.getpid()), daemon=True
                )
                process.start()
                child_end.close()
                running.append(_Running(job, process, parent_end, time.monotonic()))
            wait([item.conn for item in running], timeout=0.5)
            for item in list(running):
                outcome = _poll(item, limits)
                if outcome is not None:
                    running.remove(item)
                    on_done(outcome)
    finally:
        for item in running:
            item.process.kill()
            item.process.join()


def _poll(item: _Running, limits: Limits) -> ExtractOutcome | None:
    """The outcome of a finished, crashed or overdue worker; None while it is still working."""
    if item.conn.poll():
        try:
            error = item.conn.recv()
        except EOFError:
            item.process.join(5)  # dead without a word: its exit code says why
            error = _crash_reason(item)
        item.process.join()
        item.conn.close()
        return ExtractOutcome(item.job, error)
    if not item.process.is_alive():
        item.process.join()
        item.conn.close()
        return ExtractOutcome(item.job, _crash_reason(item))
    if time.monotonic() - item.started > limits.timeout_s:
        item.process.kill()
        item.process.join()
        item.conn.close()
        return ExtractOutcome(item.job, f"extraction took longer than {limits.timeout_s:.0f} s and was stopped")
    return None


def _crash_reason(item: _Running) -> str:
    code = item.process.exitcode
    if code is not None and code < 0:
        return f"extraction crashed (signal {-code}); the file may be damaged or too large"
    return f"extraction worker exited unexpectedly (code {code})"

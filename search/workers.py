"""Workers: extract files in parallel, each in its own process with a time and memory cap.

A PDF that hangs pdfminer, exhausts memory or crashes a native library takes down only
its own worker; the ingest records one line for it and goes on. Workers write their
result straight into the extraction cache, so the parent never holds more than one
document's text at a time.

A worker never trusts the hash the run was planned with: the file may have been replaced
since (a volunteer copying the unredacted version over the redacted one, then putting it
back). It copies the file into a private folder while hashing the bytes it copies, extracts
the copy, and caches the text under the hash of exactly those bytes; the parent records that
hash, size and time in the manifest. A cached text is therefore always the text of the bytes
its key names, whatever happens to the corpus during the run.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import resource
import shutil
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from search.cache import ExtractionCache
from search.models import ExtractionError

DEFAULT_TIMEOUT_S = 600
#: Added to the default limit for each page of a PDF: a 10,000-page record gets about 9 hours,
#: enough for pages that need OCR (a few seconds each), while a hang is still stopped.
SECONDS_PER_PAGE = 3.0
DEFAULT_MEMORY_MB = 3072


@dataclass(frozen=True)
class ExtractJob:
    rel_path: str
    path: Path
    sha256: str
    password: str | None
    ocr: str


@dataclass(frozen=True)
class SourceRead:
    """The bytes a worker extracted: their hash and size, and the file's mtime when they were read."""

    sha256: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class ExtractOutcome:
    job: ExtractJob
    error: str | None  # None when the extraction is in the cache
    #: What was read; its ``sha256`` keys the cached text (it differs from ``job.sha256`` when
    #: the file changed after the run was planned). None when the file could not be read.
    source: SourceRead | None = None


#: Called in the worker with the job just before the file is read: a test's way to replace the
#: file between planning and reading (the race the private copy closes), never used otherwise.
BeforeRead = Callable[[ExtractJob], None]


@dataclass(frozen=True)
class Limits:
    """How many workers, and how long and how much memory each file may take.

    ``timeout_s`` None (the default) scales with the file: ``DEFAULT_TIMEOUT_S`` plus
    ``SECONDS_PER_PAGE`` per page, the page count coming from the worker once it has opened
    the file. A number is a fixed limit per file, whatever its size (``indexer.py --timeout``).
    """

    processes: int = max(1, os.cpu_count() or 1)
    timeout_s: float | None = None
    memory_mb: int = DEFAULT_MEMORY_MB

    def limit_for(self, pages: int | None) -> float:
        if self.timeout_s is not None:
            return self.timeout_s
        return DEFAULT_TIMEOUT_S + SECONDS_PER_PAGE * (pages or 0)

    @property
    def timeout_policy(self) -> str:
        """What the manifest records with a timeout, so a later run with another limit retries it."""
        return "auto" if self.timeout_s is None else f"{self.timeout_s:g}"

    def timeout_message(self, pages: int | None) -> str:
        limit = self.limit_for(pages)
        if self.timeout_s is None and pages:
            return f"extraction took longer than {limit:.0f} s (the limit for {pages:,} pages) and was stopped"
        return f"extraction took longer than {limit:.0f} s and was stopped"


def timed_out(reason: str) -> bool:
    """Whether a failure reason is a timeout (see ``Limits.timeout_message``)."""
    return reason.startswith("extraction took longer than ")


def _die_with_parent(parent: int) -> None:
    """An orphaned worker would run on unwatched, holding the indexer's lock (its file is inherited)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def private_copy(source: Path, folder: Path) -> tuple[Path, SourceRead]:
    """Copy ``source`` into ``folder`` (same suffix), hashing exactly the bytes copied.

    The mtime is taken from the open file before reading: if the file is written to while it
    is copied, its mtime moves on and the next run hashes it again."""
    target = folder / f"source{source.suffix.lower()}"
    digest = hashlib.sha256()
    size = 0
    with open(source, "rb") as reading, open(target, "wb") as writing:
        mtime_ns = os.fstat(reading.fileno()).st_mtime_ns
        while chunk := reading.read(1 << 20):
            digest.update(chunk)
            writing.write(chunk)
            size += len(chunk)
    return target, SourceRead(digest.hexdigest(), size, mtime_ns)


def scratch_folder(cache: ExtractionCache, pid: int) -> Path:
    """The worker's private folder (removed by the worker, or by the parent if it was killed)."""
    return cache.scratch_dir() / f"read-{pid}"


def _child(conn: Connection, job: ExtractJob, cache: ExtractionCache, memory_mb: int, parent: int = 0,
           before_read: BeforeRead | None = None) -> None:
    """Runs in the worker process: copy, extract the copy, cache under its hash, report one line."""
    _die_with_parent(parent or os.getppid())
    from search.annotate import annotate
    from search.extract import extract_file

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    source: SourceRead | None = None
    folder = scratch_folder(cache, os.getpid())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    try:
        if before_read is not None:
            before_read(job)
        try:
            copy, source = private_copy(job.path, folder)
        except OSError as error:
            raise ExtractionError(f"cannot be read: {error.strerror}") from None
        conn.send(("pages", _page_count(copy, job.password), source))
        extraction = extract_file(
            copy, rel_path=job.rel_path, password=job.password, ocr=job.ocr, ocr_cache_dir=cache.ocr_dir
        )
        cache.put(source.sha256, job.ocr, annotate(extraction))
        from search.render import make_rendition

        make_rendition(copy, source.sha256, cache.root.parent)  # page images of office originals
        conn.send(("done", None, source))
    except ExtractionError as error:
        conn.send(("done", _one_line(str(error)) or "could not be read", source))
    except MemoryError:
        conn.send(("done", f"ran out of memory (limit {memory_mb} MB)", source))
    except Exception as error:  # noqa: BLE001 - any failure of one file must not stop the ingest
        conn.send(("done", _one_line(f"extraction failed: {type(error).__name__}: {error}"), source))
    finally:
        conn.close()
        shutil.rmtree(folder, ignore_errors=True)


def _page_count(path: Path, password: str | None) -> int | None:
    """Pages of a PDF, for its time limit; None for other files or when pdfium cannot tell."""
    if path.suffix.lower() != ".pdf":
        return None
    try:
        import pypdfium2

        document = pypdfium2.PdfDocument(str(path), password=password)
        try:
            return len(document)
        finally:
            document.close()
    except Exception:  # noqa: BLE001 - the extractor says what is wrong with the file
        return None


def _one_line(text: str, limit: int = 240) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


@dataclass
class _Running:
    job: ExtractJob
    process: multiprocessing.Process
    conn: Connection
    started: float
    pages: int | None = None
    source: SourceRead | None = None


def run_extractions(
    jobs: Iterable[ExtractJob],
    cache: ExtractionCache,
    limits: Limits,
    on_done: Callable[[ExtractOutcome], None],
    before_read: BeforeRead | None = None,
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
                    target=_child, args=(child_end, job, cache, limits.memory_mb, os.getpid(), before_read), daemon=True
                )
                process.start()
                child_end.close()
                running.append(_Running(job, process, parent_end, time.monotonic()))
            wait([item.conn for item in running], timeout=0.5)
            for item in list(running):
                outcome = _poll(item, limits)
                if outcome is not None:
                    running.remove(item)
                    shutil.rmtree(scratch_folder(cache, item.process.pid), ignore_errors=True)
                    on_done(outcome)
    finally:
        for item in running:
            item.process.kill()
            item.process.join()
            shutil.rmtree(scratch_folder(cache, item.process.pid), ignore_errors=True)


def _poll(item: _Running, limits: Limits) -> ExtractOutcome | None:
    """The outcome of a finished, crashed or overdue worker; None while it is still working."""
    while item.conn.poll():
        source = item.source
        try:
            message = item.conn.recv()
        except EOFError:
            item.process.join(5)  # dead without a word: its exit code says why
            error = _crash_reason(item)
        else:
            if message[0] == "pages":
                _, item.pages, item.source = message
                continue
            _, error, source = message
        item.process.join()
        item.conn.close()
        return ExtractOutcome(item.job, error, source)
    if not item.process.is_alive():
        item.process.join()
        item.conn.close()
        return ExtractOutcome(item.job, _crash_reason(item), item.source)
    if time.monotonic() - item.started > limits.limit_for(item.pages):
        item.process.kill()
        item.process.join()
        item.conn.close()
        return ExtractOutcome(item.job, limits.timeout_message(item.pages), item.source)
    return None


def _crash_reason(item: _Running) -> str:
    code = item.process.exitcode
    if code is not None and code < 0:
        return f"extraction crashed (signal {-code}); the file may be damaged or too large"
    return f"extraction worker exited unexpectedly (code {code})"

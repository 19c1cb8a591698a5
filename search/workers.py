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

A PDF of more than ``Limits.split_pages`` pages is read in page ranges by several workers: the
first worker to open it counts its pages and hands it back, the ranges go through the same pool
(each with the time limit for its pages and the same memory cap), and once every range has
read the same bytes (their hashes are compared) one more job joins them in page order, does
what needs the whole document (running heads, metadata, citations) and caches the result,
exactly as one worker reading the whole file would have. One range failing fails the file,
with the range named: a document with pages missing would cite wrong pages.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import multiprocessing
import os
import resource
import shutil
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path

from search.cache import ExtractionCache
from search.models import ExtractionError

DEFAULT_TIMEOUT_S = 600
#: Added to the default limit for each page of a PDF: a 10,000-page record gets about 9 hours,
#: enough for pages that need OCR (a few seconds each), while a hang is still stopped.
SECONDS_PER_PAGE = 3.0
DEFAULT_MEMORY_MB = 3072
#: PDFs of more pages than this are read in ranges of at most this many pages by several workers.
DEFAULT_SPLIT_PAGES = 1000
SPLIT_PAGES_ENV = "C400_SPLIT_PAGES"


def split_pages_setting() -> int:
    """``C400_SPLIT_PAGES`` (a whole number of pages; 0 never splits), else ``DEFAULT_SPLIT_PAGES``."""
    value = os.environ.get(SPLIT_PAGES_ENV, "").strip()
    if not value:
        return DEFAULT_SPLIT_PAGES
    try:
        pages = int(value)
    except ValueError:
        pages = -1
    if pages < 0:
        raise ValueError(f"{SPLIT_PAGES_ENV} must be a whole number of pages (0 never splits), not {value!r}")
    return pages


@dataclass(frozen=True)
class ExtractJob:
    rel_path: str
    path: Path
    sha256: str
    password: str | None
    ocr: str
    #: A range job of a split PDF: the pages it reads (first and last, 1-based). None: the whole file.
    pages: tuple[int, int] | None = None
    #: The join of a split PDF: the ranges to join, in page order (the file itself is not read).
    join: tuple[tuple[int, int], ...] = ()
    #: Where range jobs leave their pages for the join (inside the cache's scratch folder).
    parts_dir: Path | None = None

    @property
    def label(self) -> str:
        """How progress names the job: the file, and the pages when it is one range of it."""
        return f"{self.rel_path} (pages {self.pages[0]:,}-{self.pages[1]:,})" if self.pages else self.rel_path


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
    #: The failure says nothing about the file's bytes (it changed while read in ranges): the
    #: next run reads it again even if it is back as it was.
    retry: bool = False


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
    #: A PDF of more pages is read in ranges of at most this many by several workers; 0 never splits.
    split_pages: int = field(default_factory=split_pages_setting)

    def ranges_for(self, pages: int) -> list[tuple[int, int]]:
        """The page ranges a PDF of ``pages`` pages is read in: one (the whole file) up to
        ``split_pages``, else as few ranges of at most ``split_pages`` as possible, of even size."""
        if not self.split_pages or pages <= self.split_pages:
            return [(1, pages)]
        count = math.ceil(pages / self.split_pages)
        size = math.ceil(pages / count)
        return [(first, min(first + size - 1, pages)) for first in range(1, pages + 1, size)]

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


def _child(conn: Connection, job: ExtractJob, cache: ExtractionCache, limits: Limits, parent: int = 0,
           before_read: BeforeRead | None = None) -> None:
    """Runs in the worker process: copy, extract the copy, cache under its hash, report one line.

    A whole PDF of more than ``limits.split_pages`` pages is handed back ("split") once counted;
    a range job leaves its pages in ``job.parts_dir``; a join job reads those, not the file."""
    _die_with_parent(parent or os.getppid())
    memory_mb = limits.memory_mb
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    source: SourceRead | None = None
    folder = scratch_folder(cache, os.getpid())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    try:
        if job.join:
            _join(job, cache)
            conn.send(("done", None, None))
            return
        if before_read is not None:
            before_read(job)
        try:
            copy, source = private_copy(job.path, folder)
        except OSError as error:
            raise ExtractionError(f"cannot be read: {error.strerror}") from None
        pages = _page_count(copy, job.password)
        conn.send(("pages", pages, source))
        if job.pages is not None:
            _read_range(job, copy, cache)
        elif pages is not None and len(limits.ranges_for(pages)) > 1:
            conn.send(("split", pages, source))
            return
        else:
            from search.annotate import annotate
            from search.extract import extract_file
            from search.render import make_rendition

            extraction = extract_file(
                copy, rel_path=job.rel_path, password=job.password, ocr=job.ocr, ocr_cache_dir=cache.ocr_dir
            )
            cache.put(source.sha256, job.ocr, annotate(extraction))
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


def _part_path(parts_dir: Path, pages: tuple[int, int]) -> Path:
    return parts_dir / f"{pages[0]:07d}-{pages[1]:07d}.json.gz"


def _read_range(job: ExtractJob, copy: Path, cache: ExtractionCache) -> None:
    """A range job: the pages' layers (redaction and OCR per page, as for the whole file) for the join."""
    from search.extract.pdf import read_pdf_range

    assert job.pages is not None and job.parts_dir is not None
    part = read_pdf_range(copy, password=job.password, ocr=job.ocr, ocr_cache_dir=cache.ocr_dir, pages=job.pages)
    target = _part_path(job.parts_dir, job.pages)
    temp = target.with_name(f".{target.name}.tmp")
    with gzip.open(temp, "wt", encoding="utf-8", compresslevel=1) as handle:
        json.dump(part.to_json(), handle)
    os.replace(temp, target)


def _join(job: ExtractJob, cache: ExtractionCache) -> None:
    """A join job: the ranges in page order made into the document, annotated, cached under the
    hash every range read (the parent compared them before it asked for the join)."""
    from search.annotate import annotate
    from search.extract.metadata import complete_metadata
    from search.extract.pdf import RangeLayers, finish_pdf

    assert job.parts_dir is not None
    parts = []
    for pages in job.join:
        with gzip.open(_part_path(job.parts_dir, pages), "rt", encoding="utf-8") as handle:
            parts.append(RangeLayers.from_json(json.load(handle)))
    extraction = complete_metadata(finish_pdf(parts, rel_path=job.rel_path, ocr=job.ocr))
    cache.put(job.sha256, job.ocr, annotate(extraction))


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
    split: bool = False  # the worker handed the file back to be read in ranges


@dataclass
class _Split:
    """A PDF being read in ranges: what its first reading saw, and the ranges still out."""

    job: ExtractJob
    source: SourceRead
    pages: int
    ranges: list[tuple[int, int]]
    parts_dir: Path
    waiting: set[tuple[int, int]] = field(default_factory=set)


#: Called after each job that counts for progress: the job, jobs done, jobs in all (a split
#: file adds its ranges; a failed one takes back the ranges it will not run).
OnProgress = Callable[[ExtractJob, int, int], None]


def run_extractions(
    jobs: Iterable[ExtractJob],
    cache: ExtractionCache,
    limits: Limits,
    on_done: Callable[[ExtractOutcome], None],
    before_read: BeforeRead | None = None,
    on_progress: OnProgress | None = None,
) -> None:
    """Extract every job, at most ``limits.processes`` at a time; report each file as it ends.

    ``on_done`` hears once per file (a split file when its join ends or a range fails);
    ``on_progress`` after every file and every range."""
    context = multiprocessing.get_context("fork")
    pending = list(jobs)
    pending.reverse()  # popped from the end: a split file's ranges and join go there, next in line
    running: list[_Running] = []
    splits: dict[str, _Split] = {}
    for leftover in cache.scratch_dir().glob("ranges-*"):  # of a killed run: the ingest holds the writer lock
        shutil.rmtree(leftover, ignore_errors=True)
    parts_root = cache.scratch_dir() / f"ranges-{os.getpid()}"
    total = len(pending)
    done = 0
    split_count = 0

    def progress(job: ExtractJob) -> None:
        nonlocal done
        done += 1
        if on_progress is not None:
            on_progress(job, done, total)

    def finish(job: ExtractJob, error: str | None, source: SourceRead | None, retry: bool = False) -> None:
        """The file's outcome; a split file's other ranges are dropped (running ones stopped) and
        its parts removed."""
        nonlocal total
        split = splits.pop(job.rel_path, None)
        if split is not None:
            job, source = split.job, split.source
            dropped = [item for item in pending if item.rel_path == job.rel_path]
            pending[:] = [item for item in pending if item.rel_path != job.rel_path]
            for item in [item for item in running if item.job.rel_path == job.rel_path]:
                running.remove(item)
                _stop(item, cache)
                dropped.append(item.job)
            total -= sum(1 for item in dropped if item.pages)
            shutil.rmtree(split.parts_dir, ignore_errors=True)
        on_done(ExtractOutcome(job, error, source, retry))
        progress(job)

    def ended(item: _Running, outcome: ExtractOutcome) -> None:
        nonlocal total, split_count
        job = outcome.job
        split = splits.get(job.rel_path)
        if item.split and outcome.error is None and item.source is not None and item.pages:
            ranges = limits.ranges_for(item.pages)
            split_count += 1
            parts_dir = parts_root / str(split_count)
            shutil.rmtree(parts_dir, ignore_errors=True)
            parts_dir.mkdir(parents=True)
            splits[job.rel_path] = _Split(job, item.source, item.pages, ranges, parts_dir, set(ranges))
            total += len(ranges)
            pending.extend(reversed([replace(job, pages=pages, parts_dir=parts_dir) for pages in ranges]))
        elif job.pages is not None:
            if split is None:  # the file already failed in another range
                return
            progress(job)
            if outcome.error is not None:
                finish(job, _range_failure(job, split.pages, outcome.error), None)
            elif outcome.source is None or outcome.source.sha256 != split.source.sha256:
                finish(job, _changed_while_split(job, split.pages), None, retry=True)
            else:
                split.waiting.discard(job.pages)
                if not split.waiting:
                    pending.append(replace(split.job, sha256=split.source.sha256, join=tuple(split.ranges),
                                           parts_dir=split.parts_dir))
        elif job.join:
            # the reason first, so that a timeout stays one (and is retried under another limit)
            error = outcome.error and _one_line(f"{outcome.error} (joining the {len(job.join)} page ranges read)")
            finish(job, error, None)
        else:
            finish(job, outcome.error, outcome.source)

    try:
        while pending or running:
            while pending and len(running) < limits.processes:
                job = pending.pop()
                parent_end, child_end = context.Pipe(duplex=False)
                process = context.Process(
                    target=_child, args=(child_end, job, cache, limits, os.getpid(), before_read), daemon=True
                )
                process.start()
                child_end.close()
                pages = None
                if job.join:
                    pages = splits[job.rel_path].pages
                elif job.pages:
                    pages = job.pages[1] - job.pages[0] + 1
                running.append(_Running(job, process, parent_end, time.monotonic(), pages=pages))
            wait([item.conn for item in running], timeout=0.5)
            for item in list(running):
                if item not in running:  # stopped: another range of its file failed
                    continue
                outcome = _poll(item, limits)
                if outcome is not None:
                    running.remove(item)
                    shutil.rmtree(scratch_folder(cache, item.process.pid), ignore_errors=True)
                    ended(item, outcome)
    finally:
        for item in running:
            _stop(item, cache)
        shutil.rmtree(parts_root, ignore_errors=True)


def _stop(item: _Running, cache: ExtractionCache) -> None:
    item.process.kill()
    item.process.join()
    item.conn.close()
    shutil.rmtree(scratch_folder(cache, item.process.pid), ignore_errors=True)


def _range_failure(job: ExtractJob, pages: int, error: str) -> str:
    """One line for a file whose range failed: the reason first (a timeout stays recognisable)."""
    assert job.pages is not None
    return _one_line(f"{error} (reading pages {job.pages[0]:,}-{job.pages[1]:,} of {pages:,}; "
                     "the file is not indexed rather than indexed with pages missing)")


def _changed_while_split(job: ExtractJob, pages: int) -> str:
    assert job.pages is not None
    return (f"file changed while it was read in page ranges (pages {job.pages[0]:,}-{job.pages[1]:,} of {pages:,} "
            "read other bytes than the first reading); it is read again on the next run")


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
                _, pages, item.source = message
                if item.pages is None:
                    item.pages = pages
                continue
            if message[0] == "split":
                item.split = True
                error, source = None, item.source
            else:
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

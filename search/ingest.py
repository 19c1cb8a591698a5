"""Ingest: bring the index in line with the corpus folder, incrementally and atomically.

1. scan the corpus and hash each file (size and mtime unchanged -> hash reused);
2. compare with the current generation's manifest: new, changed, removed, unchanged;
3. extract what is new or changed, in parallel worker processes, through the cache;
4. write a new generation (a copy of the current one, updated) and switch to it.

An unchanged corpus stops after step 2 and says so. A file that cannot be read is listed
with a one-line reason and never stops the run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from stat import S_ISREG
from typing import Any

from search.annotate import ANNOTATOR_VERSION
from search.cache import CACHE_FORMAT, ExtractionCache, file_sha256
from search.catalog import CATALOG_NAME, catalog_mismatches, load_catalog
from search.config import Settings
from search.engines import get_engine
from search.extract import EXTRACTOR_VERSION, SUPPORTED_SUFFIXES
from search.extract.ocr import tesseract_version
from search.ledger import AddedLedger
from search.manifest import FailedFile, FileState, IndexedFile, Manifest
from search.models import CatalogEntry
from search.records import build_record
from search.store import IndexStore
from search.workers import BeforeRead, ExtractJob, ExtractOutcome, Limits, run_extractions, timed_out

#: What produced the cached extractions; a change re-extracts (OCR results have their own cache).
#: The cache format is part of it: an index made from entries of an older format is made again.
#: So is whether Tesseract can run: a scan indexed before it was installed ("OCR unavailable")
#: is read again once it is, without ``--rebuild`` (OCR'd pages are not redone: their cache
#: holds them).
EXTRACTION_VERSION = (f"{EXTRACTOR_VERSION}.{ANNOTATOR_VERSION}.c{CACHE_FORMAT}"
                      f".{'ocr' if tesseract_version() else 'no-ocr'}")


class IngestError(RuntimeError):
    """Nothing could be done (no corpus folder, index not writable); one line for the user."""


@dataclass(frozen=True)
class CorpusFile:
    rel_path: str
    path: Path
    size: int
    mtime_ns: int


@dataclass
class IngestReport:
    documents: int = 0
    pages: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    extracted: int = 0
    from_cache: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    #: Catalog entries naming no file but one differing only in capitals, spacing or extension
    #: (``Order.PDF`` for ``order.pdf``), each a line: their metadata would be lost silently.
    catalog: list[str] = field(default_factory=list)
    generation: str | None = None
    up_to_date: bool = False
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class IngestOptions:
    ocr: str = "auto"
    rebuild: bool = False
    wait_for_lock: bool = True
    limits: Limits = field(default_factory=Limits)
    #: Files extracted and indexed again even if unchanged (the staff pages' "Re-extract").
    again: frozenset[str] = frozenset()
    #: Tests only: called in the worker just before it reads a file (see ``search.workers``).
    before_read: BeforeRead | None = None


Progress = Callable[[str, int, int], None]


def scan_corpus(corpus_dir: Path) -> tuple[list[CorpusFile], dict[str, str]]:
    """Files to index, and files passed over with the reason (links leaving the corpus)."""
    files: list[CorpusFile] = []
    skipped: dict[str, str] = {}
    root = corpus_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in dirnames:
            folder = Path(dirpath) / name
            if folder.is_symlink() and not folder.resolve().is_relative_to(root):
                skipped[display_path(folder.relative_to(root).as_posix()) + "/"] = (
                    "symbolic link to a folder outside the corpus folder; not followed"
                )
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if name.startswith(".") or name == CATALOG_NAME or path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            if display_path(rel) != rel:
                skipped[display_path(rel)] = "file name is not valid UTF-8; rename the file to index it"
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                skipped[rel] = "symbolic link to a file outside the corpus folder; not indexed"
                continue
            try:
                stat = path.stat()
                if not S_ISREG(stat.st_mode):
                    skipped[rel] = "not a regular file (a pipe, device or folder); not indexed"
                    continue
                with open(path, "rb"):  # no read permission: say so here, not as a crash later
                    pass
            except OSError as error:
                skipped[rel] = f"cannot be read: {error.strerror}"
                continue
            files.append(CorpusFile(rel, path, stat.st_size, stat.st_mtime_ns))
    return files, skipped


def display_path(rel: str) -> str:
    """``rel`` safe to print and store: bytes of a file name that are not UTF-8 shown as U+FFFD."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


#: Characters a terminal acts on or that split a line: C0 and C1 controls, DEL, the Unicode line
#: and paragraph separators, and the bidirectional overrides that reorder what follows them.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` (a file name, or a line naming one) safe to print on the operator's terminal.

    A name may hold anything but "/" and NUL: "a\r\nIndexed 0 documents" would forge a summary
    line, "\x1b[2J" would clear the screen. Each such character is shown escaped, as Python
    writes it ("\r", "\x1b", "\u2028"), so every file stays on one line and reads unambiguously.
    The stored path is unchanged; only what is printed is escaped.
    """
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    return repr(match.group(0))[1:-1]


def _catalog_digest(entry: CatalogEntry | None) -> str:
    payload = json.dumps(asdict(entry) if entry else {}, sort_keys=True)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:12]


class _Plan:
    """What this run must do, from the corpus as it is and the manifest as it was."""

    def __init__(self, files: list[CorpusFile], catalog: dict[str, CatalogEntry], previous: Manifest | None,
                 limits: Limits | None = None, again: frozenset[str] = frozenset()):
        #: A file that ran out of time under another limit is tried again under this one.
        self.timeout_policy = (limits or Limits()).timeout_policy
        self.again = again
        self.previous_files: dict[str, IndexedFile] = previous.files if previous else {}
        self.previous_failed: dict[str, FailedFile] = previous.failed if previous else {}
        # A new extractor re-reads every file (OCR comes from its own cache); same version, only changes.
        self.extract_again = previous is not None and previous.extractor_version != EXTRACTION_VERSION
        self.state: dict[str, FileState] = {}
        self.to_index: list[CorpusFile] = []
        self.kept_failures: dict[str, FailedFile] = {}
        self.vanished: dict[str, str] = {}
        for item in files:
            try:
                self._plan_file(item, catalog.get(item.rel_path))
            except OSError as error:  # deleted or made unreadable since the scan
                self.vanished[item.rel_path] = f"cannot be read: {error.strerror}"
        present = {item.rel_path for item in files if item.rel_path in self.state}
        indexed_again = {item.rel_path for item in self.to_index}
        self.removed = sorted(rel for rel in self.previous_files if rel not in present)
        self.to_delete = sorted(rel for rel in self.previous_files if rel not in present or rel in indexed_again)

    def _plan_file(self, item: CorpusFile, entry: CatalogEntry | None) -> None:
        before = self.previous_files.get(item.rel_path) or self.previous_failed.get(item.rel_path) or FileState()
        same_stat = before.size == item.size and before.mtime_ns == item.mtime_ns
        sha = before.sha256 if same_stat and before.sha256 else file_sha256(item.path)
        state = FileState(sha, item.size, item.mtime_ns, _catalog_digest(entry))
        self.state[item.rel_path] = state
        unchanged = before.sha256 == sha and before.catalog == state.catalog
        if unchanged and item.rel_path in self.previous_files and not self.extract_again \
                and item.rel_path not in self.again:
            return
        if (unchanged and isinstance(before, FailedFile) and before.extractor == EXTRACTION_VERSION
                and item.rel_path not in self.again
                and (not timed_out(before.reason) or before.timeout == self.timeout_policy)):
            self.kept_failures[item.rel_path] = before
            return
        self.to_index.append(item)

    @property
    def nothing_to_do(self) -> bool:
        return not self.to_index and not self.to_delete


def ingest(settings: Settings, options: IngestOptions | None = None, progress: Progress | None = None) -> IngestReport:
    """Bring the index at ``settings.index_dir`` in line with ``settings.corpus_dir``."""
    options = options or IngestOptions()
    started = time.monotonic()
    if not settings.corpus_dir.is_dir():
        raise IngestError(f"corpus folder not found: {settings.corpus_dir}")
    store = IndexStore(settings.index_dir)
    with store.writer_lock(wait=options.wait_for_lock):
        report = _ingest_locked(settings, options, store, progress or (lambda *_: None))
    report.seconds = round(time.monotonic() - started, 3)
    return report


def _ingest_locked(settings: Settings, options: IngestOptions, store: IndexStore, progress: Progress) -> IngestReport:
    engine = get_engine()
    catalog = load_catalog(settings.corpus_dir)
    previous = store.manifest()
    compatible = (
        previous is not None
        and not options.rebuild
        and previous.engine == engine.name
        and previous.schema_version == engine.schema_version
    )
    files, skipped = scan_corpus(settings.corpus_dir)
    plan = _Plan(files, catalog, previous if compatible else None, options.limits, options.again)
    report = IngestReport(skipped={**skipped, **plan.vanished},
                          failed={k: v.reason for k, v in plan.kept_failures.items()},
                          catalog=[item.line() for item in catalog_mismatches(catalog, [f.rel_path for f in files])
                                   if item.near])
    if previous is not None and compatible and plan.nothing_to_do:
        return _up_to_date(store, previous, plan, report)

    cache = ExtractionCache(settings.cache_dir, EXTRACTION_VERSION)
    failures = _extract(plan, catalog, cache, options, report, progress)
    building = store.new_generation(copy_from=store.current_path() if compatible else None)
    try:
        manifest = _write_generation(engine, building, compatible, plan, catalog, cache, options, failures, report)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    final = store.publish(building, manifest)
    report.generation = final.name
    return report


def _up_to_date(store: IndexStore, previous: Manifest, plan: _Plan, report: IngestReport) -> IngestReport:
    """Nothing to extract or index; refresh bookkeeping if only stat data moved."""
    report.up_to_date = True
    report.unchanged = len(plan.previous_files)
    files = {rel: replace(entry) for rel, entry in previous.files.items()}
    for rel, state in plan.state.items():
        if rel in files:
            files[rel].size, files[rel].mtime_ns = state.size, state.mtime_ns
    failed = {rel: entry for rel, entry in previous.failed.items() if rel in plan.kept_failures}
    refreshed = replace(previous, files=files, failed=failed)
    if refreshed != store.manifest():
        store.touch_manifest(refreshed)
    _fill_totals(report, files)
    report.warnings = {rel: entry.warnings for rel, entry in files.items() if entry.warnings}
    report.generation = store.current_name()
    return report


def _extract(
    plan: _Plan,
    catalog: dict[str, CatalogEntry],
    cache: ExtractionCache,
    options: IngestOptions,
    report: IngestReport,
    progress: Progress,
) -> dict[str, str]:
    """Make sure every file to index is in the cache; return the failures by path."""
    jobs: list[ExtractJob] = []
    for item in plan.to_index:
        sha = plan.state[item.rel_path].sha256
        if cache.has(sha, options.ocr) and item.rel_path not in options.again:
            report.from_cache += 1
            continue
        entry = catalog.get(item.rel_path)
        jobs.append(ExtractJob(item.rel_path, item.path, sha, (entry.password if entry else "") or None, options.ocr))
    failures: dict[str, str] = {}

    def on_done(outcome: ExtractOutcome) -> None:
        state = plan.state[outcome.job.rel_path]
        if outcome.source is not None:  # what the worker read, even if the file changed since the plan
            source = outcome.source
            state.sha256, state.size, state.mtime_ns = source.sha256, source.size, source.mtime_ns
        if outcome.retry:  # no hash vouches for what failed: the next run reads the file again
            state.sha256 = ""
        if outcome.error:
            failures[outcome.job.rel_path] = outcome.error
        else:
            report.extracted += 1

    def on_progress(job: ExtractJob, done: int, total: int) -> None:
        progress(job.label, done, total)  # a file, or a range of a long PDF: "big.pdf (pages 1-1,000)"

    run_extractions(jobs, cache, options.limits, on_done, options.before_read, on_progress)
    return failures


def _write_generation(
    engine,
    building: Path,
    compatible: bool,
    plan: _Plan,
    catalog: dict[str, CatalogEntry],
    cache: ExtractionCache,
    options: IngestOptions,
    failures: dict[str, str],
    report: IngestReport,
) -> Manifest:
    files: dict[str, IndexedFile] = {rel: entry for rel, entry in plan.previous_files.items()
                                     if rel not in plan.to_delete}
    failed: dict[str, FailedFile] = dict(plan.kept_failures)
    writer = engine.writer(building, fresh=not compatible)
    ledger = AddedLedger(building.parent.parent)  # index_dir/added.json: survives rebuilds
    try:
        for rel in plan.to_delete:
            writer.delete(plan.previous_files[rel].doc_id)
        for item in plan.to_index:
            state = plan.state[item.rel_path]
            extraction = None if item.rel_path in failures else cache.get(state.sha256, options.ocr)
            if extraction is None:
                reason = failures.get(item.rel_path, "extraction result missing from the cache")
                failed[item.rel_path] = FailedFile(**asdict(state), reason=reason, extractor=EXTRACTION_VERSION,
                                                   timeout=options.limits.timeout_policy if timed_out(reason) else "")
                continue
            extraction.path = item.rel_path
            record = build_record(item.rel_path, state.sha256, extraction, catalog.get(item.rel_path))
            record.extra["added"] = ledger.stamp(record.id)
            writer.add(record)
            files[item.rel_path] = IndexedFile(
                **asdict(state),
                ocr=options.ocr,
                doc_id=record.id,
                title=record.title,
                pages=len(record.pages),
                ocr_pages=[p.number for p in record.pages if p.ocr],
                empty_pages=[p.number for p in record.pages if not p.text.strip()],
                warnings=list(record.warnings),
            )
            was_indexed = item.rel_path in plan.previous_files
            (report.changed if was_indexed else report.added).append(item.rel_path)
        writer.commit()
        ledger.save()  # before the generation is published: no reader ever sees a time the ledger lacks
    except BaseException:
        writer.cancel()
        raise
    report.removed = plan.removed
    report.unchanged = len(files) - len(report.added) - len(report.changed)
    report.failed = {rel: entry.reason for rel, entry in sorted(failed.items())}
    report.warnings = {rel: entry.warnings for rel, entry in sorted(files.items()) if entry.warnings}
    _fill_totals(report, files)
    return Manifest(
        engine=engine.name,
        schema_version=engine.schema_version,
        extractor_version=EXTRACTION_VERSION,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        files=files,
        failed=failed,
        documents=report.documents,
        pages=report.pages,
    )


def _fill_totals(report: IngestReport, files: dict[str, IndexedFile]) -> None:
    report.documents = len(files)
    report.pages = sum(entry.pages for entry in files.values())


"""Check: does the index still match the corpus? (``python indexer.py --check``)

Reads the corpus and the current generation and writes nothing. Every difference is one
problem, one line: a file missing from the index or changed since it was indexed, an
indexed file gone from the corpus, a page count that disagrees, a document held twice, a
generation that does not open, an index made by an older extractor or cache format (whose
cached texts may belong to other bytes than their key says: a file replaced during an
ingest), or a cached extraction that does not vouch for the bytes of its file. Files the
index lists as unreadable are reported too, but they are not drift: the indexer tried them and said why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from search.cache import ExtractionCache, file_sha256
from search.catalog import CatalogError, load_catalog
from search.config import Settings
from search.engine import EngineReader, get_engine
from search.extract.pdf import OCR_MODES
from search.ingest import EXTRACTION_VERSION, _catalog_digest, printable, scan_corpus
from search.models import SearchRequest
from search.query import parse_query
from search.store import IndexStore


@dataclass
class CheckReport:
    generation: str | None = None
    documents: int = 0
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def consistent(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "consistent": self.consistent}


def check_index(settings: Settings) -> CheckReport:
    """Compare the current generation at ``settings.index_dir`` with ``settings.corpus_dir``."""
    report = CheckReport()
    store = IndexStore(settings.index_dir)
    report.generation = store.current_name()
    if report.generation is None:
        report.problems.append(f"index: no complete generation at {settings.index_dir}; run indexer.py")
        return report
    manifest = store.manifest()
    if manifest is None:
        report.problems.append(f"index: generation {report.generation} has no readable manifest")
        return report
    engine = get_engine()
    if (manifest.get("engine"), manifest.get("schema_version")) != (engine.name, engine.schema_version):
        report.problems.append(
            f"index: built for {manifest.get('engine')} schema {manifest.get('schema_version')}; "
            f"this version reads {engine.name} schema {engine.schema_version}; run indexer.py"
        )
        return report
    try:
        reader = engine.reader(store.generations / report.generation)
    except Exception as error:  # noqa: BLE001 - whatever the engine raises, the answer is "does not open"
        report.problems.append(f"index: generation {report.generation} does not open ({type(error).__name__})")
        return report
    try:
        _check_generation(reader, manifest, report)
    finally:
        reader.close()
    if settings.corpus_dir.is_dir():
        _check_corpus(settings, manifest, report)
    else:
        report.problems.append(f"corpus: folder not found: {settings.corpus_dir}")
    return report


def _check_generation(reader: EngineReader, manifest: dict[str, Any], report: CheckReport) -> None:
    """The index against its own manifest: each document once, with its pages."""
    files: dict[str, Any] = manifest.get("files", {})
    report.failed = {rel: entry.get("reason", "") for rel, entry in sorted(manifest.get("failed", {}).items())}
    try:
        documents = reader.documents()
        reader.search(parse_query("the"), SearchRequest("the"))
    except Exception as error:  # noqa: BLE001
        report.problems.append(f"index: generation {report.generation} cannot be searched ({type(error).__name__})")
        return
    report.documents = len(documents)
    report.pages = sum(meta.get("page_count", 0) for meta in documents)
    copies = Counter(meta.get("path") for meta in documents)
    report.problems += [f"{path}: held {count} times in the index" for path, count in sorted(copies.items())
                        if count > 1]
    by_path = {meta.get("path"): meta for meta in documents}
    report.problems += [f"{path}: in the index but not in its manifest" for path in sorted(by_path)
                        if path not in files]
    for rel, entry in sorted(files.items()):
        meta = by_path.get(rel)
        if meta is None or meta.get("id") != entry.get("doc_id"):
            report.problems.append(f"{rel}: listed in the manifest but missing from the index")
            continue
        _check_pages(reader, rel, entry, meta, report)
    if manifest.get("documents") != len(files) or manifest.get("pages") != sum(
        entry.get("pages", 0) for entry in files.values()
    ):
        report.problems.append("index: the manifest's document or page totals do not add up")


def _check_pages(reader: EngineReader, rel: str, entry: dict[str, Any], meta: dict[str, Any],
                 report: CheckReport) -> None:
    record = reader.document(meta["id"])
    stored = [page.number for page in record.pages] if record else []
    expected = entry.get("pages", 0)
    if meta.get("page_count") != expected or stored != list(range(1, expected + 1)):
        report.problems.append(
            f"{rel}: page count disagrees (manifest {expected}, document {meta.get('page_count')}, "
            f"{len(stored)} pages stored)"
        )


def _check_corpus(settings: Settings, manifest: dict[str, Any], report: CheckReport) -> None:
    """The manifest against the files: every file there, unchanged, nothing extra."""
    files: dict[str, Any] = manifest.get("files", {})
    failed: dict[str, Any] = manifest.get("failed", {})
    try:
        catalog = load_catalog(settings.corpus_dir)
    except CatalogError as error:
        report.problems.append(f"catalog: {error}")
        catalog = {}
    corpus, report.skipped = scan_corpus(settings.corpus_dir)
    cache = ExtractionCache(settings.cache_dir, EXTRACTION_VERSION)
    current_extractor = manifest.get("extractor_version") == EXTRACTION_VERSION
    if not current_extractor:
        report.problems.append(
            f"index: extracted by version {manifest.get('extractor_version')}, this version is "
            f"{EXTRACTION_VERSION} (its cached texts are not verified against the files); run indexer.py"
        )
    present = set()
    for item in corpus:
        present.add(item.rel_path)
        entry = files.get(item.rel_path) or failed.get(item.rel_path)
        if entry is None:
            report.problems.append(f"{item.rel_path}: in the corpus but not in the index")
            continue
        try:
            sha = file_sha256(item.path)
        except OSError as error:
            report.problems.append(f"{item.rel_path}: cannot be read ({error.strerror})")
            continue
        if sha != entry.get("sha256"):
            report.problems.append(f"{item.rel_path}: changed since it was indexed")
        elif entry.get("catalog") != _catalog_digest(catalog.get(item.rel_path)):
            report.problems.append(f"{item.rel_path}: catalog entry changed since it was indexed")
        elif item.rel_path in files:
            if current_extractor:
                _check_cached(item.rel_path, files[item.rel_path], cache, report)
            if item.path.suffix.lower() == ".pdf":
                _check_pdf_pages(item.rel_path, item.path, files[item.rel_path], catalog, report)
    report.problems += [f"{rel}: indexed but no longer in the corpus" for rel in sorted(files) if rel not in present]
    report.problems += [f"{rel}: listed as unreadable but no longer in the corpus" for rel in sorted(failed)
                        if rel not in present]


def _check_cached(rel: str, entry: dict[str, Any], cache: ExtractionCache, report: CheckReport) -> None:
    """The cached extraction the index was made from vouches for this file's bytes.

    No cached entry is not a problem (the cache may be cleared; ``--rebuild`` extracts again).
    An entry that records other bytes than its key is one: ``--rebuild`` extracts the file again
    (an entry that does not vouch for its key is never used)."""
    modes = [entry["ocr"]] if entry.get("ocr") in OCR_MODES else list(OCR_MODES)
    for ocr in modes:
        recorded = cache.recorded_source(entry["sha256"], ocr)
        if recorded is None:
            continue
        if recorded != entry["sha256"]:
            report.problems.append(f"{rel}: its cached extraction was made from other bytes than the file "
                                   f"(recorded {recorded[:12] or 'nothing'}, file {entry['sha256'][:12]}); "
                                   "run indexer.py --rebuild")
        return


def _check_pdf_pages(rel: str, path: Path, entry: dict[str, Any], catalog: dict[str, Any],
                     report: CheckReport) -> None:
    """The PDF's own page count against the index's (skipped when pdfium cannot open the file)."""
    try:
        import pypdfium2

        password = getattr(catalog.get(rel), "password", None) or None
        document = pypdfium2.PdfDocument(str(path), password=password)
        try:
            count = len(document)
        finally:
            document.close()
    except Exception:  # noqa: BLE001 - pdfminer read it; pdfium's opinion is only a cross-check
        return
    if count != entry.get("pages"):
        report.problems.append(f"{rel}: the file has {count} pages, the index {entry.get('pages')}")


def render_check(report: CheckReport) -> str:
    """One line per problem, the files the index could not read, then a verdict (names escaped)."""
    lines = [f"drift: {printable(problem)}" for problem in report.problems]
    lines += [f"not indexed: {printable(rel)}: {printable(reason)}" for rel, reason in report.failed.items()]
    lines += [f"skipped: {printable(rel)}: {printable(reason)}" for rel, reason in report.skipped.items()]
    where = f"generation {report.generation}" if report.generation else "the index"
    if report.consistent:
        lines.append(f"OK: {where} matches the corpus ({report.documents} documents, {report.pages} pages).")
    else:
        count = len(report.problems)
        lines.append(f"DRIFT: {where} does not match the corpus: {count} problem{'s' if count != 1 else ''}.")
    return "\n".join(lines)

"""Ingest the corpus folder into the search index.

    python indexer.py [--corpus DIR] [--index DIR] [--ocr auto|never|always] [--rebuild]
    python indexer.py --extract FILE [--json] [--password PW]
    python indexer.py --check [--json]

The first form brings the index in line with the corpus (only new or changed files are
read). The second shows, without touching the index, the text of one file exactly as it
would be indexed: how a volunteer finds out why a document is not found.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from search.catalog import CatalogError
from search.cli import run
from search.config import load_settings
from search.ingest import IngestError, IngestOptions, IngestReport, ingest, printable
from search.models import ExtractionError
from search.store import StoreError
from search.workers import DEFAULT_TIMEOUT_S, SECONDS_PER_PAGE, SPLIT_PAGES_ENV, Limits, split_pages_setting


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Index the Chicago 400 library.")
    parser.add_argument("--corpus", help="documents folder (default: $C400_CORPUS_DIR or corpus/)")
    parser.add_argument("--index", help="index folder (default: $C400_INDEX_DIR or instance/index)")
    parser.add_argument("--ocr", choices=("auto", "never", "always"), default="auto",
                        help="OCR pages without usable text (default auto)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch (reuses the cache)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="extraction processes")
    parser.add_argument("--timeout", type=float, default=None,
                        help=f"seconds allowed per file (default: {DEFAULT_TIMEOUT_S} s plus {SECONDS_PER_PAGE:g} s "
                             "per page of a PDF)")
    parser.add_argument("--split-pages", type=int, default=None, metavar="N",
                        help=f"read PDFs of more than N pages in ranges of at most N pages, in parallel "
                             f"(default: ${SPLIT_PAGES_ENV} or 1000; 0 never splits)")
    parser.add_argument("--no-wait", action="store_true", help="fail instead of waiting for another indexer")
    parser.add_argument("--check", action="store_true",
                        help="verify the index against the corpus; exit 1 on drift (writes nothing)")
    parser.add_argument("--extract", metavar="FILE", help="show one file's extracted text; the index is untouched")
    parser.add_argument("--password", help="with --extract: the PDF's password")
    parser.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _progress_printer():
    """A tqdm bar on a terminal; plain log lines otherwise."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = None

        def on_terminal(path: str, done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, unit="job", desc="extracting", file=sys.stderr)
            bar.total = total  # a long PDF adds its page ranges once it has been opened
            bar.set_postfix_str(printable(path)[-40:], refresh=False)
            bar.update(1)
            if done == total:
                bar.close()

        return on_terminal

    def on_log(path: str, done: int, total: int) -> None:
        print(f"extracted {done}/{total}: {printable(path)}", file=sys.stderr, flush=True)

    return on_log


def summarize(report: IngestReport) -> str:
    """The run in a few lines: one per file that failed, was skipped or has a warning (names escaped)."""
    if report.up_to_date:
        head = (f"Index is up to date: {report.documents} documents, {report.pages} pages; "
                f"nothing extracted ({report.seconds:.2f} s).")
    else:
        head = (f"Indexed {report.documents} documents ({report.pages} pages) in {report.seconds:.1f} s: "
                f"{len(report.added)} added, {len(report.changed)} changed, {len(report.removed)} removed, "
                f"{report.unchanged} unchanged; {report.extracted} extracted, {report.from_cache} from cache.")
    lines = [head]
    if report.failed:
        lines.append(f"Not indexed ({len(report.failed)}):")
        lines += [f"  {printable(path)}: {printable(reason)}" for path, reason in report.failed.items()]
    if report.skipped:
        lines.append(f"Skipped ({len(report.skipped)}):")
        lines += [f"  {printable(path)}: {printable(reason)}" for path, reason in report.skipped.items()]
    if report.catalog:
        lines.append(f"Catalog ({len(report.catalog)}):")
        lines += [f"  {printable(line)}" for line in report.catalog]
    if report.warnings:
        lines.append("Warnings:")
        lines += [f"  {printable(path)}: {printable(warning)}" for path, warnings in report.warnings.items()
                  for warning in warnings]
    return "\n".join(lines)


def extract_one(path_text: str, password: str | None, ocr: str, ocr_cache: Path, as_json: bool) -> int:
    from search.extract import extract_file, render_report

    path = Path(path_text)
    if not path.is_file():
        print(f"error: {printable(path_text)}: no such file", file=sys.stderr)
        return 1
    try:
        extraction = extract_file(path, rel_path=printable(path_text), password=password, ocr=ocr,
                                  ocr_cache_dir=ocr_cache)
    except ExtractionError as error:
        print(f"error: {printable(path_text)}: {printable(str(error))}", file=sys.stderr)
        return 1
    print(json.dumps(extraction.to_json(), indent=2, ensure_ascii=False) if as_json else render_report(extraction))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings(args.corpus, args.index)
    if args.extract:
        return extract_one(args.extract, args.password, args.ocr, settings.cache_dir / "ocr", args.json)
    if args.check:
        from search.check import check_index, render_check

        checked = check_index(settings)
        print(json.dumps(checked.to_json(), indent=2) if args.json else render_check(checked))
        return 0 if checked.consistent else 1
    try:
        split_pages = split_pages_setting() if args.split_pages is None else args.split_pages
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if split_pages < 0:
        print("error: --split-pages must be 0 (never split) or a number of pages", file=sys.stderr)
        return 2
    options = IngestOptions(
        ocr=args.ocr,
        rebuild=args.rebuild,
        wait_for_lock=not args.no_wait,
        limits=Limits(processes=max(1, args.jobs), timeout_s=args.timeout, split_pages=split_pages),
    )
    try:
        report = ingest(settings, options, progress=_progress_printer())
    except (IngestError, StoreError, CatalogError) as error:
        print(f"error: {printable(str(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the previous index is unchanged and still searchable", file=sys.stderr)
        return 130
    print(json.dumps(report.to_json(), indent=2) if args.json else summarize(report))
    return 0


if __name__ == "__main__":
    run(main)

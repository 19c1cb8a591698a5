"""Ingest: pages/s end to end (extraction + indexing) and peak memory of the process tree.

    python -m bench.ingest --pages 1000 [--big-pdf 1000] [--jobs 2] [--engines whoosh tantivy]
                           [--split-pages N] [--cold-only]

Generates a folder of text PDFs (bench.corpus), then runs ``indexer.py`` three times in a
fresh index folder: cold (everything extracted and indexed), unchanged (nothing to do:
scan, hash check, manifest), and ``--rebuild`` (re-index from the extraction cache, no
extraction), once per engine named (default: both; the cold run of the second engine reuses
nothing but the generated PDFs: each engine has its own index folder and extraction cache).
``--split-pages`` is passed to the indexer (PDFs of more pages are read in page ranges by
several workers; 0 reads every file whole, as before ranges existed); ``--cold-only`` skips
the two later runs. ``--pages 0 --big-pdf 2000`` times one long PDF alone.
Memory is the sum of the RSS of the indexer and all its worker processes,
sampled every 50 ms, so short-lived workers count.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from bench.common import ENGINES, PROJECT_ROOT, PYTHON, WORK_DIR, TreeMemory, ratio, table
from bench.corpus import write_pdfs


def pdf_corpus(pages: int, big_pdf: int, seed: int = 400) -> Path:
    folder = WORK_DIR / f"pdf-{pages}-big{big_pdf}-s{seed}"
    if not (folder / "catalog.toml").exists():
        started = time.perf_counter()
        write_pdfs(pages, folder, seed, big_pdf)
        print(f"generated {pages + big_pdf} PDF pages in {time.perf_counter() - started:.0f} s")
    return folder


def run_indexer(corpus: Path, index: Path, jobs: int, *extra: str, engine: str | None = None) -> dict:
    command = [PYTHON, "indexer.py", "--corpus", str(corpus), "--index", str(index), "--jobs", str(jobs),
               "--ocr", "never", "--json", *extra]
    env = {**os.environ, **({"C400_ENGINE": engine} if engine else {})}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env=env)
    with TreeMemory(process.pid) as memory:
        output, _ = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"indexer failed ({process.returncode}): {output[-500:]}")
    report = json.loads(output)
    return {"seconds": seconds, "peak_mb": memory.peak_bytes / 2**20, "pages": report["pages"],
            "documents": report["documents"], "failed": len(report["failed"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--big-pdf", type=int, default=0, help="add one PDF of this many pages")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--engines", nargs="+", default=list(ENGINES))
    parser.add_argument("--split-pages", type=int, default=None,
                        help="the indexer's --split-pages (default: its own, $C400_SPLIT_PAGES or 1000)")
    parser.add_argument("--cold-only", action="store_true", help="only the cold run")
    args = parser.parse_args(argv)
    split = () if args.split_pages is None else ("--split-pages", str(args.split_pages))
    runs = (("cold", ()), ("unchanged", ()), ("rebuild from cache", ("--rebuild",)))
    if args.cold_only:
        runs = runs[:1]
    corpus = pdf_corpus(args.pages, args.big_pdf)
    rows = []
    for engine in args.engines:
        index = WORK_DIR / f"ingest-index-{args.pages}-big{args.big_pdf}-{engine}"
        shutil.rmtree(index, ignore_errors=True)
        for label, extra in runs:
            result = run_indexer(corpus, index, args.jobs, *split, *extra, engine=engine)
            rows.append({"engine": engine, "run": label, **result, "pages/s": result["pages"] / result["seconds"]})
    print(table(rows, ["engine", "run", "documents", "pages", "failed", "seconds", "pages/s", "peak_mb"]))
    first, *others = args.engines
    for label in [label for label, _ in runs if label != "unchanged"]:
        mine = next(row for row in rows if row["engine"] == first and row["run"] == label)
        for other in others:
            theirs = next(row for row in rows if row["engine"] == other and row["run"] == label)
            print(f"{label}: pages/s {other} / {first} = {ratio(theirs['pages/s'], mine['pages/s'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

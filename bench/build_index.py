"""Build a search index straight from generated text, skipping PDF extraction.

    python -m bench.build_index --pages 100000 [--engines whoosh tantivy]

Used by the search and load benchmarks: at 100,000 pages extraction would take an hour
and measure nothing about searching. Records go through the engine writer exactly as the
ingest writes them (search/engines/base.py ``EngineWriter`` with ``DocumentRecord``), and the
generation is published through the store so ``SearchService`` opens it as it would a
real index. The annotate stage (citations, dockets) is skipped: eyecite over 45 million
words would dominate the build and the keyword fields are small next to the text.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.common import ENGINES, WORK_DIR, engine_env, ratio
from bench.corpus import GeneratedDoc, read_text, text_corpus
from search.engines import get_engine
from search.fields import all_fields
from search.language import document_language
from search.manifest import Manifest
from search.models import DocumentRecord, PageText, SearchRequest
from search.records import document_id
from search.service import SearchService
from search.store import IndexStore


def to_record(doc: GeneratedDoc) -> DocumentRecord:
    """The record the ingest would write, with each table field's default as ``search/records.py``
    gives it (``visibility`` public: without it no visitor's search would find anything), and the
    language of its first page."""
    defaults = {item.name: item.default for item in all_fields() if item.default}
    return DocumentRecord(
        id=document_id(doc.rel_path), path=doc.rel_path, sha256="0" * 64, title=doc.title,
        doc_type=doc.doc_type, date=doc.date, court=doc.court, case_name="", case_number=doc.case_number,
        source_url="", summary="", pages=[PageText(i, text) for i, text in enumerate(doc.pages, start=1)],
        extra={**defaults, "language": document_language(doc.pages[:1])},
    )


def index_dir_for(pages: int, seed: int = 400, engine: str | None = None) -> Path:
    name = get_engine(engine).name
    return WORK_DIR / (f"index-{pages}-s{seed}" if name == "whoosh" else f"index-{pages}-s{seed}-{name}")


def build(pages: int, seed: int = 400, force: bool = False, engine: str | None = None) -> tuple[Path, float | None]:
    """The index folder for ``pages`` pages with ``engine`` (default: ``C400_ENGINE``), and the
    build rate in pages/s (None when reused)."""
    index_dir = index_dir_for(pages, seed, engine)
    engine = get_engine(engine)
    store = IndexStore(index_dir)
    manifest = store.manifest() or Manifest()
    if not force and (manifest.engine, manifest.schema_version, manifest.pages) == (engine.name, engine.schema_version,
                                                                                   pages) \
            and public_documents(index_dir, engine.name) == manifest.documents:
        return index_dir, None
    source = text_corpus(pages, seed)
    store.prepare()
    building = store.new_generation(copy_from=None)
    started = time.perf_counter()
    writer = engine.writer(building, fresh=True)
    documents = 0
    for doc in read_text(source):
        writer.add(to_record(doc))
        documents += 1
    writer.commit()
    seconds = time.perf_counter() - started
    store.publish(building, Manifest(engine=engine.name, schema_version=engine.schema_version, documents=documents,
                                     pages=pages))
    if (seen := public_documents(index_dir, engine.name)) != documents:
        raise SystemExit(f"{index_dir}: a visitor sees {seen} of {documents} documents; "
                         "the benchmarks would time empty searches")
    return index_dir, pages / seconds


def public_documents(index_dir: Path, engine: str) -> int:
    """How many documents a visitor's empty search lists (an index built before ``visibility``
    had a default in ``to_record`` shows none, and is rebuilt)."""
    with engine_env(engine):
        return SearchService(index_dir, result_cache=0).search(SearchRequest("")).total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=400)
    parser.add_argument("--force", action="store_true", help="rebuild even if an index of this size exists")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), help="engines to build with, side by side")
    args = parser.parse_args(argv)
    rates: dict[str, float] = {}
    for engine in args.engines:
        index_dir, rate = build(args.pages, args.seed, args.force, engine)
        print(f"{engine}: index of {args.pages} pages at {index_dir}"
              + (f": built at {rate:.0f} pages/s" if rate else " (reused; --force to time a build)"))
        if rate:
            rates[engine] = rate
    if len(rates) > 1:
        first, *others = rates
        for other in others:
            print(f"build rate {other} / {first}: {ratio(rates[other], rates[first])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

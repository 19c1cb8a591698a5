"""A file replaced while an ingest runs never leaves its text under another file's hash.

The race, reproduced with the worker's ``before_read`` hook rather than with sleeps: the run
plans with the redacted file, a volunteer copies the unredacted one over it before the worker
reads it, then puts the redacted one back (same bytes, same mtime). Before the fix the
manifest paired the redacted file's hash with the unredacted text, so the next run said "up
to date", ``--check`` found nothing and ``--rebuild`` served the hidden words from the cache.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

from search.cache import ExtractionCache, file_sha256
from search.check import check_index
from search.config import Settings
from search.ingest import EXTRACTION_VERSION, IngestOptions, ingest
from search.models import SearchRequest
from search.service import SearchService
from search.store import IndexStore
from tests.conftest import write_pdf

SECRET = "Quagmirestreet"


def found(settings: Settings, word: str) -> list[str]:
    return [hit.path for hit in SearchService(settings.index_dir).search(SearchRequest(word)).results]


def swap_before_reading(target: Path, replacement: Path):
    """A hook that puts ``replacement`` in place of ``target`` just before the worker reads it."""

    def hook(job) -> None:
        if Path(job.path) == target:
            os.replace(replacement, target)

    return hook


def test_a_file_swapped_between_planning_and_reading_is_indexed_as_the_bytes_read(indexed: Settings,
                                                                                 tmp_path: Path) -> None:
    target = indexed.corpus_dir / "order.pdf"
    write_pdf(target, ["Order on the motion. The address of the informant is redacted."])
    redacted_copy = tmp_path / "redacted.pdf"
    shutil.copy2(target, redacted_copy)
    unredacted = write_pdf(tmp_path / "unredacted.pdf", [f"Order on the motion. The informant lives on {SECRET}."])

    report = ingest(indexed, IngestOptions(before_read=swap_before_reading(target, unredacted)))
    assert report.changed == ["order.pdf"]
    entry = IndexStore(indexed.index_dir).manifest().files["order.pdf"]
    assert entry.sha256 == file_sha256(target), "the manifest names the bytes that were extracted"
    assert found(indexed, SECRET) == ["order.pdf"]  # the file really was the unredacted one then

    shutil.copy2(redacted_copy, target)  # put back: same bytes and mtime as when the run was planned
    assert any(line.startswith("order.pdf: changed since") for line in check_index(indexed).problems)
    report = ingest(indexed)
    assert report.changed == ["order.pdf"] and not report.up_to_date
    assert found(indexed, SECRET) == []
    assert check_index(indexed).consistent

    ingest(indexed, IngestOptions(rebuild=True))
    assert found(indexed, SECRET) == [] and found(indexed, "redacted") == ["order.pdf"]


def test_every_cached_text_is_keyed_by_the_hash_of_the_bytes_it_was_read_from(indexed: Settings,
                                                                            tmp_path: Path) -> None:
    target = indexed.corpus_dir / "order.pdf"
    write_pdf(target, ["A new order."])
    replacement = write_pdf(tmp_path / "other.pdf", [f"Another order about {SECRET}."])
    ingest(indexed, IngestOptions(before_read=swap_before_reading(target, replacement)))
    cache = ExtractionCache(indexed.cache_dir, EXTRACTION_VERSION)
    for path in cache.root.rglob("*.json.gz"):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        assert path.name.startswith(data["source_sha256"])
        assert (SECRET in json.dumps(data)) == (data["source_sha256"] == file_sha256(target))


def test_check_reports_a_cached_text_that_names_other_bytes_and_rebuild_replaces_it(indexed: Settings) -> None:
    manifest = IndexStore(indexed.index_dir).manifest()
    entry = manifest.files["order.pdf"]
    cache = ExtractionCache(indexed.cache_dir, EXTRACTION_VERSION)
    path = cache.path_for(entry.sha256, entry.ocr)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    data["source_sha256"] = "0" * 64  # an entry written for other bytes than its key
    data["pages"][0]["text"] = SECRET
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(data, handle)

    problems = check_index(indexed).problems
    assert [p for p in problems if p.startswith("order.pdf: its cached extraction was made from other bytes")]
    report = ingest(indexed, IngestOptions(rebuild=True))
    assert report.extracted == 1 and report.from_cache == 1
    assert found(indexed, SECRET) == []
    assert check_index(indexed).consistent


def test_an_index_made_by_an_older_cache_format_is_drift_and_a_normal_run_makes_it_again(indexed: Settings) -> None:
    store = IndexStore(indexed.index_dir)
    manifest = store.manifest()
    manifest.extractor_version = EXTRACTION_VERSION.split(".c")[0]  # as main wrote it: no cache format
    store.touch_manifest(manifest)
    assert any(line.startswith("index: extracted by version") for line in check_index(indexed).problems)
    report = ingest(indexed)  # from verified entries only: older ones are never read
    assert sorted(report.changed) == ["briefs/amicus.pdf", "order.pdf"] and not report.up_to_date
    assert check_index(indexed).consistent

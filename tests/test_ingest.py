"""Ingest: incremental, atomic, and never stopped by one bad file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from search.config import load_settings
from search.ingest import IngestError, IngestOptions, ingest
from search.models import SearchRequest
from search.service import SearchService
from search.store import IndexStore, StoreError
from search.workers import SPLIT_PAGES_ENV, Limits
from tests.conftest import PROJECT_ROOT, write_pdf

pytestmark = pytest.mark.usefixtures("engine")  # builds an index: runs once per engine


def titles(settings, query: str) -> list[str]:
    results = SearchService(settings.index_dir).search(SearchRequest(query))
    return [hit.title for hit in results.results]


def test_first_ingest_indexes_every_page_with_catalog_metadata(settings):
    report = ingest(settings)
    assert (report.documents, report.pages, len(report.added)) == (2, 6, 2)
    service = SearchService(settings.index_dir)
    hit = service.search(SearchRequest('"host site"')).results[0]
    assert hit.title == "Murphy v. Raoul injunction order"
    assert (hit.doc_type, hit.date, hit.case_number) == ("order", "2020-03-01", "16 C 11471")
    assert [page.page for page in hit.pages] == [2, 3]


def test_a_file_without_catalog_entry_gets_metadata_from_the_file(indexed):
    hit = SearchService(indexed.index_dir).search(SearchRequest("banish")).results[0]
    assert hit.path == "briefs/amicus.pdf"
    assert hit.doc_type == "amicus brief"
    assert hit.title


def test_a_second_run_over_an_unchanged_corpus_extracts_nothing(indexed):
    report = ingest(indexed)
    assert report.up_to_date and report.extracted == 0 and report.documents == 2


def test_a_changed_file_is_replaced_and_only_it_is_extracted(indexed):
    write_pdf(indexed.corpus_dir / "order.pdf", ["A new order about shelters near schools."])
    report = ingest(indexed)
    assert report.changed == ["order.pdf"] and report.extracted == 1
    assert titles(indexed, "shelters") == ["Murphy v. Raoul injunction order"]
    assert titles(indexed, '"host site"') == []


def test_a_deleted_file_is_removed_from_the_index(indexed):
    (indexed.corpus_dir / "briefs" / "amicus.pdf").unlink()
    report = ingest(indexed)
    assert report.removed == ["briefs/amicus.pdf"] and report.documents == 1
    assert titles(indexed, "banish") == []


def test_editing_the_catalog_updates_metadata_without_extracting_again(indexed):
    catalog = indexed.corpus_dir / "catalog.toml"
    catalog.write_text(catalog.read_text().replace("injunction order", "order (2020)"))
    report = ingest(indexed)
    assert report.changed == ["order.pdf"] and report.extracted == 0 and report.from_cache == 1
    assert titles(indexed, '"host site"') == ["Murphy v. Raoul order (2020)"]


def test_broken_files_are_listed_and_do_not_stop_the_ingest(settings):
    (settings.corpus_dir / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage\n%%EOF")
    (settings.corpus_dir / "notes.pdf").write_text("just some text named .pdf")
    report = ingest(settings)
    assert report.documents == 2
    assert set(report.failed) == {"corrupt.pdf", "notes.pdf"}
    assert all(reason and "\n" not in reason for reason in report.failed.values())
    again = ingest(settings)
    assert again.up_to_date and set(again.failed) == {"corrupt.pdf", "notes.pdf"}


def test_an_empty_corpus_gives_an_empty_index(tmp_path):
    (tmp_path / "empty").mkdir()
    report = ingest(load_settings(tmp_path / "empty", tmp_path / "index"))
    assert report.documents == 0 and not report.failed


def test_a_missing_corpus_folder_is_one_clear_error(tmp_path):
    with pytest.raises(IngestError, match="corpus folder not found"):
        ingest(load_settings(tmp_path / "nope", tmp_path / "index"))


def test_an_interrupted_ingest_leaves_the_previous_index_searchable(indexed, monkeypatch):
    store = IndexStore(indexed.index_dir)
    before = store.current_name()
    write_pdf(indexed.corpus_dir / "new.pdf", ["Weekly in-person reporting for people without a fixed residence."])

    from search.engines import get_engine

    def interrupt(self, record):
        raise KeyboardInterrupt

    engine_class = type(get_engine())
    open_writer = engine_class.writer

    def writer(self, generation, *, fresh):
        opened = open_writer(self, generation, fresh=fresh)
        patch.setattr(type(opened), "add", interrupt)
        return opened

    with monkeypatch.context() as patch:
        patch.setattr(engine_class, "writer", writer)
        with pytest.raises(KeyboardInterrupt):
            ingest(indexed)
    assert store.current_name() == before
    assert titles(indexed, '"host site"') == ["Murphy v. Raoul injunction order"]
    assert not list(store.generations.glob(".building-*"))
    report = ingest(indexed)
    assert report.added == ["new.pdf"] and report.documents == 3
    assert len(titles(indexed, "weekly reporting")) == 1


def test_a_second_indexer_is_told_that_one_is_running(indexed):
    store = IndexStore(indexed.index_dir)
    with store.writer_lock(), pytest.raises(StoreError, match="another indexer is running"):
        ingest(indexed, IngestOptions(wait_for_lock=False))


def test_a_schema_change_rebuilds_from_the_cache_without_extracting(indexed, monkeypatch):
    from search.engines import get_engine

    monkeypatch.setattr(type(get_engine()), "schema_version", 999)
    report = ingest(indexed)
    assert report.extracted == 0 and report.from_cache == 2 and report.documents == 2
    assert titles(indexed, "banish")


def test_an_unwritable_index_folder_is_one_clear_error(corpus, tmp_path):
    if os.geteuid() == 0:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        target = blocker / "index"
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "index"
    result = subprocess.run(
        [sys.executable, "indexer.py", "--corpus", str(corpus), "--index", str(target)],
        cwd=PROJECT_ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "not writable" in result.stderr


def test_the_indexer_command_summarises_failures_one_line_each(corpus, tmp_path):
    (corpus / "empty.pdf").write_bytes(b"")
    command = [sys.executable, "indexer.py", "--corpus", str(corpus), "--index", str(tmp_path / "ix")]
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Indexed 2 documents (6 pages)" in result.stdout
    assert "  empty.pdf: " in result.stdout
    again = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert "Index is up to date" in again.stdout and "nothing extracted" in again.stdout


def test_a_symlink_leaving_the_corpus_is_not_followed(settings, tmp_path):
    outside = write_pdf(tmp_path / "outside" / "secret.pdf", ["private words outside the corpus"])
    Path(settings.corpus_dir / "link.pdf").symlink_to(outside)
    report = ingest(settings)
    assert "link.pdf" in report.skipped
    assert titles(settings, "private") == []


def test_a_new_extractor_version_reads_every_file_again(indexed, monkeypatch):
    from search import ingest as ingest_module

    monkeypatch.setattr(ingest_module, "EXTRACTION_VERSION", "next")
    report = ingest(indexed)
    assert report.extracted == 2 and sorted(report.changed) == ["briefs/amicus.pdf", "order.pdf"]
    assert ingest(indexed).up_to_date


def test_a_file_that_vanishes_during_the_run_is_skipped_with_a_reason(settings, monkeypatch):
    from search import ingest as ingest_module

    real_hash = ingest_module.file_sha256

    def vanish(path):
        if path.name == "order.pdf":
            raise FileNotFoundError(2, "No such file or directory")
        return real_hash(path)

    monkeypatch.setattr(ingest_module, "file_sha256", vanish)
    report = ingest(settings)
    assert report.documents == 1 and "No such file" in report.skipped["order.pdf"]


def never_finishes(monkeypatch, name: str = "long.pdf") -> None:
    """The worker (forked, so it inherits the patch) hangs after reading ``name`` until the time
    limit stops it: the limit is tested without depending on how fast this machine extracts."""
    import threading

    import search.annotate

    annotate = search.annotate.annotate

    def hang(extraction):
        return threading.Event().wait() if extraction.path.endswith(name) else annotate(extraction)

    monkeypatch.setattr(search.annotate, "annotate", hang)


def only_a_long_file(settings, monkeypatch) -> None:
    """The corpus holds just ``long.pdf`` (5,000 pages): the other files would get the same few
    seconds' limit, which a loaded machine can miss while long.pdf is being read beside them.
    It is read whole (``C400_SPLIT_PAGES=0``): these tests are about the limit of one job."""
    from tests.robustness import pdfs

    monkeypatch.setenv(SPLIT_PAGES_ENV, "0")
    for path in list(settings.corpus_dir.rglob("*")):
        if path.is_file():
            path.unlink()
    pdfs.many_pages(settings.corpus_dir / "long.pdf", 5000)


def test_the_default_time_limit_grows_with_the_page_count_the_worker_reports(settings, monkeypatch):
    import search.workers as workers

    assert Limits().limit_for(10_000) > Limits().limit_for(100) > Limits().limit_for(None) == workers.DEFAULT_TIMEOUT_S
    assert Limits(timeout_s=30).limit_for(10_000) == 30
    monkeypatch.setattr(workers, "DEFAULT_TIMEOUT_S", 5)  # the other files need a few seconds at most
    monkeypatch.setattr(workers, "SECONDS_PER_PAGE", 0.0002)
    never_finishes(monkeypatch)
    only_a_long_file(settings, monkeypatch)
    report = ingest(settings, IngestOptions(limits=Limits(processes=2)))
    assert report.failed == {"long.pdf": "extraction took longer than 6 s (the limit for 5,000 pages) and was stopped"}


def test_a_file_that_ran_out_of_time_is_tried_again_when_the_limit_changes(settings, monkeypatch):

    never_finishes(monkeypatch)
    only_a_long_file(settings, monkeypatch)
    first = ingest(settings, IngestOptions(limits=Limits(processes=2, timeout_s=5)))
    assert first.failed == {"long.pdf": "extraction took longer than 5 s and was stopped"}
    same = ingest(settings, IngestOptions(limits=Limits(processes=2, timeout_s=5)))
    assert same.up_to_date and same.extracted == 0 and "long.pdf" in same.failed
    longer = ingest(settings, IngestOptions(limits=Limits(processes=2, timeout_s=6)))
    assert not longer.up_to_date
    assert longer.failed == {"long.pdf": "extraction took longer than 6 s and was stopped"}
    assert IndexStore(settings.index_dir).manifest().failed["long.pdf"].timeout == "6"

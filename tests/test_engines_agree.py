"""Whoosh and tantivy, fed the same corpus, answer the same: totals, facets, documents, suggestions.

The rest of the suite runs once per engine (``scripts/test.sh``); this file puts the two side
by side in one run, on queries chosen for where their query languages differ (slop, fuzzy,
prefix, ranges, exclusion, citations, case numbers), and checks what only the tantivy engine
has to get right itself (its spelling counts across incremental updates, a cancelled write).
"""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from search.config import load_settings
from search.engines import get_engine, unavailable
from search.ingest import ingest
from search.models import SearchRequest
from search.query import Word
from search.service import SearchService
from tests.conftest import write_pdf

pytestmark = pytest.mark.skipif(bool(unavailable("tantivy")), reason=str(unavailable("tantivy")))

QUERIES = [
    "release", "host site", '"host site"', '"site host"~2', '"release past"~3', '"people release site"~6',
    "resid*", "amend*", "relese~1", "residncy~2", "registrants -housing", "NOT amendment", "release OR banish",
    "year:2020", "year:[2018 TO 2020]", "date:[2020-01-01 TO 2020-12-31]", "[2019 TO 2021]", "date:2020-03-01",
    "type:order", "court:illinois", "case:murphy", "title:injunction", "16 C 11471", "No. 16-cv-11471",
    "895 F.3d 515", "720 ILCS 5/11-9.3", "500-foot rule", "lawer", "banishment", "equal protection",
    # issue 12's forms: every document, wildcards, a bare ILCS section (cited_statutes), AND NOT, year ranges
    "", "resid?ncy", "rel?ase*", "rel?ase", "11-9.3", "§ 11-9.3", "registrants AND NOT housing", "year:>2019",
    "year:2018..2020",
]


def _service(corpus: Path, index_dir: Path, engine: str, monkeypatch) -> SearchService:
    monkeypatch.setenv("C400_ENGINE", engine)
    ingest(load_settings(corpus, index_dir))
    service = SearchService(index_dir, result_cache=0)
    service.reader()  # opened with this engine
    return service


def _answers(service: SearchService, engine: str, monkeypatch) -> dict[str, tuple]:
    monkeypatch.setenv("C400_ENGINE", engine)
    found = {}
    for query in QUERIES:
        results = service.search(SearchRequest(query, per_page=20))
        found[query] = (results.total, results.facets, sorted(hit.id for hit in results.results), results.suggestion,
                        results.notes)
    return found


def test_both_engines_give_the_same_totals_facets_documents_and_suggestions(corpus, tmp_path, monkeypatch):
    whoosh = _answers(_service(corpus, tmp_path / "whoosh", "whoosh", monkeypatch), "whoosh", monkeypatch)
    tantivy = _answers(_service(corpus, tmp_path / "tantivy", "tantivy", monkeypatch), "tantivy", monkeypatch)
    differing = {query: (whoosh[query], tantivy[query]) for query in QUERIES if whoosh[query] != tantivy[query]}
    assert not differing
    # the queries do find things: the words in reverse order, one letter off
    assert whoosh['"site host"~2'][0] == 1 and whoosh['"host site"'][0] == 1 and whoosh["relese~1"][0] >= 1
    # ... and the new forms too: every document, a wildcard, a bare section read as the statute cited
    assert whoosh[""][0] >= whoosh["release"][0] >= 1 and whoosh["rel?ase"][0] >= 1
    assert any("as 720 ILCS 5/11-9.3" in note for note in whoosh["11-9.3"][4]), whoosh["11-9.3"]


@pytest.mark.parametrize(("serving", "reindexed"), [("whoosh", "tantivy"), ("tantivy", "whoosh")])
def test_a_running_site_keeps_answering_when_the_index_is_rebuilt_with_the_other_engine(
        corpus, tmp_path, monkeypatch, serving, reindexed):
    """The operator switches engines (``C400_ENGINE=tantivy indexer.py``) while the site runs
    with the old one: the new generation is read by the engine that wrote it, not a 500."""
    service = _service(corpus, tmp_path / "index", serving, monkeypatch)
    before = service.search(SearchRequest("host site"))
    monkeypatch.setenv("C400_ENGINE", reindexed)
    ingest(load_settings(corpus, tmp_path / "index"))
    monkeypatch.setenv("C400_ENGINE", serving)  # the running site's setting is unchanged
    after = service.search(SearchRequest("host site"))
    assert type(service.reader()) is type(get_engine(reindexed).reader(service.store.current_path()))
    assert after.total == before.total == 1 and [hit.id for hit in after.results] == [hit.id for hit in before.results]


def _vocabulary(index_dir: Path) -> dict:
    current = (index_dir / "CURRENT").read_text().strip()
    return json.loads((index_dir / "generations" / current / "tantivy" / "vocabulary.json").read_text())


def test_spelling_counts_follow_changed_and_removed_files(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("C400_ENGINE", "tantivy")
    index_dir = tmp_path / "index"
    ingest(load_settings(corpus, index_dir))
    write_pdf(corpus / "order.pdf", ["ORDER on remand", "The zanzibarro rule is vacated."])
    (corpus / "briefs" / "amicus.pdf").unlink()
    ingest(load_settings(corpus, index_dir))
    updated = _vocabulary(index_dir)
    fresh_dir = tmp_path / "fresh"
    ingest(load_settings(corpus, fresh_dir))
    assert updated == _vocabulary(fresh_dir)
    assert "zanzibarro" in updated["words"] and "banish" not in updated["stems"]
    service = SearchService(index_dir, result_cache=0)
    assert service.search(SearchRequest("zanzibaro")).suggestion == "zanzibarro"
    assert service.search(SearchRequest("registrants")).total == 0


def test_a_cancelled_write_leaves_the_generation_as_it_was(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("C400_ENGINE", "tantivy")
    settings = load_settings(corpus, tmp_path / "index")
    ingest(settings)
    current = settings.index_dir / "generations" / (settings.index_dir / "CURRENT").read_text().strip()
    engine = get_engine("tantivy")
    before = engine.reader(current).match(Word("release"))
    copy = current.parent / "copy"
    shutil.copytree(current, copy)
    writer = engine.writer(copy, fresh=False)
    for meta in engine.reader(copy).documents():
        writer.delete(meta.id)
    writer.cancel()
    after = engine.reader(copy).match(Word("release"))
    assert after.total == before.total > 0
    assert [hit.doc_id for hit in after.hits] == [hit.doc_id for hit in before.hits]


def test_threads_share_one_tantivy_reader(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("C400_ENGINE", "tantivy")
    settings = load_settings(corpus, tmp_path / "index")
    ingest(settings)
    service = SearchService(settings.index_dir, result_cache=0)
    expected = service.search(SearchRequest('"host site" OR amendment')).total
    found: list[int] = []
    threads = [threading.Thread(target=lambda: found.append(service.search(SearchRequest('"host site" OR amendment'))
                                                             .total)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [expected] * 8 and expected > 0

"""The benchmark scripts run end to end on a 50-page corpus (no timings are checked)."""

from __future__ import annotations

import pytest

from bench import build_index, corpus
from bench.common import load_queries, percentiles
from bench.load import lua_script, parse_wrk
from bench.search_latency import time_in_process
from search.models import SearchRequest
from search.service import SearchService


@pytest.fixture
def work_dir(tmp_path, monkeypatch):
    for module in (corpus, build_index):
        monkeypatch.setattr(module, "WORK_DIR", tmp_path)
    return tmp_path


def test_generator_is_deterministic(work_dir) -> None:
    first = [doc.pages for doc in corpus.CorpusGenerator(50, seed=1).documents()]
    again = [doc.pages for doc in corpus.CorpusGenerator(50, seed=1).documents()]
    assert first == again
    assert sum(len(pages) for pages in first) == 50


def test_index_and_search_50_pages(work_dir) -> None:
    index_dir, rate = build_index.build(50)
    assert rate and (index_dir / "CURRENT").exists()
    # a visitor sees every generated document: the benchmarks time public searches with answers
    service = SearchService(index_dir, result_cache=0)
    assert service.search(SearchRequest("")).total == service.manifest().documents > 0
    samples, medians = time_in_process(index_dir, load_queries(limit=5), rounds=1)
    assert percentiles(samples)["n"] == 5 and len(medians) == 5


def test_pdf_corpus_and_wrk_helpers(work_dir) -> None:
    folder = corpus.write_pdfs(5, work_dir / "pdf")
    assert (folder / "catalog.toml").read_text().count("[[document]]") >= 1
    assert '"/api/search?q=' in lua_script(["host site"])
    assert parse_wrk("Requests/sec:   12.5\nNon-2xx or 3xx responses: 2\n") == {"requests_per_s": 12.5, "errors": 2}

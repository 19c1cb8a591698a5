"""A server that starts a thread per request (``flask run``) must not open a searcher per request."""

from __future__ import annotations

import threading

import pytest

from search.engines import get_engine
from search.models import SearchRequest
from search.service import SearchService

pytestmark = pytest.mark.usefixtures("engine")  # builds an index: runs once per engine


def test_short_lived_threads_take_over_the_searchers_of_ended_ones(indexed):
    if get_engine().name != "whoosh":
        pytest.skip("Whoosh keeps a searcher per thread; tantivy's reader shares one searcher between threads")
    service = SearchService(indexed.index_dir, result_cache=0)
    found: list[int] = []
    for _ in range(12):
        request = threading.Thread(target=lambda: found.append(service.search(SearchRequest("release")).total))
        request.start()
        request.join()
    assert found == [found[0]] * 12 and found[0] > 0
    assert len(service.reader()._owners) == 2  # one document searcher, one page searcher

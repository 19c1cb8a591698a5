"""The service remembers recent answers, and never serves one from an older index."""

from __future__ import annotations

import pytest

from search.ingest import ingest
from search.models import SearchRequest
from search.query import Everything
from search.service import SearchService

from .conftest import write_pdf

pytestmark = pytest.mark.usefixtures("engine")  # builds an index: runs once per engine


def paths(results) -> list[str]:
    return [hit.path for hit in results.results]


def counting_engine_calls(service: SearchService) -> list[str]:
    """Record each document match the engine is asked for (one per search done in full).

    Matches of everything are left out: once per generation the service counts the documents
    a visitor sees (``SearchService._spelling_filters``), which is not a search."""
    reader, calls = service.reader(), []
    match = reader.match

    def counted(query, **options):
        if not isinstance(query, Everything):
            calls.append(query)
        return match(query, **options)

    reader.match = counted
    return calls


def test_a_repeated_search_is_answered_from_memory(indexed):
    service = SearchService(indexed.index_dir)
    calls = counting_engine_calls(service)
    first = service.search(SearchRequest(query="release dates"))
    again = service.search(SearchRequest(query="release dates"))
    assert len(calls) == 1
    assert paths(again) == paths(first) == ["order.pdf"]
    assert again.results[0].pages == first.results[0].pages


def test_changing_a_returned_result_does_not_change_the_remembered_one(indexed):
    service = SearchService(indexed.index_dir)
    service.search(SearchRequest(query="release dates")).results.clear()
    assert paths(service.search(SearchRequest(query="release dates"))) == ["order.pdf"]


def test_different_filters_or_pages_are_different_searches(indexed):
    service = SearchService(indexed.index_dir)
    assert paths(service.search(SearchRequest(query="amendment"))) != []
    assert paths(service.search(SearchRequest(query="amendment", filters={"type": "brief"}))) == []


def test_a_new_index_generation_is_searched_afresh(indexed, corpus):
    service = SearchService(indexed.index_dir)
    assert paths(service.search(SearchRequest(query="turnaround"))) == []
    write_pdf(corpus / "memo.pdf", ["Memo on turnaround: people held past release for want of a host site."])
    ingest(indexed)
    assert paths(service.search(SearchRequest(query="turnaround"))) == ["memo.pdf"]


def test_the_cache_can_be_turned_off(indexed):
    service = SearchService(indexed.index_dir, result_cache=0)
    calls = counting_engine_calls(service)
    service.search(SearchRequest(query="release dates"))
    service.search(SearchRequest(query="release dates"))
    assert len(calls) == 2 and calls[0] == calls[1]

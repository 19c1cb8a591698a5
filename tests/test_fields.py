"""The fields table (search/fields.py) is the one place field facts are written."""

from __future__ import annotations

import pytest

from search.catalog import CatalogError, load_catalog
from search.fields import Filter, document_types, filters_from_params, query_aliases
from search.query import Word, parse_query

ISSUE_13_TYPES = ("opinion", "order", "judgment", "brief", "amicus brief", "motion", "complaint", "petition",
                  "notice", "letter", "form", "transcript", "docket", "memo", "guidance", "report",
                  "instructions", "map", "other")


def test_the_catalog_accepts_every_type_of_the_vocabulary(tmp_path):
    assert document_types() == ISSUE_13_TYPES
    entries = "".join(f'[[document]]\nfile = "{n}.pdf"\ndoc_type = "{t.title()}"\n'
                      for n, t in enumerate(document_types()))
    (tmp_path / "catalog.toml").write_text(entries, encoding="utf-8")
    assert [entry.doc_type for entry in load_catalog(tmp_path).values()] == list(ISSUE_13_TYPES)


def test_the_catalog_refuses_a_type_outside_the_vocabulary_naming_the_file(tmp_path):
    (tmp_path / "catalog.toml").write_text('[[document]]\nfile = "a.pdf"\ndoc_type = "novel"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"a\.pdf.*doc_type must be one of opinion, order, judgment"):
        load_catalog(tmp_path)


def test_query_aliases_name_fields_of_the_table():
    assert query_aliases()["case"] == "case_name" and query_aliases()["type"] == "doc_type"
    assert parse_query("case:reliable").root == Word("reliable", "case_name")
    assert parse_query("court:illinois").root == Word("illinois", "court")


def test_filters_come_from_parameters_by_kind():
    found = filters_from_params({"type": "Order", "court": "N.D. Ill.", "year": "2020", "date_from": "2019-01-01"})
    assert found == [Filter("doc_type", value="order"), Filter("court", value="N.D. Ill."),
                     Filter("year", value="2020"), Filter("date", low="2019-01-01")]
    assert filters_from_params({"year": "20x0", "date_to": "yesterday"}) == []


def test_case_name_is_searchable_and_shown_on_every_result(indexed):
    from search.models import SearchRequest
    from search.service import SearchService

    service = SearchService(indexed.index_dir)
    results = service.search(SearchRequest("case:raoul"))
    assert [hit.path for hit in results.results] == ["order.pdf"]
    assert results.results[0].case_name == "Murphy v. Raoul"
    assert results.to_json()["results"][0]["case_name"] == "Murphy v. Raoul"
    assert [hit.path for hit in service.search(SearchRequest('case:"16 C 11471"')).results] == ["order.pdf"]

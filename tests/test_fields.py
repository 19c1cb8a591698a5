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
    assert filters_from_params({"type": "Amicus-Briefs"}) == [Filter("doc_type", value="amicus brief")]
    assert filters_from_params({"type": "ordr"}) == []


def test_the_command_line_refuses_a_type_that_does_not_exist(capsys):
    from search.__main__ import main

    assert main(["host site", "--type", "memorandum"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: parameter '--type' must be one of opinion, order") and "'memorandum'" in error


def test_case_name_is_searchable_and_shown_on_every_result(indexed):
    from search.models import SearchRequest
    from search.service import SearchService

    service = SearchService(indexed.index_dir)
    results = service.search(SearchRequest("case:raoul"))
    assert [hit.path for hit in results.results] == ["order.pdf"]
    assert results.results[0].case_name == "Murphy v. Raoul"
    assert results.to_json()["results"][0]["case_name"] == "Murphy v. Raoul"
    assert [hit.path for hit in service.search(SearchRequest('case:"16 C 11471"')).results] == ["order.pdf"]


def test_a_catalog_field_added_as_a_facet_is_one_row(settings, monkeypatch):
    """One row in the table (and a value in the catalog) reaches the schema, the query
    language, the CLI, the web parameters, the facets, the results page and the OpenAPI."""
    from openapi_spec_validator import validate
    from werkzeug.datastructures import MultiDict

    from search import fields
    from search.__main__ import build_parser
    from search.ingest import ingest
    from search.models import SearchRequest
    from search.service import SearchService
    from tests.robustness.conftest import make_app
    from webapp.api import openapi_document
    from webapp.params import BadParameter, search_request

    row = fields.Field("jurisdiction", "Jurisdiction", "keyword", catalog="jurisdiction", param="jurisdiction",
                       facet=True, aliases=("jurisdiction",), result=True, description="Federal or state.")
    monkeypatch.setattr(fields, "FIELDS", (*fields.FIELDS, row))
    openapi_document.cache_clear()
    catalog = settings.corpus_dir / "catalog.toml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + 'jurisdiction = "federal"\n', encoding="utf-8")
    ingest(settings)
    service = SearchService(settings.index_dir)

    everything = service.search(SearchRequest("residency OR release"))
    assert everything.facets["jurisdiction"] == [{"value": "federal", "count": 1}]
    assert {hit.path: hit.to_json()["jurisdiction"] for hit in everything.results}["order.pdf"] == "federal"
    request = search_request(MultiDict({"q": "residency OR release", "jurisdiction": "federal"}))
    assert [hit.path for hit in service.search(request).results] == ["order.pdf"]
    assert [hit.path for hit in service.search(SearchRequest("jurisdiction:federal")).results] == ["order.pdf"]
    with pytest.raises(BadParameter, match="jurisdiction"):
        search_request(MultiDict({"q": "x", "jurisdiction": "f" * 300}))
    page = make_app(settings).test_client().get("/?q=residency+OR+release").get_data(as_text=True)
    assert "<h3>Jurisdiction</h3>" in page and "jurisdiction=federal" in page
    assert build_parser().parse_args(["--jurisdiction", "federal", "q"]).jurisdiction == "federal"
    try:
        spec = openapi_document()
        validate(spec)
        assert spec["components"]["parameters"]["jurisdiction"]["in"] == "query"
        assert {"$ref": "#/components/parameters/jurisdiction"} in spec["paths"]["/api/search"]["get"]["parameters"]
        assert "jurisdiction" in spec["components"]["schemas"]["DocumentHit"]["properties"]
    finally:
        openapi_document.cache_clear()


def test_the_readme_lists_the_fields_as_the_table_says():
    from search.config import PROJECT_ROOT
    from search.fields import readme_table

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_table() in readme, "README.md: paste search.fields.readme_table() under 'Fields'"
    assert ", ".join(document_types()) in readme


def test_every_type_the_guessing_rules_give_is_in_the_vocabulary():
    from search.records import _type_rules

    assert {doc_type for doc_type, _ in _type_rules()} <= set(document_types())

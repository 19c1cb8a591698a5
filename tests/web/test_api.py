"""The JSON twins, the OpenAPI description they follow, the CSV export and the rate limit."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from openapi_spec_validator import validate

from webapp import create_app
from webapp.api import openapi_document


def schema_of(name: str) -> dict:
    """A JSON Schema for one component of the OpenAPI document, its references resolvable."""
    spec = openapi_document()
    return {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}


def check(instance, name: str) -> None:
    jsonschema.Draft202012Validator(schema_of(name)).validate(instance)


def test_the_openapi_document_is_valid_and_served(client):
    validate(openapi_document())
    served = client.get("/api/openapi.json").get_json()
    assert served == openapi_document()
    assert {"/api/search", "/api/search.csv", "/api/documents/{doc_id}", "/api/documents/{doc_id}/pages/{page}",
            "/api/status"} <= set(served["paths"])


def test_search_responses_follow_the_schema(client):
    for url in ("/api/search?q=release", "/api/search?q=registrnts", "/api/search?q=zzyzx", '/api/search?q="host+site'):
        check(client.get(url).get_json(), "SearchResults")


def test_document_page_and_status_responses_follow_the_schema(client, doc_ids):
    for doc_id in doc_ids.values():
        check(client.get(f"/api/documents/{doc_id}").get_json(), "Document")
    check(client.get(f"/api/documents/{doc_ids['order.pdf']}/pages/2?q=host").get_json(), "Page")
    check(client.get("/api/status").get_json(), "Status")


def test_errors_follow_the_schema(client):
    for url, status in (("/api/search?q=*ment", 400), ("/api/documents/nope", 404), ("/api/nowhere", 404)):
        response = client.get(url)
        assert response.status_code == status
        check(response.get_json(), "Error")


def test_the_document_twin_has_notices_citations_and_page_citations(client, doc_ids):
    data = client.get(f"/api/documents/{doc_ids['memos/redacted.pdf']}").get_json()
    assert data["original_withheld"] is True
    assert data["notices"][0]["kind"] == "redaction"
    assert data["pages"][1] == {"page": 2, "ocr": False,
                                "citation": "Memorandum about shelter placements for people on the registry, at 2"}
    assert isinstance(data["citations"], list)


def test_the_status_twin_lists_failures_and_counts_redactions_only(client, doc_ids):
    """Issue 16 (4): the public status names no file with a failed redaction, only how many."""
    response = client.get("/api/status")
    data = response.get_json()
    assert data["documents"] == 4 and data["pages"] == 3 + 3 + 300 + 2
    assert data["failed"] == [{"path": "broken.pdf", "reason": data["failed"][0]["reason"]}]
    assert data["failed"][0]["reason"]
    assert data["redaction"] == {"files": 1, "pages": 1}
    text = response.get_data(as_text=True)
    assert "memos/redacted.pdf" not in text and doc_ids["memos/redacted.pdf"] not in text


def test_a_withheld_original_has_no_source_link_in_the_json(client, doc_ids):
    """Issue 16 (4): the catalog's source_url of a withheld original leads to the unredacted file."""
    data = client.get(f"/api/documents/{doc_ids['memos/redacted.pdf']}").get_json()
    assert data["original_withheld"] is True and data["source_url"] == ""
    assert "unredacted-memo" not in json.dumps(data)
    for other in ("briefs/amicus.pdf", "order.pdf"):
        similar = client.get(f"/api/documents/{doc_ids[other]}").get_json().get("more_like_this", [])
        assert "unredacted-memo" not in json.dumps(similar)
    brief = client.get(f"/api/documents/{doc_ids['briefs/amicus.pdf']}").get_json()
    assert brief["source_url"] == "https://example.org/vasquez-brief"


def read_csv(response) -> list[dict[str, str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_export_has_one_row_per_matching_page_without_html(client, doc_ids):
    response = client.get("/api/search.csv?q=%22host+site%22+OR+banish")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert list(rows[0]) == ["document", "page", "title", "type", "date", "court", "case_number", "citation",
                             "snippet", "url"]
    order_row = next(row for row in rows if row["document"] == doc_ids["order.pdf"])
    assert order_row["page"] == "2" and order_row["type"] == "order" and order_row["case_number"] == "16 C 11471"
    assert "host site" in order_row["snippet"] and "<mark>" not in order_row["snippet"]
    assert order_row["citation"] == "Murphy v. Raoul injunction order, at 2"
    assert order_row["url"].endswith(f"/documents/{doc_ids['order.pdf']}?q=%22host+site%22+OR+banish#page-2")


def test_csv_export_keeps_filters(client):
    rows = read_csv(client.get("/api/search.csv?q=registrants+OR+release&type=order"))
    assert {row["type"] for row in rows} == {"order"}


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(value):
    from webapp.export import spreadsheet_safe

    assert spreadsheet_safe(value) == "'" + value
    assert spreadsheet_safe("16 C 11471") == "16 C 11471"


def test_csv_export_neutralises_formulas_in_document_fields(client, web_app, monkeypatch):
    from search.models import DocumentHit, PageHit, SearchResults

    service = web_app.extensions["search"]
    hit = DocumentHit("d1", "a.pdf", "=cmd|' /C calc'!A0", "order", "", "@court", "-1", 1.0,
                      [PageHit(1, "+<mark>evil</mark> &amp; more")])
    monkeypatch.setattr(service, "search", lambda request: SearchResults("evil", 1, 1, 100, [hit]))
    row = read_csv(client.get("/api/search.csv?q=evil"))[0]
    assert row["title"] == "'=cmd|' /C calc'!A0" and row["court"] == "'@court" and row["case_number"] == "'-1"
    assert row["snippet"] == "'+evil & more"


@pytest.mark.parametrize("url", ["/api/search?q=x&per_page=101", "/api/search?q=x&page=1001",
                                 "/api/search.csv?q=x&per_page=500", "/api/search?q=x&date_from=yesterday"])
def test_out_of_bounds_parameters_are_refused(client, url):
    response = client.get(url)
    assert response.status_code == 400 and response.get_json()["error"]


@pytest.mark.parametrize("typed", ["order", "Order", "orders", "ORDERS"])
def test_a_type_filter_is_read_as_people_type_it(client, typed):
    results = client.get(f"/api/search?q=host+site&type={typed}").get_json()
    assert results["total"] >= 1 and {hit["doc_type"] for hit in results["results"]} == {"order"}
    page = client.get(f"/?q=host+site&type={typed}").get_data(as_text=True)
    assert "<li>Type: order <a" in " ".join(page.split())  # the filter shown as stored, not as typed


def test_a_type_that_does_not_exist_is_refused_with_the_types_that_do(client):
    response = client.get("/api/search?q=host+site&type=ordr")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert "'type'" in error and "order" in error and "amicus brief" in error and "ordr" in error
    page = client.get("/?q=host+site&type=ordr")
    assert page.status_code == 400 and b"must be one of" in page.data


def limited_client(web_index, monkeypatch, rate: str | None):
    if rate is None:
        monkeypatch.delenv("C400_RATE_LIMIT", raising=False)
    else:
        monkeypatch.setenv("C400_RATE_LIMIT", rate)
    app = create_app({"TESTING": True, "INDEX_DIR": web_index.index_dir, "CORPUS_DIR": web_index.corpus_dir})
    return app.test_client()


def test_the_api_is_rate_limited_per_client_with_a_json_429(web_index, monkeypatch):
    client = limited_client(web_index, monkeypatch, "3/minute")
    statuses = [client.get("/api/search?q=release").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/status")
    assert response.status_code == 429 and "Too many requests" in response.get_json()["error"]
    assert int(response.headers["Retry-After"]) > 0
    other = client.get("/api/status", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_html_search_pages_are_rate_limited_like_the_api(web_index, monkeypatch, doc_ids):
    """Issue 16: a costly query changed by one character each time bypassed the result cache,
    and the HTML routes had no limit at all."""
    client = limited_client(web_index, monkeypatch, "2/minute")
    statuses = [client.get(f"/?q=release{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    refused = client.get(f"/documents/{doc_ids['order.pdf']}?q=host")
    assert refused.status_code == 429 and refused.mimetype == "text/html"
    assert "Too many requests" in refused.get_data(as_text=True)
    assert client.get("/api/search?q=release").status_code == 200  # the API counts on its own
    assert client.get("/?q=release", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 200


def test_the_rate_limit_has_a_default_and_can_be_turned_off(web_index, monkeypatch):
    client = limited_client(web_index, monkeypatch, None)
    assert client.get("/api/status").headers["X-RateLimit-Limit"] == "120"
    client = limited_client(web_index, monkeypatch, "off")
    assert "X-RateLimit-Limit" not in client.get("/api/status").headers


def test_a_malformed_rate_limit_stops_the_app_at_start(web_index, monkeypatch):
    with pytest.raises(ValueError, match="C400_RATE_LIMIT"):
        limited_client(web_index, monkeypatch, "lots")

"""Browse the collection: /documents and its twins, case pages, the home page's list, and feeds."""

from __future__ import annotations

import csv
import io

import pytest


def test_the_list_holds_every_document_newest_first_with_counts(client):
    page = client.get("/documents")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "4 documents in the library" in html
    data = client.get("/api/documents").get_json()
    assert data["total"] == 4 and data["page"] == 1 and data["per_page"] == 20
    dates = [hit["date"] for hit in data["results"] if hit["date"]]
    assert dates == sorted(dates, reverse=True) and "2020-03-01" in dates
    assert {item["value"]: item["count"] for item in data["facets"]["doc_type"]}["order"] == 1
    order = next(hit for hit in data["results"] if hit["doc_type"] == "order")
    assert order["page_count"] == 3 and order["case_key"] == "16-cv-11471" and order["pages"] == []
    memo = next(hit for hit in data["results"] if hit["path"] == "memos/redacted.pdf")
    assert memo["notices"] == ["redaction"]
    assert "Possible failed redaction: original withheld" in html


def test_filter_sort_and_page_the_list(client):
    orders = client.get("/api/documents?type=Orders").get_json()
    assert [hit["title"] for hit in orders["results"]] == ["Murphy v. Raoul injunction order"]
    by_title = client.get("/api/documents?sort=title").get_json()["results"]
    titles = [hit["title"].casefold() for hit in by_title]
    assert titles == sorted(titles)
    second = client.get("/api/documents?sort=title&per_page=2&page=2").get_json()
    assert [hit["title"] for hit in second["results"]] == [hit["title"] for hit in by_title[2:4]]
    html = client.get("/documents?type=order").get_data(as_text=True)
    assert "1 document in this list" in html and "Murphy v. Raoul injunction order" in html
    assert "Long response" not in html
    assert client.get("/api/documents?sort=relevancy").status_code == 400
    assert "parameter 'sort'" in client.get("/api/documents?sort=nope").get_json()["error"]


def test_an_empty_search_with_filters_is_the_list(client):
    response = client.get("/?type=order")
    assert response.status_code == 303 and response.headers["Location"].endswith("/documents?type=order")
    assert client.get("/api/search?type=order").get_json()["total"] == 1  # the twin answers with the list too


def test_the_csv_has_one_row_per_document(client):
    response = client.get("/api/documents.csv?sort=title")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 4 and rows[0]["title"].casefold() <= rows[1]["title"].casefold()
    order = next(row for row in rows if row["type"] == "order")
    assert order["pages"] == "3" and order["url"].startswith("/documents/")


def test_the_home_page_links_the_list_newest_documents_and_types(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/documents"' in html and "Browse all 4 documents" in html
    assert 'href="/documents?type=order"' in html
    assert "Newest documents" in html and "Murphy v. Raoul injunction order" in html


def test_a_case_page_lists_the_case_and_is_linked_from_results_and_documents(client, doc_ids):
    page = client.get("/cases/16-cv-11471")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<h1>Murphy v. Raoul</h1>" in html and "Murphy v. Raoul injunction order" in html
    assert "Amicus brief" not in html
    assert client.get("/cases/99-cv-00000").status_code == 404
    assert client.get("/api/cases/16-cv-11471").get_json()["total"] == 1
    assert 'href="/cases/16-cv-11471"' in client.get("/?q=host").get_data(as_text=True)
    assert 'href="/cases/16-cv-11471"' in client.get(f"/documents/{doc_ids['order.pdf']}").get_data(as_text=True)


def test_the_document_twin_carries_the_page_text_by_range(client, doc_ids):
    data = client.get(f"/api/documents/{doc_ids['order.pdf']}?q=host").get_json()
    assert data["shown"] == {"first": 1, "last": 3}
    assert [page["page"] for page in data["text"]] == [1, 2, 3]
    assert "host site" in data["text"][1]["text"] and "<mark>host</mark>" in data["text"][1]["highlighted"]
    long_one = client.get(f"/api/documents/{doc_ids['filings/long-response.pdf']}?pages=251-300").get_json()
    assert long_one["shown"] == {"first": 251, "last": 300} and "curfew" in long_one["text"][29]["text"]
    assert client.get(f"/api/documents/{doc_ids['order.pdf']}?pages=9-12").status_code == 400


@pytest.mark.parametrize("url", ["/documents", "/cases/16-cv-11471", "/?q=host"])
def test_every_list_and_search_links_its_feed(client, url):
    html = client.get(url).get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert "Follow this search" in html and "feed reader" in html


def test_a_filter_is_removed_from_the_list_by_its_link(client):
    html = client.get("/documents?type=order&sort=title").get_data(as_text=True)
    assert '<a href="/documents?sort=title">remove<span class="visually-hidden"> the type filter</span></a>' in html


def test_every_new_route_reaches_documents_through_the_one_lookup_and_the_search_service(client, doc_ids,
                                                                                         monkeypatch):
    """What the service withholds from a request (a staff-only document, once visibility is a
    request-level filter) is withheld by every route: none of them reads the index on its own."""
    from search.service import SearchService

    hidden = doc_ids["order.pdf"]
    real_document, real_search = SearchService.document, SearchService.search
    asked: list[str] = []

    def document(self, doc_id):
        return None if doc_id == hidden else real_document(self, doc_id)

    def search(self, request):
        asked.append(request.sort)
        results = real_search(self, request)
        results.results = [hit for hit in results.results if hit.id != hidden]
        return results

    monkeypatch.setattr(SearchService, "document", document)
    monkeypatch.setattr(SearchService, "search", search)
    for url in (f"/documents/{hidden}", f"/api/documents/{hidden}", f"/documents/{hidden}/pages/1.png",
                f"/documents/{hidden}/file", f"/documents/{hidden}/file.pdf", f"/api/documents/{hidden}/pages/1"):
        assert client.get(url).status_code == 404, url
    for url in ("/documents", "/api/documents", "/api/documents.csv", "/documents.atom", "/search.atom?q=host",
                "/cases/16-cv-11471", "/"):
        asked.clear()
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code in (200, 404), url
        assert asked, f"{url} did not ask the search service"
        assert hidden not in body, url

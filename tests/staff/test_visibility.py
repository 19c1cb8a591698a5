"""A staff-only document never reaches a visitor, by any public route; logged-in staff see it,
marked "staff only". Run against every engine: the filter is part of the engine's query."""

from __future__ import annotations

import json
from urllib.parse import unquote_plus

import pytest

from tests.staff.conftest import PUBLIC_TITLE, STAFF_CASE_NUMBER, STAFF_FILE, STAFF_TITLE, STAFF_WORDS

LEAKS = (*STAFF_WORDS, STAFF_TITLE, STAFF_CASE_NUMBER, "98765", "Staff Court of Secrets", "intake")


def assert_no_leak(text: str, staff_doc_id: str, where: str) -> None:
    """None of the staff document's words, title, id, case number or file is in ``text``, but
    for what the visitor typed themselves (the page repeats the query)."""
    lowered = text.lower()
    asked = unquote_plus(where).lower()
    for secret in (*LEAKS, staff_doc_id, STAFF_FILE):
        if secret.lower() in asked or any(part in asked for part in secret.lower().split()):
            continue
        assert secret.lower() not in lowered, f"{where} shows {secret!r}"


def public_urls(staff_doc_id: str, public_doc_id: str) -> list[str]:
    queries = [*STAFF_WORDS, STAFF_TITLE, f'"{STAFF_CASE_NUMBER}"', "case:23-cv-98765", staff_doc_id,
               "zanzibarqux", "xylophonst", "shelter", "", "*"]
    urls = []
    for query in queries:
        for route in ("/", "/api/search", "/api/search.csv", "/search.atom"):
            urls.append(f"{route}?q={query}")
            urls.append(f"{route}?q={query}&court=Staff+Court+of+Secrets")
            urls.append(f"{route}?q={query}&visibility=staff")
    urls += ["/?q=shelter&type=memo", "/api/search?q=shelter&sort=date", "/status", "/api/status", "/help",
             "/api/openapi.json", f"/documents/{public_doc_id}", f"/api/documents/{public_doc_id}",
             f"/documents/{public_doc_id}?q=zanzibarquux"]
    for route in ("/documents", "/api/documents", "/api/documents.csv", "/documents.atom"):  # the lists
        urls += [route, f"{route}?sort=title", f"{route}?court=Staff+Court+of+Secrets", f"{route}?visibility=staff"]
    return urls


def test_no_public_route_shows_the_staff_document(visitor, staff_doc_id, public_doc_id):
    for url in public_urls(staff_doc_id, public_doc_id):
        response = visitor.get(url, follow_redirects=True)  # "/?q=&court=..." is the list's address
        assert response.status_code in (200, 400), url
        assert_no_leak(response.get_data(as_text=True), staff_doc_id, url)
        assert "Set-Cookie" not in response.headers, url


@pytest.mark.parametrize("path", ["/documents/{id}", "/documents/{id}/file", "/documents/{id}/goto?page=1",
                                  "/api/documents/{id}", "/api/documents/{id}/pages/1",
                                  "/documents/{id}/pages/1.png", "/documents/{id}/file.pdf"])
def test_the_staff_document_is_not_found_by_its_id(visitor, staff_doc_id, path):
    """404, as for a document that does not exist: a visitor cannot confirm it is there."""
    missing = visitor.get(path.format(id="no-such-document-00000000"))
    asked = path.format(id=staff_doc_id)
    response = visitor.get(asked)
    assert response.status_code == missing.status_code == 404
    # The page may repeat the address the visitor typed (its "Español" link does), nothing more.
    assert_no_leak(response.get_data(as_text=True), staff_doc_id, asked)


def test_the_staff_documents_case_page_is_not_found_by_a_visitor(visitor, staff, staff_doc_id):
    case_key = staff.get(f"/api/documents/{staff_doc_id}").get_json()["case_key"]
    assert case_key and staff.get(f"/cases/{case_key}").status_code == 200
    for path in (f"/cases/{case_key}", f"/api/cases/{case_key}"):
        response = visitor.get(path)
        assert response.status_code == 404, path
        assert_no_leak(response.get_data(as_text=True), staff_doc_id, path)


def test_totals_and_facet_counts_are_the_visitors_own(visitor, staff):
    public = visitor.get("/api/search?q=shelter").get_json()
    assert public["total"] == 1
    assert [hit["title"] for hit in public["results"]] == [PUBLIC_TITLE]
    facets = json.dumps(public["facets"])
    assert "memo" not in facets and "2021" not in facets and "Secrets" not in facets
    assert all(item["count"] == 1 for values in public["facets"].values() for item in values)
    every = visitor.get("/api/search?q=").get_json()
    assert every["total"] == 1
    inside = staff.get("/api/search?q=shelter").get_json()
    assert inside["total"] == 2
    assert {item["value"]: item["count"] for item in inside["facets"]["doc_type"]} == {"order": 1, "memo": 1}


def test_no_spelling_suggestion_comes_from_staff_words(visitor, staff):
    for typo in ("zanzibarqux", "xylophonst"):
        answer = visitor.get(f"/api/search?q={typo}").get_json()
        assert answer["total"] == 0
        assert not answer["suggestion"] and not answer["corrected"], answer
    # the same typo, asked by staff, is corrected: the vocabulary is per audience, not missing
    inside = staff.get("/api/search?q=zanzibarqux").get_json()
    assert "zanzibarquux" in (inside["suggestion"] or "")


def test_more_like_this_never_offers_the_staff_document(visitor, staff, public_doc_id, staff_doc_id):
    public = visitor.get(f"/api/documents/{public_doc_id}").get_json()
    assert staff_doc_id not in json.dumps(public)
    inside = staff.get(f"/api/documents/{public_doc_id}").get_json()
    assert staff_doc_id in [item["id"] for item in inside["more_like_this"]]


def test_status_counts_only_public_documents(visitor, staff):
    assert visitor.get("/api/status").get_json()["documents"] == 1
    assert staff.get("/api/status").get_json()["documents"] == 2


def test_logged_in_staff_see_it_marked_staff_only(staff, staff_doc_id):
    page = staff.get("/?q=zanzibarquux").get_data(as_text=True)
    assert STAFF_TITLE in page and "staff only" in page
    listing = staff.get("/documents").get_data(as_text=True)
    assert STAFF_TITLE in listing and "staff only" in listing
    document = staff.get(f"/documents/{staff_doc_id}")
    assert document.status_code == 200 and "staff only" in document.get_data(as_text=True)
    assert staff.get(f"/documents/{staff_doc_id}/file").status_code == 200
    assert staff.get(f"/api/documents/{staff_doc_id}/pages/1").status_code == 200


def test_a_logged_in_member_gets_no_cookie_on_public_pages(staff):
    for url in ("/", "/?q=shelter", "/api/search?q=shelter", "/status"):
        assert "Set-Cookie" not in staff.get(url).headers, url


def test_a_forged_session_cookie_is_a_visitor(staff_app, staff_doc_id):
    client = staff_app.test_client()
    client.set_cookie("c400_staff", "eyJzaWQiOiJmb3JnZWQifQ.aaaaaa.forgedsignature")
    assert client.get(f"/documents/{staff_doc_id}").status_code == 404
    assert client.get("/api/search?q=zanzibarquux").get_json()["total"] == 0
    assert client.get("/admin/").status_code == 302

"""Status for the legal desk, help and about pages, and the error pages."""

from __future__ import annotations

from search.manifest import Manifest


def test_status_tells_when_the_index_was_built_and_its_size(client):
    html = client.get("/status").get_data(as_text=True)
    assert "Index built" in html and "<time datetime=" in html
    assert "<dt>Documents</dt><dd>4</dd>" in html and "<dt>Pages</dt><dd>308</dd>" in html


def test_status_lists_failed_files_with_the_reason(client):
    html = client.get("/status").get_data(as_text=True)
    failed = html.split('id="failed-title"')[1].split("</section>")[0]
    assert "broken.pdf" in failed and "<td>" in failed


def test_status_counts_failed_redactions_without_naming_or_linking_them(client, doc_ids):
    """Issue 16 (4): the public status page listed each failed-redaction file and page with a link."""
    html = client.get("/status").get_data(as_text=True)
    section = html.split('id="redaction-title"')[1].split("</section>")[0]
    assert "1 file" in section and "1 page named" in section
    assert doc_ids["memos/redacted.pdf"] not in html and "redacted.pdf" not in html
    assert "redaction on page" not in html.split('id="warnings-title"')[1]


def test_the_staff_detail_of_failed_redactions_is_a_function_not_a_route(web_app, doc_ids):
    from webapp.status import redaction_detail

    detail = redaction_detail(web_app.extensions["search"].manifest())
    assert [(entry["doc_id"], entry["pages"]) for entry in detail] == [(doc_ids["memos/redacted.pdf"], [2])]
    routes = {rule.endpoint for rule in web_app.url_map.iter_rules()}
    assert not any("redaction" in endpoint for endpoint in routes)


def test_a_withheld_original_has_no_source_link_on_the_page(client, doc_ids):
    html = client.get(f"/documents/{doc_ids['memos/redacted.pdf']}").get_data(as_text=True)
    assert "unredacted-memo" not in html and "<dt>Source</dt>" not in html
    brief = client.get(f"/documents/{doc_ids['briefs/amicus.pdf']}").get_data(as_text=True)
    assert "https://example.org/vasquez-brief" in brief


def test_status_lists_ocr_and_empty_pages(client, web_app, monkeypatch):
    service = web_app.extensions["search"]
    manifest = {
        "built_at": "2024-05-01T10:00:00+00:00", "documents": 1, "pages": 5,
        "files": {"scan.pdf": {"doc_id": "scan-1", "title": "Scanned letter", "pages": 5,
                               "ocr_pages": [1, 2, 3], "empty_pages": [5], "warnings": ["page 5: OCR failed"]}},
        "failed": {},
    }
    monkeypatch.setattr(service, "manifest", lambda: Manifest.from_json(manifest))
    html = client.get("/status").get_data(as_text=True)
    ocr = html.split('id="ocr-title"')[1].split("</section>")[0]
    empty = html.split('id="empty-title"')[1].split("</section>")[0]
    assert "Scanned letter" in ocr and "<td>1, 2, 3</td>" in ocr
    assert "<td>5</td>" in empty
    assert "page 5: OCR failed" in html and "None: every file was read." in html
    assert "2024-05-01 10:00 UTC" in html


def test_status_works_for_an_old_manifest_without_the_newer_fields(client, web_app, monkeypatch):
    old = Manifest.from_json({"files": {"a.pdf": {"pages": 2}}})
    monkeypatch.setattr(web_app.extensions["search"], "manifest", lambda: old)
    assert client.get("/status").status_code == 200
    assert client.get("/api/status").get_json()["documents"] == 1


def test_help_explains_the_query_syntax_with_examples(client):
    html = client.get("/help").get_data(as_text=True)
    for example in ('"host site"', "parole OR", "registry NOT federal", "title:injunction", "year:[2018 TO 2020]",
                    '"540 U.S. 56"', '"16 C 11471"', "resid*"):
        assert example in html.replace("&#34;", '"').replace("&quot;", '"')
    assert "It holds 4 documents (308 pages)" in " ".join(html.split())


def test_every_query_the_help_page_shows_is_one_the_search_reads(client):
    """An example a reader copies from the help page must never be refused or misread as
    something else: each is searched without a 400 and without a "could not be read" note."""
    import re
    from html import unescape

    html = client.get("/help").get_data(as_text=True)
    examples = [unescape(code) for code in re.findall(r"<tr><td><code>(.*?)</code>", html)]
    assert "(housing OR shelter) AND NOT covid" in examples and "year:>2020" in examples and len(examples) >= 15
    for example in examples:
        response = client.get("/api/search", query_string={"q": example})
        assert response.status_code == 200, example
        assert not [note for note in response.get_json()["notes"] if "could not be read" in note], example


def test_about_says_who_keeps_the_library_and_that_it_is_not_legal_advice(client):
    html = client.get("/about").get_data(as_text=True)
    assert "Chicago 400 Alliance" in html and "Nothing in this library is legal advice" in html


def test_every_page_has_a_language_landmarks_a_skip_link_and_a_labelled_search_box(client, doc_ids):
    for url in ("/", "/?q=release", f"/documents/{doc_ids['order.pdf']}", "/help", "/about", "/status", "/nowhere"):
        html = client.get(url).get_data(as_text=True)
        assert '<html lang="en">' in html
        assert '<a class="skip" href="#main">' in html and '<main id="main"' in html
        assert '<header class="site">' in html and '<footer class="site">' in html and 'role="search"' in html
        assert '<label class="visually-hidden" for="q">' in html


def test_unknown_addresses_get_a_friendly_404_page(client):
    response = client.get("/nowhere")
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and "There is no page at this address" in html and "Back to search" in html


def test_an_unexpected_error_is_a_plain_500_page_never_a_traceback(web_app, client, monkeypatch):
    def explode(doc_id):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(web_app.extensions["search"], "document", explode)
    web_app.config["PROPAGATE_EXCEPTIONS"] = False
    web_app.testing = False
    try:
        page = client.get("/documents/x")
        api = client.get("/api/documents/x")
    finally:
        web_app.testing = True
    assert page.status_code == 500 and "Something went wrong" in page.get_data(as_text=True)
    assert api.status_code == 500 and api.get_json()["status"] == 500
    for response in (page, api):
        assert "Traceback" not in response.get_data(as_text=True)
        assert "secret internal detail" not in response.get_data(as_text=True)


def test_a_missing_index_is_a_503_that_explains(tmp_path):
    from webapp import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "none", "CORPUS_DIR": tmp_path, "RATE_LIMIT": "off"})
    client = app.test_client()
    assert client.get("/?q=x").status_code == 503
    assert client.get("/api/status").get_json()["status"] == 503
    assert client.get("/help").status_code == 200


def test_help_lists_the_document_types_of_the_vocabulary(client):
    from search.fields import document_types

    html = client.get("/help").get_data(as_text=True)
    assert ", ".join(document_types()) in html

"""The document view: metadata, notices, cited authorities, page text with anchors, citations, long documents."""

from __future__ import annotations

import dataclasses

import pytest

from search.mentions import CitedAuthority
from search.models import DocumentRecord, PageText
from tests.web.conftest import LONG_FILING_HIT_PAGE
from webapp.documents import PAGES_PER_VIEW


@pytest.fixture
def service(web_app):
    return web_app.extensions["search"]


def fake_record(**changes) -> DocumentRecord:
    """A record with the fields the indexer will soon fill (citations, OCR pages, warnings)."""
    record = DocumentRecord(
        id="fake-1", path="order.pdf", sha256="0" * 64, title="Murphy v. Raoul permanent injunction order",
        doc_type="order", date="2020-03-01", court="N.D. Ill.", case_name="Murphy v. Raoul",
        case_number="16 C 11471", source_url="", summary="",
        pages=[PageText(1, "Caption"), PageText(2, "Scanned text", ocr=True), PageText(3, " "), PageText(4, "Held.")],
        warnings=["page 3: OCR found no readable text"],
        citations=[
            CitedAuthority("540 U.S. 56", [2, 4], "case", "Smith v. Doe"),
            CitedAuthority("720 ILCS 5/11-9.3", [1], "statute"),
        ],
    )
    return dataclasses.replace(record, **changes)


def test_the_document_shows_its_metadata(client, doc_ids):
    html = client.get(f"/documents/{doc_ids['order.pdf']}").get_data(as_text=True)
    for text in ("Murphy v. Raoul injunction order", "order", "Northern District of Illinois", "16 C 11471",
                 "2020-03-01", "<dt>Pages</dt><dd>3</dd>"):
        assert text in html


def test_a_source_link_is_shown_only_when_it_is_a_web_address(client, doc_ids):
    brief = client.get(f"/documents/{doc_ids['briefs/amicus.pdf']}").get_data(as_text=True)
    assert 'href="https://example.org/vasquez-brief"' in brief
    order = client.get(f"/documents/{doc_ids['order.pdf']}").get_data(as_text=True)
    assert "javascript:" not in order and "<dt>Source</dt>" not in order


def test_every_page_has_an_anchor_a_link_to_the_original_there_and_a_citation(client, doc_ids):
    doc_id = doc_ids["order.pdf"]
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    for number in (1, 2, 3):
        assert f'id="page-{number}"' in html
        assert f'href="/documents/{doc_id}/file#page={number}"' in html
        assert f'>Murphy v. Raoul injunction order, at {number}</textarea>' in html
        assert f'data-copy-label="Copy the citation of page {number}"' in html  # the Copy button's words
    assert '<label for="cite-2">Cite page 2</label>' in html


def test_the_copy_button_is_a_small_same_origin_script(client, doc_ids):
    html = client.get(f"/documents/{doc_ids['order.pdf']}").get_data(as_text=True)
    assert '<script src="/static/copy.js" defer></script>' in html
    script = client.get("/static/copy.js")
    assert script.status_code == 200 and "javascript" in script.mimetype and len(script.data) < 4000


def test_the_query_is_highlighted_and_its_pages_listed(client, doc_ids):
    doc_id = doc_ids["order.pdf"]
    html = client.get(f"/documents/{doc_id}?q=%22host+site%22").get_data(as_text=True)
    assert "<mark>host</mark> <mark>site</mark>" in html
    assert "Your search is found on pages" in html and f'href="/documents/{doc_id}?q=%22host+site%22#page-2"' in html


def test_the_page_marks_the_glossary_terms_the_results_page_marked(client, doc_ids):
    """``banishment`` is widened to "residency restrictions" (search/data/glossary.toml): the
    result's snippet marks them, and the page the result links to must mark them too."""
    results = client.get("/?q=banishment").get_data(as_text=True)
    assert "<mark>Residency</mark> <mark>restrictions</mark>" in results
    page = client.get(f"/documents/{doc_ids['briefs/amicus.pdf']}?q=banishment").get_data(as_text=True)
    assert "<mark>Residency</mark> <mark>restrictions</mark>" in page
    # and the page's JSON twin, page by page, the same
    doc_id = doc_ids["briefs/amicus.pdf"]
    pages = client.get(f"/api/documents/{doc_id}").get_json()["page_count"]
    marked = [client.get(f"/api/documents/{doc_id}/pages/{number}?q=banishment").get_json()["highlighted"]
              for number in range(1, pages + 1)]
    assert any("<mark>Residency</mark> <mark>restrictions</mark>" in html for html in marked)


def test_a_query_not_in_the_document_says_so(client, doc_ids):
    html = client.get(f"/documents/{doc_ids['order.pdf']}?q=curfew").get_data(as_text=True)
    assert "not highlighted anywhere" in html and "<mark>" not in html


def test_a_query_too_costly_to_highlight_still_shows_the_document(client, doc_ids):
    response = client.get(f"/documents/{doc_ids['order.pdf']}?q=*ment")
    assert response.status_code == 200 and "<mark>" not in response.get_data(as_text=True)


def test_a_hit_on_page_280_of_300_is_listed_linked_to_its_range_and_highlighted_there(client, doc_ids):
    """Issue 16: a long document's view is paged (50 pages of text at a time), and the list of
    pages holding the search links each to the range that shows it."""
    doc_id = doc_ids["filings/long-response.pdf"]
    client.get(f"/documents/{doc_id}?q=curfew")  # warm up the reader
    response = client.get(f"/documents/{doc_id}?q=curfew")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count('class="page"') == PAGES_PER_VIEW and "Pages 1–50 of 300" in html
    address = f"/documents/{doc_id}?q=curfew&amp;pages=251-300#page-{LONG_FILING_HIT_PAGE}"
    assert f'href="{address}">{LONG_FILING_HIT_PAGE}</a>' in html
    assert "<mark>" not in html  # page 280 is not in this range
    shown = client.get(address.replace("&amp;", "&").split("#")[0]).get_data(as_text=True)
    assert shown.count('class="page"') == PAGES_PER_VIEW and 'id="page-251"' in shown and 'id="page-250"' not in shown
    page = shown.split(f'id="page-{LONG_FILING_HIT_PAGE}"')[1].split('class="page"')[0]
    assert "<mark>curfew</mark>" in page and shown.count("<mark>") == 1


def test_a_page_range_that_cannot_be_read_is_a_400_naming_it(client, doc_ids):
    doc_id = doc_ids["filings/long-response.pdf"]
    for bad in ("0-10", "400-410", "abc", "20-10"):
        response = client.get(f"/documents/{doc_id}?pages={bad}")
        assert response.status_code == 400 and "parameter &#39;pages&#39;" in response.get_data(as_text=True)
    wide = client.get(f"/documents/{doc_id}?pages=1-300").get_data(as_text=True)
    assert wide.count('class="page"') == PAGES_PER_VIEW


def test_the_search_result_links_straight_to_page_280(client, doc_ids):
    html = client.get("/?q=curfew").get_data(as_text=True)
    doc_id = doc_ids["filings/long-response.pdf"]
    assert f"/documents/{doc_id}?q=curfew&amp;pages=251-300#page-{LONG_FILING_HIT_PAGE}" in html


def test_go_to_page_redirects_to_the_anchor_without_javascript(client, doc_ids):
    doc_id = doc_ids["filings/long-response.pdf"]
    response = client.get(f"/documents/{doc_id}/goto?page=280&q=curfew")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/documents/{doc_id}?q=curfew&pages=251-300#page-280"
    assert client.get(f"/documents/{doc_id}/goto?page=9999").headers["Location"].endswith("pages=251-300#page-300")
    assert client.get(f"/documents/{doc_id}/goto?page=3").headers["Location"] == f"/documents/{doc_id}#page-3"


def test_a_failed_redaction_is_stated_without_revealing_anything(client, doc_ids):
    doc_id = doc_ids["memos/redacted.pdf"]
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "A redaction on page 2 may not have been applied properly" in html
    assert "SECRETNAME" not in html
    assert f"/documents/{doc_id}/file" not in html
    assert client.get(f"/documents/{doc_id}/file").status_code == 403
    assert "SECRETNAME" not in client.get(f"/api/documents/{doc_id}/pages/2").get_data(as_text=True)


def test_ocr_and_empty_pages_are_named_for_the_reader(client, service, monkeypatch):
    monkeypatch.setattr(service, "document", lambda doc_id: fake_record())
    html = client.get("/documents/fake-1").get_data(as_text=True)
    assert "The text of page 2 was read from a scan by OCR" in html
    assert "No text could be read from page 3" in html
    assert "OCR found no readable text" not in html  # technical warnings are for the status page


def test_cited_authorities_link_to_the_documents_citing_them(client, service, monkeypatch):
    monkeypatch.setattr(service, "document", lambda doc_id: fake_record())
    html = client.get("/documents/fake-1").get_data(as_text=True)
    assert "Authorities cited" in html and "<h3>Cases</h3>" in html and "<h3>Statutes</h3>" in html
    assert "Smith v. Doe" in html and "540 U.S. 56" in html
    assert 'href="/?q=%22540+U.S.+56%22"' in html
    assert 'href="/?q=%22720+ILCS+5/11-9.3%22"' in html
    assert 'href="/documents/fake-1#page-4">4</a>' in html


def test_documents_without_citations_have_no_authorities_section(client, doc_ids):
    assert "Authorities cited" not in client.get(f"/documents/{doc_ids['order.pdf']}").get_data(as_text=True)


def test_more_like_this_is_left_out_when_the_library_lacks_it(client, service, monkeypatch, doc_ids):
    monkeypatch.delattr(type(service), "more_like_this", raising=False)
    assert "More like this" not in client.get(f"/documents/{doc_ids['order.pdf']}").get_data(as_text=True)
    assert "more_like_this" not in client.get(f"/api/documents/{doc_ids['order.pdf']}").get_json()


def test_more_like_this_appears_when_the_library_offers_it(client, service, monkeypatch, doc_ids):
    similar = [{"id": doc_ids["briefs/amicus.pdf"], "title": "Amicus brief in Vasquez v. Foxx",
                "doc_type": "amicus brief", "date": "2017-06-01", "court": "", "case_number": ""}]
    monkeypatch.setattr(service, "more_like_this", lambda doc_id, limit=5: similar, raising=False)
    html = client.get(f"/documents/{doc_ids['order.pdf']}").get_data(as_text=True)
    assert "More like this" in html and f'href="/documents/{doc_ids["briefs/amicus.pdf"]}"' in html
    data = client.get(f"/api/documents/{doc_ids['order.pdf']}").get_json()
    assert data["more_like_this"][0]["title"] == "Amicus brief in Vasquez v. Foxx"


def test_the_original_file_has_its_content_type_and_a_sandboxing_policy(client, doc_ids):
    response = client.get(f"/documents/{doc_ids['order.pdf']}/file")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("doc_id", ["nope", "..%2F..%2Fetc%2Fpasswd", "order.pdf", "%2Fetc%2Fpasswd"])
def test_only_corpus_files_are_served_and_only_by_document_id(client, doc_id):
    assert client.get(f"/documents/{doc_id}/file").status_code == 404


def test_the_page_json_highlighted_field_is_always_html(client, doc_ids):
    """``highlighted`` is an HTML fragment even when nothing on the page matches: the page's
    text escaped, so a client that inserts it as HTML never runs text from a filing as markup."""
    from markupsafe import escape

    data = client.get(f"/api/documents/{doc_ids['order.pdf']}/pages/1?q=curfew").get_json()
    assert "<mark>" not in data["highlighted"] and data["highlighted"] == str(escape(data["text"]))

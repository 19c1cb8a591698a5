"""A volunteer's path: ingest a folder, search from the command line, then in the browser."""

import json
import subprocess
import sys

import pytest

from search.ingest import ingest
from tests.conftest import PROJECT_ROOT
from webapp import create_app

pytestmark = pytest.mark.usefixtures("engine")  # builds an index: runs once per engine

RESULT_KEYS = {"id", "path", "title", "doc_type", "date", "court", "case_name", "case_number", "language", "score",
               "pages", "page_count", "notices", "case_key", "added"}


def run_cli(settings, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "search", "--index", str(settings.index_dir), *args]
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)


@pytest.fixture
def client(indexed):
    app = create_app({"TESTING": True, "INDEX_DIR": indexed.index_dir, "CORPUS_DIR": indexed.corpus_dir})
    return app.test_client()


def test_cli_json_has_the_api_shape(indexed):
    result = run_cli(indexed, "--json", '"host site"')
    data = json.loads(result.stdout)
    assert set(data) >= {"query", "total", "page", "per_page", "results", "facets", "suggestion"}
    hit = data["results"][0]
    assert set(hit) == RESULT_KEYS
    assert hit["path"] == "order.pdf"
    assert hit["pages"][0]["page"] == 2
    assert "<mark>host</mark> <mark>site</mark>" in hit["pages"][0]["snippet"]


def test_cli_and_api_return_the_same_results(indexed, client):
    cli = json.loads(run_cli(indexed, "--json", "--limit", "1", "release OR housing").stdout)
    api = client.get("/api/search?q=release+OR+housing&per_page=1").get_json()
    assert cli == api


def test_cli_text_output_lists_pages(indexed):
    result = run_cli(indexed, "banish")
    assert result.returncode == 0
    assert "p. 2:" in result.stdout and "briefs/amicus.pdf" in result.stdout


def test_cli_refuses_a_leading_wildcard_with_one_line(indexed):
    result = run_cli(indexed, "*ment")
    assert result.returncode == 2 and result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_words_spread_over_pages_still_match_the_document(indexed):
    data = json.loads(run_cli(indexed, "--json", "injunction amendment eighth").stdout)
    assert [hit["path"] for hit in data["results"]] == ["order.pdf"]
    assert {page["page"] for page in data["results"][0]["pages"]} == {1, 3}


def test_search_page_links_each_hit_to_its_page(client):
    html = client.get("/?q=banish").get_data(as_text=True)
    assert 'Page 2</a>' in html and "#page-2" in html and "<mark>banish</mark>" in html


def test_document_view_highlights_the_query_and_anchors_each_page(client):
    hit = client.get("/api/search?q=%22host+site%22").get_json()["results"][0]
    html = client.get(f"/documents/{hit['id']}?q=%22host+site%22").get_data(as_text=True)
    assert all(f'id="page-{n}"' in html for n in (1, 2, 3))
    assert "<mark>host</mark> <mark>site</mark>" in html
    assert f"/documents/{hit['id']}/file#page=2" in html


def test_the_original_file_is_served_by_id_only(client, indexed):
    hit = client.get("/api/search?q=banish").get_json()["results"][0]
    response = client.get(f"/documents/{hit['id']}/file")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert client.get("/documents/..%2F..%2Fetc%2Fpasswd/file").status_code == 404


def test_queries_and_document_text_are_escaped(client, indexed):
    html = client.get("/?q=%3Cscript%3Ealert(1)%3C/script%3E").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("url", ["/api/search?q=x&page=0", "/api/search?q=x&per_page=abc",
                                 "/api/search?q=x&sort=best", "/api/search?q=*ment"])
def test_bad_parameters_are_a_400_naming_the_problem(client, url):
    response = client.get(url)
    assert response.status_code == 400 and response.get_json()["error"]


def test_malformed_query_is_answered_with_a_note(client):
    data = client.get('/api/search?q=%22host+site').get_json()
    assert data["total"] == 1 and data["notes"]


def test_unknown_pages_are_friendly_404s(client):
    assert client.get("/documents/nope").status_code == 404
    assert client.get("/api/documents/nope").get_json()["status"] == 404


def test_api_document_and_page_twins(client):
    hit = client.get("/api/search?q=banish").get_json()["results"][0]
    doc = client.get(f"/api/documents/{hit['id']}").get_json()
    assert doc["page_count"] == 3 and doc["path"] == "briefs/amicus.pdf"
    page = client.get(f"/api/documents/{hit['id']}/pages/2?q=banish").get_json()
    assert "banish" in page["text"] and "<mark>banish</mark>" in page["highlighted"]
    assert client.get(f"/api/documents/{hit['id']}/pages/9").status_code == 404


def test_security_headers_are_set(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_new_generation_is_picked_up_without_restart(client, indexed):
    from tests.conftest import write_pdf

    assert client.get("/api/search?q=shelters").get_json()["total"] == 0
    write_pdf(indexed.corpus_dir / "guidance.pdf", ["Guidance for shelters during COVID-19."])
    ingest(indexed)
    assert client.get("/api/search?q=shelters").get_json()["total"] == 1


def test_misspelt_words_get_a_suggestion(client):
    data = client.get("/api/search?q=registrnts").get_json()
    assert data["suggestion"] == "registrants" and data["total"] == 1


def test_facets_count_documents_by_type(client):
    data = client.get("/api/search?q=the").get_json()
    assert {f["value"]: f["count"] for f in data["facets"]["doc_type"]} == {"order": 1, "amicus brief": 1}

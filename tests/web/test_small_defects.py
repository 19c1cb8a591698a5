"""Issue 16 (7), the web parts: odd file names, the CSV's links, real dates, 405's Allow, caching.

Each test failed on main before the fix: a CR/LF in a file name made the original-file route
a 500; the CSV's ``url`` column followed the request's ``Host`` header; ``date_from=2020-13-45``
was accepted; a 405 had no ``Allow``; search responses had no ``Cache-Control``.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

import pytest

from tests.conftest import write_pdf
from webapp import create_app

ODD_NAME = "minutes\r\nSet-Cookie: x=1\x1b[31m red \u00e9t\u00e9 \"q\".pdf"


@pytest.fixture(scope="module")
def odd_client(tmp_path_factory):
    from search.config import load_settings
    from search.ingest import ingest

    root = tmp_path_factory.mktemp("odd") / "corpus"
    write_pdf(root / ODD_NAME, ["Minutes of the shelter committee about curfew rules."])
    settings = load_settings(root, root.parent / "index")
    ingest(settings)
    app = create_app({"TESTING": True, "INDEX_DIR": settings.index_dir, "CORPUS_DIR": settings.corpus_dir,
                      "RATE_LIMIT": "off"})
    return app.test_client()


def test_a_file_name_with_cr_lf_and_ansi_escapes_is_served_with_a_safe_disposition(odd_client):
    doc_id = odd_client.get("/api/search?q=curfew").get_json()["results"][0]["id"]
    response = odd_client.get(f"/documents/{doc_id}/file")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    disposition = response.headers["Content-Disposition"]
    assert not any(ch in disposition for ch in "\r\n\x1b")
    assert "Set-Cookie" not in response.headers
    assert disposition.startswith('inline; filename="minutesSet-Cookie: x=1[31m red ete _q_.pdf"')
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == "minutesSet-Cookie: x=1[31m red \u00e9t\u00e9 \"q\".pdf"


def test_the_csv_links_are_relative_whatever_the_host_header(client, doc_ids):
    response = client.get("/api/search.csv?q=host+site", headers={"Host": "evil.example"})
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True)[1:])))
    assert rows and all(row["url"].startswith("/documents/") for row in rows)
    assert "evil.example" not in response.get_data(as_text=True)
    assert response.headers["Content-Disposition"].startswith('attachment; filename="chicago400-search.csv"')


def test_the_csv_links_use_the_configured_base_url(web_index, monkeypatch):
    monkeypatch.setenv("C400_BASE_URL", "https://library.chicago400.org/")
    app = create_app({"TESTING": True, "INDEX_DIR": web_index.index_dir, "CORPUS_DIR": web_index.corpus_dir,
                      "RATE_LIMIT": "off"})
    text = app.test_client().get("/api/search.csv?q=curfew", headers={"Host": "evil.example"}).get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert rows[0]["url"].startswith("https://library.chicago400.org/documents/")
    assert "pages=251-300#page-280" in rows[0]["url"]  # the view range that shows the page


@pytest.mark.parametrize("value", ["2020-13-45", "2021-02-29", "2020-00-10"])
@pytest.mark.parametrize("name", ["date_from", "date_to"])
def test_an_impossible_date_is_a_400_naming_the_parameter(client, name, value):
    for url in (f"/api/search?q=release&{name}={value}", f"/?q=release&{name}={value}"):
        response = client.get(url)
        assert response.status_code == 400
        assert f"parameter &#39;{name}&#39;" in response.get_data(as_text=True) or \
            name in (response.get_json(silent=True) or {}).get("error", "")
    assert client.get(f"/api/search?q=release&{name}=2020-02-29").status_code == 200


def test_a_405_says_which_methods_are_allowed(client):
    for url in ("/", "/api/search"):
        response = client.post(url)
        assert response.status_code == 405
        assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}


def test_search_answers_are_not_stored_on_a_shared_device(client, doc_ids):
    doc_id = doc_ids["order.pdf"]
    for url in ("/?q=release", "/api/search?q=release", "/api/search.csv?q=release", f"/documents/{doc_id}?q=host",
                f"/api/documents/{doc_id}/pages/1?q=host", "/?q=*ment", f"/documents/{doc_id}/goto?page=2&q=host"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url
    for url in (f"/documents/{doc_id}", "/help", "/status"):
        assert client.get(url).headers["Cache-Control"] == "private, max-age=60", url

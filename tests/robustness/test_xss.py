"""Nothing leaked, part one: script in documents, file names and catalog fields stays inert everywhere.

Payloads sit in a PDF's text, in file names, and in every catalog field (with a
``javascript:`` source link). Every HTML page is parsed, and must contain no element or
attribute the payloads could have introduced; the JSON's HTML fields hold only ``<mark>``;
the CSV export holds no cell a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from search.config import load_settings
from search.ingest import ingest
from tests.conftest import write_pdf
from tests.robustness.conftest import make_app

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SVG = "'><svg onload=alert(2)>"
FILE_NAMES = [f"{IMG}.pdf", f"{SVG} notes.pdf"]
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcdoc", "xlink:href", "data")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CATALOG = f'''
[[document]]
file = "payload.pdf"
title = {SCRIPT!r}
summary = {IMG!r}
court = {SVG!r}
case_name = "=HYPERLINK(\\"http://evil.example\\",\\"click\\")"
case_number = "+cmd|' /C calc'!A0"
doc_type = "order"
date = "2020-01-01"
source_url = "javascript:alert(document.cookie)"

[[document]]
file = "links.pdf"
title = "@SUM(1+1) and -2+3 and more"
summary = "Links in other schemes."
source_url = " JaVaScRiPt:alert(1)"

[[document]]
file = "data-link.pdf"
title = "Data link"
source_url = "data:text/html,<script>alert(1)</script>"
'''


class Inspector(HTMLParser):
    """Collects what a payload could have injected into a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and re.sub(r"\s", "", value or "").lower().startswith(DANGEROUS_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>")
        source = dict(attrs).get("src") or ""
        if tag == "script" and not source.startswith("/static/"):
            self.problems.append("inline or foreign <script>")
        if tag in ("img", "svg", "iframe", "object", "embed", "base"):
            self.problems.append(f"<{tag}>")


def injected(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    return inspector.problems


@pytest.fixture(scope="module")
def client(tmp_path_factory, engine):
    base: Path = tmp_path_factory.mktemp("xss")
    corpus = base / "corpus"
    write_pdf(corpus / "payload.pdf", [
        f"Order on housing. {SCRIPT} appears in the text.",
        f"Second page: {IMG} and {SVG} near housing rules.",
    ])
    write_pdf(corpus / "links.pdf", ["=HYPERLINK(\"http://evil.example\") housing formula text"])
    write_pdf(corpus / "data-link.pdf", ["@SUM(A1:A9) housing data link text"])
    for name in FILE_NAMES:
        write_pdf(corpus / name, [f"A file whose name is hostile, about housing. {name}"])
    (corpus / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    settings = load_settings(corpus, base / "index")
    report = ingest(settings)
    assert report.documents == 5 and not report.failed, report.failed
    return make_app(settings).test_client()


@pytest.fixture(scope="module")
def ids(client) -> list[str]:
    return [hit["id"] for hit in client.get("/api/search?q=housing&per_page=50").get_json()["results"]]


def html_pages(client, ids: list[str]) -> dict[str, str]:
    urls = ["/?q=housing", "/?q=alert", "/?q=script+OR+img", "/?q=" + SCRIPT, "/?q=*" + SCRIPT, "/status", "/help"]
    for doc_id in ids:
        urls += [f"/documents/{doc_id}", f"/documents/{doc_id}?q=alert+script+img", f"/documents/{doc_id}?q={IMG}"]
    return {url: client.get(url).get_data(as_text=True) for url in urls}


def test_every_html_page_shows_the_payloads_as_text(client, ids: list[str]) -> None:
    pages = html_pages(client, ids)
    assert len(ids) == 5
    for url, html in pages.items():
        assert injected(html) == [], url
    everything = "".join(pages.values())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything  # shown, as text
    assert "onerror=alert(1)&gt;" in everything


def test_a_javascript_source_link_is_never_a_link(client, ids: list[str]) -> None:
    for doc_id in ids:
        html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
        assert 'href="javascript' not in html.lower().replace(" ", "")
        assert "data:text/html" not in html or "href=\"data:" not in html


def test_api_html_fields_hold_only_mark_tags(client, ids: list[str]) -> None:
    found = client.get("/api/search", query_string={"q": "alert OR script OR img OR housing", "per_page": 50})
    assert found.mimetype == "application/json"
    snippets = [page["snippet"] for hit in found.get_json()["results"] for page in hit["pages"]]
    assert snippets
    for doc_id in ids:
        for number in (1, 2):
            page = client.get(f"/api/documents/{doc_id}/pages/{number}", query_string={"q": "alert img"})
            if page.status_code == 200:
                snippets.append(page.get_json()["highlighted"])
    for html in snippets:
        assert re.sub(r"</?mark>", "", html).count("<") == 0, html


def test_the_csv_export_holds_no_formula_and_no_markup(client) -> None:
    response = client.get("/api/search.csv", query_string={"q": "housing"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) > 5
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells) and any(cell.startswith("'@SUM") for cell in cells)
    assert not [cell for cell in cells if "<mark>" in cell]


def test_hostile_file_names_are_served_with_safe_headers(client, ids: list[str]) -> None:
    for doc_id in ids:
        response = client.get(f"/documents/{doc_id}/file")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        disposition = response.headers["Content-Disposition"]
        assert "\n" not in disposition and "\r" not in disposition
        assert re.fullmatch(r'inline; filename=(?:[\w.-]+|"(?:[^"\\]|\\.)*")(?:; filename\*=\S+)?', disposition)
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]

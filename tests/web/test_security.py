"""Headers, no inline script or style, no third-party assets, and request logs that keep searches private."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

import webapp
from webapp.privacy import PrivateRequestLog

WEBAPP = Path(webapp.__file__).parent
TEMPLATES = sorted((WEBAPP / "templates").glob("*.html"))


@pytest.fixture
def pages(client, doc_ids) -> dict[str, str]:
    urls = ["/", "/?q=release", f"/documents/{doc_ids['order.pdf']}?q=host", "/help", "/about", "/status", "/x"]
    return {url: client.get(url).get_data(as_text=True) for url in urls}


def test_every_response_carries_the_security_headers(client):
    for url in ("/", "/api/search?q=release", "/static/style.css", "/nowhere"):
        headers = client.get(url).headers
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_style_or_event_handlers(pages):
    for url, html in pages.items():
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert not re.search(r"<style\b", html), url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_templates_hold_no_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)", text) and "<style" not in text and " style=" not in text


def test_pages_load_nothing_from_other_sites(pages):
    for url, html in pages.items():
        for address in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not address.startswith(("http:", "https:", "//")) or address == "https://example.org/vasquez-brief"
            if address.startswith(("http:", "https:", "//")):
                assert 'rel="noopener noreferrer"' in html, url
        assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', html), url
    css = (WEBAPP / "static" / "style.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def test_werkzeug_request_log_lines_name_no_client_and_no_query():
    record = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1, '203.0.113.9 - - [01/May/2024 10:00:00] "%s" %s %s',
        ("GET /?q=my+own+name HTTP/1.1", "200", "-"), None,
    )
    PrivateRequestLog().filter(record)
    line = record.getMessage()
    assert "203.0.113.9" not in line and "my+own+name" not in line
    assert line.startswith("- - - [") and '"GET / HTTP/1.1" 200' in line


@pytest.mark.parametrize("request_line", [
    'GET /search?q="my own name" 720 ILCS HTTP/1.1',  # werkzeug logs the path decoded
    "\x1b[33mGET /documents/x?q=my own name HTTP/1.1\x1b[0m",  # a 404, coloured
])
def test_a_quoted_or_spaced_query_stays_out_of_the_request_log(request_line):
    record = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1, '203.0.113.9 - - [01/May/2024 10:00:00] "%s" %s %s',
        (request_line, "404", "-"), None,
    )
    PrivateRequestLog().filter(record)
    line = record.getMessage()
    assert "own" not in line and "name" not in line and "ILCS" not in line
    assert " HTTP/1.1" in line


def test_creating_the_app_installs_the_private_request_log(web_app):
    assert any(isinstance(item, PrivateRequestLog) for item in logging.getLogger("werkzeug").filters)


def test_the_app_sets_no_cookies(client, doc_ids):
    for url in ("/", "/?q=release", f"/documents/{doc_ids['order.pdf']}", "/api/search?q=release"):
        assert "Set-Cookie" not in client.get(url).headers

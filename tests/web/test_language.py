"""The interface's language: chosen by ``?lang=`` or the browser, kept in links, never in a cookie."""

from __future__ import annotations

import re

import pytest

from webapp.i18n import LANGUAGES, shipped_languages


@pytest.fixture(scope="module")
def client(web_index):
    """An app that offers every language of ``LANGUAGES``, as it will once each catalogue ships."""
    from webapp import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": web_index.index_dir, "CORPUS_DIR": web_index.corpus_dir,
                      "RATE_LIMIT": "off", "LANGUAGES": dict(LANGUAGES)})
    return app.test_client()


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([a-z]+)"', html).group(1)


@pytest.mark.parametrize(
    ("url", "headers", "expected"),
    [
        ("/about", {}, "en"),
        ("/about?lang=es", {}, "es"),
        ("/about", {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}, "es"),
        ("/about?lang=en", {"Accept-Language": "es"}, "en"),  # the explicit choice wins
        ("/about?lang=fr", {}, "en"),  # an unknown language is ignored, not an error
        ("/about", {"Accept-Language": "de, fr;q=0.5"}, "en"),
    ],
)
def test_the_page_language_follows_the_link_then_the_browser(client, url, headers, expected):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert html_lang(response.get_data(as_text=True)) == expected
    assert "Accept-Language" in response.headers.get("Vary", "")


def test_a_chosen_language_is_kept_by_every_link_and_the_search_form_without_a_cookie(client):
    response = client.get("/help?lang=es")
    html = response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers
    internal = [href for href in re.findall(r'href="(/[^"]*)"', html) if not href.startswith("/static/")]
    assert internal and all("lang=es" in href or "lang=en" in href for href in internal), internal
    assert '<input type="hidden" name="lang" value="es">' in html
    assert 'href="/help?lang=en"' in html  # the way back to English, on the same page


def test_without_a_choice_links_carry_no_language(client):
    html = client.get("/help").get_data(as_text=True)
    assert 'name="lang"' not in html
    assert not [href for href in re.findall(r'href="(/[^"]*)"', html) if "lang=" in href and "lang=es" not in href]


def test_a_language_without_a_catalogue_is_not_offered(tmp_path, web_index):
    """No link to pages that would still be in English, and ``?lang=`` of it is ignored."""
    from webapp import create_app

    assert shipped_languages(tmp_path) == {"en": "English"}
    (tmp_path / "es" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "es" / "LC_MESSAGES" / "messages.mo").write_bytes(b"")
    assert shipped_languages(tmp_path) == LANGUAGES
    app = create_app({"TESTING": True, "INDEX_DIR": web_index.index_dir, "CORPUS_DIR": web_index.corpus_dir,
                      "RATE_LIMIT": "off", "LANGUAGES": {"en": "English"}})
    html = app.test_client().get("/about?lang=es", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert html_lang(html) == "en" and "Español" not in html and "lang=es" not in html

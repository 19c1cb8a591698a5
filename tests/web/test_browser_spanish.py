"""The Spanish site in a real browser (Chromium via Playwright): a phone 360 px wide, JavaScript
off, axe-core, over the bundled samples (the Spanish guide among them).

Skipped, with the reason, when /usr/bin/chromium or the playwright package is missing.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import PROJECT_ROOT
from tests.web.browsing import LAPTOP, PHONE, axe_violations, serious, served
from tests.web.browsing import chromium as launch_chromium
from tests.web.test_browser import sync_api  # noqa: F401  (skips this module without playwright)
from tests.web.test_spanish_pages import QUESTION

ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def spanish_server(tmp_path_factory, engine):
    from search.config import load_settings
    from search.ingest import ingest
    from webapp import create_app

    settings = load_settings(PROJECT_ROOT / "corpus", tmp_path_factory.mktemp("spanish-browser") / "index")
    ingest(settings)
    app = create_app({"TESTING": True, "INDEX_DIR": settings.index_dir, "CORPUS_DIR": settings.corpus_dir,
                      "RATE_LIMIT": "off"})
    with served(app) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def chromium():
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def phone(chromium, spanish_server):
    """A 360 px phone with JavaScript off, its browser set to English: Spanish is chosen by the link."""
    context = chromium.new_context(base_url=spanish_server, viewport=PHONE, java_script_enabled=False,
                                   locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def _no_sideways_scrolling(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_done_when_on_a_phone_switch_to_spanish_ask_and_land_on_the_page(phone):
    phone.goto("/")
    assert phone.locator("html").get_attribute("lang") == "en"
    phone.get_by_role("link", name="Español").click()
    phone.wait_for_url("**lang=es")
    assert phone.locator("html").get_attribute("lang") == "es"
    assert phone.get_by_role("heading", level=1).inner_text() == "Buscar en la biblioteca Chicago 400"
    phone.get_by_label("Buscar en los documentos").fill(QUESTION)
    phone.get_by_role("button", name="Buscar").click()
    phone.wait_for_url("**q=*")
    assert "lang=es" in phone.url  # the choice is kept by the form, not by a cookie
    assert phone.context.cookies() == []
    _no_sideways_scrolling(phone)
    assert "También se buscaron los términos legales en inglés" in phone.locator("main").inner_text()
    first = phone.locator("li.result h2 a").first
    assert "Guía sobre las restricciones de residencia" in first.inner_text()
    first.click()
    phone.wait_for_url("**#page-1")
    _no_sideways_scrolling(phone)
    page_one = phone.locator("#page-1")
    assert "¿Dónde puedo vivir si estoy en el registro?" in page_one.inner_text()
    assert page_one.locator("mark").count() > 0
    assert phone.locator("html").get_attribute("lang") == "es"
    assert "Página 1" in page_one.locator("h3").inner_text()


@pytest.mark.parametrize("url", ["/?lang=es", "/?q=restricciones&lang=es", "/help?lang=es", "/about?lang=es",
                                 "/status?lang=es", "/nowhere?lang=es"])
def test_spanish_pages_fit_a_360_pixel_phone_with_javascript_off(phone, url):
    phone.goto(url)
    assert phone.locator("html").get_attribute("lang") == "es"
    _no_sideways_scrolling(phone)


AXE_PAGES = {
    "es-search": "/?lang=es",
    "es-results": "/?q=" + QUESTION + "&lang=es",
    "es-help": "/help?lang=es",
    "es-about": "/about?lang=es",
    "es-status": "/status?lang=es",
    "es-not-found": "/nowhere?lang=es",
}


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_finds_no_serious_violations_on_the_spanish_pages(chromium, spanish_server, name):
    context = chromium.new_context(base_url=spanish_server, viewport=LAPTOP, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(AXE_PAGES[name])
        result = axe_violations(page)
    finally:
        context.close()
    report = ARTIFACTS / "axe" / f"{name}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(result["violations"], indent=2), encoding="utf-8")
    found = serious(result["violations"])
    assert not found, found
    assert result["passes"], "axe ran no checks"


def test_axe_on_the_spanish_document_view(chromium, spanish_server):
    context = chromium.new_context(base_url=spanish_server, viewport=PHONE, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto("/?q=albergues&lang=es")
        page.locator("li.result h2 a").first.click()
        page.wait_for_url("**/documents/**")
        result = axe_violations(page)
    finally:
        context.close()
    found = serious(result["violations"])
    assert not found, found

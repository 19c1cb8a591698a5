"""Browse, case pages, feeds and pages as printed in a real browser (Debian's Chromium driven by
Playwright) at 360 px with JavaScript off, as a new user on a phone would, and axe-core on every
new page. Skipped, with the reason, when /usr/bin/chromium or the playwright package is missing."""

from __future__ import annotations

import pytest

from tests.web.browsing import CHROMIUM, LAPTOP, PHONE, axe_violations
from tests.web.browsing import chromium as launch_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
feedparser = pytest.importorskip("feedparser", reason="feedparser is not installed")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport=PHONE, java_script_enabled=False)
    yield context.new_page()
    context.close()


def fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_browse_filter_and_open_a_case_on_a_phone_without_javascript(phone):
    phone.goto("/")
    phone.get_by_role("link", name="Browse all 4 documents").click()
    phone.wait_for_url("**/documents")
    assert phone.get_by_role("heading", level=1).inner_text() == "4 documents in the library"
    fits_the_phone(phone)
    phone.get_by_role("link", name="Title", exact=True).click()
    titles = phone.locator("li.document-row h2").all_inner_texts()
    assert [title.casefold() for title in titles] == sorted(title.casefold() for title in titles)
    phone.get_by_role("navigation", name="Filter by type").get_by_role("link", name="order").click()
    assert phone.locator("li.document-row").count() == 1
    assert phone.get_by_role("heading", level=1).inner_text() == "1 document in this list"
    follow = phone.get_by_role("link", name="Follow this search")
    assert follow.get_attribute("href") == "/documents.atom?type=order"
    assert "feed reader" in phone.locator(".follow").inner_text()
    phone.locator("li.document-row").get_by_role("link", name="Murphy v. Raoul", exact=True).click()
    phone.wait_for_url("**/cases/16-cv-11471")
    assert phone.get_by_role("heading", level=1).inner_text() == "Murphy v. Raoul"
    assert phone.locator("li.document-row").count() == 1
    fits_the_phone(phone)


def test_done_when_search_browse_to_the_order_see_page_3_boxed_and_follow_the_feed(phone):
    phone.goto("/")
    phone.fill("#q", '"equal protection"')
    phone.press("#q", "Enter")
    phone.get_by_role("navigation", name="Filter by type").get_by_role("link", name="order").click()
    feed_url = phone.get_by_role("link", name="Follow this search").get_attribute("href")
    phone.locator("li.result h2 a").first.click()
    phone.wait_for_url("**/documents/**#page-3")
    phone.get_by_role("link", name="Show the pages as printed").click()
    image = phone.locator("#page-3 img")
    with phone.expect_response(lambda response: "/pages/3.png" in response.url) as loaded:
        image.scroll_into_view_if_needed()  # lazy: fetched once it nears the screen
    assert loaded.value.ok and loaded.value.header_value("content-type") == "image/png"
    loaded.value.finished()
    natural, shown = image.evaluate("e => [e.naturalWidth, e.getBoundingClientRect().width]")
    assert natural > 800 and shown <= PHONE["width"]
    assert "q=%22equal+protection%22" in image.get_attribute("src")
    assert "with your search boxed" in image.get_attribute("alt")
    assert phone.locator("#cite-3").input_value() == "Murphy v. Raoul injunction order, at 3"
    fits_the_phone(phone)
    feed = feedparser.parse(phone.request.get(feed_url).body())
    assert not feed.bozo and [entry.title for entry in feed.entries] == ["Murphy v. Raoul injunction order"]


NEW_PAGES = {
    "home": "/",
    "documents": "/documents",
    "documents-filtered": "/documents?type=order&sort=title",
    "case": "/cases/16-cv-11471",
    "document-image-view": "/documents/{order}?q=%22host+site%22&view=image",
    "results-with-feed": "/?q=registrants+OR+release",
}


@pytest.mark.parametrize("name", list(NEW_PAGES))
def test_axe_finds_no_violations_on_the_new_pages(browser, live_server, doc_ids, name):
    url = NEW_PAGES[name].format(order=doc_ids["order.pdf"])
    context = browser.new_context(base_url=live_server, viewport=LAPTOP, bypass_csp=True)  # to inject axe
    try:
        page = context.new_page()
        page.goto(url)
        result = axe_violations(page)
    finally:
        context.close()
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert not found, found
    assert result["passes"], "axe ran no checks"

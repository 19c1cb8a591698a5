"""The site in a real browser (Debian's Chromium driven by Playwright): search, filter, read, keyboard
only, JavaScript off, an axe-core accessibility scan, and screenshots at phone and laptop widths.

Skipped, with the reason, when /usr/bin/chromium or the playwright package is missing.
Screenshots and axe reports go to test-artifacts/ (not committed).
"""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import PROJECT_ROOT
from tests.web.browsing import CHROMIUM, LAPTOP, PHONE, axe_violations, serious
from tests.web.browsing import chromium as launch_chromium
from tests.web.conftest import LONG_FILING_HIT_PAGE

ARTIFACTS = PROJECT_ROOT / "test-artifacts"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, live_server):
    """A page with JavaScript on and the site's CSP enforced; fails the test on any CSP violation."""
    context = browser.new_context(base_url=live_server, viewport=LAPTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    blocked: list[str] = []

    def note_csp_violation(message) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    page.on("console", note_csp_violation)
    yield page
    context.close()
    assert not blocked, blocked


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport=PHONE, java_script_enabled=False)
    yield context.new_page()
    context.close()


def focused(page) -> dict:
    return page.evaluate(
        "() => ({tag: document.activeElement.tagName, id: document.activeElement.id,"
        " text: document.activeElement.textContent.trim(), cls: document.activeElement.className})"
    )


def test_search_filter_and_open_a_document_at_its_page(page):
    page.goto("/")
    page.get_by_role("searchbox", name="Search the documents").fill("registrants OR release")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/?q=registrants+OR+release")
    assert page.locator("li.result").count() > 1
    page.get_by_role("navigation", name="Filter by type").get_by_role("link", name="order").click()
    assert page.locator("li.result").count() == 1
    assert page.get_by_role("heading", level=1).inner_text().startswith("1 document")
    page.get_by_role("link", name="Page 2").click()
    page.wait_for_url("**/documents/**#page-2")
    heading = page.locator("#page-2-title")
    assert heading.is_visible() and heading.evaluate("e => e.getBoundingClientRect().top < window.innerHeight")
    assert page.locator("#page-2 mark").first.inner_text().lower() == "release"


def test_a_hit_on_page_280_opens_at_that_page(page):
    page.goto("/?q=curfew")
    page.get_by_role("link", name=f"Page {LONG_FILING_HIT_PAGE}").click()
    page.wait_for_url(f"**#page-{LONG_FILING_HIT_PAGE}")
    mark = page.locator(f"#page-{LONG_FILING_HIT_PAGE} mark")
    assert mark.inner_text() == "curfew" and mark.is_visible()
    assert mark.evaluate("e => e.getBoundingClientRect().top < window.innerHeight")


def test_keyboard_only_skip_link_search_box_and_enter(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to content"
    assert page.locator("a.skip").evaluate("e => e.getBoundingClientRect().top >= 0")  # shown when focused
    for _ in range(8):
        page.keyboard.press("Tab")
        if focused(page)["id"] == "q":
            break
    assert focused(page)["id"] == "q"
    page.keyboard.type('"host site"')
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=%22host+site%22")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "A"  # the first link of the results


def test_keyboard_only_copy_a_page_citation(page, doc_ids):
    page.goto(f"/documents/{doc_ids['order.pdf']}")
    page.locator("#cite-2").focus()
    page.keyboard.press("Tab")
    assert focused(page)["cls"] == "copy"
    page.keyboard.press("Enter")
    sync_api.expect(page.locator("#page-2 button.copy")).to_have_text("Copied")  # once the clipboard has it
    assert page.evaluate("navigator.clipboard.readText()") == "Murphy v. Raoul injunction order, at 2"


def test_everything_works_with_javascript_off(no_js_page, doc_ids):
    page = no_js_page
    page.goto("/")
    page.fill("#q", "registrants OR release")
    page.press("#q", "Enter")
    page.wait_for_url("**/?q=registrants+OR+release")
    page.get_by_role("link", name="Newest first").click()
    page.get_by_role("navigation", name="Filter by year").get_by_role("link", name="2020").click()
    assert page.locator("li.result").count() == 1
    page.locator("li.result h2 a").click()
    page.wait_for_url("**/documents/**")
    assert page.locator("#cite-3").input_value() == "Murphy v. Raoul injunction order, at 3"
    assert page.locator("button.copy").count() == 0
    page.goto(f"/documents/{doc_ids['filings/long-response.pdf']}?q=curfew")
    page.fill("#goto-page", str(LONG_FILING_HIT_PAGE))
    page.press("#goto-page", "Enter")
    page.wait_for_url(f"**#page-{LONG_FILING_HIT_PAGE}")
    assert page.locator(f"#page-{LONG_FILING_HIT_PAGE} mark").is_visible()


def test_pages_fit_a_360_pixel_phone_without_sideways_scrolling(no_js_page, doc_ids):
    for url in ("/", "/?q=registrants+OR+release", f"/documents/{doc_ids['order.pdf']}", "/help", "/status"):
        no_js_page.goto(url)
        width = no_js_page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{url} is {width}px wide"


AXE_PAGES = {
    "search": "/",
    "results": "/?q=registrants+OR+release",
    "no-results": "/?q=zzyzx",
    "document": "/documents/{order}?q=%22host+site%22",
    "redacted-document": "/documents/{redacted}",
    "help": "/help",
    "about": "/about",
    "status": "/status",
    "not-found": "/nowhere",
}


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_finds_no_serious_or_critical_accessibility_violations(browser, live_server, doc_ids, name):
    url = AXE_PAGES[name].format(order=doc_ids["order.pdf"], redacted=doc_ids["memos/redacted.pdf"])
    context = browser.new_context(base_url=live_server, viewport=LAPTOP, bypass_csp=True)  # to inject axe
    try:
        page = context.new_page()
        page.goto(url)
        result = axe_violations(page)
    finally:
        context.close()
    report = ARTIFACTS / "axe" / f"{name}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(result["violations"], indent=2), encoding="utf-8")
    found = serious(result["violations"])
    assert not found, found
    assert result["passes"], "axe ran no checks"


@pytest.fixture(scope="module")
def screenshot_dir():
    folder = ARTIFACTS / "screenshots"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["360", "1280"])
def test_screenshots_of_search_results_and_document(browser, live_server, doc_ids, screenshot_dir, viewport):
    context = browser.new_context(base_url=live_server, viewport=viewport)
    try:
        page = context.new_page()
        shots = {
            "search": "/",
            "results": "/?q=registrants+OR+release+OR+curfew",
            "document": f"/documents/{doc_ids['order.pdf']}?q=%22host+site%22",
            "document-redacted": f"/documents/{doc_ids['memos/redacted.pdf']}",
            "status": "/status",
        }
        for name, url in shots.items():
            page.goto(url)
            path = screenshot_dir / f"{name}-{viewport['width']}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 1000
    finally:
        context.close()

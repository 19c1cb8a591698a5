"""The staff flow in a real browser (Debian's Chromium through Playwright), at phone size:
log in, upload a PDF, correct its metadata, publish, find it from a logged-out browser; mark it
staff-only, see it vanish for the logged-out browser and stay for the logged-in one; log out.

Skipped, with the reason, when /usr/bin/chromium or the playwright package is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_pdf
from tests.staff.conftest import PASSWORD, add_user, build_app, make_library
from tests.web.browsing import CHROMIUM, PHONE, served
from tests.web.browsing import chromium as launch_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)

WORD = "pterodactylus"
PUBLISH_WAIT_MS = 240_000


@pytest.fixture
def server(tmp_path, engine):
    from search.config import load_settings
    from search.ingest import ingest

    settings = load_settings(make_library(tmp_path / "corpus"), tmp_path / "index")
    ingest(settings)
    app = build_app(settings, tmp_path / "instance")
    add_user(app, "desk", "editor")
    with served(app) as base_url:
        yield base_url


@pytest.fixture
def browser():
    with launch_chromium() as browser:
        yield browser


def publish_and_wait(page) -> None:
    page.goto("/admin/")
    page.locator("#publish").click()
    page.wait_for_selector("#publish-done", timeout=PUBLISH_WAIT_MS)


def found_titles(page, query: str) -> list[str]:
    page.goto(f"/?q={query}")
    return page.locator("li.result h2 a").all_inner_texts()


def test_login_upload_describe_publish_hide_and_log_out(browser, server, tmp_path: Path):
    staff = browser.new_context(base_url=server, viewport=PHONE)
    visitor = browser.new_context(base_url=server, viewport=PHONE)
    page, outside = staff.new_page(), visitor.new_page()

    page.goto("/admin/")
    page.get_by_label("User name").fill("desk")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("#login").click()
    page.wait_for_url("**/admin/")

    pdf = write_pdf(tmp_path / "Ruling on Housing.pdf", [f"ORDER. The {WORD} shelter may house registrants."])
    page.goto("/admin/upload")
    page.locator("input[type=file]").set_input_files(str(pdf))
    page.locator("#upload").click()
    page.wait_for_url("**/admin/edit?file=uploads/ruling-on-housing.pdf*")
    assert page.locator("#title-source").inner_text().startswith("Source:")
    assert page.locator("#visibility").input_value() == "staff"  # a draft is never public

    page.locator("#title").fill("Ruling on shelter housing")
    page.locator("#doc_type").select_option("order")
    page.locator("#date").fill("2020-02-30")
    page.locator("#save").click()
    assert "A real date" in page.content()  # refused, nothing saved
    page.locator("#date").fill("2020-02-28")
    page.locator("#visibility").select_option("public")
    page.locator("#save").click()
    page.wait_for_selector("text=Saved.")

    publish_and_wait(page)
    assert found_titles(outside, WORD) == ["Ruling on shelter housing"]
    assert not visitor.cookies()  # the public site never set a cookie

    page.goto("/admin/edit?file=uploads/ruling-on-housing.pdf")
    page.locator("#visibility").select_option("staff")
    page.locator("#save").click()
    page.wait_for_selector("text=Saved.")
    publish_and_wait(page)

    assert found_titles(outside, WORD) == []
    assert found_titles(page, WORD) == ["Ruling on shelter housing"]
    assert page.locator("li.result .staff-only").inner_text() == "staff only"

    page.goto("/admin/")
    page.locator("#logout").click()
    page.wait_for_url(f"{server}/")
    assert found_titles(page, WORD) == []
    staff.close()
    visitor.close()

"""What the browser tests share: Debian's Chromium, the phone and laptop sizes, axe-core, and
an app served on a free port (not a test module; each browser test module imports it)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}


@contextmanager
def served(app: Any) -> Iterator[str]:
    """``app`` served by werkzeug on 127.0.0.1 (a free port) in a thread: its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright (callers skip first when either is missing)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page: Any) -> dict[str, Any]:
    """axe-core's verdict on the page ``page`` shows (its context opened with ``bypass_csp=True``
    so the script can be injected): ``violations`` and ``passes``, as axe gives them."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(f"axe.run(document, {{runOnly: {json.dumps(AXE_TAGS)}}})")


def serious(violations: list[dict[str, Any]]) -> list[tuple[str, str, list[Any]]]:
    """The serious and critical violations, each as (rule, impact, first three targets)."""
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations
            if v["impact"] in ("serious", "critical")]

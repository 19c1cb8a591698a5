"""Fixtures for the web app: one indexed corpus per session, an app, a client, a live server.

The corpus holds the shared order and brief, a 300-page filing whose page 280 alone says
"curfew", and a memo whose page 2 has text under a black box (a failed redaction).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import BRIEF_PAGES, ORDER_PAGES, write_pdf

LONG_FILING_PAGES = 300
LONG_FILING_HIT_PAGE = 280
CATALOG = """
[[document]]
file = "order.pdf"
title = "Murphy v. Raoul injunction order"
doc_type = "order"
date = "2020-03-01"
court = "U.S. District Court for the Northern District of Illinois"
case_name = "Murphy v. Raoul"
case_number = "16 C 11471"
source_url = "javascript:alert(1)"

[[document]]
file = "briefs/amicus.pdf"
title = "Amicus brief in Vasquez v. Foxx"
doc_type = "amicus brief"
date = "2017-06-01"
court = "U.S. Court of Appeals for the Seventh Circuit"
source_url = "https://example.org/vasquez-brief"

[[document]]
file = "memos/redacted.pdf"
title = "Memorandum about shelter placements for people on the registry"
source_url = "https://example.org/unredacted-memo"

[[document]]
file = "filings/long-response.pdf"
title = "Long response to motion to dismiss"
doc_type = "memo"
date = "2019-05-01"
"""


FILLER_WORDS = [
    "plaintiffs", "defendants", "housing", "parole", "statute", "residency", "registry", "shelter", "appeal",
    "motion", "record", "hearing", "district", "circuit", "remedy", "notice", "evidence", "witness", "policy",
    "department", "release", "supervision", "address", "family",
]


def long_filing_pages() -> list[str]:
    """300 pages of varied filler (so no line repeats like a running header); only page 280 says "curfew"."""
    rng = random.Random(400)
    pages = []
    for number in range(1, LONG_FILING_PAGES + 1):
        sentences = [" ".join(rng.choice(FILLER_WORDS) for _ in range(10)).capitalize() + "." for _ in range(4)]
        if number == LONG_FILING_HIT_PAGE:
            sentences.insert(2, "The nightly curfew imposed on registrants is the subject of this page.")
        pages.append(" ".join(sentences))
    return pages


def write_redacted_pdf(path: Path) -> Path:
    """Two pages; on page 2 a black box is drawn over a name still in the text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Memorandum about shelter placements for people on the registry.")
    pdf.add_page()
    pdf.set_xy(10, 20)
    pdf.cell(0, 8, "The witness SECRETNAME lives near the shelter.")
    pdf.set_xy(10, 40)
    pdf.cell(0, 8, "Placement was refused because of the distance rule.")
    pdf.set_fill_color(0, 0, 0)
    pdf.rect(8, 18, 120, 12, style="F")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def web_index(tmp_path_factory, engine: str):
    """Settings of the web corpus, ingested once per session."""
    from search.config import load_settings
    from search.ingest import ingest

    root = tmp_path_factory.mktemp("web") / "corpus"
    write_pdf(root / "order.pdf", ORDER_PAGES)
    write_pdf(root / "briefs" / "amicus.pdf", BRIEF_PAGES)
    write_pdf(root / "filings" / "long-response.pdf", long_filing_pages())
    write_redacted_pdf(root / "memos" / "redacted.pdf")
    (root / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    (root / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    settings = load_settings(root, root.parent / "index")
    ingest(settings)
    return settings


@pytest.fixture(scope="session")
def web_app(web_index):
    from webapp import create_app

    return create_app(
        {"TESTING": True, "INDEX_DIR": web_index.index_dir, "CORPUS_DIR": web_index.corpus_dir, "RATE_LIMIT": "off"}
    )


@pytest.fixture
def client(web_app):
    return web_app.test_client()


@pytest.fixture(scope="session")
def doc_ids(web_app) -> dict[str, str]:
    """Document id by corpus path."""
    return {meta.path: meta.id for meta in web_app.extensions["search"].documents()}


@pytest.fixture(scope="session")
def live_server(web_app):
    """The app served by werkzeug on 127.0.0.1 (a free port) in a thread: its base URL."""
    from tests.web.browsing import served

    with served(web_app) as base_url:
        yield base_url

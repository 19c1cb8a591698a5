"""Fixtures for the staff pages: a library with one public and one staff-only document, the
app with a database of its own, accounts, and a logged-in client.

The staff document's words, title, id and case number appear in no public document, so any
of them reaching a visitor is a leak a test can see.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import write_pdf

#: Words of the staff document found nowhere else (a spelling suggestion must not offer them).
STAFF_WORDS = ("zanzibarquux", "Xylophonist")
STAFF_TITLE = "Confidential intake memo Xylophonist"
STAFF_CASE_NUMBER = "23 C 98765"
STAFF_FILE = "desk/intake.pdf"
PUBLIC_TITLE = "Public housing order"
PASSWORD = "correct horse battery"

CATALOG = f"""
# The alliance's catalog (a comment the staff pages must keep).

[[document]]
file = "public/order.pdf"
title = "{PUBLIC_TITLE}"
doc_type = "order"
date = "2020-03-01"
court = "Circuit Court of Cook County"
case_number = "19 CH 1234"

[[document]]
file = "{STAFF_FILE}"
title = "{STAFF_TITLE}"
doc_type = "memo"
date = "2021-05-05"
court = "Staff Court of Secrets"
case_number = "{STAFF_CASE_NUMBER}"
visibility = "staff"
"""

PUBLIC_PAGES = [
    "The shelter housing order: registrants may live at the shelter. Parole housing and residency rules.",
    "Second page about the housing of registrants and the parole board.",
]
STAFF_PAGES = [
    "Intake memo. The client zanzibarquux met the Xylophonist about housing and parole at the shelter.",
    "The zanzibarquux family asked the legal desk for help with the registry and the shelter housing.",
]


def make_library(root: Path) -> Path:
    write_pdf(root / "public" / "order.pdf", PUBLIC_PAGES)
    write_pdf(root / STAFF_FILE, STAFF_PAGES)
    (root / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def staff_index(tmp_path_factory, engine: str):
    """The library, ingested once per engine (read only: tests that change it make their own)."""
    from search.config import load_settings
    from search.ingest import ingest

    root = make_library(tmp_path_factory.mktemp("staff") / "corpus")
    settings = load_settings(root, root.parent / "index")
    ingest(settings)
    return settings


def build_app(settings, instance: Path, **extra):
    from webapp import create_app

    config = {"TESTING": True, "INDEX_DIR": settings.index_dir, "CORPUS_DIR": settings.corpus_dir,
              "RATE_LIMIT": "off", "DATABASE": instance / "c400.sqlite3", "SECRET_KEY": "test secret key",
              "UPLOAD_EXTRACTION_S": 60, "INSTANCE_PATH": instance, **extra}
    return create_app(config)


def add_user(app, name: str = "editor1", role: str = "editor", password: str = PASSWORD) -> None:
    from webapp import accounts

    connection = accounts.connect(app.config["DATABASE"])
    try:
        accounts.add_user(connection, name, role, password)
    finally:
        connection.close()


@pytest.fixture(scope="session")
def staff_app(staff_index, tmp_path_factory):
    app = build_app(staff_index, tmp_path_factory.mktemp("instance"))
    add_user(app, "editor1", "editor")
    add_user(app, "admin1", "admin")
    return app


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def login(client, name: str = "editor1", password: str = PASSWORD):
    page = client.get("/admin/login")
    return client.post("/admin/login", data={"username": name, "password": password,
                                             "csrf_token": csrf_token(page.get_data(as_text=True))})


def token_from(client, path: str = "/admin/") -> str:
    return csrf_token(client.get(path).get_data(as_text=True))


@pytest.fixture
def visitor(staff_app):
    return staff_app.test_client()


@pytest.fixture
def staff(staff_app):
    client = staff_app.test_client()
    assert login(client).status_code == 303
    return client


@pytest.fixture
def staff_doc_id() -> str:
    from search.records import document_id

    return document_id(STAFF_FILE)


@pytest.fixture
def public_doc_id() -> str:
    from search.records import document_id

    return document_id("public/order.pdf")

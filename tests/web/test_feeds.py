"""Atom feeds of every list and search: valid RFC 4287 (an XML Schema 1.1 of it and feedparser),
newest added first, stable ids, and ``updated`` = when the document entered the library, which
survives a rebuild of the index."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_pdf

feedparser = pytest.importorskip("feedparser", reason="feedparser is not installed")
xmlschema = pytest.importorskip("xmlschema", reason="xmlschema is not installed")

ATOM_XSD = Path(__file__).parent / "data" / "atom.xsd"


@pytest.fixture(scope="module")
def atom_schema():
    return xmlschema.XMLSchema11(str(ATOM_XSD))


def fetch(client, url: str, atom_schema) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    body = response.get_data()
    errors = [str(error.reason or error) for error in atom_schema.iter_errors(body.decode("utf-8"))]
    assert not errors, errors
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def app_for(settings):
    from webapp import create_app

    return create_app({"TESTING": True, "INDEX_DIR": settings.index_dir, "CORPUS_DIR": settings.corpus_dir,
                       "RATE_LIMIT": "off", "RESULT_CACHE": 0})


def test_a_document_added_to_the_corpus_tops_the_feeds_and_old_entries_keep_their_time(settings, atom_schema):
    from search.ingest import IngestOptions, ingest

    ingest(settings)
    client = app_for(settings).test_client()
    before = fetch(client, "/documents.atom", atom_schema)
    assert len(before.entries) == 2
    assert before.feed.title == "Chicago 400 library: new documents"
    first_times = {entry.id: entry.updated for entry in before.entries}
    searched = fetch(client, "/search.atom?q=%22host+site%22", atom_schema)
    assert [entry.title for entry in searched.entries] == ["Murphy v. Raoul injunction order"]
    assert "host site" in searched.entries[0].summary and "Page " in searched.entries[0].summary
    assert searched.entries[0].link.endswith("q=%22host+site%22#page-2")

    write_pdf(settings.corpus_dir / "orders" / "new-order.pdf",
              ["ORDER on the host site rule, entered after the injunction.", "Second page."])
    ingest(settings)
    after = fetch(client, "/documents.atom", atom_schema)
    assert len(after.entries) == 3
    newest = after.entries[0]
    assert newest.id not in first_times and newest.link.endswith("#page-1")
    assert newest.updated_parsed >= max(entry.updated_parsed for entry in before.entries)
    assert {entry.id: entry.updated for entry in after.entries[1:]} == first_times
    assert [entry.title for entry in fetch(client, "/search.atom?q=%22host+site%22", atom_schema).entries][1] \
        == "Murphy v. Raoul injunction order"

    ingest(settings, IngestOptions(rebuild=True))  # a rebuild keeps when each document entered the library
    rebuilt = fetch(client, "/documents.atom", atom_schema)
    assert {e.id: e.updated for e in rebuilt.entries} == {e.id: e.updated for e in after.entries}


def test_feed_filters_and_ids_are_stable(settings, atom_schema):
    from search.ingest import ingest

    ingest(settings)
    client = app_for(settings).test_client()
    orders = fetch(client, "/documents.atom?type=order", atom_schema)
    assert [entry.title for entry in orders.entries] == ["Murphy v. Raoul injunction order"]
    assert "order" in orders.feed.title
    again = fetch(client, "/documents.atom?type=order", atom_schema)
    assert orders.feed.id == again.feed.id and orders.entries[0].id == again.entries[0].id
    everything = fetch(client, "/documents.atom", atom_schema)
    assert orders.entries[0].id in {entry.id for entry in everything.entries}  # one id per document
    assert orders.feed.id != everything.feed.id
    assert client.get("/search.atom?q=*ment").status_code == 400
    assert client.get("/documents.atom?type=memorandum").status_code == 400

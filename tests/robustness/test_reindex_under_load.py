"""Searches keep being answered while a full re-index runs and switches generations.

The app is served by werkzeug's threaded server on 127.0.0.1; a few client threads search
(JSON, HTML and CSV) without pause while ``indexer.py --rebuild`` builds a new generation
holding new documents. No request may fail, and the new documents must be found within
seconds of the switch.
"""

from __future__ import annotations

import http.client
import logging
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from werkzeug.serving import BaseWSGIServer, make_server

from search.config import Settings
from search.ingest import ingest
from search.store import IndexStore
from tests.conftest import PROJECT_ROOT
from tests.robustness.conftest import make_app, wait_until, write_document

pytestmark = pytest.mark.usefixtures("engine")  # builds an index: runs once per engine

CLIENTS = 3
NEW_WORD = "zebrafinch"
URLS = ("/api/search?q=housing", "/?q=shelter+OR+registrants", "/api/search.csv?q=school", "/api/search?q=resid*")
SWITCH_TO_SEARCHABLE_S = 5.0


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int | None, error: str | None = None) -> None:
        with self.lock:
            if status is not None:
                self.statuses[status] += 1
            if error or status != 200:
                self.errors.append(error or f"HTTP {status}")


def get(port: int, url: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", url)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def client_loop(port: int, offset: int, stop: threading.Event, tally: Tally) -> None:
    number = offset
    while not stop.is_set():
        url = URLS[number % len(URLS)]
        number += 1
        try:
            status, body = get(port, url)
            tally.record(status, None if status == 200 else f"{url}: HTTP {status}: {body[:200]!r}")
        except Exception as error:  # noqa: BLE001 - a failed request is what this test counts
            tally.record(None, f"{url}: {type(error).__name__}: {error}")


@pytest.fixture
def server(small_settings: Settings) -> Iterator[tuple[BaseWSGIServer, Settings]]:
    ingest(small_settings)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    httpd = make_server("127.0.0.1", 0, make_app(small_settings), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd, small_settings
    finally:
        httpd.shutdown()
        thread.join(10)


def new_word_found(port: int) -> bool:
    status, body = get(port, f"/api/search?q={NEW_WORD}")
    return status == 200 and b'"total":0' not in body.replace(b" ", b"")


def test_searches_never_fail_during_a_full_reindex(server: tuple[BaseWSGIServer, Settings], record_property) -> None:
    httpd, settings = server
    port = httpd.server_port
    store = IndexStore(settings.index_dir)
    before = store.current_name()
    for number in range(4):
        write_document(settings.corpus_dir / f"added-{number}.pdf", f"{NEW_WORD} added{number}")
    stop, tally = threading.Event(), Tally()
    clients = [threading.Thread(target=client_loop, args=(port, n, stop, tally)) for n in range(CLIENTS)]
    for client in clients:
        client.start()
    try:
        assert wait_until(lambda: sum(tally.statuses.values()) >= 20, 30), "clients could not get started"
        assert not new_word_found(port)
        command = [sys.executable, "indexer.py", "--corpus", str(settings.corpus_dir),
                   "--index", str(settings.index_dir), "--rebuild", "--jobs", "1"]
        indexer = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert wait_until(lambda: store.current_name() != before, 60, 0.005), "the re-index never switched"
        switched_at = time.monotonic()
        assert wait_until(lambda: new_word_found(port), SWITCH_TO_SEARCHABLE_S, 0.02), "new documents not found"
        found_after = time.monotonic() - switched_at
        assert indexer.wait(60) == 0, indexer.stderr.read() if indexer.stderr else ""
        served = sum(tally.statuses.values())
        wait_until(lambda: sum(tally.statuses.values()) >= served + 20, 10)  # and a little after
    finally:
        stop.set()
        for client in clients:
            client.join(30)
    served = sum(tally.statuses.values())
    record_property("requests_served", served)
    print(f"\n{served} requests during the re-index, {len(tally.errors)} failed; "
          f"new documents searchable {found_after:.2f} s after the switch")
    assert tally.errors == []
    assert served >= 40

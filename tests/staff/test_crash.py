"""Crash safety of the staff pages: SIGKILL during a catalog write, and during a background
publish. The catalog and the index are always the old or the new version, never a mix."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from search.catalog import load_catalog
from search.models import SearchRequest
from search.service import SearchService
from search.store import IndexStore
from tests.conftest import PROJECT_ROOT, write_pdf
from tests.robustness.conftest import lock_is_free, wait_until
from tests.staff.conftest import make_library

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from search.catalog_edit import set_entry

    corpus = Path(sys.argv[1])
    padding = "x" * 20000  # a long value: the write takes long enough to be caught halfway
    number = 0
    while True:
        number += 1
        set_entry(corpus, "uploads/draft.pdf", {"title": f"Title {number}", "summary": padding + str(number)})
        print(number, flush=True)
""")


def test_a_kill_during_catalog_writes_leaves_the_old_or_the_new_catalog(tmp_path):
    corpus = make_library(tmp_path / "corpus")
    original = load_catalog(corpus)
    for round_number in range(8):
        process = subprocess.Popen([sys.executable, "-c", WRITER, str(corpus)], stdout=subprocess.PIPE, text=True,
                                   cwd=PROJECT_ROOT)
        written = 0
        for _ in range(3 + round_number * 7):  # a different moment each round
            line = process.stdout.readline()
            if line:
                written = int(line)
        process.send_signal(signal.SIGKILL)
        process.wait()
        rest = process.stdout.read().split()
        if rest:
            written = int(rest[-1])
        catalog = load_catalog(corpus)  # never half a file: this would raise
        entry = catalog["uploads/draft.pdf"]
        number = int(entry.title.split()[-1])
        assert number in (written, written + 1), (number, written)
        assert entry.summary.endswith(str(number))  # title and summary of the same write
        assert {key: value for key, value in catalog.items() if key != "uploads/draft.pdf"} == original


SERVER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from search.config import load_settings
    from webapp import create_app, accounts
    from tests.staff.conftest import login, token_from

    corpus, index, instance = (Path(arg) for arg in sys.argv[1:4])
    app = create_app({"TESTING": True, "CORPUS_DIR": corpus, "INDEX_DIR": index, "RATE_LIMIT": "off",
                      "DATABASE": instance / "c400.sqlite3", "SECRET_KEY": "k", "INSTANCE_PATH": instance})
    connection = accounts.connect(app.config["DATABASE"])
    accounts.add_user(connection, "editor1", "editor", "correct horse battery")
    connection.close()
    client = app.test_client()
    login(client)
    client.post("/admin/publish", data={"csrf_token": token_from(client)})
    print("publishing", flush=True)
    time.sleep(600)
""")


def titles(index: Path) -> set[str]:
    service = SearchService(index, result_cache=0)
    found = service.search(SearchRequest("", per_page=100, audience="staff"))
    return {hit.title for hit in found.results}


@pytest.mark.usefixtures("engine")
def test_a_kill_during_a_background_publish_leaves_the_previous_index(tmp_path):
    from search.config import load_settings
    from search.ingest import ingest

    corpus = make_library(tmp_path / "corpus")
    index, instance = tmp_path / "index", tmp_path / "instance"
    ingest(load_settings(corpus, index))
    before_titles, before_generation = titles(index), IndexStore(index).current_name()
    catalog_before = (corpus / "catalog.toml").read_text()
    for number in range(6):  # enough new work that the kill lands in the middle of it
        write_pdf(corpus / "new" / f"file-{number}.pdf", [f"New file {number} about housing."] * 40)
    process = subprocess.Popen([sys.executable, "-c", SERVER, str(corpus), str(index), str(instance)],
                               stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT, start_new_session=True)
    assert process.stdout.readline().strip() == "publishing"
    state_file = instance / "publish.json"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = json.loads(state_file.read_text()) if state_file.exists() else {}
        if state.get("state") == "running" and state.get("done", 0) >= 1:
            break
        time.sleep(0.05)
    assert state.get("state") == "running", state
    os.killpg(process.pid, signal.SIGKILL)  # the server and its extraction workers
    process.wait()
    assert wait_until(lambda: lock_is_free(index), 30)  # the kernel ends the workers too, a moment later
    assert IndexStore(index).current_name() == before_generation
    assert titles(index) == before_titles
    assert (corpus / "catalog.toml").read_text() == catalog_before

    from webapp.publish import read_state

    assert read_state(instance).state == "failed"  # the page says the run died, not "running" forever
    # the next publish takes the lock the dead one held and finishes
    from webapp.publish import PublishState, run

    finished = run(load_settings(corpus, index), instance, PublishState(state="running", pid=os.getpid()))
    assert finished.state == "done", finished
    assert titles(index) >= before_titles and len(titles(index)) == len(before_titles) + 6

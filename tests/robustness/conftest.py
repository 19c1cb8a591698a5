"""Shared helpers of the robustness suite (issue #7, "nothing lost, nothing leaked")."""

from __future__ import annotations

import fcntl
import hashlib
import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from search.config import Settings, load_settings
from tests.conftest import PROJECT_ROOT, write_pdf

#: Every generated document says this, so one search finds them all.
COMMON_WORD = "housing"


PAGE_TEXTS = (
    "Residency restrictions keep registrants from {word} near schools, parks and day-care homes.",
    "The shelter turned people away because a school bus stop was within five hundred feet.",
    "Volunteers kept a list of addresses the state police had approved during the winter.",
)


def write_document(path: Path, label: str, pages: int = 2) -> Path:
    """A small text PDF naming ``label`` on its first page; pages differ (alike lines are taken for running heads)."""
    texts = [PAGE_TEXTS[n % len(PAGE_TEXTS)].format(word=COMMON_WORD) for n in range(pages)]
    texts[0] = f"{label}\n{texts[0]}"
    return write_pdf(path, texts)


def make_corpus(root: Path, count: int) -> Path:
    for number in range(count):
        write_document(root / f"doc-{number:02d}.pdf", f"base{number}")
    return root


def corpus_state(root: Path) -> frozenset[tuple[str, str]]:
    """(path, SHA-256) of every PDF in the corpus: what a complete index must hold."""
    return frozenset(
        (path.relative_to(root).as_posix(), hashlib.sha256(path.read_bytes()).hexdigest())
        for path in root.rglob("*.pdf")
    )


def index_state(index_dir: Path) -> Counter[tuple[str, str]]:
    """(path, SHA-256) of every document record the current generation holds, with how often."""
    from search.service import SearchService

    return Counter((meta.path, meta.sha256) for meta in SearchService(index_dir).documents())


def lock_is_free(index_dir: Path) -> bool:
    """True when no process (an indexer, or a worker it left behind) holds the writer lock."""
    with open(index_dir / "ingest.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def wait_until(predicate: Callable[[], Any], timeout: float, interval: float = 0.01) -> Any:
    """Poll ``predicate`` until it is truthy or ``timeout`` seconds pass; return its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def start_harness() -> subprocess.Popen:
    """The indexer harness, importing while the test prepares; ``send`` tells it what to run."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.robustness.harness"],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def send(process: subprocess.Popen, order: dict[str, Any]) -> None:
    assert process.stdin is not None
    process.stdin.write(json.dumps(order) + "\n")
    process.stdin.flush()


def run_harness(order: dict[str, Any], timeout: float = 120, **popen: Any) -> subprocess.CompletedProcess:
    """Run the harness to the end with ``order``; returns its output."""
    return subprocess.run(
        [sys.executable, "-m", "tests.robustness.harness"],
        cwd=PROJECT_ROOT,
        input=json.dumps(order) + "\n",
        capture_output=True,
        text=True,
        timeout=timeout,
        **popen,
    )


def make_app(settings: Settings):
    from webapp import create_app

    return create_app(
        {"TESTING": True, "INDEX_DIR": settings.index_dir, "CORPUS_DIR": settings.corpus_dir, "RATE_LIMIT": "off"}
    )


@pytest.fixture
def small_settings(tmp_path: Path, engine: str) -> Settings:
    """Settings of an eight-document corpus, not yet indexed."""
    return load_settings(make_corpus(tmp_path / "corpus", 8), tmp_path / "index")

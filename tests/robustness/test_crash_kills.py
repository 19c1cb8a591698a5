"""Nothing lost: SIGKILL the indexer anywhere and the index stays whole.

Each round changes the corpus (two files rewritten, one added, one deleted), starts
``indexer.py`` and kills it with SIGKILL: at a random (seeded) moment after the start, of
extraction or of indexing, or, for the generation switch whose window is microseconds
wide, at one of its steps (see ``tests/robustness/harness.py``). Then:

- the index opens and holds exactly the previous or the new corpus, each document once;
- no worker outlives the killed indexer holding its lock;
- the next run finishes with every document present once, and ``--check`` agrees.
"""

from __future__ import annotations

import random
import signal
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from search.check import check_index
from search.config import Settings
from search.ingest import IngestOptions, ingest
from search.models import SearchRequest
from search.service import SearchService
from search.store import MANIFEST, IndexStore
from search.workers import Limits
from tests.robustness.conftest import (
    COMMON_WORD,
    corpus_state,
    index_state,
    lock_is_free,
    send,
    start_harness,
    wait_until,
    write_document,
)
from tests.robustness.harness import FAULTS

pytestmark = pytest.mark.usefixtures("engine")  # builds an index: runs once per engine

SEED = 20240607
TIMED_KILLS = 21  # seven each anchored at the start, at extraction and at indexing
PHASE_ANCHORS = ("start", "extraction", "indexing")


@dataclass
class Round:
    number: int
    before: frozenset[tuple[str, str]]
    after: frozenset[tuple[str, str]]
    generation: str | None


def change_corpus(root: Path, number: int, rng: random.Random) -> None:
    """Rewrite two documents, add one, delete one: every kind of change in each round."""
    existing = sorted(root.glob("*.pdf"))
    for path in rng.sample(existing, 2):
        write_document(path, f"round{number}-{path.stem}")
    write_document(root / f"new-{number:02d}.pdf", f"new{number}")
    victim = rng.choice([path for path in existing if path.exists()])
    victim.unlink()


def workers_of(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def building(store: IndexStore) -> list[Path]:
    return list(store.generations.glob(".building-*"))


def process_ended(process: subprocess.Popen) -> Callable[[], bool]:
    return lambda: process.poll() is not None


def wait_for_anchor(process: subprocess.Popen, store: IndexStore, anchor: str) -> None:
    """Until the phase the kill is aimed at has begun (or the run is over)."""
    if anchor == "extraction":
        wait_until(lambda: workers_of(process.pid) or process.poll() is not None, 30, 0.001)
    elif anchor == "indexing":
        wait_until(lambda: building(store) or process.poll() is not None, 30, 0.001)


def observed_phase(store: IndexStore, before: str | None, cache: Path, cached_before: int, had_workers: bool) -> str:
    """Where the run was when it died, read from what it left in the index folder."""
    if store.current_name() != before:
        return "after switch"
    left = building(store)
    if left:
        return "publishing" if (left[0] / MANIFEST).exists() else "indexing"
    numbers = [IndexStore._number(path) for path in store.generations.glob("g-*")]
    if before and max(numbers, default=0) > IndexStore._number(Path(before)):
        return "switch"
    if had_workers or len(list(cache.rglob("*.json.gz"))) > cached_before:
        return "extraction"
    return "start"


def assert_complete_generation(settings: Settings, round_: Round) -> None:
    held = index_state(settings.index_dir)
    assert max(held.values(), default=1) == 1, f"round {round_.number}: duplicated documents {held}"
    assert frozenset(held) in (round_.before, round_.after), f"round {round_.number}: a mixed or partial index"
    found = SearchService(settings.index_dir).search(SearchRequest(COMMON_WORD, per_page=100))
    assert found.total == len(held)


def finish_and_verify(settings: Settings, round_: Round) -> None:
    assert wait_until(lambda: lock_is_free(settings.index_dir), 5), "a worker outlived the killed indexer"
    ingest(settings, IngestOptions(wait_for_lock=False, limits=Limits(processes=2)))
    held = index_state(settings.index_dir)
    assert held == Counter(dict.fromkeys(round_.after, 1)), f"round {round_.number}: documents lost or duplicated"
    assert not building(IndexStore(settings.index_dir))
    checked = check_index(settings)
    assert checked.consistent, checked.problems


def plan_kills(rng: random.Random) -> list[tuple[str, float, str | None]]:
    """(anchor, delay after it in seconds, fault) for each round, in a seeded random order."""
    timed = [(PHASE_ANCHORS[n % 3], rng.uniform(0, 0.5) if n % 3 == 0 else rng.uniform(0, 0.08), None)
             for n in range(TIMED_KILLS)]
    faults = [("start", 0.0, fault) for fault in FAULTS]
    plan = timed + faults
    rng.shuffle(plan)
    return plan


def test_sigkill_at_any_moment_loses_nothing(small_settings: Settings, record_property) -> None:
    settings = small_settings
    rng = random.Random(SEED)
    ingest(settings, IngestOptions(limits=Limits(processes=2)))
    store = IndexStore(settings.index_dir)
    cache = settings.cache_dir / "extract"
    argv = ["--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir), "--jobs", "2", "--no-wait"]
    phases: Counter[str] = Counter()
    process = start_harness()
    for number, (anchor, delay, fault) in enumerate(plan_kills(rng), start=1):
        round_ = Round(number, corpus_state(settings.corpus_dir), frozenset(), store.current_name())
        change_corpus(settings.corpus_dir, number, rng)
        round_.after = corpus_state(settings.corpus_dir)
        cached_before = len(list(cache.rglob("*.json.gz")))
        send(process, {"argv": argv, "fault": fault})
        wait_for_anchor(process, store, anchor)
        wait_until(process_ended(process), delay, 0.001)  # the random moment, or the end
        had_workers = bool(workers_of(process.pid))
        process.send_signal(signal.SIGKILL)
        code = process.wait()
        next_process = start_harness()  # imports while this round is checked
        if code == -signal.SIGKILL:
            phases[fault or observed_phase(store, round_.generation, cache, cached_before, had_workers)] += 1
        else:
            phases["finished before the kill"] += 1
        assert code in (0, -signal.SIGKILL), process.stderr.read() if process.stderr else code
        assert_complete_generation(settings, round_)
        finish_and_verify(settings, round_)
        process = next_process
    process.kill()
    process.wait()
    record_property("kills_by_phase", dict(phases))
    print(f"\nkills by phase: {dict(phases)}")
    assert sum(count for phase, count in phases.items() if phase != "finished before the kill") >= 20
    assert {"extraction", "indexing"} <= set(phases) and set(FAULTS) <= set(phases)


def test_workers_die_with_a_killed_indexer_and_free_its_lock(tmp_path: Path) -> None:
    """A worker left running would hold the inherited lock, unwatched by any timeout, and block the next run."""
    from tests.robustness.pdfs import many_pages

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    many_pages(corpus / "long.pdf", 5000)  # several seconds of extraction
    index = tmp_path / "index"
    process = start_harness()
    send(process, {"argv": ["--corpus", str(corpus), "--index", str(index), "--jobs", "1"]})
    # Workers once the lock is held: before that, a child is a start-up probe (``tesseract --version``).
    workers = wait_until(lambda: (index / "ingest.lock").exists() and workers_of(process.pid), 30, 0.005)
    assert workers, "the indexer started no worker"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert wait_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), 3), "orphaned worker"
    assert wait_until(lambda: lock_is_free(index), 3)

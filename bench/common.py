"""Helpers shared by the benchmarks: paths, percentiles, queries, memory sampling, a gunicorn server.

Benchmarks report medians and percentiles rather than means, because a single slow
outlier (a page fault, a GC pause) says little about what a user sees.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
REALDOCS = Path(os.environ.get("C400_REALDOCS", PROJECT_ROOT.parent / "shared" / "realdocs"))
WORK_DIR = Path(os.environ.get("C400_BENCH_DIR", "/tmp/c400bench"))
PYTHON = sys.executable


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50/p95/p99 (nearest rank) and the mean, in the unit of the samples."""
    ordered = sorted(samples)
    if not ordered:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "mean": 0.0}

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]

    return {"n": len(ordered), "p50": rank(50), "p95": rank(95), "p99": rank(99), "mean": statistics.fmean(ordered)}


def load_queries(limit: int | None = None) -> list[str]:
    """The labelled queries of tests/relevance/*.toml (else bench/queries.txt), in a fixed order."""
    found: list[str] = []
    for path in sorted((PROJECT_ROOT / "tests" / "relevance").glob("*.toml")):
        found += [item["q"] for item in tomllib.loads(path.read_text(encoding="utf-8")).get("query", [])]
    extra = BENCH_DIR / "queries.txt"
    if extra.exists():
        found += [line.strip() for line in extra.read_text(encoding="utf-8").splitlines()
                  if line.strip() and not line.startswith("#")]
    unique = list(dict.fromkeys(found))
    return unique[:limit] if limit else unique


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TreeMemory:
    """Peak RSS of a process and all its descendants, sampled every ``interval`` seconds.

    Children (extraction workers) come and go quickly, so the sum is taken at each sample
    rather than from each process's own peak."""

    def __init__(self, pid: int, interval: float = 0.05):
        import psutil

        self._root = psutil.Process(pid)
        self._interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        import psutil

        total = 0
        try:
            procs = [self._root, *self._root.children(recursive=True)]
        except psutil.Error:
            return 0
        for proc in procs:
            with suppress(psutil.Error):
                total += proc.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self._sample())
            self._stop.wait(self._interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@contextmanager
def gunicorn_server(index_dir: Path, workers: int = 2, threads: int = 1, result_cache: int = 0,
                    engine: str | None = None) -> Iterator[str]:
    """The Flask app under gunicorn on 127.0.0.1 (rate limit off); yields its base URL.

    The result cache is off unless asked for, so every request runs a whole search."""
    port = free_port()
    env = {**os.environ, "C400_INDEX_DIR": str(index_dir), "C400_RATE_LIMIT": "off",
           "C400_RESULT_CACHE": str(result_cache)}
    if engine:
        env["C400_ENGINE"] = engine
    command = [PYTHON, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--threads", str(threads), "--log-level", "warning", "webapp:create_app()"]
    server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_up(base: str, server: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/api/search?q=registry", timeout=30) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within 60 s")


#: The engines the side-by-side benchmarks compare, the default first (ratios are default / other).
ENGINES = ("whoosh", "tantivy")


@contextmanager
def engine_env(name: str | None) -> Iterator[None]:
    """``C400_ENGINE`` set to ``name`` for the duration (readers opened inside use that engine)."""
    before = os.environ.get("C400_ENGINE")
    if name:
        os.environ["C400_ENGINE"] = name
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("C400_ENGINE", None)
        else:
            os.environ["C400_ENGINE"] = before


def ratio(reference: float, other: float) -> str:
    """``reference / other`` written as "12.3x" (how many times the other engine is faster or more)."""
    return f"{reference / other:.1f}x" if other else "-"


def table(rows: list[dict], columns: list[str]) -> str:
    """A Markdown table of ``rows`` (dicts) with the given column order."""
    def cell(value) -> str:
        return f"{value:.2f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(row.get(name, "")) for name in columns) + " |" for row in rows]
    return "\n".join(lines)

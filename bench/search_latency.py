"""Search latency at several corpus sizes, in-process and over HTTP (Flask under gunicorn), per engine.

    python -m bench.search_latency --pages 10000 100000 [--engines whoosh tantivy] [--rounds 2] [--no-http]

Every engine named (default: both) gets its own index of the same generated corpus, and the
same queries in the same run; a second table gives the ratios (Whoosh's figure over the
other engine's: how many times faster it is).

For each size: build (or reuse) the index from generated text, run every benchmark query
once to warm the OS cache and the searcher, then time ``rounds`` passes. In-process times
``SearchService.search`` (parse, engine, snippets, suggestion); HTTP times a GET of
``/api/search`` from one client against two gunicorn workers on 127.0.0.1, so it adds
JSON and WSGI overhead but no queueing. Both run with the result cache off, so every
search is done in full; a last row ("HTTP, repeated") has the cache on, as the site runs,
and times queries asked before, against one worker so each is sure to be remembered (with
two, a repeat may land on the worker that has not seen it). Results are printed as a
Markdown table (ms).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.build_index import build
from bench.common import ENGINES, engine_env, gunicorn_server, load_queries, percentiles, ratio, table
from search.models import SearchRequest
from search.query import QueryRejected
from search.service import DEFAULT_RESULT_CACHE, SearchService


def time_in_process(index_dir: Path, queries: list[str], rounds: int,
                    engine: str | None = None) -> tuple[list[float], dict[str, float]]:
    """Latencies in ms, and the slowest query's median (to find what to profile)."""
    with engine_env(engine):
        return _time_in_process(SearchService(index_dir, result_cache=0), queries, rounds)


def _time_in_process(service: SearchService, queries: list[str], rounds: int) -> tuple[list[float], dict[str, float]]:
    run = _service_runner(service)
    for query in queries:
        run(query)
    samples: list[float] = []
    per_query: dict[str, list[float]] = {query: [] for query in queries}
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            run(query)
            elapsed = (time.perf_counter() - started) * 1000
            samples.append(elapsed)
            per_query[query].append(elapsed)
    medians = {query: sorted(times)[len(times) // 2] for query, times in per_query.items()}
    return samples, medians


def _service_runner(service: SearchService):
    def run(query: str) -> None:
        with contextlib.suppress(QueryRejected):
            service.search(SearchRequest(query))

    return run


def time_http(
    index_dir: Path, queries: list[str], rounds: int, result_cache: int = 0, workers: int = 2,
    engine: str | None = None,
) -> tuple[list[float], int]:
    """Latencies in ms of sequential GETs of /api/search, and the number of non-200 answers."""
    samples: list[float] = []
    errors = 0
    with gunicorn_server(index_dir, workers=workers, result_cache=result_cache, engine=engine) as base:
        urls = [f"{base}/api/search?" + urllib.parse.urlencode({"q": query}) for query in queries]
        for url in urls:
            _get(url)
        for _ in range(rounds):
            for url in urls:
                started = time.perf_counter()
                status = _get(url)
                samples.append((time.perf_counter() - started) * 1000)
                errors += status not in (200, 400)
    return samples, errors


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            json.loads(response.read())
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--engines", nargs="+", default=list(ENGINES))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--slowest", type=int, default=5, help="list the N slowest queries")
    args = parser.parse_args(argv)
    queries = load_queries()
    print(f"{len(queries)} queries, {args.rounds} timed rounds after one warm-up; engines: {', '.join(args.engines)}")
    rows = []
    for pages in args.pages:
        for engine in args.engines:
            index_dir, rate = build(pages, engine=engine)
            if rate:
                print(f"{engine}: built {pages} pages at {rate:.0f} pages/s")
            samples, medians = time_in_process(index_dir, queries, args.rounds, engine)
            rows.append({"pages": pages, "engine": engine, "where": "in-process", **percentiles(samples)})
            slow = sorted(medians.items(), key=lambda item: -item[1])[: args.slowest]
            print(f"{engine}, slowest at {pages}: " + "; ".join(f"{q!r} {ms:.0f} ms" for q, ms in slow))
            if not args.no_http:
                samples, errors = time_http(index_dir, queries, args.rounds, engine=engine)
                rows.append({"pages": pages, "engine": engine, "where": "HTTP", "errors": errors,
                             **percentiles(samples)})
                samples, errors = time_http(index_dir, queries, args.rounds, result_cache=DEFAULT_RESULT_CACHE,
                                            workers=1, engine=engine)
                rows.append({"pages": pages, "engine": engine, "where": "HTTP, repeated", "errors": errors,
                             **percentiles(samples)})
    print(table(rows, ["pages", "engine", "where", "n", "p50", "p95", "p99", "mean", "errors"]))
    print()
    print(table(ratios(rows, args.engines), ["pages", "where", "engines", "p50 ratio", "p95 ratio"]))
    return 0


def ratios(rows: list[dict], engines: list[str]) -> list[dict]:
    """For each size and way of asking: the first engine's p50/p95 over each other engine's."""
    found = []
    by_key = {(row["pages"], row["where"], row["engine"]): row for row in rows}
    first, *others = engines
    for (pages, where, engine), row in by_key.items():
        if engine != first:
            continue
        for other in others:
            if (theirs := by_key.get((pages, where, other))) is not None:
                found.append({"pages": pages, "where": where, "engines": f"{first} / {other}",
                              "p50 ratio": ratio(row["p50"], theirs["p50"]),
                              "p95 ratio": ratio(row["p95"], theirs["p95"])})
    return found


if __name__ == "__main__":
    raise SystemExit(main())

"""HTTP throughput: requests/s and errors for concurrent search traffic, on loopback only.

    python -m bench.load --pages 100000 [--engines whoosh tantivy] [--seconds 60] [--connections 8]
                         [--workers 2] [--threads 1] [--cache off|on|both] [--warmup SECONDS]

Each engine named (default: both) serves its own index of the same generated corpus in
turn, and the last lines give the requests/s of each and their ratio.

Starts the app under gunicorn on 127.0.0.1, then runs ``wrk`` (Debian package ``wrk``)
for a bounded time with a Lua script that cycles through the benchmark queries. With the
result cache off every request is a whole search; with it on (as the site runs) the 98
queries are searched once per worker and then answered from memory; ``--warmup`` runs wrk
that long first, unreported, so the caches are filled before the timed run. Errors
are connection errors, timeouts and non-2xx answers (a 400 for a rejected query counts:
the benchmark queries are all valid).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

from bench.build_index import build
from bench.common import ENGINES, gunicorn_server, load_queries, ratio, table
from search.service import DEFAULT_RESULT_CACHE

LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def lua_script(queries: list[str]) -> str:
    paths = ", ".join('"/api/search?' + urllib.parse.urlencode({"q": q}) + '"' for q in queries)
    return LUA % paths


def run_wrk(base: str, script: Path, seconds: int, connections: int, report: bool = True) -> dict[str, float]:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
               "--latency", "-s", str(script), base]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    if report:
        print(output)
    return parse_wrk(output)


def parse_wrk(output: str) -> dict[str, float]:
    """Requests/s and the error count from wrk's report."""
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = 0
    if found := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(n) for n in found.groups())
    if found := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(found.group(1))
    return {"requests_per_s": rate, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100000)
    parser.add_argument("--engines", nargs="+", default=list(ENGINES))
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--cache", choices=("off", "on", "both"), default="both", help="the result cache")
    parser.add_argument("--warmup", type=int, default=0, help="seconds of unreported traffic before a cache-on run")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(lua_script(load_queries()))
        script = Path(handle.name)
    modes = {"off": [0], "on": [DEFAULT_RESULT_CACHE], "both": [0, DEFAULT_RESULT_CACHE]}[args.cache]
    rows = []
    try:
        for engine in args.engines:
            index_dir, _ = build(args.pages, engine=engine)
            for cache in modes:
                with gunicorn_server(index_dir, workers=args.workers, threads=args.threads, result_cache=cache,
                                     engine=engine) as base:
                    if cache and args.warmup:
                        run_wrk(base, script, args.warmup, args.connections, report=False)
                    result = run_wrk(base, script, args.seconds, args.connections)
                print(f"{engine}: pages={args.pages} workers={args.workers} threads={args.threads} "
                      f"connections={args.connections} seconds={args.seconds} cache={'on' if cache else 'off'}: "
                      f"{result['requests_per_s']:.1f} requests/s, {result['errors']} errors")
                rows.append({"engine": engine, "cache": "on" if cache else "off", **result})
    finally:
        script.unlink()
    print(table(rows, ["engine", "cache", "requests_per_s", "errors"]))
    first, *others = args.engines
    for cache in ("off", "on"):
        mine = next((row for row in rows if row["engine"] == first and row["cache"] == cache), None)
        for other in others:
            theirs = next((row for row in rows if row["engine"] == other and row["cache"] == cache), None)
            if mine and theirs:
                times = ratio(theirs["requests_per_s"], mine["requests_per_s"])
                print(f"cache {cache}: requests/s {other} / {first} = {times}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

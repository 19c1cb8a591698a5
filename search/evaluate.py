"""Measure relevance: MRR@10, recall@10 and page accuracy per category of labelled query.

    python -m search.evaluate                      # tests/relevance/samples.toml over corpus/
    python -m search.evaluate --set realdocs       # tests/relevance/realdocs.toml over ../shared/realdocs

Each labelled query names the document that should come first and, where it matters, the
page that should be shown first for it. The corpus is ingested (incrementally) into its
own index folder before the queries run.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from search.config import PROJECT_ROOT, load_settings
from search.ingest import ingest
from search.models import SearchRequest
from search.service import SearchService

RELEVANCE_DIR = PROJECT_ROOT / "tests" / "relevance"
SETS = {
    "samples": (RELEVANCE_DIR / "samples.toml", PROJECT_ROOT / "corpus"),
    "realdocs": (RELEVANCE_DIR / "realdocs.toml", PROJECT_ROOT.parent / "shared" / "realdocs"),
}
CUTOFF = 10


@dataclass(frozen=True)
class LabelledQuery:
    query: str
    category: str
    document: str  # path relative to the corpus folder
    page: int | None = None


@dataclass
class Outcome:
    query: LabelledQuery
    rank: int | None  # 1-based rank of the relevant document within the cutoff
    first_page: int | None  # the first page shown for it


@dataclass(frozen=True)
class Scores:
    queries: int
    mrr: float
    recall: float
    page_accuracy: float | None


def load_queries(path: Path) -> list[LabelledQuery]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        LabelledQuery(item["q"], item["category"], item["document"], item.get("page"))
        for item in data["query"]
    ]


def run_queries(service: SearchService, queries: list[LabelledQuery]) -> list[Outcome]:
    outcomes = []
    for labelled in queries:
        results = service.search(SearchRequest(labelled.query, per_page=CUTOFF))
        paths = [hit.path for hit in results.results]
        rank = paths.index(labelled.document) + 1 if labelled.document in paths else None
        first_page = None
        if rank is not None and results.results[rank - 1].pages:
            first_page = results.results[rank - 1].pages[0].page
        outcomes.append(Outcome(labelled, rank, first_page))
    return outcomes


def score(outcomes: list[Outcome]) -> Scores:
    paged = [o for o in outcomes if o.query.page is not None]
    return Scores(
        queries=len(outcomes),
        mrr=sum(1 / o.rank for o in outcomes if o.rank) / len(outcomes) if outcomes else 0.0,
        recall=sum(1 for o in outcomes if o.rank) / len(outcomes) if outcomes else 0.0,
        page_accuracy=(sum(1 for o in paged if o.first_page == o.query.page) / len(paged)) if paged else None,
    )


def score_by_category(outcomes: list[Outcome]) -> dict[str, Scores]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.query.category].append(outcome)
    table = {category: score(items) for category, items in sorted(groups.items())}
    table["all"] = score(outcomes)
    return table


def render(table: dict[str, Scores], misses: list[Outcome]) -> str:
    lines = [f"{'category':<12} {'queries':>7} {'MRR@10':>7} {'recall@10':>9} {'page acc.':>9}"]
    for category, scores in table.items():
        page = "-" if scores.page_accuracy is None else f"{scores.page_accuracy:.3f}"
        lines.append(f"{category:<12} {scores.queries:>7} {scores.mrr:>7.3f} {scores.recall:>9.3f} {page:>9}")
    for outcome in misses:
        where = "not in top 10" if outcome.rank is None else f"rank {outcome.rank}, first page {outcome.first_page}"
        lines.append(f"  miss: {outcome.query.query!r} -> {outcome.query.document} ({where})")
    return "\n".join(lines)


def evaluate(queries_path: Path, corpus_dir: Path, index_dir: Path) -> tuple[dict[str, Scores], list[Outcome]]:
    settings = load_settings(corpus_dir, index_dir)
    ingest(settings)
    outcomes = run_queries(SearchService(settings.index_dir), load_queries(queries_path))
    misses = [
        o for o in outcomes
        if o.rank != 1 or (o.query.page is not None and o.first_page != o.query.page)
    ]
    return score_by_category(outcomes), misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="samples", help="which labelled set")
    parser.add_argument("--queries", type=Path, help="a labelled query file instead of --set's")
    parser.add_argument("--corpus", type=Path, help="corpus folder instead of --set's")
    parser.add_argument("--index", type=Path, help="index folder (default instance/eval-<set>)")
    args = parser.parse_args(argv)
    queries_path, corpus_dir = SETS[args.set]
    queries_path, corpus_dir = args.queries or queries_path, args.corpus or corpus_dir
    if not corpus_dir.is_dir() or not queries_path.is_file():
        print(f"error: need {queries_path} and the corpus folder {corpus_dir}", file=sys.stderr)
        return 1
    index_dir = args.index or PROJECT_ROOT / "instance" / f"eval-{args.set}"
    table, misses = evaluate(queries_path, corpus_dir, index_dir)
    print(render(table, misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())

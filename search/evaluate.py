"""Measure relevance: MRR@10, recall@10 and page accuracy per category of labelled query.

    python -m search.evaluate                      # tests/relevance/samples.toml over corpus/
    python -m search.evaluate --set realdocs       # tests/relevance/realdocs.toml over ../shared/realdocs
    python -m search.evaluate --metadata           # tests/relevance/metadata.toml over ../shared/realdocs

Each labelled query names the document that should come first and, where it matters, the
page that should be shown first for it. The corpus is ingested (incrementally) into its
own index folder before the queries run.

``--metadata`` instead prints, per field (title, case name, court, case numbers, date,
type), the share of labelled documents whose indexed record has the labelled value; the
labels were written by reading each document, so this measures the extractor, not itself.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from search.config import PROJECT_ROOT, load_settings
from search.dockets import docket_key, find_docket_numbers
from search.ingest import ingest
from search.models import DocumentRecord, SearchRequest
from search.service import SearchService

RELEVANCE_DIR = PROJECT_ROOT / "tests" / "relevance"
SETS = {
    "samples": (RELEVANCE_DIR / "samples.toml", PROJECT_ROOT / "corpus"),
    "realdocs": (RELEVANCE_DIR / "realdocs.toml", PROJECT_ROOT.parent / "shared" / "realdocs"),
}
CUTOFF = 10
METADATA_LABELS = RELEVANCE_DIR / "metadata.toml"
METADATA_FIELDS = ("title", "case_name", "court", "case_numbers", "date", "type")
FieldScores = dict[str, tuple[int, int]]  # field -> (right, labelled)


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


# --- metadata ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MetadataLabel:
    """What a reader found in one document; a field missing from ``expected`` is not scored."""

    document: str  # path relative to the corpus folder
    expected: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class FieldMiss:
    document: str
    field: str
    got: str
    expected: tuple[str, ...]


_ET_AL = re.compile(r"\bet\.?\s*al\b\.?", re.IGNORECASE)
_VERSUS_WORD = re.compile(r"\s+(?:v|vs)\.?\s+", re.IGNORECASE)


def load_metadata_labels(path: Path) -> list[MetadataLabel]:
    labels = []
    for item in tomllib.loads(path.read_text(encoding="utf-8"))["document"]:
        expected: dict[str, tuple[str, ...]] = {}
        for name in METADATA_FIELDS:
            if name not in item:
                continue
            value = item[name]
            if name == "case_numbers":
                expected[name] = (_numbers_key(value),)
            else:
                expected[name] = tuple(value) if isinstance(value, list) else (value,)
        labels.append(MetadataLabel(item["file"], expected))
    return labels


def _plain(text: str) -> str:
    """Text as compared: no case, punctuation, "et al." or v./vs. differences."""
    text = _VERSUS_WORD.sub(" v ", f" {_ET_AL.sub(' ', text)} ")
    return " ".join(re.sub(r"[^\w\s]+", " ", text.casefold()).split())


_NUMBER_LABEL = re.compile(r"^(?:(?:Index|Case|Docket|Cause|Civil Action)\s+)?Nos?\.?\s*:?\s*", re.IGNORECASE)


def _number_key(number: str) -> str:
    """One case number as compared: its docket key, else its text without a "No." label."""
    found = find_docket_numbers(number)
    return (found[0].key if found else None) or docket_key(number) or _plain(_NUMBER_LABEL.sub("", number.strip()))


def _numbers_key(numbers: list[str]) -> str:
    """A set of case numbers as one comparable string: their keys, sorted."""
    return " | ".join(sorted({_number_key(number) for number in numbers if number.strip()}))


def record_numbers(record: DocumentRecord) -> list[str]:
    """The record's own case numbers ("A, B" for a consolidated caption)."""
    return [part for part in re.split(r"\s*[;,]\s*(?=\S)", record.case_number) if part.strip()]


def _got(record: DocumentRecord | None, name: str) -> str:
    if record is None:
        return "(not indexed)"
    if name == "case_numbers":
        return _numbers_key(record_numbers(record))
    return {"type": record.doc_type}.get(name, getattr(record, name, ""))


def _matches(name: str, got: str, expected: tuple[str, ...]) -> bool:
    if name in ("title", "case_name"):
        return _plain(got) in {_plain(value) for value in expected}
    return got.strip() in {value.strip() for value in expected}


def score_metadata(
    labels: list[MetadataLabel], records: dict[str, DocumentRecord]
) -> tuple[FieldScores, list[FieldMiss]]:
    """(right, labelled) per field, and each miss."""
    table = {name: (0, 0) for name in METADATA_FIELDS}
    misses = []
    for label in labels:
        record = records.get(label.document)
        for name, expected in label.expected.items():
            got = _got(record, name)
            right, total = table[name]
            if record is not None and _matches(name, got, expected):
                table[name] = (right + 1, total + 1)
            else:
                table[name] = (right, total + 1)
                misses.append(FieldMiss(label.document, name, got, expected))
    return table, misses


def render_metadata(table: FieldScores, misses: list[FieldMiss]) -> str:
    lines = [f"{'field':<13} {'right':>5} {'of':>4} {'accuracy':>8}"]
    for name, (right, total) in table.items():
        accuracy = f"{right / total:.3f}" if total else "-"
        lines.append(f"{name:<13} {right:>5} {total:>4} {accuracy:>8}")
    for miss in misses:
        lines.append(f"  miss: {miss.document} {miss.field}: {miss.got!r}, expected {' | '.join(miss.expected)!r}")
    return "\n".join(lines)


def indexed_records(service: SearchService) -> dict[str, DocumentRecord]:
    """Every indexed document's record, by path."""
    records = {}
    for meta in service.documents():
        record = service.document(meta["id"])
        if record is not None:
            records[record.path] = record
    return records


def evaluate_metadata(labels_path: Path, corpus_dir: Path, index_dir: Path) -> tuple[FieldScores, list[FieldMiss]]:
    settings = load_settings(corpus_dir, index_dir)
    ingest(settings)
    return score_metadata(load_metadata_labels(labels_path), indexed_records(SearchService(settings.index_dir)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="samples", help="which labelled set")
    parser.add_argument("--queries", type=Path, help="a labelled query file instead of --set's")
    parser.add_argument("--corpus", type=Path, help="corpus folder instead of --set's")
    parser.add_argument("--index", type=Path, help="index folder (default instance/eval-<set>)")
    parser.add_argument("--metadata", action="store_true",
                        help="score extracted metadata against tests/relevance/metadata.toml (--set realdocs)")
    args = parser.parse_args(argv)
    if args.metadata:
        labels_path = args.queries or METADATA_LABELS
        corpus_dir = args.corpus or SETS["realdocs"][1]
        if not corpus_dir.is_dir() or not labels_path.is_file():
            print(f"error: need {labels_path} and the corpus folder {corpus_dir}", file=sys.stderr)
            return 1
        index_dir = args.index or PROJECT_ROOT / "instance" / "eval-realdocs"
        print(render_metadata(*evaluate_metadata(labels_path, corpus_dir, index_dir)))
        return 0
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

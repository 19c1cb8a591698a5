"""Hostile requests: the worst seconds one anonymous request can cost a worker.

    python -m bench.hostile [--pages 1000] [--library 3000] [--budget 5] [--repeat 1]

Builds (once) an index holding one long generated document of ``--pages`` pages and
``--library`` pages of other documents (real filings' sentences, bench/corpus.py), then
sends each hostile request of issue 16 through the app in process (the result cache off,
so every request does its whole work) and prints, per request,
the wall-clock seconds, the CPU seconds, the status, the size of the answer and the notes
the answer carried. ``C400_REQUEST_BUDGET_S`` is set from ``--budget``; the figures
before the request budget existed are in docs/performance.md.

The requests:
- ``/?q=`` with 40 random 22-letter words (the spelling corrector and the fallbacks);
- a 40-word phrase with ``~1000`` (proximity spans over a long document);
- 40 fuzzy words ``word~2`` on the search page and the API;
- the document view of the long document with 40 fuzzy words (highlighting every page);
- the CSV export of the 40 random words.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import string
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import WORK_DIR, table
from search.engine import get_engine
from search.models import DocumentRecord, PageText
from search.records import document_id
from search.store import IndexStore

#: Plain legal vocabulary the generated pages are made of (no real document is needed).
VOCABULARY = (
    "plaintiffs", "defendants", "housing", "parole", "statute", "residency", "registry", "shelter",
    "appeal", "motion", "record", "hearing", "district", "circuit", "remedy", "notice", "evidence",
    "witness", "policy", "department", "release", "supervision", "address", "family", "court", "order",
    "injunction", "amendment", "violation", "constitution", "protection", "equal", "process", "liberty",
    "property", "offender", "registration", "school", "park", "daycare", "distance", "feet",
    "restriction", "banishment", "homeless", "city", "county", "state", "police", "officer", "sheriff",
    "prison", "custody", "sentence", "judgment", "opinion", "brief", "amicus", "counsel", "petition",
)
LONG_DOCUMENT = "filings/very-long-record.pdf"


@dataclass(frozen=True)
class Hostile:
    name: str
    url: str


def generated_pages(pages: int, words_per_page: int = 350, seed: int = 16) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(VOCABULARY) for _ in range(words_per_page)) + "." for _ in range(pages)]


def build_index(index_dir: Path, pages: int, words_per_page: int = 350, library_pages: int = 0) -> str:
    """An index with one document of ``pages`` pages and three short ones; the long one's id.

    With ``library_pages``, the long document and that many pages of other documents are
    written from the benchmark corpus (bench/corpus.py: real filings' sentences), so the
    spelling index has a real library's vocabulary, tens of thousands of words: the
    spelling corrector's cost grows with it (60 words make it look free)."""
    store = IndexStore(index_dir)
    manifest = store.manifest() or {}
    engine = get_engine()
    long_id = document_id(LONG_DOCUMENT)
    total = pages + (library_pages or 3)
    if manifest.get("pages") == total and manifest.get("schema_version") == engine.schema_version:
        return long_id
    store.prepare()
    building = store.new_generation(copy_from=None)
    writer = engine.writer(building, fresh=True)
    if library_pages:
        from bench.corpus import CorpusGenerator

        generator = CorpusGenerator(library_pages, seed=16)
        long_pages = [generator._page() for _ in range(pages)]
        bodies = [(LONG_DOCUMENT, "Very long record on appeal", long_pages)]
        bodies += [(doc.rel_path, doc.title, doc.pages) for doc in generator.documents()]
    else:
        bodies = [(LONG_DOCUMENT, "Very long record on appeal", generated_pages(pages, words_per_page))]
        bodies += [(f"short/{n}.pdf", f"Short order {n}", generated_pages(1, 200, seed=n)) for n in range(3)]
    for path, title, texts in bodies:
        writer.add(DocumentRecord(
            id=document_id(path), path=path, sha256="0" * 64, title=title, doc_type="order", date="2020-01-01",
            court="", case_name="", case_number="", source_url="", summary="",
            pages=[PageText(number, text) for number, text in enumerate(texts, start=1)],
        ))
    writer.commit()
    store.publish(building, {"engine": engine.name, "schema_version": engine.schema_version, "files": {},
                             "failed": {}, "documents": len(bodies), "pages": total})
    return long_id


def frequent_words(index_dir: Path, doc_id: str, count: int = 40) -> list[str]:
    """The ``count`` most frequent words of the document (4 letters or more, no stopwords):
    the costliest to look for near each other, or with similar spellings."""
    from collections import Counter

    from search.analysis import stopwords, tokenize
    from search.service import SearchService

    record = SearchService(index_dir).document(doc_id)
    counts = Counter(token.word for page in record.pages for token in tokenize(page.text)
                     if token.word.isalpha() and len(token.word) >= 4 and token.word not in stopwords())
    return [word for word, _ in counts.most_common(count)]


def hostile_requests(long_id: str, seed: int = 16, words: tuple[str, ...] | list[str] = VOCABULARY) -> list[Hostile]:
    rng = random.Random(seed)
    nonsense = " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(22)) for _ in range(40))
    phrase = '"' + " ".join(rng.sample(list(words), min(40, len(words)))) + '"~1000'
    fuzzy = " ".join(f"{word}~2" for word in rng.sample(list(words), min(40, len(words))))
    return [
        Hostile("40 random 22-letter words, search page", "/?" + _query(nonsense)),
        Hostile("40 random 22-letter words, API", "/api/search?" + _query(nonsense)),
        Hostile("40 random 22-letter words, CSV", "/api/search.csv?" + _query(nonsense)),
        Hostile("40-word phrase ~1000, search page", "/?" + _query(phrase)),
        Hostile("40 fuzzy words, search page", "/?" + _query(fuzzy)),
        Hostile("40 fuzzy words, document view", f"/documents/{long_id}?" + _query(fuzzy)),
        Hostile("40-word phrase ~1000, document view", f"/documents/{long_id}?" + _query(phrase)),
    ]


def _query(text: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"q": text})


def run(index_dir: Path, long_id: str, repeat: int = 1, only: str = "") -> list[dict]:
    from webapp import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": index_dir, "CORPUS_DIR": index_dir, "RATE_LIMIT": "off",
                      "RESULT_CACHE": 0})
    client = app.test_client()
    client.get("/?q=housing")  # open the searchers first
    rows = []
    requests = hostile_requests(long_id, words=frequent_words(index_dir, long_id))
    for hostile in [h for h in requests if only in h.name]:
        worst = None
        for _ in range(repeat):
            cpu, wall = _cpu(), time.perf_counter()
            response = client.get(hostile.url)
            body = response.get_data()
            row = {"request": hostile.name, "status": response.status_code, "seconds": time.perf_counter() - wall,
                   "cpu s": _cpu() - cpu, "kB": len(body) / 1000, "note": _note(response)}
            if worst is None or row["seconds"] > worst["seconds"]:
                worst = row
        rows.append(worst)
        print(f"  {worst['request']}: {worst['status']} in {worst['seconds']:.2f} s "
              f"({worst['cpu s']:.2f} s CPU, {worst['kB']:.0f} kB)", flush=True)
    return rows


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _note(response) -> str:
    """The first note of the answer that says something was cut short, if any."""
    if response.is_json:
        data = response.get_json() or {}
        notes = data.get("notes") or ([data["error"]] if "error" in data else [])
    else:
        import re

        notes = re.findall(r'class="(?:note|budget-note)[^"]*"[^>]*>(.*?)<', response.get_data(as_text=True), re.S)
    wanted = [n for n in notes if any(w in n for w in ("time", "limit", "fewer", "skipp", "capped", "shortened"))]
    return " ".join((wanted or notes or [""])[0].split())[:90]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages of the long document")
    parser.add_argument("--library", type=int, default=3000, help="pages of other documents (real vocabulary)")
    parser.add_argument("--budget", type=float, default=None, help="C400_REQUEST_BUDGET_S for this run")
    parser.add_argument("--only", default="", help="run only the requests whose name holds this")
    parser.add_argument("--repeat", type=int, default=1, help="runs per request (the worst is shown)")
    args = parser.parse_args(argv)
    if args.budget is not None:
        os.environ["C400_REQUEST_BUDGET_S"] = str(args.budget)
    index_dir = WORK_DIR / f"hostile-{args.pages}-{args.library}"
    started = time.perf_counter()
    long_id = build_index(index_dir, args.pages, library_pages=args.library)
    print(f"index with a {args.pages}-page document at {index_dir} ({time.perf_counter() - started:.0f} s)")
    rows = run(index_dir, long_id, args.repeat, args.only)
    print(table(rows, ["request", "status", "seconds", "cpu s", "kB", "note"]))
    print(f"worst: {max(row['seconds'] for row in rows):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

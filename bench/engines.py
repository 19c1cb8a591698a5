"""The same text and queries through Whoosh (our service), tantivy and SQLite FTS5, side by side.

    python -m bench.engines --pages 1000 10000 100000

Benchmark-only: tantivy (PyPI ``tantivy``) and sqlite3's FTS5 are not engines of the
project. To compare like with like, the text is analysed once with our own tokenizer and
Snowball stems (``search.analysis``) and handed to tantivy and FTS5 as space-separated
stems, so all three match the same terms; each engine then does what a results page
needs: the top 10 documents and their total count, and for each of those documents its
best 3 pages with a snippet. Queries are our query tree reduced to what both engines
express directly (all words, OR, NOT, phrases, prefixes); field and range clauses are
dropped. Times are ms per query; ratios are Whoosh (in-process, with snippets) / engine.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import time

from bench.build_index import build
from bench.common import WORK_DIR, load_queries, percentiles, table
from bench.corpus import read_text, text_corpus
from bench.search_latency import time_in_process
from search.analysis import stems
from search.query import All, Any, Authority, CaseNumber, Expanded, Node, Not, Phrase, Prefix, Word, parse_query

TOP_DOCS = 10
PAGES_PER_DOC = 3


def analysed(text: str) -> str:
    return " ".join(stems(text))


# --- the query tree reduced to plain boolean structure -----------------------------------


def simplify(node: Node | None):
    """("and"|"or", [children]) / ("not", child) / ("term", stem) / ("phrase", [stems]) / ("prefix", text)."""
    if node is None:
        return None
    if isinstance(node, All):
        items = [simplify(item) for item in node.items]
        items = [item for item in items if item]
        return ("and", items) if items else None
    if isinstance(node, Any):
        items = [item for item in (simplify(i) for i in node.items) if item]
        return ("or", items) if items else None
    if isinstance(node, Expanded):
        return simplify(node.original)
    if isinstance(node, Not):
        inner = simplify(node.item)
        return ("not", inner) if inner else None
    if isinstance(node, Prefix) and node.field is None:
        return ("prefix", re.sub(r"\W", "", node.text.lower()))
    if isinstance(node, (Word, Phrase, Authority, CaseNumber)) and getattr(node, "field", None) is None:
        found = stems(node.text)
        if not found:
            return None
        return ("term", found[0]) if len(found) == 1 else ("phrase", found)
    return None


def fts_match(tree) -> str | None:
    kind, value = tree
    if kind == "term":
        return '"' + value.replace('"', "") + '"'
    if kind == "phrase":
        return '"' + " ".join(v.replace('"', "") for v in value) + '"'
    if kind == "prefix":
        return value + "*" if value else None
    if kind == "or":
        parts = [p for p in map(fts_match, value) if p]
        return "(" + " OR ".join(parts) + ")" if parts else None
    if kind == "and":
        positives = [p for p in (fts_match(v) for v in value if v[0] != "not") if p]
        negatives = [p for p in (fts_match(v[1]) for v in value if v[0] == "not") if p]
        if not positives:
            return None
        text = "(" + " AND ".join(positives) + ")"
        return text + "".join(f" NOT {n}" for n in negatives)
    return None


def tantivy_query(tree, index, schema):
    import tantivy

    kind, value = tree
    if kind == "term":
        return tantivy.Query.term_query(schema, "body", value)
    if kind == "phrase":
        return tantivy.Query.phrase_query(schema, "body", value)
    if kind == "prefix":
        return tantivy.Query.regex_query(schema, "body", re.escape(value) + ".*") if value else None
    if kind == "not":
        return None
    occur = tantivy.Occur.Must if kind == "and" else tantivy.Occur.Should
    clauses = [(occur, q) for q in (tantivy_query(v, index, schema) for v in value if v[0] != "not") if q]
    clauses += [(tantivy.Occur.MustNot, q) for q in (tantivy_query(v[1], index, schema)
                                                     for v in value if v[0] == "not") if q]
    return tantivy.Query.boolean_query(clauses) if clauses else None


# --- tantivy ---------------------------------------------------------------------------


class Tantivy:
    def __init__(self, pages: int):
        import tantivy

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("kind", tokenizer_name="raw", stored=False)
        builder.add_text_field("doc_id", tokenizer_name="raw", stored=True)
        builder.add_integer_field("page", stored=True)
        builder.add_text_field("body", tokenizer_name="whitespace", stored=False, index_option="position")
        builder.add_text_field("text", stored=True, index_option="basic", tokenizer_name="raw")
        self.schema = builder.build()
        path = WORK_DIR / f"tantivy-{pages}"
        fresh = not (path / "meta.json").exists()
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(path))
        self.build_rate = self._build(pages) if fresh else None
        self.index.reload()
        self.searcher = self.index.searcher()

    def _build(self, pages: int) -> float:
        started = time.perf_counter()
        writer = self.index.writer(heap_size=256_000_000, num_threads=2)
        Doc = self.tantivy.Document
        for number, doc in enumerate(read_text(text_corpus(pages))):
            doc_id = str(number)
            page_stems = [analysed(text) for text in doc.pages]
            writer.add_document(Doc(kind="doc", doc_id=doc_id, body=analysed(doc.title) + " " + " ".join(page_stems)))
            for page, (text, body) in enumerate(zip(doc.pages, page_stems, strict=True), start=1):
                writer.add_document(Doc(kind="page", doc_id=doc_id, page=page, body=body, text=text))
        writer.commit()
        writer.wait_merging_threads()
        return pages / (time.perf_counter() - started)

    def search(self, tree) -> None:
        tantivy = self.tantivy
        query = tantivy_query(tree, self.index, self.schema)
        if query is None:
            return
        docs = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, tantivy.Query.term_query(
            self.schema, "kind", "doc"))])
        found = self.searcher.search(docs, TOP_DOCS, count=True)
        snippets = tantivy.SnippetGenerator.create(self.searcher, query, self.schema, "body")
        for _, address in found.hits:
            doc_id = self.searcher.doc(address)["doc_id"][0]
            pages = tantivy.Query.boolean_query([
                (tantivy.Occur.Should, query),
                (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "doc_id", doc_id)),
                (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "kind", "page"))])
            for _, page_address in self.searcher.search(pages, PAGES_PER_DOC).hits:
                snippets.snippet_from_doc(self.searcher.doc(page_address)).to_html()


# --- SQLite FTS5 -----------------------------------------------------------------------


class Fts5:
    def __init__(self, pages: int):
        path = WORK_DIR / f"fts5-{pages}.sqlite"
        fresh = not path.exists()
        self.db = sqlite3.connect(str(path))
        self.build_rate = self._build(pages) if fresh else None

    def _build(self, pages: int) -> float:
        started = time.perf_counter()
        db = self.db
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(body, tokenize='unicode61')")
        db.execute("CREATE VIRTUAL TABLE pages USING fts5(doc UNINDEXED, page UNINDEXED, body, tokenize='unicode61')")
        for number, doc in enumerate(read_text(text_corpus(pages))):
            page_stems = [analysed(text) for text in doc.pages]
            db.execute("INSERT INTO docs(rowid, body) VALUES (?, ?)",
                       (number, analysed(doc.title) + " " + " ".join(page_stems)))
            db.executemany("INSERT INTO pages(doc, page, body) VALUES (?, ?, ?)",
                           [(number, page, body) for page, body in enumerate(page_stems, start=1)])
        db.commit()
        return pages / (time.perf_counter() - started)

    def search(self, tree) -> None:
        match = fts_match(tree)
        if not match:
            return
        db = self.db
        try:
            db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()
            top = db.execute("SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?",
                             (match, TOP_DOCS)).fetchall()
            for (doc,) in top:
                db.execute("SELECT page, snippet(pages, 2, '<mark>', '</mark>', '…', 36) FROM pages "
                           "WHERE pages MATCH ? AND doc = ? ORDER BY rank LIMIT ?",
                           (match.replace(" AND ", " OR "), doc, PAGES_PER_DOC)).fetchall()
        except sqlite3.OperationalError:
            pass


def time_engine(engine, trees: list, rounds: int) -> list[float]:
    for tree in trees:
        engine.search(tree)
    samples = []
    for _ in range(rounds):
        for tree in trees:
            started = time.perf_counter()
            engine.search(tree)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    queries = load_queries()
    trees = [tree for tree in (simplify(parse_query(q).root) for q in queries) if tree]
    rows = []
    for pages in args.pages:
        index_dir, _ = build(pages)
        whoosh = percentiles(time_in_process(index_dir, queries, args.rounds)[0])
        rows.append({"pages": pages, "engine": "whoosh (service)", **whoosh, "p50 ratio": 1.0, "p95 ratio": 1.0})
        for engine_class in (Tantivy, Fts5):
            engine = engine_class(pages)
            if engine.build_rate:
                print(f"{engine_class.__name__}: built {pages} pages at {engine.build_rate:.0f} pages/s")
            stats = percentiles(time_engine(engine, trees, args.rounds))
            rows.append({"pages": pages, "engine": engine_class.__name__.lower(), **stats,
                         "p50 ratio": whoosh["p50"] / max(stats["p50"], 1e-6),
                         "p95 ratio": whoosh["p95"] / max(stats["p95"], 1e-6)})
    print(table(rows, ["pages", "engine", "n", "p50", "p95", "p99", "p50 ratio", "p95 ratio"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

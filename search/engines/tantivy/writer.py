"""Writing a generation with tantivy: a document unit, one unit per page, and the spelling words.

Nothing is visible before ``commit``: tantivy publishes a commit by replacing its
``meta.json`` atomically, and the store publishes the whole generation only after that
(``search/store.py``). ``cancel`` rolls both indexes back and leaves the counts unwritten.

The spelling words and their counts are kept by this writer, not read back from tantivy:
tantivy-py tells a term's document frequency but not how often it occurs, and the Whoosh
engine ranks corrections by occurrences. The counts of a deleted document are taken off by
reading its stored pages back before the delete.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

import tantivy

from search.analysis import ENGLISH
from search.citations import index_token
from search.engines.base import stored_details
from search.engines.tantivy import schema as layout
from search.engines.tantivy.schema import (
    CASE_KEYS,
    CITATIONS,
    DOCKETS,
    PAGE_FIELDS,
    column_field,
    date_number,
    date_number_field,
    doc_ordinal,
    words_field,
)
from search.fields import all_fields
from search.language import detect_chunks, record_languages
from search.mentions import CitedAuthority, MentionedDocket
from search.models import DocumentRecord
from search.ranking import is_listing
from search.store import write_atomically
from search.tokencache import chunk_pieces, token_tuples

#: Indexing memory (tantivy flushes a segment when it is full) and indexing threads (beside
#: the Python thread that analyses the text). One thread keeps up with the analysis (666 pages/s
#: at 100,000 pages, against 557 with two on the same machine), and those pages fit in one
#: segment where two threads wrote four (one each at every flush of their 128 MB): a search
#: walks every segment, and four cost 7 % more CPU than one. tantivy fills the budget as it
#: goes instead of taking it up front: the 100,000-page bench build peaked at the same RSS with
#: a 1 GB and a 2 GB budget (docs/performance.md, the fourth pass).
HEAP_BYTES = 1_000_000_000
INDEXING_THREADS = 1


class TantivyWriter:
    def __init__(self, root: Path, *, fresh: bool):
        self.root = root
        if fresh and root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True, exist_ok=True)
        self.index = _open_or_create(root / layout.UNITS, layout.units_schema())
        self.schema = self.index.schema
        self._writer = self.index.writer(heap_size=HEAP_BYTES, num_threads=INDEXING_THREADS)
        counts = _read_counts(root / layout.VOCABULARY)
        self.words: Counter[str] = Counter(counts.get("words", {}))
        self.stems: Counter[str] = Counter(counts.get("stems", {}))
        #: Counts of the documents added since the last commit, to take off if deleted again.
        self._added: dict[str, tuple[Counter, Counter]] = {}

    def add(self, record: DocumentRecord) -> None:
        cites_on, dockets_on = _keys_by_page(record.citations), _keys_by_page(record.dockets)
        # A token never spans whitespace, so the document's tokens are its pages' tokens in order:
        # each page is analysed once, for its own unit and the document's body.
        language, languages = record_languages(record)
        # each page stemmed in its language (search/analysis.py)
        analysed = [terms_of(page.text, lang) for page, lang in zip(record.pages, languages, strict=True)]
        page_stems = [" ".join(stems_of_page) for _, stems_of_page in analysed]
        body = " ".join(stems_of_page for stems_of_page in page_stems if stems_of_page)
        words = Counter([word for words_of_page, _ in analysed for word in words_of_page] + terms_of(record.title)[0])
        stems = Counter(body.split())
        if record.id in self._added:
            self._forget_added(record.id)
        self._added[record.id] = (words, stems)
        self.words.update(words)
        self.stems.update(stems)

        exact = exact_values(record)
        doc = tantivy.Document()
        doc.add_text("kind", "doc")
        doc.add_text("doc_id", record.id)
        ordinal = doc_ordinal(record.id)
        doc.add_integer("doc_ordinal", ordinal)
        doc.add_text("body", body)
        doc.add_bytes("meta", json.dumps(record.meta().to_json()).encode("utf-8"))
        doc.add_bytes("details", json.dumps(stored_details(record)).encode("utf-8"))
        for name, text in words_values(record, language).items():
            doc.add_text(name, text)
        _add_exact(doc, exact)
        _add_keys(doc, CASE_KEYS, record.case_keys)
        _add_keys(doc, DOCKETS, set().union(*dockets_on.values()))
        _add_keys(doc, CITATIONS, set().union(*cites_on.values()))
        self._writer.add_document(doc)

        for page, stems_of_page, page_language in zip(record.pages, page_stems, languages, strict=True):
            unit = tantivy.Document()
            unit.add_text("kind", "page")
            unit.add_text("doc_id", record.id)
            unit.add_integer("doc_ordinal", ordinal)
            unit.add_integer("page", page.number)
            unit.add_integer("listing", int(is_listing(page.text)))
            unit.add_boolean("ocr", bool(page.ocr))
            unit.add_text("page_language", page_language)
            unit.add_text(PAGE_FIELDS["body"], stems_of_page)
            unit.add_bytes("text", page.text.encode("utf-8"))
            _add_exact(unit, exact)
            _add_keys(unit, PAGE_FIELDS[CITATIONS], cites_on.get(page.number, ()))
            _add_keys(unit, PAGE_FIELDS[DOCKETS], dockets_on.get(page.number, ()))
            self._writer.add_document(unit)

    def delete(self, doc_id: str) -> None:
        if doc_id in self._added:
            self._forget_added(doc_id)
        self._forget_committed(doc_id)
        self._writer.delete_documents_by_term("doc_id", doc_id)

    def _forget_added(self, doc_id: str) -> None:
        words, stems = self._added.pop(doc_id)
        self.words.subtract(words)
        self.stems.subtract(stems)

    def _forget_committed(self, doc_id: str) -> None:
        """Take the counts of the committed version of ``doc_id`` off (read back from its units)."""
        self.index.reload()
        searcher = self.index.searcher()
        found = searcher.search(_units_of(self.schema, doc_id, "doc"), 1).hits
        if not found:
            return
        meta = json.loads(bytes(searcher.doc(found[0][1])["meta"][0]))
        limit = max(1, int(meta.get("page_count") or 0)) + 1000
        units = searcher.search(_units_of(self.schema, doc_id, "page"), limit).hits
        stored = sorted((searcher.doc(address) for _, address in units), key=lambda unit: unit["page"][0])
        texts = [bytes(unit["text"][0]).decode("utf-8") for unit in stored]
        overall = meta.get("language") or ENGLISH
        analysed = [terms_of(text, detect_chunks(text.split(), default=overall)) for text in texts]
        self.words.subtract(Counter(word for words_of_page, _ in analysed for word in words_of_page))
        self.words.subtract(Counter(token[0] for token in token_tuples(meta.get("title", ""))))
        self.stems.subtract(Counter(stem for _, stems_of_page in analysed for stem in stems_of_page))

    def commit(self) -> None:
        self._writer.commit()
        self._writer.wait_merging_threads()
        words = {word: count for word, count in self.words.items() if count > 0}
        stems = {term: count for term, count in self.stems.items() if count > 0}
        write_spelling(self.root / layout.SPELLING, words)
        write_atomically(self.root / layout.VOCABULARY,
                         json.dumps({"words": words, "stems": stems}, ensure_ascii=False, sort_keys=True))
        self._added.clear()

    def cancel(self) -> None:
        """Drop what was added since the last commit. A writer a failed commit consumed has
        nothing left to drop (the store discards the half-built generation either way)."""
        with suppress(RuntimeError, ValueError):
            self._writer.rollback()
        self._added.clear()


_CHUNK_TERMS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {}
_MAX_CHUNKS = 400_000


def terms_of(text: str, language: str = ENGLISH) -> tuple[list[str], list[str]]:
    """The words and the stems of ``text``, in order: ``token_tuples`` without the offsets.

    The writer needs no character offsets (snippets are made from the stored text), and
    building them was a third of the indexing time. Same memo per whitespace-free chunk as
    ``search.tokencache``, whose pieces it reuses, so the terms are exactly the same."""
    words: list[str] = []
    stems: list[str] = []
    memo = _CHUNK_TERMS.setdefault(language, {})
    for chunk in text.split():
        found = memo.get(chunk)
        if found is None:
            if len(memo) >= _MAX_CHUNKS:
                memo.clear()
            pieces = chunk_pieces(chunk, language)
            found = memo[chunk] = (tuple(piece[0] for piece in pieces), tuple(piece[1] for piece in pieces))
        words += found[0]
        stems += found[1]
    return words, stems


def write_spelling(path: Path, words: dict[str, int]) -> None:
    """The spelling index, written anew: one unit per word with its count."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir()
    index = tantivy.Index(layout.spelling_schema(), path=str(path))
    writer = index.writer(heap_size=64_000_000, num_threads=1)
    for word, count in words.items():
        unit = tantivy.Document()
        unit.add_text("word", word)
        unit.add_unsigned("frequency", count)
        writer.add_document(unit)
    writer.commit()
    writer.wait_merging_threads()


def _units_of(schema: tantivy.Schema, doc_id: str, kind: str) -> tantivy.Query:
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Must, tantivy.Query.term_query(schema, "doc_id", doc_id)),
        (tantivy.Occur.Must, tantivy.Query.term_query(schema, "kind", kind)),
    ])


def _open_or_create(path: Path, schema: tantivy.Schema) -> tantivy.Index:
    if (path / "meta.json").exists():
        return tantivy.Index.open(str(path))
    path.mkdir(parents=True, exist_ok=True)
    return tantivy.Index(schema, path=str(path))


def _read_counts(path: Path) -> dict[str, dict[str, int]]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def words_values(record: DocumentRecord, language: str = ENGLISH) -> dict[str, str]:
    """The analysed text of the record's searched table fields, by tantivy field (text fields
    stemmed in the document's ``language``, as Whoosh does)."""
    values: dict[str, str] = {}
    for item in all_fields():
        name = words_field(item)
        value = record.value(item.name)
        if name is not None and value:
            field_language = language if item.kind == "text" else ENGLISH
            values[name] = " ".join(token[1] for token in token_tuples(str(value), field_language))
    return values


def exact_values(record: DocumentRecord) -> dict[str, Any]:
    """The record's exact values (keywords, year, date and its number); empty ones left out."""
    values: dict[str, Any] = {}
    for item in all_fields():
        if not column_field(item):
            continue
        value = record.value(item.name)
        if value is None or value == "":
            continue
        if item.kind == "year":
            values[item.name] = int(value)
            continue
        values[item.name] = str(value)
        if item.kind == "date" and (number := date_number(str(value))) is not None:
            values[date_number_field(item.name)] = number
    return values


def _add_exact(doc: tantivy.Document, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if isinstance(value, int):
            doc.add_integer(name, value)
        else:
            doc.add_text(name, value)


def _add_keys(doc: tantivy.Document, name: str, keys) -> None:
    for key in sorted({key.strip().lower() for key in keys if key and key.strip()}):
        doc.add_text(name, key)


def _keys_by_page(entries: Sequence[CitedAuthority | MentionedDocket]) -> dict[int, set[str]]:
    """Page number -> index tokens of the keys mentioned on it (enclosing sections included)."""
    by_page: dict[int, set[str]] = {}
    for entry in entries:
        for page in entry.pages:
            by_page.setdefault(page, set()).update(index_token(key) for key in entry.index_keys)
    return by_page

"""The tantivy schema, built from the fields table (``search/fields.py``), and how text is fed.

A generation holds, under ``<generation>/tantivy/``:

    units/       the index: one *doc* unit per document (its fields, all its text as
                 ``body``, its citation, docket and case keys, the stored ``DocumentMeta``
                 and details) and one *page* unit per page (its text as ``page_body``, stored,
                 its number, OCR and table-of-contents flags, the keys mentioned on it, the
                 document's exact fields)
    spelling/    one unit per indexed word (unstemmed) with its number of occurrences, so
                 that tantivy's Levenshtein automaton finds the words near a misspelling
    vocabulary.json   those counts, and the stems' counts in ``body``, as the writer keeps them

The two kinds never share a searched field (``body`` / ``page_body``, ``citations`` /
``page_citations``, ``dockets`` / ``page_dockets``), so a document query walks only the
documents' postings. They share one index, as in the Whoosh engine, because BM25's
statistics are then the same as Whoosh's: both engines take the document count (IDF) and a
field's average length over every unit of the index, pages included. (Two indexes were
tried first: documents' length normalization against documents alone put long briefs that
argue a point below short guides that mention it, and the samples' MRR@10 fell from 0.971
to 0.947.)

Both engines must hold exactly the same terms, so tantivy never analyses our text itself:
every text field is fed ``search.tokencache.token_tuples`` output, the stems (or the words)
joined by single spaces, into tantivy's ``whitespace`` tokenizer (no lower-casing, no length
filter: it only splits on the spaces we put there). A stem never contains whitespace
(``search.analysis._TOKEN`` matches ``\\w`` and ``-./:'`` only), so token *n* of ours is
position *n* in tantivy, and phrases and proximity mean what they mean in Whoosh.

Exact values (``keyword`` fields, the keys) use the ``raw`` tokenizer: one term per value.
Dates are held twice: the ``YYYY-MM-DD`` string (``date:2020-03-01``) and ``<name>_number``,
the integer ``YYYYMMDD`` (ranges, and newest-first sorting: tantivy ranges and sorts numbers
only). Bump ``SCHEMA_VERSION`` whenever any of this changes.
"""

from __future__ import annotations

import hashlib

import tantivy

from search.fields import Field, all_fields
from search.tokencache import token_tuples

#: 1: first tantivy layout (units/, spelling/, vocabulary.json).
#: 2: ``case_key`` (a filter and facet) and ``added`` (stored) from the fields table.
#: 3: ``visibility`` (public or staff), filtered inside the query for visitors.
#: 4: the ``language`` field; Spanish pages stemmed in Spanish (``es:`` stems).
#: 5: each page unit stores the language it was stemmed in (``page_language``), for its snippets.
#: 6: ``doc_id`` stored, so a match's id is read without decoding its metadata.
#: 7: document units carry ``doc_ordinal`` too, so a match is known without reading the store.
SCHEMA_VERSION = 7

TANTIVY_DIR = "tantivy"
UNITS, SPELLING = "units", "spelling"
VOCABULARY = "vocabulary.json"

#: Key fields: what the annotate stage found, one raw term per key (lower-cased, as Whoosh's KEYWORD).
CITATIONS, DOCKETS, CASE_KEYS = "citations", "dockets", "case_keys"
#: The page unit's field for each document unit's field that pages have too.
PAGE_FIELDS = {"body": "page_body", CITATIONS: "page_citations", DOCKETS: "page_dockets"}


def words_field(item: Field) -> str | None:
    """The field holding the words of table field ``item``, if they are searched (as in Whoosh)."""
    if item.kind == "text" and (item.searched or item.aliases):
        return item.name
    if item.kind == "keyword" and item.aliases:
        return f"{item.name}_text"
    return None


def column_field(item: Field) -> bool:
    """Whether table field ``item`` is held as one exact value (filter, facet, sort)."""
    return item.kind in ("date", "year") or (item.kind == "keyword" and bool(item.facet or item.filter_params))


def date_number_field(name: str) -> str:
    return f"{name}_number"


def date_number(value: str) -> int | None:
    """``YYYY-MM-DD`` as the integer ``YYYYMMDD``; None for anything else."""
    digits = value.replace("-", "")
    if len(value) == 10 and value[4] == "-" and value[7] == "-" and digits.isdigit() and digits.isascii():
        return int(digits)
    return None


def doc_ordinal(doc_id: str) -> int:
    """A 63-bit number standing for ``doc_id`` in a unit's fast field (document and page units).

    Reading a unit's document through its stored fields would decompress a block of page
    text; tantivy-py reads numeric fast fields only, so units carry this hash of the id."""
    return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest(), "big") >> 1


def analysed(text: str, stemmed: bool = True) -> str:
    """Our analysis of ``text``, ready for tantivy's whitespace tokenizer."""
    index = 1 if stemmed else 0
    return " ".join(token[index] for token in token_tuples(text))


def _add_exact_fields(builder: tantivy.SchemaBuilder) -> None:
    for item in all_fields():
        if not column_field(item):
            continue
        if item.kind == "year":
            builder.add_integer_field(item.name, stored=False, indexed=True, fast=True)
        else:
            builder.add_text_field(item.name, stored=False, fast=True, tokenizer_name="raw", index_option="basic")
        if item.kind == "date":
            builder.add_integer_field(date_number_field(item.name), stored=False, indexed=True, fast=True)


def units_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("kind", stored=False, tokenizer_name="raw", index_option="basic")
    # stored: ranking reads the ids of 50 matches and the metadata of the 10 it shows
    builder.add_text_field("doc_id", stored=True, tokenizer_name="raw", index_option="basic")
    # document units
    builder.add_text_field("body", tokenizer_name="whitespace", index_option="position")
    for item in all_fields():
        if (name := words_field(item)) is not None:
            builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    for name in (CITATIONS, DOCKETS, CASE_KEYS):
        builder.add_text_field(name, tokenizer_name="raw", index_option="freq")
    builder.add_bytes_field("meta", stored=True, indexed=False)
    builder.add_bytes_field("details", stored=True, indexed=False)
    # both units (document units since schema 7): the id as a number, see ``doc_ordinal``
    builder.add_integer_field("doc_ordinal", stored=False, indexed=False, fast=True)
    # page units
    builder.add_integer_field("page", stored=True, indexed=True, fast=True)
    builder.add_integer_field("listing", stored=False, indexed=False, fast=True)
    builder.add_boolean_field("ocr", stored=True)
    builder.add_text_field("page_language", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(PAGE_FIELDS["body"], tokenizer_name="whitespace", index_option="position")
    for name in (CITATIONS, DOCKETS):
        builder.add_text_field(PAGE_FIELDS[name], tokenizer_name="raw", index_option="freq")
    builder.add_bytes_field("text", stored=True, indexed=False)
    # both
    _add_exact_fields(builder)
    return builder.build()


def spelling_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("word", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("frequency", stored=True, indexed=False, fast=True)
    return builder.build()

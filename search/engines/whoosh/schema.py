"""The Whoosh schema, built from the fields table (``search/fields.py``), and its analyzer.

The index holds two kinds of record (``kind``): a *doc* record carries a document's fields
and all of its text, so an all-words query matches a document whose pages together contain
the words, and ranks documents by BM25F; a *page* record carries one page's text (stored,
for snippets and the document view), so results can point at the page that says it.

The two kinds never share a searched field (``doc_body`` / ``body``, ``doc_citations`` /
``citations``, ``doc_dockets`` / ``dockets``): a document query then walks only the
documents' postings, not those of every page in the library (40 times as many at 100,000
pages), and BM25 compares a document's length with other documents', a page's with pages'.

From the fields table: a ``text`` field becomes a stemmed ``TEXT`` field of the same name
with its boost; a ``keyword`` field that is filtered or faceted an ``ID`` column of the same
name, plus ``<name>_text`` (its words) when a query alias searches it; ``year`` a numeric
column; ``date`` an ``ID`` column. The rest of a document's fields live in the stored
``meta`` (``DocumentMeta`` as JSON).

Bump ``SCHEMA_VERSION`` whenever the fields or the analysis change: the next ingest then
rebuilds the index from the extraction cache, without extracting any file again.
"""

from __future__ import annotations

from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer
from whoosh.columns import RefBytesColumn
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema

from search.fields import Field, all_fields
from search.tokencache import token_tuples

#: 5: fields from search/fields.py (``doc_type_text``), ``DocumentMeta`` and ``details`` stored apart.
#: 6: ``case_key`` (a filter and facet) and ``added`` (stored) from the fields table.
#: 7: ``visibility`` (public or staff), filtered inside the query for visitors.
#: 8: the ``language`` field; Spanish pages stemmed in Spanish (``es:`` stems, language marks).
#: 9: each page stores the language it was stemmed in (``page_language``), for its snippets.
#: 10: keyword columns keep their distinct values once (``RefBytesColumn``): facets open them fast.
SCHEMA_VERSION = 10


class LegalTokenizer(Tokenizer):
    """Whoosh adapter around ``search.analysis.tokenize`` (stems included; memoized per chunk)."""

    def __init__(self, stemmed: bool = True):
        self.stemmed = stemmed

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LegalTokenizer) and other.stemmed == self.stemmed

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize_=True, mode="", **kwargs):
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        # token_tuples reads the language marks of a value (search.analysis.LANGUAGE_SWITCH)
        for pos, (word, stem, start, end) in enumerate(token_tuples(value)):
            token.text = stem if self.stemmed else word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def words_field(item: Field) -> str | None:
    """The Whoosh field holding the words of table field ``item``, if they are searched."""
    if item.kind == "text" and (item.searched or item.aliases):
        return item.name
    if item.kind == "keyword" and item.aliases:
        return f"{item.name}_text"
    return None


def column_field(item: Field) -> bool:
    """Whether table field ``item`` is held as one exact value (filter, facet, sort)."""
    return item.kind in ("date", "year") or (item.kind == "keyword" and bool(item.facet or item.filter_params))


def table_fields() -> dict[str, FieldType]:
    stemmed = LegalTokenizer()
    found: dict[str, FieldType] = {}
    for item in all_fields():
        if (name := words_field(item)) is not None:
            found[name] = TEXT(analyzer=stemmed, field_boost=item.boost)
        if column_field(item):
            if item.kind == "year":
                found[item.name] = NUMERIC(int, stored=True, sortable=True)
            elif item.kind == "keyword":
                # the distinct values and a short reference per record: a facet opens its column on
                # every search, and a plain byte column reads the offsets of every record to open
                # (milliseconds at 10,000 pages). At most 65,535 distinct values per segment.
                found[item.name] = ID(stored=True, sortable=RefBytesColumn())
            else:
                found[item.name] = ID(stored=True, sortable=True)
    return found


def build_schema() -> Schema:
    stemmed = LegalTokenizer()
    return Schema(
        kind=ID(stored=True),
        doc_id=ID(stored=True, sortable=True),
        page=NUMERIC(int, stored=True, sortable=True),
        listing=NUMERIC(int, bits=8, sortable=True),
        doc_body=TEXT(analyzer=stemmed, phrase=True),
        body=TEXT(analyzer=stemmed, phrase=True),
        words=TEXT(analyzer=LegalTokenizer(stemmed=False), phrase=False, spelling=True),
        case_keys=KEYWORD(commas=True, lowercase=True, scorable=True, field_boost=3.0),
        doc_dockets=KEYWORD(commas=True, lowercase=True, scorable=True),
        dockets=KEYWORD(commas=True, lowercase=True, scorable=True),
        doc_citations=KEYWORD(commas=True, lowercase=True, scorable=True, field_boost=2.0),
        citations=KEYWORD(commas=True, lowercase=True, scorable=True, field_boost=2.0),
        ocr=BOOLEAN(stored=True),
        page_text=STORED,
        page_language=STORED,
        meta=STORED,
        details=STORED,
        **table_fields(),
    )

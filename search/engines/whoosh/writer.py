"""Writing a generation with Whoosh: one doc record and one record per page (see schema.py)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from whoosh import index as whoosh_index

from search.analysis import ENGLISH, marked, marked_join
from search.citations import index_token
from search.engines.base import stored_details
from search.engines.whoosh.schema import column_field, words_field
from search.fields import all_fields
from search.language import record_languages
from search.mentions import CitedAuthority, MentionedDocket
from search.models import DocumentRecord
from search.ranking import is_listing


class WhooshWriter:
    def __init__(self, ix: whoosh_index.Index):
        self._writer = ix.writer(limitmb=256)

    def add(self, record: DocumentRecord) -> None:
        cites_on, dockets_on = _keys_by_page(record.citations), _keys_by_page(record.dockets)
        language, languages = record_languages(record)
        self._writer.add_document(
            kind="doc",
            doc_id=record.id,
            # Each page's words stemmed in its language (search/analysis.py: the marks say which).
            doc_body=marked_join([(page.text, lang) for page, lang in zip(record.pages, languages, strict=True)]),
            words=" ".join(page.text for page in record.pages) + " " + record.title,
            case_keys=",".join(record.case_keys),
            doc_dockets=",".join(sorted(set().union(*dockets_on.values()))),
            doc_citations=",".join(sorted(set().union(*cites_on.values()))),
            meta=json.dumps(record.meta().to_json()),
            details=json.dumps(stored_details(record)),
            **table_values(record, language),
        )
        for page, page_language in zip(record.pages, languages, strict=True):
            self._writer.add_document(
                kind="page", doc_id=record.id, page=page.number, body=marked(page.text, page_language),
                page_text=page.text, ocr=page.ocr, page_language=page_language,
                listing=int(is_listing(page.text)),
                citations=",".join(sorted(cites_on.get(page.number, ()))),
                dockets=",".join(sorted(dockets_on.get(page.number, ()))),
            )

    def delete(self, doc_id: str) -> None:
        self._writer.delete_by_term("doc_id", doc_id)

    def commit(self) -> None:
        self._writer.commit()

    def cancel(self) -> None:
        self._writer.cancel()


def table_values(record: DocumentRecord, language: str = ENGLISH) -> dict[str, Any]:
    """The record's values for the fields-table fields of the schema (empty years left out).

    Text fields (title, case name, summary) are stemmed in the document's ``language``."""
    values: dict[str, Any] = {}
    for item in all_fields():
        value = record.value(item.name)
        if value is None:
            continue
        if (name := words_field(item)) is not None:
            values[name] = marked(str(value), language) if item.kind == "text" else str(value)
        if column_field(item):
            values[item.name] = value if item.kind == "year" else str(value)
    return values


def _keys_by_page(entries: Sequence[CitedAuthority | MentionedDocket]) -> dict[int, set[str]]:
    """Page number -> index tokens of the keys mentioned on it (enclosing sections included)."""
    by_page: dict[int, set[str]] = {}
    for entry in entries:
        for page in entry.pages:
            by_page.setdefault(page, set()).update(index_token(key) for key in entry.index_keys)
    return by_page

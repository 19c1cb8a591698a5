"""The one way every route reaches the library: the search service, and a document by id.

Every page, twin, export, feed and image goes through ``service()`` and ``record_or_404``, so
a rule about who may see what (a request-level filter of ``SearchRequest``, a check in
``SearchService.document``) applies to all of them at once, with no route of its own to forget.
"""

from __future__ import annotations

from flask import abort, current_app

from search.models import DocumentRecord
from search.service import SearchService


def service() -> SearchService:
    return current_app.extensions["search"]


def record_or_404(doc_id: str) -> DocumentRecord:
    """The document ``doc_id`` as the service gives it to this request, else a 404."""
    record = service().document(doc_id)
    if record is None:
        abort(404)
    return record

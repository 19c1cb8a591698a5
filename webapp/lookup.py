"""The one way every route reaches the library: the search service, and a document by id.

Every page, twin, export, feed and image goes through ``service()`` and ``record_or_404``, so
a rule about who may see what (a request-level filter of ``SearchRequest``, a check in
``SearchService.document``) applies to all of them at once, with no route of its own to forget.
"""

from __future__ import annotations

from flask import abort, current_app

from search.models import DocumentRecord, SearchRequest, SearchResults
from search.service import SearchService
from webapp.accounts import as_audience


def service() -> SearchService:
    return current_app.extensions["search"]


def record_or_404(doc_id: str) -> DocumentRecord:
    """The document ``doc_id`` if this request's audience may see it (a visitor: no staff-only
    document), else a 404, the same as for an id that does not exist."""
    record = as_audience(service().document, doc_id)
    if record is None:
        abort(404)
    return record


def search(search_request: SearchRequest) -> SearchResults:
    """``search_request`` answered for this request's audience (set by ``webapp.params``); for
    staff, the hits a visitor would not see are marked "staff only" (``extra["visibility"]``)."""
    results = service().search(search_request)
    if search_request.audience == "staff":
        hidden = service().hidden_ids()
        for hit in results.results:
            if hit.id in hidden:
                hit.extra["visibility"] = "staff"
    return results

"""The web's search parameters: ``search.request`` for this request's audience, and links back.

The HTML page, the API and the export read their parameters through ``search_request``,
which is ``search.request.build_request`` (the CLI's too) with the visitor's audience.
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from search.models import SearchRequest
from search.request import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    MAX_RESULT_PAGE,
    SORTS,
    BadParameter,
    build_request,
    query_text,
)
from webapp.accounts import audience

__all__ = ["MAX_PER_PAGE", "MAX_RESULT_PAGE", "BadParameter", "link_args", "query_text", "search_request"]


def search_request(
    args: MultiDict, default_per_page: int = DEFAULT_PER_PAGE, pages_per_result: int = 3,
    sorts: tuple[str, ...] = SORTS,
) -> SearchRequest:
    """A bounded ``SearchRequest`` from query-string arguments, for the visitor or staff member
    asking; raises ``BadParameter`` (see ``search.request.build_request``)."""
    return build_request(args, audience=audience(), default_per_page=default_per_page,
                         pages_per_result=pages_per_result, sorts=sorts)


def link_args(search: SearchRequest, default_sort: str = "relevance", **changes: Any) -> dict[str, Any]:
    """Query-string arguments reproducing ``search`` with ``changes``, defaults left out.

    A change to anything but ``page`` starts again from the first page of results.
    """
    args: dict[str, Any] = {"q": search.query, **search.filters, "sort": search.sort, "page": search.page}
    if search.per_page != DEFAULT_PER_PAGE:
        args["per_page"] = search.per_page
    if not search.spelling:
        args["spelling"] = "off"
    if "page" not in changes:
        args["page"] = 1
    args.update(changes)
    defaults = {"sort": default_sort, "page": 1}
    return {name: value for name, value in args.items() if value not in (None, "") and defaults.get(name) != value}

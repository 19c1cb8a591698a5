"""Read search parameters from a request, the same way for the HTML page, the API and the export.

Every parameter is bounded here, before the search library sees it; the library bounds the
query itself (length, terms, wildcards) and raises ``QueryRejected``.
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from search.fields import canonical_filter_value, check_filter_value, filter_parameters
from search.messages import PARAM_NUMBER, PARAM_SORT, PARAM_TOO_LONG, say
from search.models import SearchRequest
from webapp.accounts import audience

SORTS = ("relevance", "date")
MAX_RESULT_PAGE = 1000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
MAX_QUERY_PARAM_CHARS = 2000  # the library refuses more than 1000; this caps what is even parsed


class BadParameter(ValueError):
    """A parameter cannot be used; the message names it."""


def _int(args: MultiDict, name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise BadParameter(say(PARAM_NUMBER, param=name, low=low, high=high))
    return int(raw)


def _filters(args: MultiDict) -> dict[str, str]:
    """The filter parameters of the fields table that are set, each checked against its kind."""
    filters = {param.name: value for param in filter_parameters() if (value := args.get(param.name, "").strip())}
    for name, value in filters.items():
        if (problem := check_filter_value(name, value)) is not None:
            raise BadParameter(problem)
    return {name: canonical_filter_value(name, value) for name, value in filters.items()}


def query_text(args: MultiDict) -> str:
    """The ``q`` parameter, refused outright when absurdly long."""
    query = args.get("q", "")
    if len(query) > MAX_QUERY_PARAM_CHARS:
        raise BadParameter(say(PARAM_TOO_LONG, param="q", limit=MAX_QUERY_PARAM_CHARS))
    return query


def search_request(
    args: MultiDict, default_per_page: int = DEFAULT_PER_PAGE, pages_per_result: int = 3,
    sorts: tuple[str, ...] = SORTS,
) -> SearchRequest:
    """A bounded ``SearchRequest`` from query-string arguments; raises ``BadParameter``.

    ``sorts``: the orders this route offers, the first the default (a listing offers
    ``date``, ``title`` and ``case_name``; see webapp/browse.py)."""
    sort = args.get("sort", "") or sorts[0]
    if sort not in sorts:
        raise BadParameter(say(PARAM_SORT, listed=", ".join(sorts)))
    return SearchRequest(
        query=query_text(args),
        page=_int(args, "page", 1, 1, MAX_RESULT_PAGE),
        per_page=_int(args, "per_page", default_per_page, 1, MAX_PER_PAGE),
        filters=_filters(args),
        sort=sort,
        pages_per_result=pages_per_result,
        spelling=args.get("spelling", "") != "off",
        audience=audience(),
    )


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

"""Read search parameters from a request, the same way for the HTML page and the API."""

from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict

from search.models import SearchRequest

FILTERS = ("type", "court", "year", "date_from", "date_to")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BadParameter(ValueError):
    """A parameter cannot be used; the message names it."""


def _int(args: MultiDict, name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise BadParameter(f"parameter '{name}' must be a whole number from {low} to {high}")
    return int(raw)


def search_request(args: MultiDict) -> SearchRequest:
    filters = {name: args.get(name, "").strip() for name in FILTERS if args.get(name, "").strip()}
    for name in ("date_from", "date_to"):
        if name in filters and not _DATE.match(filters[name]):
            raise BadParameter(f"parameter '{name}' must be a date written YYYY-MM-DD")
    if "year" in filters and not (filters["year"].isdigit() and len(filters["year"]) == 4):
        raise BadParameter("parameter 'year' must be a four-digit year")
    sort = args.get("sort", "relevance")
    if sort not in ("relevance", "date"):
        raise BadParameter("parameter 'sort' must be 'relevance' or 'date'")
    return SearchRequest(
        query=args.get("q", ""),
        page=_int(args, "page", 1, 1, 1000),
        per_page=_int(args, "per_page", 10, 1, 100),
        filters=filters,
        sort=sort,
    )

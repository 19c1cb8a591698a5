"""One ``SearchRequest`` from named text values: the web's query string and the CLI's options.

The web page, the API, the CSV export and ``python -m search`` all build their request here,
so a value one of them refuses the others refuse with the same sentence (``--year 20x`` on
the command line and ``?year=20x`` on the web are both "parameter ... must be a four-digit
year"), and a value one accepts (``type=Orders``) means the same everywhere.

Every parameter is bounded here, before the search library sees it; the library bounds the
query itself (length, terms, wildcards) and raises ``QueryRejected``. Counter-example: an
empty or missing ``q`` is not an error; it asks for every document, newest first.
"""

from __future__ import annotations

from collections.abc import Mapping

from search.fields import canonical_filter_value, check_filter_value, filter_parameters
from search.messages import PARAM_NUMBER, PARAM_ONE_OF, PARAM_TOO_LONG, say
from search.models import SearchRequest

SORTS = ("relevance", "date")
MAX_RESULT_PAGE = 1000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
MAX_QUERY_PARAM_CHARS = 2000  # the library refuses more than 1000; this caps what is even parsed


class BadParameter(ValueError):
    """A parameter cannot be used; the message names it as the user wrote it."""


def build_request(
    values: Mapping[str, str], *, audience: str = "public", default_per_page: int = DEFAULT_PER_PAGE,
    pages_per_result: int = 3, sorts: tuple[str, ...] = SORTS, names: Mapping[str, str] | None = None,
) -> SearchRequest:
    """A bounded ``SearchRequest`` from text values keyed by parameter name; raises ``BadParameter``.

    ``values`` holds ``q``, ``page``, ``per_page``, ``sort``, ``spelling`` and the filter
    parameters of the fields table; a missing or blank value takes its default. ``sorts``:
    the orders the caller offers, the first the default (a listing offers ``date``,
    ``title`` and ``case_name``; see webapp/browse.py). ``names``: how the caller spells a
    parameter in its messages (the CLI: ``per_page`` is ``--limit``)."""
    def shown(name: str) -> str:
        return (names or {}).get(name, name)

    def number(name: str, default: int, high: int) -> int:
        raw = (values.get(name) or "").strip()
        if not raw:
            return default
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= high:
            raise BadParameter(say(PARAM_NUMBER, param=shown(name), low=1, high=high))
        return int(raw)

    sort = (values.get("sort") or "").strip() or sorts[0]
    if sort not in sorts:
        raise BadParameter(say(PARAM_ONE_OF, param=shown("sort"), listed=", ".join(sorts), value=repr(sort)))
    filters = {param.name: value for param in filter_parameters() if (value := (values.get(param.name) or "").strip())}
    for name, value in filters.items():
        if (problem := check_filter_value(name, value, shown(name))) is not None:
            raise BadParameter(problem)
    return SearchRequest(
        query=query_text(values, shown("q")),
        page=number("page", 1, MAX_RESULT_PAGE),
        per_page=number("per_page", default_per_page, MAX_PER_PAGE),
        filters={name: canonical_filter_value(name, value) for name, value in filters.items()},
        sort=sort,
        pages_per_result=pages_per_result,
        spelling=(values.get("spelling") or "").strip() != "off",
        audience=audience,
    )


def query_text(values: Mapping[str, str], shown: str = "q") -> str:
    """The ``q`` value, refused outright when absurdly long (a pasted book, not a question)."""
    query = values.get("q") or ""
    if len(query) > MAX_QUERY_PARAM_CHARS:
        raise BadParameter(say(PARAM_TOO_LONG, param=shown, limit=MAX_QUERY_PARAM_CHARS))
    return query

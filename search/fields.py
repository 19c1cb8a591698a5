"""Fields: every fact about a document field, written once.

One row per field a document carries. Everything else is built from this table:

- the catalog keys ``corpus/catalog.toml`` accepts, and the values it accepts for a field
  with a vocabulary (``search/catalog.py``);
- the schema of every engine (``search/engines/*/schema``): which fields are words (``text``),
  exact values (``keyword``, ``date``, ``year``), stored, boosted;
- what ``title:``, ``type:``, ``court:``, ``case:``, ``year:``, ``date:`` mean in a query
  (``search/query.py``);
- the filters of the command line (``search/__main__.py``) and of the web site and the API
  (``webapp/params.py``), with their validation;
- the facet groups of the results page and the facets of the JSON;
- the query parameters of ``/api/openapi.json`` (``webapp/api.py`` fills them in from here);
- the README's table of fields (a test checks that it agrees).

So adding a catalog field shown as a facet is one row here plus its extraction (a value in
``Extraction.metadata`` under the field's name); the value travels in ``DocumentRecord.extra``
and ``DocumentMeta.extra`` for fields that are not attributes of those dataclasses.

Kinds, and what an engine must do with each:

``text``     analysed with ``search.analysis`` (stems), searched by words, scored (``boost``)
``keyword``  one exact value; filtered on exactly (``doc_type`` lower-cased), counted for a
             facet, sorted; when it has a query alias its words are searchable too
             (``court:illinois``), through a text copy of the value
``date``     ``YYYY-MM-DD``, exact and range (``date:[2019-01-01 TO 2020-06-30]``), sorted
``year``     an integer derived from ``date``; exact and range, counted for a facet
``url``      stored and shown, never searched
``secret``   read from the catalog, never stored or shown (a PDF's password)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from search.messages import PARAM_DATE, PARAM_ONE_OF, PARAM_TOO_LONG, PARAM_YEAR, say

KINDS = ("text", "keyword", "date", "year", "url", "secret")


@dataclass(frozen=True)
class Field:
    """One document field. ``name`` is the attribute of ``DocumentRecord`` / ``DocumentMeta``
    (or the key in their ``extra``), the engine's field name and the facet's key in the JSON."""

    name: str
    label: str
    kind: str
    #: Key in ``corpus/catalog.toml`` (None: not set by the catalog).
    catalog: str | None = None
    #: Query-string parameter filtering on it: ``type=order`` (None: no filter).
    param: str | None = None
    #: For a date: the two parameters bounding a range, inclusive (``date_from``, ``date_to``).
    range_params: tuple[str, str] | None = None
    #: Counted by value for every search and shown as a facet group.
    facet: bool = False
    #: What a user writes before a colon to search it: ``case:murphy``.
    aliases: tuple[str, ...] = ()
    #: Plain words (no field name) are looked for in it.
    searched: bool = False
    #: Relevance weight of a match in it, relative to the document's text.
    boost: float = 1.0
    stored: bool = True
    #: Shown on every result and in each result of the search JSON.
    result: bool = False
    #: A data file in ``search/data/`` listing the values the catalog accepts.
    vocabulary: str | None = None
    #: One line for ``--help``, the OpenAPI description and the README.
    description: str = ""
    #: The value a document has when neither the catalog nor the file gives one.
    default: str = ""
    #: A visitor who is not logged in sees only documents with this value (``visibility``):
    #: a filter every public search, count, facet, suggestion and listing applies in the engine.
    public_value: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"field {self.name}: kind must be one of {', '.join(KINDS)}")

    @property
    def filter_params(self) -> tuple[str, ...]:
        return (self.param,) if self.param else self.range_params or ()

    @property
    def exact(self) -> bool:
        """Held as one value (filtered on, counted, sorted), not as words."""
        return self.kind in ("keyword", "date", "year")


#: The table. Order matters only for display (facet groups, help, OpenAPI, README).
FIELDS: tuple[Field, ...] = (
    Field("path", "File", "keyword", catalog="file", result=True,
          description="Path of the file inside the corpus folder."),
    Field("title", "Title", "text", catalog="title", aliases=("title",), searched=True, boost=3.0, result=True,
          description="The document's title."),
    Field("case_name", "Case", "text", catalog="case_name", aliases=("case",), searched=True, boost=2.0,
          result=True, description="The case, as its caption names it (Murphy v. Raoul)."),
    Field("summary", "Summary", "text", catalog="summary", searched=True, boost=1.5,
          description="One or two sentences shown with the document."),
    Field("doc_type", "Type", "keyword", catalog="doc_type", param="type", facet=True, aliases=("type", "doc_type"),
          result=True, vocabulary="document_types.txt", description="The kind of document (order, opinion, brief...)."),
    Field("court", "Court", "keyword", catalog="court", param="court", facet=True, aliases=("court",), result=True,
          description="The court or tribunal."),
    Field("year", "Year", "year", param="year", facet=True, aliases=("year",),
          description="The year of the document's date."),
    Field("date", "Date", "date", catalog="date", range_params=("date_from", "date_to"), aliases=("date",),
          result=True, description="The filing or decision date, YYYY-MM-DD."),
    Field("case_number", "Case number", "keyword", catalog="case_number", result=True,
          description="The case or docket number(s), as the caption prints them."),
    Field("case_key", "Case", "keyword", param="case", facet=True, result=True,
          description="The case's key (16-cv-11471), from its case number; /cases/<key> lists its documents."),
    Field("added", "Added", "keyword", result=True,
          description="When the document first entered the library (UTC, ISO 8601); kept across rebuilds."),
    Field("language", "Language", "keyword", catalog="language", param="language", facet=True, aliases=("language",),
          result=True, vocabulary="languages.txt",
          description="The language of the document (en, es): detected from its text unless the catalog says."),
    Field("source_url", "Source", "url", catalog="source_url", description="Where the document was found."),
    Field("visibility", "Visibility", "keyword", catalog="visibility", param="visibility",
          vocabulary="visibility.txt", default="public", public_value="public",
          description="public (the default) or staff: a staff document is seen only by logged-in staff."),
    Field("password", "Password", "secret", catalog="password", stored=False,
          description="The password of an encrypted PDF; never stored in the index."),
)


def all_fields() -> tuple[Field, ...]:
    """The table (a function, so a test can monkeypatch ``FIELDS`` and every user sees it)."""
    return FIELDS


def field_named(name: str) -> Field:
    for item in all_fields():
        if item.name == name:
            return item
    raise KeyError(name)


def facet_fields() -> tuple[Field, ...]:
    return tuple(item for item in all_fields() if item.facet)


def filter_fields() -> tuple[Field, ...]:
    return tuple(item for item in all_fields() if item.filter_params)


def searched_fields() -> tuple[Field, ...]:
    """Where words without a field name are looked for (besides the document's text)."""
    return tuple(item for item in all_fields() if item.searched)


def result_fields() -> tuple[Field, ...]:
    return tuple(item for item in all_fields() if item.result)


def catalog_keys() -> dict[str, Field]:
    return {item.catalog: item for item in all_fields() if item.catalog}


def query_aliases() -> dict[str, str]:
    """What a user may write before a colon -> the field's name (``case`` -> ``case_name``)."""
    return {alias: item.name for item in all_fields() for alias in item.aliases}


def filter_params() -> dict[str, Field]:
    """Every filter's query-string parameter -> its field."""
    return {param: item for item in filter_fields() for param in item.filter_params}


@cache
def vocabulary(file_name: str) -> tuple[str, ...]:
    """The values listed in ``search/data/<file_name>`` (one a line, ``#`` comments)."""
    text = resources.files("search.data").joinpath(file_name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return tuple(line for line in lines if line)


def document_types() -> tuple[str, ...]:
    return vocabulary(field_named("doc_type").vocabulary or "document_types.txt")


# --- filters: parameters in, engine filters out -----------------------------------------------


@dataclass(frozen=True)
class Filter:
    """Only documents whose ``field`` equals ``value`` (when set) or lies within ``low``..``high``
    (inclusive; None leaves that end open). Values are as the index holds them: ``doc_type``
    lower-cased, dates ``YYYY-MM-DD``, years as digits."""

    field: str
    value: str | None = None
    low: str | None = None
    high: str | None = None


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^[0-9]{4}$")


#: The longest filter value accepted (a court's name is the longest in practice).
MAX_FILTER_CHARS = 200


@dataclass(frozen=True)
class FilterParam:
    """One query-string parameter (and command-line option) filtering on a field."""

    name: str
    field: Field
    bound: str  # "equals", "from" or "to"

    @property
    def cli_option(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def label(self) -> str:
        return {"from": "From", "to": "To"}.get(self.bound, self.field.label)

    @property
    def description(self) -> str:
        if self.bound != "equals":
            return f"Only documents dated {'on or after' if self.bound == 'from' else 'on or before'} this day."
        if self.field.kind == "year":
            return f"Only documents from this {self.field.label.lower()}."
        facet = f" (a value of facets.{self.field.name})" if self.field.facet else ""
        return f"Only documents with this {self.field.label.lower()}{facet}."

    @property
    def metavar(self) -> str:
        """How its value is written in ``--help``: YYYY-MM-DD, YYYY, TYPE."""
        return {"date": "YYYY-MM-DD", "year": "YYYY"}.get(self.field.kind, self.field.label.upper().replace(" ", "_"))

    def openapi(self) -> dict[str, Any]:
        if self.field.kind == "date":
            schema: dict[str, Any] = {"type": "string", "format": "date"}
        elif self.field.kind == "year":
            schema = {"type": "string", "pattern": "^[0-9]{4}$"}
        else:
            schema = {"type": "string", "maxLength": MAX_FILTER_CHARS}
        return {"name": self.name, "in": "query", "required": False, "description": self.description,
                "schema": schema}


def filter_parameters() -> tuple[FilterParam, ...]:
    """Every filter parameter, in table order (``type``, ``court``, ``year``, ``date_from``...)."""
    found: list[FilterParam] = []
    for item in filter_fields():
        if item.param:
            found.append(FilterParam(item.param, item, "equals"))
        elif item.range_params:
            found += [FilterParam(item.range_params[0], item, "from"), FilterParam(item.range_params[1], item, "to")]
    return tuple(found)


def check_filter_value(param: str, value: str, shown: str | None = None) -> str | None:
    """Why ``value`` cannot be used for filter ``param`` (one line naming it as ``shown``, by
    default its own name: the CLI says ``--year``), or None."""
    item = filter_params()[param]
    shown = shown or param
    if len(value) > MAX_FILTER_CHARS:
        return say(PARAM_TOO_LONG, param=shown, limit=MAX_FILTER_CHARS)
    if item.kind == "date" and not real_date(value):
        return say(PARAM_DATE, param=shown)
    if item.kind == "year" and not _YEAR.match(value):
        return say(PARAM_YEAR, param=shown)
    if item.vocabulary and vocabulary_value(item, value) is None:
        listed = ", ".join(vocabulary(item.vocabulary))
        return say(PARAM_ONE_OF, param=shown, listed=listed, value=repr(value))
    return None


def canonical_filter_value(param: str, value: str) -> str:
    """A checked filter value as the request keeps it: the vocabulary's spelling (``Orders`` is
    ``order``), so links, the "Filtered by" list and the cache all see one value."""
    item = filter_params()[param]
    return (vocabulary_value(item, value) or value) if item.vocabulary else value


def vocabulary_value(item: Field, value: str) -> str | None:
    """The vocabulary's own spelling of ``value`` for a field with a vocabulary, or None.

    People type the value they see, not the stored one: ``Order``, ``orders``,
    ``amicus-brief`` and ``Amicus_Briefs`` are ``order`` and ``amicus brief``. A value that is
    none of these (``ordr``, ``memorandum``) is None, so the caller says which values exist
    instead of quietly finding nothing."""
    listed = vocabulary(item.vocabulary or "")
    wanted = " ".join(value.lower().replace("-", " ").replace("_", " ").split())
    for candidate in (wanted, wanted[:-1] if wanted.endswith("s") else None):
        if candidate in listed:
            return candidate
    return None


def real_date(text: str) -> bool:
    """``2020-02-29`` yes; ``2020-13-45`` and ``2021-02-29`` no."""
    if not _DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


#: Who asks: a visitor (``public``) or logged-in staff (``staff``).
AUDIENCES = ("public", "staff")


def audience_filters(audience: str) -> list[Filter]:
    """The engine filters that keep an audience to what it may see: for anyone but staff,
    only documents whose ``public_value`` fields hold that value (``visibility = public``).
    An unknown audience is treated as the public."""
    if audience == "staff":
        return []
    return [Filter(item.name, value=item.public_value) for item in all_fields() if item.public_value is not None]


def filters_from_params(params: dict[str, str]) -> list[Filter]:
    """Engine filters from validated parameters (``{"type": "Order", "date_from": ...}``).

    A value that does not fit its kind is left out (the web layer has refused it already)."""
    found: list[Filter] = []
    for item in filter_fields():
        if item.param:
            value = (params.get(item.param) or "").strip()
            if value and check_filter_value(item.param, value) is None:
                found.append(Filter(item.name, value=vocabulary_value(item, value) if item.vocabulary else value))
        elif item.range_params:
            low, high = ((params.get(name) or "").strip() or None for name in item.range_params)
            low, high = (v if v and check_filter_value(n, v) is None else None
                         for v, n in zip((low, high), item.range_params, strict=True))
            if low or high:
                found.append(Filter(item.name, low=low, high=high))
    return found


def readme_table() -> str:
    """The README's table of fields (``tests/test_fields.py`` checks that the README holds it)."""
    params = {item.name: [p for p in filter_parameters() if p.field is item] for item in all_fields()}
    rows = ["| field | catalog key | filter: API / command line | search | facet | meaning |",
            "| --- | --- | --- | --- | --- | --- |"]
    for item in all_fields():
        if item.kind == "secret":
            continue
        filters = ", ".join(f"`{p.name}=` / `{p.cli_option}`" for p in params[item.name])
        search = ", ".join(f"`{alias}:`" for alias in item.aliases) + (" (plain words too)" if item.searched else "")
        rows.append(f"| `{item.name}` | {f'`{item.catalog}`' if item.catalog else ''} | {filters} | {search.strip()} "
                    f"| {'yes' if item.facet else ''} | {item.description} |")
    return "\n".join(rows)

"""Browse the whole collection, one case's documents, and follow any search or list by feed.

    /documents             every document, newest first (or by title, by case name), with the
                           facets of search as filters, paged; its twins /api/documents and
                           /api/documents.csv, its feed /documents.atom
    /cases/<case-key>      every document of one case; its twin /api/cases/<case-key>
    /search.atom?q=...     the feed of a search (the same query language and filters)

A listing is a search for everything (``SearchRequest`` with an empty query) through the
same ``SearchService`` as the results page, so every rule applied to a request (filters, who
may see what) applies here too. Feeds list documents newest added first (the ``added`` field,
from the index's ledger, search/ledger.py); each entry's id is derived from the document id
and never changes.
"""

from __future__ import annotations

import csv
import io
import math
import uuid
from datetime import UTC, datetime
from typing import Any

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from search.fields import MAX_FILTER_CHARS
from search.models import SearchRequest, SearchResults
from search.service import IndexMissing
from webapp import lookup
from webapp.accounts import audience
from webapp.export import plain_text, spreadsheet_safe
from webapp.lookup import service
from webapp.pages import active_filters, facet_groups, page_link
from webapp.params import MAX_PER_PAGE, MAX_RESULT_PAGE, BadParameter, link_args, search_request

bp = Blueprint("browse", __name__)

#: The orders of a listing; the first is the default.
BROWSE_SORTS = ("date", "title", "case_name")
SORT_LABELS = {"date": lazy_gettext("Newest first"), "title": lazy_gettext("Title"),
               "case_name": lazy_gettext("Case name")}
BROWSE_PER_PAGE = 20
#: Documents one feed lists: the newest added that match.
FEED_ENTRIES = 50
#: Newest documents shown on the home page.
HOME_NEWEST = 5
CSV_COLUMNS = ("document", "title", "case_name", "case_number", "type", "court", "date", "pages", "notices",
               "added", "url")
#: Names of ids made for feeds (RFC 4122 version 5): the same document is the same entry everywhere.
FEED_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://chicago400.org/library")
ATOM = "application/atom+xml"


def browse_request(args, default_per_page: int = BROWSE_PER_PAGE, case_key: str | None = None) -> SearchRequest:
    """The listing asked for: no query, the filters, sort and paging of the fields table
    (``sort=relevance``, from a search page's link, is the listing's default order)."""
    if args.get("sort") == "relevance":
        args = args.copy()
        args.pop("sort")
    listing = search_request(args, default_per_page=default_per_page, pages_per_result=0, sorts=BROWSE_SORTS)
    listing.query = ""
    if case_key is not None:
        listing.filters["case"] = case_key
    return listing


def listing_link(endpoint: str, listing: SearchRequest, **changes: Any) -> str:
    values = link_args(listing, default_sort=BROWSE_SORTS[0], **changes)
    values.pop("q", None)
    default = MAX_PER_PAGE if endpoint in ("browse.case", "browse.documents_csv") else BROWSE_PER_PAGE
    values.pop("per_page", None)
    if changes.get("per_page", listing.per_page) not in (None, default):
        values["per_page"] = changes.get("per_page", listing.per_page)
    if "case_key" in values:  # the case page's own key is in its path, not the query string
        values.pop("case", None)
    return url_for(endpoint, **values)


def listing_view(endpoint: str, listing: SearchRequest, results: SearchResults, **path: str) -> dict[str, Any]:
    """What the list template needs: facet groups, active filters, sort links and the pager."""
    def link(**changes: Any) -> str:
        return listing_link(endpoint, listing, **path, **changes)

    last = max(1, min(math.ceil(results.total / results.per_page), MAX_RESULT_PAGE))
    numbers = sorted({1, last, *range(max(1, listing.page - 2), min(last, listing.page + 2) + 1)})
    return {
        "facet_groups": facet_groups(listing, results, link, leave_out=("case",) if path else ()),
        "active_filters": [] if path else active_filters(listing, link),
        "sorts": [{"name": name, "label": SORT_LABELS[name], "current": name == listing.sort,
                   "url": link(sort=name)} for name in BROWSE_SORTS],
        "pager": {"current": listing.page, "last": last,
                  "previous": link(page=listing.page - 1) if listing.page > 1 else None,
                  "next": link(page=listing.page + 1) if listing.page < last else None,
                  "numbers": [{"number": n, "url": link(page=n)} for n in numbers]},
    }


def feed_link(listing: SearchRequest, endpoint: str = "browse.documents_feed") -> str:
    """The feed of a list or a search: its query and filters, not its sort or page."""
    values = {"q": listing.query or None, **listing.filters}
    return url_for(endpoint, **{name: value for name, value in values.items() if value})


# --- the list ---------------------------------------------------------------------------------


@bp.get("/documents")
def documents() -> str:
    listing = browse_request(request.args)
    results = lookup.search(listing)
    return render_template("documents.html", listing=listing, results=results,
                           view=listing_view("browse.documents", listing, results),
                           feed_url=feed_link(listing), csv_url=listing_link("browse.documents_csv", listing),
                           json_url=listing_link("browse.documents_json", listing))


@bp.get("/cases/<case_key>")
def case(case_key: str) -> tuple[str, int] | str:
    _check_case_key(case_key)
    listing = browse_request(request.args, default_per_page=MAX_PER_PAGE, case_key=case_key)
    results = lookup.search(listing)
    if results.total == 0 or not results.results and listing.page == 1:
        abort(404)
    return render_template("case.html", listing=listing, results=results, case_key=case_key,
                           case_name=next((hit.case_name for hit in results.results if hit.case_name), ""),
                           case_number=next((hit.case_number for hit in results.results if hit.case_number), ""),
                           court=next((hit.court for hit in results.results if hit.court), ""),
                           view=listing_view("browse.case", listing, results, case_key=case_key),
                           feed_url=url_for("browse.documents_feed", case=case_key),
                           json_url=url_for("browse.case_json", case_key=case_key))


def _check_case_key(case_key: str) -> None:
    if len(case_key) > MAX_FILTER_CHARS:
        raise BadParameter(f"the case key is too long (the limit is {MAX_FILTER_CHARS} characters)")


@bp.get("/api/documents")
def documents_json() -> Response:
    return jsonify(lookup.search(browse_request(request.args)).to_json())


@bp.get("/api/cases/<case_key>")
def case_json(case_key: str) -> Response:
    _check_case_key(case_key)
    results = lookup.search(browse_request(request.args, default_per_page=MAX_PER_PAGE, case_key=case_key))
    if results.total == 0:
        abort(404)
    return jsonify(results.to_json())


@bp.get("/api/documents.csv")
def documents_csv() -> Response:
    """One row per document, for a spreadsheet (formulas defused as in the search export)."""
    results = lookup.search(browse_request(request.args, default_per_page=MAX_PER_PAGE))
    base_url = current_app.config.get("BASE_URL") or ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for hit in results.results:
        row = (hit.id, hit.title, hit.case_name, hit.case_number, hit.doc_type, hit.court, hit.date,
               hit.page_count, " ".join(hit.notices), hit.extra.get("added", ""),
               base_url + url_for("pages.document", doc_id=hit.id))
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="chicago400-documents.csv"'
    return response


# --- the home page's list ---------------------------------------------------------------------


def home_listing() -> dict[str, Any] | None:
    """The newest documents and the types with their counts, for the home page (None before
    the first ingest)."""
    try:
        newest = SearchRequest("", per_page=HOME_NEWEST, sort="date", pages_per_result=0, audience=audience())
        results = lookup.search(newest)
    except IndexMissing:
        return None
    return {"total": results.total, "newest": results.results, "types": results.facets.get("doc_type", [])}


# --- feeds ------------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    """An address a feed reader can follow: under ``C400_BASE_URL`` when set (it should be, in
    production), else the address this request came to."""
    base = current_app.config.get("BASE_URL") or request.host_url.rstrip("/")
    return base + path


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = datetime(1970, 1, 1, tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def atom_feed(search: SearchRequest, title: str, page_url: str) -> Response:
    """The Atom feed (RFC 4287) of ``search``: its newest-added documents, built with feedgen."""
    search.sort, search.page, search.per_page = "added", 1, FEED_ENTRIES
    search.pages_per_result = 1 if search.query.strip() else 0
    results = lookup.search(search)
    feed = FeedGenerator()
    self_url = _absolute(request.full_path.rstrip("?"))
    # The same question is the same feed, whatever the order of its parameters.
    asked = "&".join(f"{name}={value}" for name, value in sorted({"q": search.query.strip(), **search.filters}.items()))
    feed.id(f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, 'feed:' + asked)}")
    feed.generator("Chicago 400 library")
    feed.title(title)
    feed.subtitle(gettext("Documents of the Chicago 400 library, newest added first."))
    feed.author({"name": gettext("Chicago 400 Alliance library")})
    feed.link(href=self_url, rel="self", type=ATOM)
    feed.link(href=_absolute(page_url), rel="alternate", type="text/html")
    newest = None
    for hit in reversed(results.results):  # feedgen puts each new entry first
        added = _moment(hit.extra.get("added", ""))
        newest = max(newest, added) if newest else added
        entry = feed.add_entry()
        entry.id(f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, 'document:' + hit.id)}")
        entry.title(hit.title)
        entry.updated(added)
        entry.published(added)
        page = hit.pages[0].page if hit.pages else 1
        entry.link(href=_absolute(page_link(hit.id, page, search.query or None)), rel="alternate", type="text/html")
        facts = [fact for fact in (hit.doc_type, hit.case_name, hit.court, hit.date) if fact]
        lines = [" · ".join(facts)]
        if hit.pages:
            lines.append(gettext("Page %(number)s: %(snippet)s", number=page, snippet=plain_text(hit.pages[0].snippet)))
        entry.summary("\n".join(lines))
        if hit.doc_type:
            entry.category(term=hit.doc_type, label=hit.doc_type)
    feed.updated(newest or _moment(service().manifest().built_at or ""))
    return Response(feed.atom_str(pretty=True), mimetype=ATOM)


@bp.get("/documents.atom")
def documents_feed() -> Response:
    listing = browse_request(request.args)
    listing.query = ""
    title = gettext("Chicago 400 library: new documents")
    if listing.filters:
        described = ", ".join(f"{name} {value}" for name, value in listing.filters.items())
        title = gettext("Chicago 400 library: new documents (%(filters)s)", filters=described)
    page_url = url_for("browse.documents", **listing.filters)
    return atom_feed(listing, title, page_url)


@bp.get("/search.atom")
def search_feed() -> Response:
    search = search_request(request.args)
    if not search.query.strip():
        return documents_feed()
    title = gettext("Chicago 400 library: new documents for %(query)s", query=search.query)
    page_url = url_for("pages.search", q=search.query, **search.filters)
    return atom_feed(search, title, page_url)


def follow_link(search: SearchRequest) -> str:
    """The feed of the search page's search."""
    values = {"q": search.query, **search.filters}
    return url_for("browse.search_feed", **{name: value for name, value in values.items() if value})


@bp.app_template_global()
def case_key_of(item: Any) -> str:
    """The case key of a result, a record or a document's JSON (empty when it has none)."""
    if isinstance(item, dict):
        return str(item.get("case_key") or "")
    extra = getattr(item, "extra", None) or {}
    return str(extra.get("case_key") or "")

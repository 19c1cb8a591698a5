"""The HTML pages: search, document view and original file, ingest status, help and about."""

from __future__ import annotations

import math
import mimetypes
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, url_for
from flask_babel import gettext
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from search import budget
from search.fields import document_types, facet_fields, filter_parameters
from search.highlight import Highlighter
from search.messages import N_
from search.models import DocumentRecord, SearchRequest, SearchResults
from search.service import IndexMissing
from webapp import documents as doc_info
from webapp import lookup
from webapp.accounts import as_audience, audience
from webapp.i18n import language_name, local_number, translate_message
from webapp.lookup import record_or_404
from webapp.params import MAX_RESULT_PAGE, BadParameter, link_args, query_text, search_request
from webapp.security import content_disposition
from webapp.status import ingest_status


def audience_status() -> dict[str, Any]:
    """The ingest status as this request's audience may see it (a visitor: no staff document
    in the counts or the lists)."""
    service = _service()
    manifest = service.manifest()
    if audience() == "staff":
        return ingest_status(manifest)
    from search.catalog import CatalogError, load_catalog

    try:
        catalog = load_catalog(Path(current_app.config["CORPUS_DIR"]))
    except CatalogError:
        catalog = {}
    staff_files = {path for path, entry in catalog.items() if entry.extra.get("visibility") == "staff"}
    public = {meta.id for meta in service.documents()}
    hidden = {meta.id for meta in service.documents(audience="staff") if meta.id not in public}
    return ingest_status(manifest, hidden_ids=hidden, hidden_files=staff_files)

bp = Blueprint("pages", __name__)

PAGER_SPREAD = 2


def _service():
    return current_app.extensions["search"]


@bp.app_template_global()
def search_link(search: SearchRequest, **changes: Any) -> str:
    """The address of the search page for ``search`` with ``changes`` (``None`` removes a parameter)."""
    return url_for("pages.search", **link_args(search, **changes))


@bp.app_template_global()
def page_link(doc_id: str, number: int, query: str | None = None, mode: str | None = None) -> str:
    """The address of page ``number`` in the document view (the range of pages that shows it);
    ``mode`` "image" shows the pages as printed beside their text."""
    return url_for("pages.document", doc_id=doc_id, q=query or None, pages=doc_info.view_range_of(number),
                   view=mode, _anchor=f"page-{number}")


def _view_mode(args) -> str | None:
    """``view=image``: the pages as printed too (anything else is the text view, the default)."""
    return "image" if args.get("view") == "image" else None


def _page_images(record: DocumentRecord) -> bool:
    from webapp.page_images import has_page_images

    return has_page_images(record)


def _printed_file(record: DocumentRecord) -> bool:
    """Whether an office or HTML original has a PDF rendition to open "at page N"."""
    from webapp.page_images import rendition_of

    return rendition_of(record) is not None


#: Notes of the document view when its time ran out (see search/budget.py).
HITS_CUT_SHORT = N_("Not every page was checked for your search: the page had to answer in time.")
HIGHLIGHT_CUT_SHORT = N_("Some pages are shown without highlighting: the page had to answer in time.")
WITHHELD = N_("The original file is withheld: it may contain text under a failed redaction.")


@bp.app_template_filter("timestamp")
def timestamp(value: str | None) -> str:
    """An ISO 8601 time as ``2024-05-01 10:00 UTC`` (as written when it cannot be read)."""
    try:
        moment = datetime.fromisoformat(value or "")
    except ValueError:
        return value or gettext("unknown")
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


# --- search ---------------------------------------------------------------------------------


def facet_groups(search: SearchRequest, results: SearchResults, link: Callable[..., str] | None = None,
                 leave_out: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Each facet as a heading and values with counts (both in the page's language), each value
    linking to the filtered search, or through ``link`` to another view of the same request
    (the browse list, a case page, which leaves out its own ``case``)."""
    link = link or (lambda **changes: search_link(search, **changes))
    groups = []
    for item in facet_fields():
        name, param, heading = item.name, item.param, gettext(item.label)
        if param is None or param in leave_out:
            continue
        active = search.filters.get(param)
        values = [
            {
                "value": item["value"],
                "shown": shown_value(name, item["value"]),
                "count": item["count"],
                "count_shown": local_number(item["count"]),
                "active": active is not None and str(item["value"]).lower() == active.lower(),
                "url": link(**{param: item["value"]}),
            }
            for item in results.facets.get(name, [])
        ]
        if values:
            groups.append({"param": param, "heading": heading, "values": values})
    return groups


def active_filters(search: SearchRequest, link: Callable[..., str] | None = None) -> list[dict[str, str]]:
    """The filters in use, each with the link that removes it (``link``: as in ``facet_groups``)."""
    link = link or (lambda **changes: search_link(search, **changes))
    labels = {param.name: gettext(param.label) for param in filter_parameters()}
    fields = {param.name: param.field.name for param in filter_parameters()}
    return [
        {"label": labels[name], "value": shown_value(fields[name], value),
         "remove_url": link(**{name: None})}
        for name, value in search.filters.items()
    ]


def shown_value(field_name: str, value: Any) -> str:
    """A facet or filter value as the reader reads it: a language by its name, a document
    type in the page's language; names of courts and years as they are."""
    if field_name == "language":
        return language_name(str(value))
    if field_name == "doc_type":
        return translate_message(str(value))
    return str(value)


def without_filters_link(search: SearchRequest) -> str:
    """The same search with no filter."""
    return search_link(search, **{param.name: None for param in filter_parameters()})


def pager(search: SearchRequest, results: SearchResults) -> dict[str, Any]:
    """Previous, next, and a few numbered result pages around the current one."""
    last = max(1, min(math.ceil(results.total / results.per_page), MAX_RESULT_PAGE))
    numbers = sorted({1, last, *range(max(1, search.page - PAGER_SPREAD), min(last, search.page + PAGER_SPREAD) + 1)})
    return {
        "current": search.page,
        "last": last,
        "previous": search_link(search, page=search.page - 1) if search.page > 1 else None,
        "next": search_link(search, page=search.page + 1) if search.page < last else None,
        "numbers": [{"number": n, "url": search_link(search, page=n)} for n in numbers],
    }


@bp.get("/")
def search() -> str | Response:
    search_args = search_request(request.args)
    if not search_args.query.strip():
        if search_args.filters:  # an empty search with filters is the list of those documents
            from webapp.browse import browse_request, listing_link

            return redirect(listing_link("browse.documents", browse_request(request.args)), code=303)
        from webapp.browse import home_listing

        return render_template("search.html", search=search_args, results=None, home=home_listing())
    results = lookup.search(search_args)
    return render_template(
        "search.html",
        search=search_args,
        results=results,
        facet_groups=facet_groups(search_args, results),
        active_filters=active_filters(search_args),
        without_filters_url=without_filters_link(search_args),
        pager=pager(search_args, results),
        feed_url=_follow_link(search_args),
        csv_args=link_args(search_args, page=None, per_page=None),
        json_args=link_args(search_args),
    )


def _follow_link(search_args: SearchRequest) -> str:
    from webapp.browse import follow_link

    return follow_link(search_args)


# --- documents ------------------------------------------------------------------------------


def _record_or_404(doc_id: str) -> DocumentRecord:
    return record_or_404(doc_id)  # the one lookup (webapp/lookup.py), for this request's audience


def _highlighter(query: str) -> Highlighter | None:
    """The highlighter of ``query`` as the results page widened it (``SearchService.highlighter``)."""
    return as_audience(_service().highlighter, query)


def page_views(record: DocumentRecord, highlighter: Highlighter | None,
               first: int = 1, last: int | None = None) -> list[dict[str, Any]]:
    """Pages ``first`` to ``last``: number, text (highlighted when there is a query) and citation.

    Highlighting stops, leaving the rest of the pages plain, when the request's time is up."""
    views = []
    for page in record.pages[first - 1 : last]:
        marked = highlighter is not None and not budget.over("highlighting", HIGHLIGHT_CUT_SHORT)
        # plain pages escaped too: the JSON twins give this as HTML ("highlighted")
        html = Markup(highlighter.highlight(page.text, page.language)) if marked else escape(page.text)
        views.append({
            "number": page.number,
            "ocr": page.ocr,
            "empty": not page.text.strip(),
            "html": html,
            "has_hit": marked and "<mark>" in html,
            "citation": doc_info.page_citation(record.title, page.number),
        })
    return views


def view_navigation(doc_id: str, count: int, first: int, last: int, query: str,
                    mode: str | None = None) -> dict[str, Any] | None:
    """Which pages this view shows, and links to the ranges before and after (None if it shows all)."""
    if first == 1 and last >= count:
        return None
    size = doc_info.PAGES_PER_VIEW

    def link(start: int) -> dict[str, Any]:
        end = min(count, start + size - 1)
        return {"first": start, "last": end, "url": url_for(
            "pages.document", doc_id=doc_id, q=query or None, pages=f"{start}-{end}", view=mode)}

    return {"first": first, "last": last, "count": count,
            "previous": link(max(1, first - size)) if first > 1 else None,
            "next": link(last + 1) if last < count else None}


def hit_pages(record: DocumentRecord, highlighter: Highlighter | None) -> list[int]:
    """Every page of the document that holds the search (as far as time allowed)."""
    if highlighter is None:
        return []
    found = []
    for page in record.pages:
        if budget.over("finding pages", HITS_CUT_SHORT):
            break
        if highlighter.has_match(page.text, page.language):
            found.append(page.number)
    return found


@bp.get("/documents/<doc_id>")
def document(doc_id: str) -> str:
    record = _record_or_404(doc_id)
    query = query_text(request.args)
    shown = doc_info.view_range(request.args.get("pages", ""), len(record.pages))
    if shown is None:
        raise BadParameter(f"parameter 'pages' must be a page range such as 1-{doc_info.PAGES_PER_VIEW} "
                           f"within the document's {len(record.pages)} pages")
    first, last = shown
    mode = _view_mode(request.args)
    highlighter = _highlighter(query)
    hits = hit_pages(record, highlighter)
    pages = page_views(record, highlighter, first, last)
    return render_template(
        "document.html",
        doc=record,
        pages=pages,
        page_count=len(record.pages),
        view=view_navigation(record.id, len(record.pages), first, last, query, mode),
        mode=mode,
        page_images=_page_images(record),
        printed_file=_printed_file(record) and not doc_info.withholds_original(record),
        pages_arg=request.args.get("pages") or None,
        hit_pages=hits,
        query=query,
        notes=budget.skipped(),
        notices=doc_info.reader_notices(record),
        citation_groups=doc_info.citation_groups(record),
        citing_query=doc_info.citing_query,
        more_like_this=doc_info.more_like_this(_service(), record.id),
        staff_only=record.value("visibility") == "staff",
        source_url=doc_info.public_source_url(record),
        original=not doc_info.withholds_original(record),
    )


@bp.get("/documents/<doc_id>/goto")
def goto_page(doc_id: str) -> Response:
    """The "go to page" form: on to the page's anchor in the document view (works without JS)."""
    record = _record_or_404(doc_id)
    raw = request.args.get("page", "").strip()
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1
    number = max(1, min(number, len(record.pages) or 1))
    query = query_text(request.args)
    return redirect(page_link(record.id, number, query, _view_mode(request.args)), code=303)


@bp.get("/documents/<doc_id>/file")
def original(doc_id: str) -> Response:
    """The original file, found by document id; never by a path taken from the request."""
    record = _record_or_404(doc_id)
    if doc_info.withholds_original(record):
        abort(403, WITHHELD)
    corpus = Path(current_app.config["CORPUS_DIR"]).resolve()
    path = (corpus / record.path).resolve()
    if not path.is_relative_to(corpus) or not path.is_file():
        abort(404)
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = send_file(path, mimetype=mimetype, download_name="document", as_attachment=False)
    response.headers["Content-Disposition"] = content_disposition(path.name)  # the name may hold CR, LF, ESC
    sandbox = "" if mimetype == "application/pdf" else "sandbox; "
    response.headers["Content-Security-Policy"] = f"{sandbox}default-src 'none'; frame-ancestors 'none'"
    return response


# --- status, help, about --------------------------------------------------------------------


@bp.get("/status")
def status() -> str:
    return render_template("status.html", status=audience_status())


def _collection_size() -> dict[str, Any] | None:
    """Documents and pages in the index, or None before the first ingest."""
    try:
        status = audience_status()
    except IndexMissing:
        return None
    return {"documents": status["documents"], "pages": status["pages"]}


@bp.get("/help")
def help_page() -> str:
    return render_template("help.html", collection=_collection_size(), document_types=document_types())


@bp.get("/about")
def about() -> str:
    return render_template("about.html")

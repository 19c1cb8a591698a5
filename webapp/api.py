"""JSON twins of the HTML pages, the CSV export and the OpenAPI description."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request

from search.fields import facet_fields, filter_parameters, result_fields
from search.models import DocumentRecord
from webapp import documents as doc_info
from webapp import lookup
from webapp.export import results_csv
from webapp.lookup import record_or_404
from webapp.pages import _highlighter, audience_status, page_link, page_views
from webapp.params import MAX_PER_PAGE, BadParameter, query_text, search_request
from webapp.security import content_disposition

bp = Blueprint("api", __name__, url_prefix="/api")
OPENAPI_PATH = Path(__file__).parent / "static" / "openapi.json"
EXPORT_PAGES_PER_DOCUMENT = 10


def _service():
    return current_app.extensions["search"]


#: The operations that take the filter parameters (after ``q``).
FILTERED_OPERATIONS = ("/api/search", "/api/search.csv", "/api/documents", "/api/documents.csv")


@cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 description of this API: the data file in static/, with what the fields
    table says (``search/fields.py``) filled in: the filter parameters, the facets, the
    result fields."""
    spec = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    parameters = spec["components"]["parameters"]
    refs = []
    for param in filter_parameters():
        parameters[param.name] = param.openapi()
        refs.append({"$ref": f"#/components/parameters/{param.name}"})
    for path in FILTERED_OPERATIONS:
        operation = spec["paths"][path]["get"]
        operation["parameters"][1:1] = refs  # after q
    schemas = spec["components"]["schemas"]
    names = [item.name for item in facet_fields()]
    listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)
    schemas["SearchResults"]["properties"]["facets"]["description"] = f"{listed}, each values with document counts."
    hit = schemas["DocumentHit"]
    for item in result_fields():
        if item.name not in hit["properties"]:
            hit["properties"][item.name] = {"type": "string", "description": item.description}
            hit["required"].append(item.name)
    return spec


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@bp.get("/search")
def search() -> Response:
    results = lookup.search(search_request(request.args))
    return jsonify(results.to_json())


@bp.get("/search.csv")
def search_csv() -> Response:
    """The results as CSV, one row per matching page (up to 10 pages per document)."""
    search_args = search_request(
        request.args, default_per_page=MAX_PER_PAGE, pages_per_result=EXPORT_PAGES_PER_DOCUMENT
    )
    results = lookup.search(search_args)

    base_url = current_app.config.get("BASE_URL") or ""

    def page_url(doc_id: str, page: int) -> str:
        """Relative, or under ``C400_BASE_URL``: never built from the request's Host header,
        which anyone can set (a shared spreadsheet would link to the sender's site)."""
        return base_url + page_link(doc_id, page, search_args.query)

    body = "\ufeff" + results_csv(results, page_url)  # the byte-order mark makes Excel read UTF-8
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = content_disposition("chicago400-search.csv", "attachment")
    return response


def _record_or_404(doc_id: str) -> DocumentRecord:
    return record_or_404(doc_id)  # the one lookup (webapp/lookup.py), for this request's audience


@bp.get("/documents/<doc_id>")
def document(doc_id: str) -> Response:
    record = _record_or_404(doc_id)
    data = record.metadata()
    data["source_url"] = doc_info.public_source_url(record) or ""
    data["empty_pages"] = doc_info.empty_pages(record)
    data["notices"] = [notice.to_json() for notice in doc_info.reader_notices(record)]
    data["original_withheld"] = doc_info.withholds_original(record)
    data["pages"] = [
        {"page": page.number, "ocr": page.ocr, "citation": doc_info.page_citation(record.title, page.number)}
        for page in record.pages
    ]
    data["case_key"] = record.extra.get("case_key", "")
    data["added"] = record.extra.get("added", "")
    shown = doc_info.view_range(request.args.get("pages", ""), len(record.pages))
    if shown is None:
        raise BadParameter(f"parameter 'pages' must be a page range such as 1-{doc_info.PAGES_PER_VIEW} "
                           f"within the document's {len(record.pages)} pages")
    first, last = shown
    highlighter = _highlighter(query_text(request.args))
    data["shown"] = {"first": first, "last": min(last, len(record.pages))}
    data["text"] = [
        {"page": view["number"], "text": page.text,
         **({"highlighted": str(view["html"])} if highlighter is not None else {})}
        for view, page in zip(page_views(record, highlighter, first, last), record.pages[first - 1 : last], strict=True)
    ]
    if hasattr(_service(), "more_like_this"):
        data["more_like_this"] = doc_info.more_like_this(_service(), record.id)
    return jsonify(data)


@bp.get("/documents/<doc_id>/pages/<int:number>")
def page(doc_id: str, number: int) -> Response:
    record = _record_or_404(doc_id)
    if not 1 <= number <= len(record.pages):
        abort(404)
    found = record.pages[number - 1]
    query = query_text(request.args)
    payload = {
        "id": record.id,
        "title": record.title,
        "page": number,
        "ocr": found.ocr,
        "citation": doc_info.page_citation(record.title, number),
        "text": found.text,
    }
    if query:  # marked as the document page marks it: the results page's widened query
        payload["highlighted"] = str(page_views(record, _highlighter(query), number, number)[0]["html"])
    return jsonify(payload)


@bp.get("/status")
def status() -> Response:
    return jsonify(audience_status())

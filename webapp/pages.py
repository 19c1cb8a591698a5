"""The HTML pages: search, document view, and the original file."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request, send_file
from markupsafe import Markup

from search.highlight import Highlighter
from search.query import QueryRejected, parse_query
from webapp.params import search_request

bp = Blueprint("pages", __name__)


def _service():
    return current_app.extensions["search"]


@bp.get("/")
def search():
    search_args = search_request(request.args)
    results = None
    if search_args.query.strip():
        results = _service().search(search_args)
    return render_template("search.html", request_args=search_args, results=results)


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    record = _service().document(doc_id)
    if record is None:
        abort(404)
    query = request.args.get("q", "")
    try:
        highlighter = Highlighter(parse_query(query)) if query.strip() else None
    except QueryRejected:
        highlighter = None
    pages = [
        {
            "number": page.number,
            "ocr": page.ocr,
            "html": Markup(highlighter.highlight(page.text)) if highlighter else page.text,
        }
        for page in record.pages
    ]
    return render_template(
        "document.html", doc=record, pages=pages, query=query, original=not withholds_original(record)
    )


@bp.get("/documents/<doc_id>/file")
def original(doc_id: str):
    """The original file, found by document id; never by a path taken from the request."""
    record = _service().document(doc_id)
    if record is None:
        abort(404)
    if withholds_original(record):
        abort(403, "The original file is withheld: it may contain text under a failed redaction.")
    corpus = Path(current_app.config["CORPUS_DIR"]).resolve()
    path = (corpus / record.path).resolve()
    if not path.is_relative_to(corpus) or not path.is_file():
        abort(404)
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = send_file(path, mimetype=mimetype, download_name=path.name, as_attachment=False)
    sandbox = "" if mimetype == "application/pdf" else "sandbox; "
    response.headers["Content-Security-Policy"] = f"{sandbox}default-src 'none'; frame-ancestors 'none'"
    return response


def withholds_original(record) -> bool:
    """A file with a possible failed redaction still holds the hidden text: never serve it."""
    return any("redaction" in warning for warning in record.warnings)

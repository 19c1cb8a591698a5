"""JSON twins of the HTML pages."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request

from search.highlight import Highlighter
from search.query import parse_query
from webapp.params import search_request

bp = Blueprint("api", __name__, url_prefix="/api")


def _service():
    return current_app.extensions["search"]


@bp.get("/search")
def search():
    results = _service().search(search_request(request.args))
    return jsonify(results.to_json())


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    record = _service().document(doc_id)
    if record is None:
        abort(404)
    data = record.metadata()
    data["pages"] = [{"page": page.number, "ocr": page.ocr} for page in record.pages]
    return jsonify(data)


@bp.get("/documents/<doc_id>/pages/<int:number>")
def page(doc_id: str, number: int):
    record = _service().document(doc_id)
    if record is None or not 1 <= number <= len(record.pages):
        abort(404)
    found = record.pages[number - 1]
    query = request.args.get("q", "")
    payload = {"id": record.id, "title": record.title, "page": number, "ocr": found.ocr, "text": found.text}
    if query:
        payload["highlighted"] = Highlighter(parse_query(query)).highlight(found.text)
    return jsonify(payload)

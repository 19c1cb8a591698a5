"""Pages as printed: ``/documents/<id>/pages/<n>.png``, rendered by search/render.py.

The PDF is the original file, or for a Word, WordPerfect or HTML original its PDF rendition
(made at ingest, kept by file hash). The current query's hits are boxed on pages with a text
layer, except on pages reported for a possible failed redaction (see search/render.py). The
document is found through the one lookup (webapp/lookup.py), like every other route.
"""

from __future__ import annotations

import hashlib
import re
from html import unescape
from pathlib import Path

from flask import Blueprint, abort, current_app, request, send_file
from flask_babel import gettext
from werkzeug.exceptions import ServiceUnavailable
from werkzeug.wrappers import Response

from search.models import DocumentRecord
from search.render import SCALES, RenderError, RenderJob, render_page, rendition_path
from webapp import documents as doc_info
from webapp.lookup import record_or_404
from webapp.pages import _highlighter
from webapp.params import BadParameter, query_text
from webapp.security import content_disposition

bp = Blueprint("page_images", __name__)


def printable_source(record: DocumentRecord) -> tuple[Path, str] | None:
    """The PDF whose pages show ``record`` as printed, and the hash its bytes must have."""
    cache_dir = Path(current_app.config["INDEX_DIR"]) / "cache"
    corpus = Path(current_app.config["CORPUS_DIR"]).resolve()
    if record.path.lower().endswith(".pdf"):
        path = (corpus / record.path).resolve()
        return (path, record.sha256) if path.is_relative_to(corpus) and path.is_file() else None
    rendition = rendition_path(cache_dir, record.sha256)
    if not rendition.is_file():
        return None
    return rendition, hashlib.sha256(rendition.read_bytes()).hexdigest()


def has_page_images(record: DocumentRecord) -> bool:
    return printable_source(record) is not None


def hit_terms(record: DocumentRecord, number: int, query: str) -> tuple[str, ...]:
    """The words and phrases the highlighter marks on page ``number`` (none on a page that may
    hide text under a failed redaction, or when no page is named by its warning)."""
    highlighter = _highlighter(query)
    if highlighter is None:
        return ()
    if doc_info.has_redaction_warning(record.warnings):
        flagged = doc_info.redaction_pages(record.warnings)
        if not flagged or number in flagged:
            return ()
    page = record.pages[number - 1]
    marked = re.findall(r"<mark>(.*?)</mark>", highlighter.highlight(page.text, page.language), re.S)
    return tuple(dict.fromkeys(" ".join(unescape(item).split()) for item in marked if item.strip()))


def rendition_of(record: DocumentRecord) -> Path | None:
    """The PDF rendition of a Word, WordPerfect or HTML original, if one was made."""
    if record.path.lower().endswith(".pdf"):
        return None
    path = rendition_path(Path(current_app.config["INDEX_DIR"]) / "cache", record.sha256)
    return path if path.is_file() else None


@bp.get("/documents/<doc_id>/file.pdf")
def printed_file(doc_id: str) -> Response:
    """The PDF rendition of an office or HTML original, so "at page N" opens on a phone; withheld
    with the original when it may hold text under a failed redaction."""
    record = record_or_404(doc_id)
    if doc_info.withholds_original(record):
        abort(403, "The original file is withheld: it may contain text under a failed redaction.")
    path = rendition_of(record)
    if path is None:
        abort(404)
    response = send_file(path, mimetype="application/pdf", download_name="document.pdf", max_age=0)
    response.headers["Content-Disposition"] = content_disposition(Path(record.path).stem + ".pdf")
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    return response


@bp.get("/documents/<doc_id>/pages/<int:number>.png")
def page_image(doc_id: str, number: int) -> Response:
    record = record_or_404(doc_id)
    size = request.args.get("size", "screen") or "screen"
    if size not in SCALES:
        raise BadParameter("parameter 'size' must be 'screen' or 'large'")
    if not 1 <= number <= len(record.pages):
        abort(404)
    source = printable_source(record)
    if source is None:
        abort(404)
    path, sha256 = source
    job = RenderJob(str(path), sha256, number, SCALES[size], hit_terms(record, number, query_text(request.args)))
    try:
        png = render_page(job, Path(current_app.config["INDEX_DIR"]) / "cache")
    except RenderError as error:
        if "has no page" in str(error):
            abort(404)
        raise ServiceUnavailable(gettext("This page could not be shown as printed: %(reason)s.",
                                         reason=str(error))) from None
    return send_file(png, mimetype="image/png", max_age=0)

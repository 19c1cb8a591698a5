"""Friendly error pages: never a traceback; JSON for the API, HTML for people."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from search.budget import BudgetExceeded
from search.messages import N_
from search.query import QueryRejected
from search.service import IndexMissing
from webapp.i18n import translate_message
from webapp.params import BadParameter

MESSAGES = {
    404: N_("There is no page at this address. The document may have been removed from the library."),
    405: N_("That method is not allowed here."),
    429: N_("Too many requests from your address in a short time. Please wait a minute and try again."),
}
#: Werkzeug's names of the errors a visitor can meet, for the catalogue.
NAMES = (N_("Bad Request"), N_("Forbidden"), N_("Not Found"), N_("Method Not Allowed"), N_("Too Many Requests"),
         N_("Request Entity Too Large"), N_("Internal Server Error"), N_("Service Unavailable"))


def _respond(status: int, title: str, message: str, headers: dict[str, str] | None = None):
    if request.path.startswith("/api/"):
        return jsonify({"error": message, "status": status}), status, headers or {}
    query = request.args.get("q", "")[:1000] if status == 400 else ""
    page = render_template("error.html", status=status, title=title, message=message, query_text=query)
    return page, status, headers or {}


def register(app: Flask) -> None:
    @app.errorhandler(QueryRejected)
    @app.errorhandler(BadParameter)
    def bad_request(error: Exception):
        return _respond(400, gettext("The search could not be run"), translate_message(str(error)))

    @app.errorhandler(BudgetExceeded)
    def out_of_time(error: BudgetExceeded):
        seconds = f"{error.seconds:g}"
        message = gettext("This search needs more than the %(seconds)s seconds one request may take. "
                          "Try fewer words, fewer words marked with ~, or a shorter phrase.", seconds=seconds)
        return _respond(503, gettext("The search took too long"), message, {"Retry-After": "30"})

    @app.errorhandler(IndexMissing)
    def no_index(error: IndexMissing):
        return _respond(503, gettext("The library is being prepared"),
                        gettext("The search index has not been built yet."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        kept = ("retry-after", "allow")  # a 405 names the methods that are allowed (RFC 9110)
        headers = {name: value for name, value in error.get_headers() if name.lower() in kept}
        message = MESSAGES.get(code, error.description or "")
        return _respond(code, translate_message(error.name), translate_message(message), headers)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unexpected error on %s", request.path)
        return _respond(500, gettext("Something went wrong"), gettext("The server could not answer this request."))

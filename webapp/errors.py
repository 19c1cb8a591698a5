"""Friendly error pages: never a traceback; JSON for the API, HTML for people."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from search.query import QueryRejected
from search.service import IndexMissing
from webapp.params import BadParameter


def _respond(status: int, title: str, message: str):
    if request.path.startswith("/api/"):
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, title=title, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(QueryRejected)
    @app.errorhandler(BadParameter)
    def bad_request(error: Exception):
        return _respond(400, "The search could not be run", str(error))

    @app.errorhandler(IndexMissing)
    def no_index(error: IndexMissing):
        return _respond(503, "The library is being prepared", "The search index has not been built yet.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {404: "There is no page at this address.", 405: "That method is not allowed here."}
        return _respond(error.code or 500, error.name, messages.get(error.code, error.description or ""))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unexpected error on %s", request.path)
        return _respond(500, "Something went wrong", "The server could not answer this request.")

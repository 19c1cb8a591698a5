"""A tiny WSGI app for the gunicorn log test: ``/slow`` never answers (the worker is timed out)."""

from __future__ import annotations

import threading


def app(environ, start_response):
    if environ.get("PATH_INFO") == "/slow":
        threading.Event().wait(120)  # until gunicorn aborts the worker at its timeout
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]

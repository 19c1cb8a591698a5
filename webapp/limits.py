"""Rate limiting of the API and the HTML pages per client, with Flask-Limiter in memory.

``C400_RATE_LIMIT`` sets the limit (default ``120/minute``; any Flask-Limiter rate string
such as ``20/second;600/hour``); ``off`` turns it off. The counts live in each server
process, so with N gunicorn workers a client may reach up to N times the limit.

The HTML pages (search, document view with highlighting, original files) have a budget of
their own of the same size: before, changing one character of a costly query on the
search page bypassed both the result cache and any limit. Static files are not limited.
The counts are keyed by address in memory only; they are never logged or written.
"""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse_many

DEFAULT_RATE_LIMIT = "120/minute"


def install_rate_limit(app: Flask, *blueprints: Blueprint) -> Limiter | None:
    """Give each client address, for each blueprint, one budget of ``app.config["RATE_LIMIT"]``
    shared by all its routes."""
    rate = str(app.config.get("RATE_LIMIT") or "off").strip()
    if rate.lower() == "off":
        return None
    try:
        parse_many(rate)
    except ValueError as error:
        raise ValueError(f"C400_RATE_LIMIT={rate!r} is not a rate such as 120/minute, or off") from error
    limiter = Limiter(
        key_func=get_remote_address,
        app=app,
        storage_uri="memory://",
        headers_enabled=True,
        default_limits=[],
    )
    for blueprint in blueprints:
        limiter.shared_limit(rate, scope=blueprint.name)(blueprint)
    return limiter

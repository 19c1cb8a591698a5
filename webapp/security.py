"""Response headers for a public site: no inline script or style, no framing, no sniffing,
no stored searches, and file names that cannot break a header.

Caching: an answer to a search (anything with a ``q``, and the search routes themselves) is
``no-store``. Many visitors use a library's or a shelter's computer, or a shared phone: a
search stored in the browser's cache (or offered again by the back button to the next
person) says what someone looked up, which for a registrant can be dangerous. Other pages
(a document without a search, help, status) are ``private, max-age=60``: never kept by a
shared proxy, briefly by the browser. Static files keep Flask's own caching.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
#: Endpoints whose every answer depends on a search.
SEARCH_ENDPOINTS = frozenset({"pages.search", "api.search", "api.search_csv", "pages.goto_page"})
NO_STORE = "no-store"
SHORT_PRIVATE = "private, max-age=60"


def cache_control() -> str | None:
    """The ``Cache-Control`` of the current request's answer (None: leave it to Flask)."""
    if request.endpoint == "static":
        return None
    if request.endpoint in SEARCH_ENDPOINTS or "q" in request.args or request.path.startswith("/admin"):
        return NO_STORE
    return SHORT_PRIVATE


def _printable(name: str) -> str:
    """``name`` without control characters (CR, LF, ESC of ANSI sequences, NUL...) and format marks."""
    return "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip() or "document"


def content_disposition(name: str, disposition: str = "inline") -> str:
    """A ``Content-Disposition`` value for a file called ``name`` (RFC 6266, with RFC 5987's ``filename*``).

    Control characters go first: a CR/LF in a header value made the original-file route a 500.
    ``filename`` is the ASCII fallback (accents dropped, quotes and backslashes replaced);
    ``filename*`` is the name in UTF-8, percent-encoded."""
    clean = _printable(name)
    fallback = unicodedata.normalize("NFKD", clean).encode("ascii", "ignore").decode("ascii")
    fallback = "".join("_" if ch in '"\\' else ch for ch in fallback).strip() or "document"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(clean, safe='')}"


def register(app: Flask) -> None:
    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        caching = cache_control()
        if caching:
            response.headers["Cache-Control"] = caching
        return response

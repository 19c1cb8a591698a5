"""Keep searches private: the development server's request log names no client and no query.

Gunicorn writes no access log unless told to (``--access-logfile``); the README says to
leave it off. Werkzeug's server (``flask run``) always logs requests, so its lines are
rewritten here: the client address becomes ``-`` and the query string is dropped.
"""

from __future__ import annotations

import logging
import re

#: From the "?" to the protocol that ends a request line. Werkzeug logs the path decoded
#: (``uri_to_iri``), so a query may hold quotes and spaces: "GET /?q="my name" HTTP/1.1".
_QUERY_STRING = re.compile(r"\?.*(?= HTTP/)", re.DOTALL)
_REQUEST_LINE_START = " - - ["


def _without_query(text: str) -> str:
    """``text`` with the query string of its request line left out (all after "?" if no protocol)."""
    if "?" not in text:
        return text
    stripped = _QUERY_STRING.sub("", text, count=1)
    return stripped if stripped != text else text[: text.index("?")]


class PrivateRequestLog(logging.Filter):
    """Rewrites werkzeug request-log records to leave out who asked and what for."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg
        if isinstance(message, str) and _REQUEST_LINE_START in message:
            record.msg = "-" + message[message.index(_REQUEST_LINE_START) :]
            record.msg = _without_query(record.msg)
            if isinstance(record.args, tuple):
                record.args = tuple(_without_query(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


def install_private_request_log() -> None:
    """Add the filter to werkzeug's logger once per process."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(existing, PrivateRequestLog) for existing in logger.filters):
        logger.addFilter(PrivateRequestLog())

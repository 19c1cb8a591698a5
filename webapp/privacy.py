"""Keep searches private: no log line names a client or a query.

Werkzeug's server (``flask run``, ``C400_DEV=1``) always logs requests, so its lines are
rewritten here: the client address becomes ``-`` and the query string is dropped.

Under gunicorn (webapp/gunicorn_conf.py) both logs pass through ``PrivateLogFilter``: the
error log held the query of a request that timed out (``Error handling request
GET /?q=...``) and the address and request line of a malformed request (``Invalid request
from ip=...: Invalid HTTP request line: 'GET /?q=...'``). The filter formats each record
itself and removes query strings, addresses and quoted request text, from the message
and from any traceback; the app's own logger gets the same filter.
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


_ADDRESS_FIELD = re.compile(r"\b(ip|addr|address|peer|client|remote|host)=[^\s,;:)]*(:\d+)?", re.IGNORECASE)
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?![\w.])")
#: IPv6 (with "::", or all eight groups; an IPv4 tail allowed): "12:30:05" is a time, not an address.
_IPV6 = re.compile(
    r"(?<![\w:])\[?(?=[0-9A-Fa-f:.]*::|(?:[0-9A-Fa-f]{1,4}:){7})(?:[0-9A-Fa-f]{0,4}:){2,7}"
    r"(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{1,4})?\]?(?::\d{1,5})?(?![\w:])"
)
#: A query string: up to the protocol of a request line, else to the end of the quote or line.
_QUERY_ANYWHERE = re.compile(r"\?(?:[^\n]*?(?= HTTP/\d)|[^\n'\"]*)")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
#: Messages from the server about itself (its own listening address), left as they are.
_ABOUT_THE_SERVER = ("Listening at:", "Starting gunicorn", "Booting worker", "Using worker")


def scrub(text: str, quoted: bool = False) -> str:
    """``text`` without query strings and network addresses (and quoted text when ``quoted``).

    >>> scrub("Invalid request from ip=203.0.113.9: Invalid HTTP request line: 'GET /?q=my name HTTP/1.1'", True)
    "Invalid request from ip=-: Invalid HTTP request line: '-'"
    """
    text = _ADDRESS_FIELD.sub(lambda m: m.group(1) + "=-", text)
    text = _QUERY_ANYWHERE.sub("", text)
    text = _IPV4.sub("-", _IPV6.sub("-", text))
    return _QUOTED.sub(lambda m: m.group(0)[0] + "-" + m.group(0)[0], text) if quoted else text


class PrivateLogFilter(logging.Filter):
    """Rewrites any log record to name no client and no query (gunicorn's logs, the app's logger).

    The message is formatted here (``msg % args``: gunicorn passes the URI as an argument),
    and a traceback is formatted and scrubbed too, so no handler formats the raw one later."""

    _formatter = logging.Formatter()

    def __init__(self, quoted: bool = True):
        super().__init__()
        self.quoted = quoted  # False for the access log, whose quoted request line is already safe

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith(_ABOUT_THE_SERVER):
            message = scrub(message, quoted=self.quoted)
        record.msg, record.args = message, None
        if record.exc_info:
            record.exc_text = scrub(self._formatter.formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


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

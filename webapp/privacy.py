"""Keep searches private: the development server's request log names no client and no query.

Gunicorn writes no access log unless told to (``--access-logfile``); the README says to
leave it off. Werkzeug's server (``flask run``) always logs requests, so its lines are
rewritten here: the client address becomes ``-`` and the query string is dropped.
"""

from __future__ import annotations

import logging
import re

_QUERY_STRING = re.compile(r"\?[^\s\"]*")
_REQUEST_LINE_START = " - - ["


class PrivateRequestLog(logging.Filter):
    """Rewrites werkzeug request-log records to leave out who asked and what for."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg
        if isinstance(message, str) and _REQUEST_LINE_START in message:
            record.msg = "-" + message[message.index(_REQUEST_LINE_START) :]
            record.msg = _QUERY_STRING.sub("", record.msg)
            if isinstance(record.args, tuple):
                record.args = tuple(_QUERY_STRING.sub("", arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


def install_private_request_log() -> None:
    """Add the filter to werkzeug's logger once per process."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(existing, PrivateRequestLog) for existing in logger.filters):
        logger.addFilter(PrivateRequestLog())

"""Gunicorn settings for the public site (used by scripts/serve.sh; see the README).

    .venv/bin/gunicorn -c webapp/gunicorn_conf.py 'webapp:create_app()'

- Binds 127.0.0.1 (a reverse proxy in front serves the world) on ``PORT`` (default 5000;
  0 picks a free port) and prints the address it really bound.
- One sync worker per CPU core, at least two (``WEB_CONCURRENCY`` overrides): searching is
  pure-Python CPU work, so more workers than cores only queue, and with one worker a single
  slow request would hold up the whole site.
- ``timeout`` stays well above the request budget (``C400_REQUEST_BUDGET_S``, see
  search/budget.py): a request that runs out of time answers itself (a note, or a 503);
  gunicorn killing a worker is the last resort, not the way requests end.
- Logs name no client and no query (``PrivateLogger``): the access log goes to standard
  output without addresses, query strings, referrers or user agents; the error log keeps
  its messages and tracebacks with queries, addresses and quoted request text removed.
- No control socket: gunicorn 25.1+ opens ``$XDG_RUNTIME_DIR/gunicorn.ctl`` (or
  ``~/.gunicorn/gunicorn.ctl``) by default, the same path for every instance of a user, so
  a second instance (a test run, a staging copy) would take over the first one's socket.
  Settings this gunicorn does not know (older versions) are ignored.

Command-line flags given after ``-c`` override these (the tests pass their own log files).
"""

from __future__ import annotations

import os
import sys

from gunicorn.glogging import Logger

from webapp.privacy import PrivateLogFilter

#: Atoms of the access-log format that may appear: time, method, path (no query), protocol,
#: status, size and duration. Everything else (address, request line, query, referrer,
#: user agent, headers, environment) reads as "-" whatever format is configured.
SAFE_ATOMS = ("t", "m", "U", "H", "s", "b", "B", "T", "D", "M", "L", "p", "l")


def _port() -> int:
    raw = os.environ.get("PORT", "").strip() or "5000"
    if not (raw.isascii() and raw.isdigit() and int(raw) < 65536):
        raise SystemExit(f"PORT={raw!r} must be a port number from 0 to 65535")
    return int(raw)


def _workers() -> int:
    raw = os.environ.get("WEB_CONCURRENCY", "").strip()
    if raw:
        if not (raw.isascii() and raw.isdigit() and int(raw) > 0):
            raise SystemExit(f"WEB_CONCURRENCY={raw!r} must be a whole number of workers")
        return int(raw)
    return max(2, os.cpu_count() or 1)


class PrivateLogger(Logger):
    """Gunicorn's logger with ``PrivateLogFilter`` on both logs and only ``SAFE_ATOMS`` in the access log."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log, quoted in ((self.error_log, True), (self.access_log, False)):
            if not any(isinstance(existing, PrivateLogFilter) for existing in log.filters):
                log.addFilter(PrivateLogFilter(quoted=quoted))

    def atoms(self, resp, req, environ, request_time) -> dict:
        found = super().atoms(resp, req, environ, request_time)
        safe = {name: "-" if found.get(name) is None else found[name] for name in SAFE_ATOMS}
        if safe["U"] == "-":  # an error response: the path comes from the parsed request, not the environment
            safe["U"] = getattr(req, "path", None) or "-"
        safe["h"] = "-"
        safe["r"] = f"{safe['m']} {safe['U']} {safe['H']}"
        return safe


def when_ready(server) -> None:
    """Print where the site really listens (with ``PORT=0``, the port the system chose)."""
    for listener in server.LISTENERS:
        print(f"Serving on {listener} (Ctrl-C to stop)", file=sys.stderr, flush=True)


bind = [f"127.0.0.1:{_port()}"]
workers = _workers()
worker_class = "sync"
timeout = 30
graceful_timeout = 20
logger_class = PrivateLogger
accesslog = "-"
access_log_format = '- - %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = "info"
control_socket_disable = True
# Headers and request line as gunicorn's defaults; the app refuses a query over 2,000 characters.
limit_request_line = 4094

"""The web app: ``create_app()`` builds it; ``flask --app webapp run`` or gunicorn serves it.

Every HTML page has a JSON twin under ``/api``. The app only reads the index; the
indexer may publish a new generation at any time and the next request uses it.

Settings come from the environment (see the README's "Serving in production"):
``C400_CORPUS_DIR``, ``C400_INDEX_DIR``, ``C400_RATE_LIMIT``, ``C400_PROXY_HOPS``,
``C400_RESULT_CACHE``, ``C400_REQUEST_BUDGET_S``, ``C400_BASE_URL``; for the staff pages
``C400_DATABASE``, ``C400_SECRET_KEY``, ``C400_SECURE_COOKIES``, ``C400_SESSION_HOURS``,
``C400_MAX_UPLOAD_MB``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, g
from werkzeug.middleware.proxy_fix import ProxyFix

from search import budget
from search.config import load_settings
from search.service import DEFAULT_RESULT_CACHE, SearchService
from webapp.limits import DEFAULT_RATE_LIMIT, install_rate_limit
from webapp.privacy import PrivateLogFilter, install_private_request_log


def _settings_from_environment() -> dict[str, Any]:
    hops = os.environ.get("C400_PROXY_HOPS", "0").strip() or "0"
    if not (hops.isascii() and hops.isdigit()):
        raise ValueError(f"C400_PROXY_HOPS={hops!r} must be a whole number (0 when no proxy is in front)")
    cache = os.environ.get("C400_RESULT_CACHE", "").strip() or str(DEFAULT_RESULT_CACHE)
    if not (cache.isascii() and cache.isdigit()):
        raise ValueError(f"C400_RESULT_CACHE={cache!r} must be a whole number of searches (0 turns it off)")
    base_url = os.environ.get("C400_BASE_URL", "").strip().rstrip("/")
    if base_url and not base_url.startswith(("https://", "http://")):
        raise ValueError(f"C400_BASE_URL={base_url!r} must start with https:// (or http://)")
    return {
        **_staff_settings_from_environment(),
        "REQUEST_BUDGET_S": budget.budget_from_environment(),
        "BASE_URL": base_url,
        "RATE_LIMIT": os.environ.get("C400_RATE_LIMIT", "").strip() or DEFAULT_RATE_LIMIT,
        "PROXY_HOPS": int(hops),
        "RESULT_CACHE": int(cache),
    }


def _whole_number(name: str, default: str) -> int:
    raw = os.environ.get(name, "").strip() or default
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise ValueError(f"{name}={raw!r} must be a whole number of at least 1")
    return int(raw)


def _staff_settings_from_environment() -> dict[str, Any]:
    """The staff pages' settings (see the README's "Staff pages")."""
    secure = os.environ.get("C400_SECURE_COOKIES", "").strip().lower()
    if secure not in ("", "0", "1", "true", "false", "yes", "no", "on", "off"):
        raise ValueError(f"C400_SECURE_COOKIES={secure!r} must be 1 (on) or 0 (off)")
    settings: dict[str, Any] = {
        "SECURE_COOKIES": secure in ("1", "true", "yes", "on"),
        "SESSION_HOURS": _whole_number("C400_SESSION_HOURS", "8"),
        "MAX_UPLOAD_MB": _whole_number("C400_MAX_UPLOAD_MB", "100"),
    }
    if os.environ.get("C400_DATABASE", "").strip():
        settings["DATABASE"] = Path(os.environ["C400_DATABASE"].strip()).expanduser()
    if os.environ.get("C400_SECRET_KEY", "").strip():
        settings["SECRET_KEY"] = os.environ["C400_SECRET_KEY"].strip()
    return settings


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The Flask app; ``test_config`` overrides settings (``INDEX_DIR``, ``RATE_LIMIT``, ...)."""
    test_config = test_config or {}
    # The staff database, session key and publish state live here (tests give their own).
    app = Flask(__name__, instance_path=str(test_config["INSTANCE_PATH"]) if "INSTANCE_PATH" in test_config else None)
    settings = load_settings(test_config.get("CORPUS_DIR"), test_config.get("INDEX_DIR"))
    app.config.from_mapping(
        CORPUS_DIR=settings.corpus_dir, INDEX_DIR=settings.index_dir, **_settings_from_environment()
    )
    app.config.update(test_config)
    _configure_staff(app)
    app.extensions["search"] = SearchService(app.config["INDEX_DIR"], result_cache=app.config["RESULT_CACHE"])
    app.json.sort_keys = False
    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from webapp import accounts, admin, api, browse, errors, i18n, page_images, pages, security

    i18n.install(app)
    accounts.install(app)

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(page_images.bp)
    app.register_blueprint(admin.bp)
    admin.install(app)
    install_rate_limit(app, api.bp, pages.bp, browse.bp, page_images.bp)
    _install_request_budget(app)
    errors.register(app)
    security.register(app)
    install_private_request_log()
    app.logger.addFilter(PrivateLogFilter())  # the app's own errors name no query or client either
    return app


def _configure_staff(app: Flask) -> None:
    """The database, the session cookie and the upload limit of the staff pages."""
    instance = Path(app.instance_path)
    app.config.setdefault("DATABASE", instance / "c400.sqlite3")
    if not app.config.get("SECRET_KEY"):
        from webapp.accounts import load_secret_key

        app.config["SECRET_KEY"] = load_secret_key(instance)
    app.config.update(
        SESSION_COOKIE_NAME="c400_staff",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_REFRESH_EACH_REQUEST=False,  # never a Set-Cookie on a public page
        PERMANENT_SESSION_LIFETIME=timedelta(hours=app.config["SESSION_HOURS"]),
        WTF_CSRF_FIELD_NAME="csrf_token",
        # The whole request, files and form, with room for the form around the largest file.
        MAX_CONTENT_LENGTH=(app.config["MAX_UPLOAD_MB"] * 10 + 1) * 1024 * 1024,
        MAX_FORM_MEMORY_SIZE=1024 * 1024,
    )


def _install_request_budget(app: Flask) -> None:
    """Every request runs under a time budget (``REQUEST_BUDGET_S``; see search/budget.py)."""

    @app.before_request
    def open_budget() -> None:
        g.c400_budget = budget.start(app.config["REQUEST_BUDGET_S"])

    @app.teardown_request
    def close_budget(_error: BaseException | None) -> None:
        token = g.pop("c400_budget", None)
        if token is not None:
            budget.stop(token)

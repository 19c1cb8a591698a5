"""The web app: ``create_app()`` builds it; ``flask --app webapp run`` or gunicorn serves it.

Every HTML page has a JSON twin under ``/api``. The app only reads the index; the
indexer may publish a new generation at any time and the next request uses it.

Settings come from the environment (see the README's "Serving in production"):
``C400_CORPUS_DIR``, ``C400_INDEX_DIR``, ``C400_RATE_LIMIT``, ``C400_PROXY_HOPS``,
``C400_RESULT_CACHE``, ``C400_REQUEST_BUDGET_S``, ``C400_BASE_URL``.
"""

from __future__ import annotations

import os
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
        "REQUEST_BUDGET_S": budget.budget_from_environment(),
        "BASE_URL": base_url,
        "RATE_LIMIT": os.environ.get("C400_RATE_LIMIT", "").strip() or DEFAULT_RATE_LIMIT,
        "PROXY_HOPS": int(hops),
        "RESULT_CACHE": int(cache),
    }


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The Flask app; ``test_config`` overrides settings (``INDEX_DIR``, ``RATE_LIMIT``, ...)."""
    app = Flask(__name__)
    test_config = test_config or {}
    settings = load_settings(test_config.get("CORPUS_DIR"), test_config.get("INDEX_DIR"))
    app.config.from_mapping(
        CORPUS_DIR=settings.corpus_dir, INDEX_DIR=settings.index_dir, **_settings_from_environment()
    )
    app.config.update(test_config)
    app.extensions["search"] = SearchService(app.config["INDEX_DIR"], result_cache=app.config["RESULT_CACHE"])
    app.json.sort_keys = False
    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from webapp import api, browse, errors, i18n, page_images, pages, security

    i18n.install(app)

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(page_images.bp)
    install_rate_limit(app, api.bp, pages.bp, browse.bp, page_images.bp)
    _install_request_budget(app)
    errors.register(app)
    security.register(app)
    install_private_request_log()
    app.logger.addFilter(PrivateLogFilter())  # the app's own errors name no query or client either
    return app


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

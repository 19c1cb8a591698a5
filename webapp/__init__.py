"""The web app: ``create_app()`` builds it; ``flask --app webapp run`` serves it.

Every HTML page has a JSON twin under ``/api``. The app only reads the index; the
indexer may publish a new generation at any time and the next request uses it.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from search.config import load_settings
from search.service import SearchService


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    settings = load_settings(
        (test_config or {}).get("CORPUS_DIR"),
        (test_config or {}).get("INDEX_DIR"),
    )
    app.config.from_mapping(CORPUS_DIR=settings.corpus_dir, INDEX_DIR=settings.index_dir, JSON_SORT_KEYS=False)
    if test_config:
        app.config.update(test_config)
    app.extensions["search"] = SearchService(app.config["INDEX_DIR"])
    app.json.sort_keys = False

    from webapp import api, errors, pages, security

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    errors.register(app)
    security.register(app)
    return app

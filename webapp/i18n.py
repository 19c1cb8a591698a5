"""The interface's language: English or Spanish, chosen per request, never remembered.

Flask-Babel translates the templates (``{{ _("Search") }}``) and Python messages
(``flask_babel.gettext``) from the catalogues in ``webapp/translations/``. The language comes
from, in order:

1. an explicit ``?lang=es`` (or ``lang=en``) in the address, which every link the page
   generates keeps (``url_for`` adds it back, see ``keep_language``), so a visitor who chose
   Spanish stays in Spanish without a cookie;
2. the browser's ``Accept-Language``;
3. English.

Only languages whose compiled catalogue ships (``translations/<code>/LC_MESSAGES/messages.mo``)
are offered (``LANGUAGES`` in the app's config; a test may set it): a link to "Español" that
led to English pages marked ``lang="es"`` would mislead readers and screen readers alike.

Counter-examples: a cookie or a session would remember the choice, and public visitors get
neither (see webapp/privacy.py); ``lang=fr`` is not an error, it is ignored like an unknown
browser language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Babel

#: The interface's languages, the default first. Adding one is a catalogue plus a row here.
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def shipped_languages(translations: Path = TRANSLATIONS) -> dict[str, str]:
    """The languages of ``LANGUAGES`` the interface can be read in: English, and each with a catalogue."""
    return {code: name for code, name in LANGUAGES.items()
            if code == DEFAULT_LANGUAGE or (translations / code / "LC_MESSAGES" / "messages.mo").is_file()}


def offered() -> dict[str, str]:
    """This app's languages (``LANGUAGES`` in its config)."""
    return current_app.config["LANGUAGES"]


def requested_language() -> str | None:
    """The language named by ``?lang=``, or None when absent or not one of ours."""
    value = (request.args.get("lang") or "").strip().lower()
    return value if value in offered() else None


def select_language() -> str:
    """Flask-Babel's locale selector: the explicit choice, else the browser's, else English."""
    return requested_language() or request.accept_languages.best_match(offered()) or DEFAULT_LANGUAGE


def current_language() -> str:
    """The language of this request's page (for ``<html lang>`` and formatting)."""
    if "c400_lang" not in g:
        g.c400_lang = select_language()
    return g.c400_lang


def language_links() -> list[dict[str, Any]]:
    """One link per offered language to this same page in that language (query string kept)."""
    links = []
    for code, name in offered().items():
        args = request.args.to_dict(flat=False)
        args["lang"] = [code]
        links.append({"code": code, "name": name, "current": code == current_language(),
                      "url": request.path + "?" + _urlencode(args)})
    return links


def _urlencode(args: dict[str, list[str]]) -> str:
    from urllib.parse import urlencode

    return urlencode([(key, value) for key, values in args.items() for value in values])


def install(app: Flask) -> None:
    """Flask-Babel on ``app``: ``_``/``gettext``/``ngettext`` in templates, the language kept in links."""
    app.config.setdefault("LANGUAGES", shipped_languages())
    Babel(app, locale_selector=select_language)
    app.jinja_env.globals.update(
        current_language=current_language, language_links=language_links, requested_language=requested_language
    )

    @app.url_defaults
    def keep_language(endpoint: str, values: dict[str, Any]) -> None:
        """``url_for`` carries an explicit ``?lang=`` on to the next page (never for static files)."""
        if endpoint == "static" or "lang" in values or not has_request_context():
            return
        chosen = requested_language()
        if chosen:
            values["lang"] = chosen

    @app.after_request
    def vary_on_language(response):
        """The same address answers in another language for another browser: caches must know."""
        response.vary.add("Accept-Language")
        return response

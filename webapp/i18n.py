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

from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Babel, format_date, format_decimal, gettext

from search.messages import N_, parse

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


def translate_message(sentence: str) -> str:
    """A sentence of the search library (``search/messages.py``) or of this app in the page's language.

    The library says its notes and refusals in English (results are cached in English and
    shared by every reader); this finds the template a sentence was made from and translates
    it, and the values that are sentences of their own ("could not be read (a parenthesis is
    not closed)"); other values (what the visitor typed, numbers) are shown as they are. A
    sentence of no template is shown as it is."""
    found = parse(sentence)
    if found is None:
        return gettext(sentence) if sentence else sentence
    template, values = found
    return gettext(template, **{name: translate_message(value) if name in _SENTENCE_VALUES else value
                                for name, value in values.items()})


#: Placeholders of ``search/messages.py`` whose value is itself one of its sentences.
_SENTENCE_VALUES = frozenset({"problem"})


#: The documents' languages (the ``language`` field, ISO 639-1), by name, for the catalogue.
DOCUMENT_LANGUAGES = {"en": N_("English"), "es": N_("Spanish")}


def language_name(code: str) -> str:
    """A document's language by its name in the page's language ("Spanish", "español")."""
    name = DOCUMENT_LANGUAGES.get(code)
    return gettext(name) if name else code


def local_date(value: str | None) -> str:
    """An ISO date (``2020-03-01``) written for the reader: 1 March 2020 / 1 de marzo de 2020.

    A partial or unreadable date ("2020", "2020-03") is shown as it is."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return value or ""
    return format_date(day, format="long")


def local_number(value: int | float | None) -> str:
    """A count written for the reader (1,234 in English, 1234 and 12.345 in Spanish)."""
    return format_decimal(value or 0)


def install(app: Flask) -> None:
    """Flask-Babel on ``app``: ``_``/``gettext``/``ngettext`` in templates, the language kept in links."""
    app.config.setdefault("LANGUAGES", shipped_languages())
    Babel(app, locale_selector=select_language)
    app.jinja_env.globals.update(
        current_language=current_language, language_links=language_links, requested_language=requested_language
    )
    app.jinja_env.filters.update(
        translated=translate_message, language_name=language_name, local_date=local_date, number=local_number
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

"""Every string a visitor can read has a Spanish translation: the test that fails when one lacks it.

Strings are extracted from the templates and the Python source with Babel's own extractor
(``webapp/i18n_check.py``, what ``bash scripts/translations.sh check`` runs), so a string added
to a template and never translated fails here, whether or not the catalogue was updated.
"""

from __future__ import annotations

import shutil

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from webapp.i18n_check import TRANSLATIONS, problems, source_strings


def test_every_template_and_python_string_has_a_spanish_translation():
    assert (TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.mo").is_file()
    found = problems()
    assert not found, "\n".join(found[:20]) + "\n(bash scripts/translations.sh update, translate, compile)"


def test_the_extraction_sees_templates_python_messages_and_the_library_sentences():
    strings = source_strings()
    assert "Search the documents" in strings  # base.html
    assert "The search could not be run" in strings  # webapp/errors.py
    assert "parameter '%(param)s' must be a four-digit year" in strings  # search/messages.py (a filter error)
    assert "Also searched for the English legal terms: %(terms)s." in strings


def _copy(tmp_path):
    target = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, target)
    return target, target / "es" / "LC_MESSAGES" / "messages.po"


def _save(catalog, po_path) -> None:
    with po_path.open("wb") as handle:
        write_po(handle, catalog)
    with po_path.with_suffix(".mo").open("wb") as handle:
        write_mo(handle, catalog)


def test_a_missing_translation_is_caught(tmp_path):
    target, po_path = _copy(tmp_path)
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    catalog.delete("Skip to content")
    _save(catalog, po_path)
    assert any("'Skip to content'" in line for line in problems(target))


def test_a_fuzzy_or_placeholder_breaking_translation_is_caught(tmp_path):
    target, po_path = _copy(tmp_path)
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    catalog["Help"].flags.add("fuzzy")
    catalog["Cite page %(number)s"].string = "Citar la página"
    _save(catalog, po_path)
    found = problems(target)
    assert any("'Help'" in line for line in found)
    assert any("changes its placeholders" in line for line in found)


def test_a_catalogue_not_compiled_again_is_caught(tmp_path):
    target, po_path = _copy(tmp_path)
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    catalog.add("A sentence added to the catalogue", "Una frase añadida al catálogo")
    with po_path.open("wb") as handle:
        write_po(handle, catalog)
    assert any("older than messages.po" in line for line in problems(target))


def test_library_sentences_are_translated_with_what_the_visitor_typed_left_as_typed(web_app):
    from search.messages import NOT_READ, SHOWING_RESULTS, say
    from webapp.i18n import translate_message

    with web_app.test_request_context("/?lang=es"):
        assert translate_message(say(SHOWING_RESULTS, shown="Help", typed="Search")) == (
            "Se muestran resultados para Help. Buscar en cambio Search.")
        assert translate_message(say(NOT_READ, problem="a parenthesis is not closed")) == (
            "La búsqueda no se pudo leer tal como está escrita (falta cerrar un paréntesis); se buscaron sus palabras.")
        assert translate_message("a sentence of no catalogue") == "a sentence of no catalogue"
    with web_app.test_request_context("/?lang=en"):
        assert translate_message(say(SHOWING_RESULTS, shown="Help", typed="Search")) == (
            "Showing results for Help. Search instead for Search.")

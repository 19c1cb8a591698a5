"""The public site in Spanish, over the bundled samples (the Spanish guide among them).

The issue's done-when, as a test: switch to Spanish, ask "¿puedo vivir cerca de una escuela si
estoy en el registro?", land on the page of the residency guidance that answers it, and read
the interface in Spanish; the Spanish sample is found by its words in other inflections.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.conftest import PROJECT_ROOT

QUESTION = "¿puedo vivir cerca de una escuela si estoy en el registro?"
GUIDE = "samples/guia-restricciones-de-residencia-sample.pdf"
#: English sentences of the interface that must not show on a Spanish page.
ENGLISH_LEFT = ("Search the documents", "Skip to content", "How to search", "Filter the results", "Best match",
                "Download these results", "Matching pages", "Nothing here is legal advice", "Page 1")


@pytest.fixture(scope="module")
def samples_app(tmp_path_factory, engine):
    from search.config import load_settings
    from search.ingest import ingest
    from webapp import create_app

    settings = load_settings(PROJECT_ROOT / "corpus", tmp_path_factory.mktemp("spanish-web") / "index")
    ingest(settings)
    return create_app({"TESTING": True, "INDEX_DIR": settings.index_dir, "CORPUS_DIR": settings.corpus_dir,
                       "RATE_LIMIT": "off"})


@pytest.fixture
def client(samples_app):
    return samples_app.test_client()


def text_of(html: str) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", re.sub(r"</?mark>", "", html), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_the_spanish_catalogue_ships_so_spanish_is_offered(client):
    html = client.get("/").get_data(as_text=True)
    assert 'hreflang="es"' in html and ">Español</a>" in html


def test_done_when_a_spanish_question_lands_on_the_residency_guidance_page(client):
    response = client.get("/", query_string={"q": QUESTION, "lang": "es"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="es">' in html
    first = re.search(r'<li class="result">\s*<h2><a href="([^"]+)" lang="es">([^<]+)</a>', html)
    assert first, html
    assert "Guía sobre las restricciones de residencia" in unescape(first.group(2))
    assert "#page-1" in first.group(1) and "lang=es" in first.group(1)
    text = text_of(html)
    assert "También se buscaron los términos legales en inglés:" in text
    assert "school" in text and "registry" in text  # which English terms the question was widened to
    assert not [phrase for phrase in ENGLISH_LEFT if phrase in text], text
    page = client.get(unescape(first.group(1)).split("#")[0])
    page_text = text_of(page.get_data(as_text=True))
    assert "¿Dónde puedo vivir si estoy en el registro?" in page_text
    assert "Citar la página 1" in page_text and "Tipo" in page_text and "guía" in page_text
    assert "Idioma Español" in page_text  # the document's language, shown
    assert '<div class="text" lang="es">' in page.get_data(as_text=True)  # read aloud as Spanish


def test_the_spanish_question_also_finds_english_residency_guidance(client):
    data = client.get("/api/search", query_string={"q": QUESTION, "per_page": 10}).get_json()
    paths = [hit["path"] for hit in data["results"]]
    assert paths[0] == GUIDE
    assert "samples/residency-restrictions-explained-sample.html" in paths


@pytest.mark.parametrize(("query", "page"), [
    ("restricciones", 1), ("castigos retroactivos", 4), ("albergues", 3), ("registrarme", 2), ("viviendo", 1),
])
def test_the_spanish_sample_is_found_by_inflected_words_and_highlighted(client, query, page):
    data = client.get("/api/search", query_string={"q": query, "lang": "es"}).get_json()
    hits = {hit["path"]: hit for hit in data["results"]}
    assert GUIDE in hits, (query, list(hits))
    guide = hits[GUIDE]
    assert page in [item["page"] for item in guide["pages"]], guide["pages"]
    assert any("<mark>" in item["snippet"] for item in guide["pages"]), guide["pages"]


def test_language_is_a_facet_and_a_filter_and_is_shown(client):
    html = client.get("/", query_string={"q": "registro OR registry", "lang": "es"}).get_data(as_text=True)
    text = text_of(html)
    assert "Idioma" in text and "Español" in text and "Inglés" in text
    only = client.get("/api/search", query_string={"q": "registro OR registry", "language": "es"}).get_json()
    assert only["results"] and {hit["path"] for hit in only["results"]} == {GUIDE}
    assert only["results"][0]["language"] == "es"
    bad = client.get("/", query_string={"q": "registro", "language": "fr", "lang": "es"})
    assert bad.status_code == 400
    assert "el parámetro 'language' debe ser uno de estos: en, es" in text_of(bad.get_data(as_text=True))


def test_errors_and_notes_are_in_spanish(client):
    refused = text_of(client.get("/", query_string={"q": "re*", "lang": "es"}).get_data(as_text=True))
    assert "No se pudo hacer la búsqueda" in refused and "un comodín necesita al menos 3 letras delante" in refused
    year = text_of(client.get("/", query_string={"q": "x", "year": "20", "lang": "es"}).get_data(as_text=True))
    assert "el parámetro 'year' debe ser un año de cuatro cifras" in year
    missing = client.get("/nowhere?lang=es")
    assert missing.status_code == 404
    assert "No hay ninguna página en esta dirección" in text_of(missing.get_data(as_text=True))
    malformed = text_of(client.get("/", query_string={"q": "(registro vivienda", "lang": "es"}).get_data(as_text=True))
    assert "La búsqueda no se pudo leer tal como está escrita (falta cerrar un paréntesis)" in malformed
    api = client.get("/api/search", query_string={"q": "re*", "lang": "es"}).get_json()
    assert api["error"].startswith("'re*': un comodín")


def test_dates_and_numbers_follow_the_language(client):
    data = client.get("/api/search", query_string={"q": "guía restricciones"}).get_json()
    doc_id = next(hit["id"] for hit in data["results"] if hit["path"] == GUIDE)
    spanish = text_of(client.get(f"/documents/{doc_id}?lang=es").get_data(as_text=True))
    english = text_of(client.get(f"/documents/{doc_id}?lang=en").get_data(as_text=True))
    assert "1 de febrero de 2022" in spanish
    assert "February 1, 2022" in english


@pytest.mark.parametrize("url", ["/?lang=es", "/help?lang=es", "/about?lang=es", "/status?lang=es"])
def test_every_page_reads_in_spanish(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    text = text_of(response.get_data(as_text=True))
    assert "Buscar en los documentos" in text and "Ayuda" in text and "Acerca de" in text
    assert not [phrase for phrase in ENGLISH_LEFT if phrase in text], text


def test_the_query_help_explains_the_operators_in_spanish(client):
    text = text_of(client.get("/help?lang=es").get_data(as_text=True))
    assert "Los operadores se escriben siempre en inglés y en mayúsculas: AND (y), OR (o), NOT (no)" in text
    assert "nunca como operadores" in text

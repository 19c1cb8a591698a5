"""Spanish in the search library: analysis, language detection, the Spanish glossary, operators.

The web side (pages in Spanish, the done-when question) is tests/web/test_spanish_pages.py;
the Spanish relevance set is in tests/test_relevance.py.
"""

from __future__ import annotations

import pytest

from search.analysis import fold_accents, stem_variants, stems, stopwords
from search.language import detect, document_language, page_languages
from search.query import All, Any, Expanded, Not, Word, parse_query
from search.synonyms import expand, related_terms
from search.tokencache import token_tuples

GUIDE_PAGE = ("La ley de Illinois prohíbe que una persona condenada por un delito sexual contra un menor viva "
              "a sabiendas a menos de 500 pies de una escuela, un parque infantil o una guardería.")
ENGLISH_PAGE = ("A child sex offender may not knowingly reside within 500 feet of a school, playground, day care "
                "center or day care home, and the statute applies to all of them. It is the law that says where "
                "a person on the registry may live, and it has been upheld by the courts of this state.")


def spanish_stems(text: str) -> set[str]:
    return {stem for _word, stem, _start, _end in token_tuples(text, "es")}


@pytest.mark.parametrize(("query", "page_word"), [
    ("restricciones", "restricción"), ("viviendo", "vivir"), ("vive", "viviendo"), ("escuelas", "escuela"),
    ("exclusion", "exclusión"), ("registrados", "registro"), ("albergues", "albergue"), ("guarderia", "guardería"),
])
def test_a_spanish_word_matches_its_inflections_and_accents(query, page_word):
    """What a query word is looked for as (any of its variants) is how a Spanish page holds the other form."""
    wanted = {stem for variant in stem_variants(query) for stem in variant}
    assert wanted & spanish_stems(page_word), (query, page_word)


def test_english_words_keep_their_english_stems_and_spanish_ones_are_marked():
    assert stems("housing restrictions registrants") == ["hous", "restrict", "registr"]
    assert stem_variants("housing")[0] == ["hous"]
    assert all(stem.startswith("es:") for stem in spanish_stems("vivienda albergue"))
    assert spanish_stems("720 ILCS 5/11-9.3") >= {"720", "5/11-9.3"}  # numbers are one term in both languages
    assert fold_accents("exclusión año") == "exclusion año"


def test_a_value_joining_pages_of_two_languages_is_stemmed_page_by_page():
    from search.analysis import marked_join

    value = marked_join([("viviendo cerca", "es"), ("housing nearby", "en")])
    found = [stem for _word, stem, _start, _end in token_tuples(value)]
    assert found == ["es:viv", "es:cerc", "hous", "nearbi"]
    for word, _stem, start, end in token_tuples(value):
        assert value[start:end] == word  # offsets still point at the words


def test_the_language_of_a_page_and_of_a_document():
    assert detect(GUIDE_PAGE) == "es"
    assert detect(ENGLISH_PAGE) == "en"
    assert detect("720 ILCS 5/11-9.3") == "en"  # too few words to tell: the default
    assert detect("720 ILCS 5/11-9.3", default=None) is None
    assert document_language([GUIDE_PAGE, "Página 2 de 5"]) == "es"
    assert page_languages([GUIDE_PAGE, "720 ILCS 5/11-9.3"]) == ["es", "es"]  # a short page takes the document's
    assert page_languages([ENGLISH_PAGE, GUIDE_PAGE]) == ["en", "es"]


@pytest.mark.parametrize("query", ["vivienda O refugio", "registro Y vivienda", "registro NO federal", "Y", "O NO"])
def test_y_o_no_are_not_operators(query):
    """AND, OR, NOT are the operators in every language; the Spanish words are searched as words."""
    parsed = parse_query(query)
    nodes = [parsed.root] if not isinstance(parsed.root, All) else list(parsed.root.items)
    assert not any(isinstance(node, (Any, Not)) for node in nodes), parsed.root
    assert not parsed.notes  # nothing was misread as a malformed operator


def test_the_english_operators_still_work_in_a_spanish_query():
    assert isinstance(parse_query("vivienda OR refugio").root, Any)
    assert isinstance(parse_query("registro NOT federal").root.items[1], Not)


def test_spanish_question_words_and_stopwords_are_dropped():
    assert parse_query("¿dónde puedo vivir?").root == Word("vivir")
    question = parse_query("¿puedo vivir cerca de una escuela si estoy en el registro?").root
    assert [item.text for item in question.items] == ["vivir", "cerca", "escuela", "registro"]
    assert {"dónde", "donde", "qué", "que"} <= stopwords()
    assert "no" not in stopwords() and "sin" not in stopwords()  # "sin hogar" keeps its meaning
    assert parse_query('"zona de exclusión"').root.text == "zona de exclusión"  # inside quotes they count


@pytest.mark.parametrize(("query", "english"), [
    ("registro de ofensores sexuales", {"sex offender registry"}),
    ("libertad supervisada obligatoria", {"mandatory supervised release"}),
    ("zona de exclusión", {"buffer zone", "residency restriction", "500 feet"}),
    ("zonas de exclusion", {"buffer zone", "residency restriction"}),
    ("500 pies", {"500 feet"}),
    ("vivienda", {"housing"}),
    ("albergue", {"shelter"}),
    ("refugio", {"shelter"}),
    ("sin hogar", {"homeless", "no fixed address"}),
    ("persona sin domicilio fijo", {"homeless", "no fixed address"}),
    ("abogado", {"lawyer", "attorney", "counsel"}),
    ("libertad condicional", {"parole"}),
    ("guardería", {"day care"}),
    ("escuela", {"school"}),
    ("parque", {"park"}),
    ("Departamento de Correcciones de Illinois", {"IDOC"}),
    ("Séptimo Circuito", {"Seventh Circuit"}),
])
def test_spanish_terms_are_widened_to_the_english_legal_terms(query, english):
    assert english <= set(related_terms(expand(parse_query(query).root)))


def test_two_names_of_one_idea_typed_together_are_one_thing_asked_for():
    """"zona de exclusión de 500 pies" names one idea twice: either name is enough, each other
    name of the idea is searched once, and the note lists none of the names typed."""
    root = expand(parse_query("zona de exclusión de 500 pies").root)
    assert isinstance(root, Expanded) and isinstance(root.original, Any)
    related = related_terms(root)
    assert {"buffer zone", "500 feet", "banishment", "zona de protección"} <= set(related)
    assert not {"zona de exclusión", "500 pies"} & set(related)
    assert len(related) == len(set(related))
    two_ideas = expand(parse_query("banishment registry").root)  # two ideas: both must be found
    assert isinstance(two_ideas, All) and all(isinstance(item, Expanded) for item in two_ideas.items)
    assert isinstance(expand(parse_query("buffer zone near schools").root), All)
    either = expand(parse_query('"no fixed address" OR "without a fixed residence"').root)
    assert isinstance(either, Expanded)
    assert not {"no fixed address", "without a fixed residence"} & set(related_terms(either))


def test_english_queries_are_not_widened_to_spanish_terms():
    for query in ("registry", "shelter", "lawyer", "day care", "parole"):
        related = related_terms(expand(parse_query(query).root))
        assert not {"registro", "albergue", "abogado", "guardería", "libertad condicional"} & set(related), query

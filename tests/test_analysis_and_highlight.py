"""How text becomes terms, and how hits are shown."""

from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import stems
from search.highlight import Highlighter
from search.query import parse_query


def test_words_are_stemmed_so_forms_of_a_word_match():
    assert stems("registrants registrant") == stems("registrant registrants")
    assert stems("restrictions")[0] == stems("restriction")[0]


def test_legal_numbers_stay_whole_and_hyphenated_words_split():
    assert "11-9.3" in stems("section 11-9.3")
    assert "16-cv-11471" in stems("No. 16-cv-11471")
    assert stems("cut-off") == ["cut", "off"]


def test_snippet_marks_query_words_and_escapes_the_text():
    snippet = Highlighter(parse_query("host site")).snippet("<b>No</b> approved host site & more")
    assert snippet == "&lt;b&gt;No&lt;/b&gt; approved <mark>host</mark> <mark>site</mark> &amp; more"


def test_snippet_centres_on_the_passage_with_most_query_words():
    text = " ".join(["filler"] * 200) + " the host site was never approved " + " ".join(["filler"] * 200)
    snippet = Highlighter(parse_query("host site")).snippet(text)
    assert "<mark>host</mark> <mark>site</mark>" in snippet
    assert snippet.startswith("… ") and snippet.endswith(" …")


def test_a_phrase_marks_only_where_the_words_stand_together():
    html = Highlighter(parse_query('"host site"')).highlight("a host; a site; a host site")
    assert html == "a host; a site; a <mark>host</mark> <mark>site</mark>"


def test_a_snippet_never_ends_inside_a_marked_phrase():
    """A reader shown "… people who <mark>lack</mark> <mark>a</mark> …" cannot tell what matched:
    the window reaches to the phrase's end. A phrase already whole at the window's end is not
    extended into the next occurrence."""
    filler = [f"word{i}" for i in range(60)]
    text = " ".join(["shelter", *filler[:31], "people who lack a fixed residence must report", *filler[31:]])
    highlighter = Highlighter(parse_query('shelter "lack a fixed residence"'))
    snippet = highlighter.snippet(text, 36)
    assert snippet.startswith("<mark>shelter</mark>")
    assert "<mark>lack</mark> <mark>a</mark> <mark>fixed</mark> <mark>residence</mark> …" in snippet

    repeated = Highlighter(parse_query('"fixed residence"')).snippet("fixed residence fixed residence and more", 2)
    assert repeated == "<mark>fixed</mark> <mark>residence</mark> …"


def test_excluded_words_are_not_marked():
    assert "<mark>" not in Highlighter(parse_query("parole -federal")).highlight("federal")


VOCABULARY = ["host", "site", "hosts", "sited", "parole", "paroled", "school", "schools", "day-care", "500", "feet",
              "§", "11-9.3", "Murphy", "v.", "Raoul", "the", "of", "a", "registry", "registrant's", "(b)", "—", "<b>",
              "&", "ILCS", "housing",
              "720", "5/11-9.3", "Tarrant", "Tarrent's", "hosting", "Housing,", "shelter.", "‘host’", "homeless"]
QUERIES = ["720 ILCS 5/11-9.3", "Tarr?nt", "host*",
           "host site", '"host site"', "parole", "school*", "paroel~1", 'housing "day care" -shelter',
           '"Murphy v. Raoul"', "registrant", "feet OR schools", '"the registry" homeless']


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(VOCABULARY), max_size=120),
       spaces=st.lists(st.sampled_from([" ", "  ", "\n", " \n\n "]), min_size=1),
       query=st.sampled_from(QUERIES), size=st.sampled_from([5, 12, 36]))
def test_the_fast_snippet_is_the_snippet_of_every_token(words, spaces, query, size):
    """Snippets skip the per-token pass (``_Scan``); they must say exactly what it says."""
    text = "".join(word + spaces[i % len(spaces)] for i, word in enumerate(words))
    highlighter = Highlighter(parse_query(query))
    assert highlighter.snippet(text, size) == highlighter._snippet_from_tokens(text, size)


def test_a_snippet_stems_its_page_in_the_language_the_index_gave_it():
    """Three words are too few to tell a language by: the index gives the page its document's
    (Spanish), and the snippet must mark what the search matched, "vive" for ``vivir``."""
    highlighter = Highlighter(parse_query("vivir"))
    assert highlighter.snippet("¿Y dónde vive?", language="es") == "¿Y dónde <mark>vive</mark>?"
    assert "<mark>" not in highlighter.snippet("¿Y dónde vive?")  # decided from the text alone: English

"""The query language, as a researcher types it."""

import pytest

from search.query import All, Any, Authority, CaseNumber, Not, Phrase, Prefix, QueryRejected, Range, Word, parse_query


def test_plain_words_are_all_required():
    assert parse_query("host site").root == All((Word("host"), Word("site")))


def test_a_quoted_phrase_keeps_its_stopwords():
    assert parse_query('"violated at the door"').root == Phrase("violated at the door")


def test_stopwords_are_dropped_from_plain_words_but_negations_are_kept():
    assert parse_query("the host of no fixed address").root == All(
        (Word("host"), Word("no"), Word("fixed"), Word("address"))
    )


def test_a_query_of_only_stopwords_still_searches_them():
    assert parse_query("the").root == Word("the")


def test_or_not_and_minus():
    assert parse_query("parole OR release -federal").root == Any(
        (Word("parole"), All((Word("release"), Not(Word("federal")))))
    )
    assert parse_query("NOT federal").root == Not(Word("federal"))


def test_proximity_fuzzy_and_wildcard():
    assert parse_query('"border fence"~50').root == Phrase("border fence", slop=50)
    assert parse_query("discipline~1").root == Word("discipline", fuzzy=1)
    assert parse_query("resid*").root == Prefix("resid")


def test_fields_and_ranges():
    assert parse_query("title:(order OR brief)").root == Any((Word("order", "title"), Word("brief", "title")))
    assert parse_query("year:[2018 TO 2020]").root == Range("year", "2018", "2020")
    assert parse_query("[2019-01-01 TO 2020-06-30]").root == Range("date", "2019-01-01", "2020-06-30")
    assert parse_query("type:order").root == Word("order", "doc_type")  # the alias names the field
    assert parse_query("case:murphy").root == Word("murphy", "case_name")


def test_case_numbers_are_read_whole_in_any_spelling():
    assert parse_query("8:16-cv-01261").root == CaseNumber("16-cv-1261", "8:16-cv-01261")
    assert parse_query("16 C 11471").root == CaseNumber("16-cv-11471", "16 C 11471")
    assert parse_query("No. 16-cv-11471 OR parole").root == Any(
        (CaseNumber("16-cv-11471", "16-cv-11471"), Word("parole"))
    )


def test_citations_are_read_whole_with_their_canonical_key():
    assert parse_query("540 US 56, 60").root == Authority("540 U.S. 56", "540 US 56, 60")
    assert parse_query('"720 ILCS 5/11-9.3(b-10)" day care').root == All(
        (Authority("720 ILCS 5/11-9.3(b-10)", "720 ILCS 5/11-9.3(b-10)"), Word("day"), Word("care"))
    )


def test_numbers_that_are_not_case_numbers_stay_words():
    assert parse_query("pages 28-40").root == All((Word("pages"), Word("28-40")))


@pytest.mark.parametrize("query", ['"unclosed', "(host site", "host site)", "AND", "host OR", "title:", "[2018 TO"])
def test_malformed_queries_fall_back_to_their_words_with_a_note(query):
    parsed = parse_query(query)
    assert parsed.notes and "searched for its words" in parsed.notes[0]


def test_stray_punctuation_is_ignored():
    assert parse_query("host / site //").root == All((Word("host"), Word("site")))


@pytest.mark.parametrize("query", ["*ing", "ab*", "re*si*", "x" * 1001, " ".join(["word"] * 41)])
def test_costly_queries_are_refused_with_a_message(query):
    with pytest.raises(QueryRejected):
        parse_query(query)

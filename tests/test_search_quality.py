"""Search as the legal desk and the public ask, over the bundled sample corpus."""

import pytest

from search.models import SearchRequest

BRIEF = "samples/vasquez-v-foxx-amicus-brief-sample.pdf"
ORDER = "samples/murphy-v-raoul-injunction-order-sample.pdf"
MEMO = "samples/memo-to-mayor-registry-audit-sample.pdf"
GUIDANCE = "samples/covid-19-shelter-guidance-sample.pdf"


def search(service, query: str, **options):
    return service.search(SearchRequest(query, **options))


def first(service, query: str) -> tuple[str, int]:
    hit = search(service, query).results[0]
    return hit.path, hit.pages[0].page


def citing(service, key: str) -> dict[str, list[int]]:
    """Path -> pages, of the documents whose ingest found a citation of ``key``."""
    found = {}
    for meta in service.documents():
        pages = [p for entry in service.document(meta.id).citations if entry.key == key for p in entry.pages]
        if pages:
            found[meta.path] = pages
    return found


@pytest.mark.parametrize("query", ["380 F. Supp. 3d 731", "380 F.Supp.3d 731", '"380 F. Supp. 3d 731"'])
def test_a_citation_finds_the_documents_citing_it_at_the_citing_page(samples_service, query):
    expected = citing(samples_service, "380 F. Supp. 3d 731")
    results = search(samples_service, query).results
    assert len(expected) >= 3
    assert {hit.path for hit in results} == set(expected)
    assert all(hit.pages[0].page in expected[hit.path] for hit in results)
    assert all("<mark>380</mark>" in hit.pages[0].snippet for hit in results)


def test_a_citation_does_not_match_documents_that_merely_share_its_numbers(samples_service):
    paths = [hit.path for hit in search(samples_service, "538 U.S. 84").results]
    assert paths == [BRIEF]


def test_a_statute_section_matches_its_subsections(samples_service):
    section = {hit.path for hit in search(samples_service, "720 ILCS 5/11-9.3").results}
    subsection = {hit.path for hit in search(samples_service, "720 ILCS 5/11-9.3(b-10)").results}
    assert subsection and subsection <= section


def test_the_illinois_long_form_is_the_same_statute(samples_service):
    long_form = {hit.path for hit in search(samples_service, "720 Ill. Comp. Stat. 5/11-9.3(b-10)").results}
    assert long_form == {hit.path for hit in search(samples_service, "720 ILCS 5/11-9.3(b-10)").results}


@pytest.mark.parametrize("query", ["16 C 11471", "16-cv-11471", "No. 16-cv-11471", "1:16-cv-11471", "16-cv-011471"])
def test_a_case_number_in_any_form_finds_its_case_first(samples_service, query):
    assert first(samples_service, query)[0] == ORDER


@pytest.mark.parametrize(("query", "expected"), [("lawyer", "counsel"), ("MSR", "supervised release")])
def test_plain_language_reaches_documents_in_legal_words(samples_service, query, expected):
    results = search(samples_service, query)
    assert any(expected in page.snippet.lower().replace("<mark>", "").replace("</mark>", "")
               for hit in results.results for page in hit.pages)
    assert any("related terms" in note for note in results.notes)


def test_an_exact_match_ranks_above_a_glossary_expansion(samples_service):
    results = search(samples_service, "banishment")
    top = results.results[0].pages[0].snippet
    assert "<mark>banishment</mark>" in top.lower()


def test_a_misspelt_query_is_corrected_and_used_when_it_finds_nothing(samples_service):
    results = search(samples_service, "mandatery supervized")
    assert results.suggestion == "mandatory supervised"
    assert results.total > 0 and results.corrected == "mandatory supervised"
    assert "Showing results for mandatory supervised. Search instead for mandatery supervized." in results.notes


@pytest.mark.parametrize("query", ["¿dónde puedo vivir?", "vivir", "puedo"])
def test_short_words_are_not_respelt_two_letters_away(samples_service, query):
    """"vivir" is two edits from "civil", "puedo" from "sued": a Spanish question is not a typo."""
    results = search(samples_service, query)
    assert results.corrected is None and results.suggestion is None
    assert not any("Showing results for" in note for note in results.notes)


def test_facets_count_documents_and_filters_narrow_them(samples_service):
    everything = search(samples_service, "registry")
    types = {facet["value"]: facet["count"] for facet in everything.facets["doc_type"]}
    assert types["guidance"] >= 1 and sum(types.values()) == everything.total
    orders = search(samples_service, "registry", filters={"type": "order"})
    assert {hit.doc_type for hit in orders.results} == {"order"} and orders.total == types.get("order", 0)
    year = search(samples_service, "registry", filters={"year": "2020"})
    assert year.total and all(hit.date.startswith("2020") for hit in year.results)
    window = search(samples_service, "registry", filters={"date_from": "2021-01-01", "date_to": "2021-12-31"})
    assert window.total and all("2021-01-01" <= hit.date <= "2021-12-31" for hit in window.results)


def test_sorting_by_date_puts_the_newest_first(samples_service):
    dates = [hit.date for hit in search(samples_service, "registry", sort="date").results]
    assert dates == sorted(dates, reverse=True)


def test_pages_of_a_spread_out_match_are_shown_in_the_order_that_covers_the_query(samples_service):
    hit = next(h for h in search(samples_service, "quarterly reports definitions").results if h.path == ORDER)
    assert [page.page for page in hit.pages][:2] in ([5, 3], [3, 5])


def test_more_like_this_returns_other_documents(samples_service):
    order_id = search(samples_service, "16 C 11471").results[0].id
    similar = samples_service.more_like_this(order_id, limit=3)
    assert similar and order_id not in {meta.id for meta in similar}


def test_document_records_list_the_authorities_they_cite_with_pages(samples_service):
    brief = samples_service.document(search(samples_service, "538 U.S. 84").results[0].id)
    cited = {entry.key: entry.pages for entry in brief.citations}
    assert 5 in cited["538 U.S. 84"]
    assert "720 ILCS 5/11-9.3(b-10)" in cited


def test_a_question_in_plain_words_reaches_the_page_that_answers_it(samples_service):
    results = search(samples_service, "what happens to people kept in prison past their release date")
    assert results.total and results.results[0].path == ORDER


def test_when_no_document_has_every_word_documents_with_most_of_them_are_shown(samples_service):
    results = search(samples_service, "host site zebra")
    assert results.total and results.results[0].path == ORDER
    assert any("some of them" in note for note in results.notes)


def test_letter_led_compounds_split_so_covid_finds_covid_19(samples_service):
    assert first(samples_service, "covid")[0] == GUIDANCE
    assert first(samples_service, '"COVID-19"')[0] == GUIDANCE


def test_a_glossary_abbreviation_is_not_treated_as_a_misspelling(samples_service):
    assert search(samples_service, "SCOTUS").suggestion is None


def test_a_typo_is_corrected_to_the_nearest_word_before_a_more_frequent_farther_one(samples_service):
    assert search(samples_service, "lawer").suggestion == "lawyer"


def test_a_page_found_only_through_metadata_shows_the_first_page(samples_service):
    hit = search(samples_service, "case:17-1061").results[0]
    assert hit.path == BRIEF and hit.pages and hit.pages[0].page == 1

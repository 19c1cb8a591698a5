"""Properties of typed queries over the sample corpus (issue 12), checked with Hypothesis."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.analysis import stems
from search.models import SearchRequest
from search.query import QueryRejected

WORDS = ["housing", "shelter", "covid", "host", "site", "release", "parole", "registry", "school", "park",
         "banishment", "quarterly", "reports", "sanitizer", "homeless", "injunction", "daycare", "audit", "MSR"]
PHRASES = ["host site", "violated at the door", "projected release date", "meet and confer", "hand sanitizer",
           "no fixed address", "day care home"]
CURLY = [("“", "”"), ("„", "“"), ("«", "»"), ("＂", "＂"), ("”", "”")]
RUN = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

words = st.lists(st.sampled_from(WORDS), min_size=0, max_size=3)


def ranked(service, query: str) -> list[tuple[str, float]]:
    results = service.search(SearchRequest(query, per_page=100))
    return [(hit.path, round(hit.score, 6)) for hit in results.results]


@RUN
@given(before=words, phrase=st.sampled_from(PHRASES), after=words, quotes=st.sampled_from(CURLY))
def test_curly_quotes_give_the_same_results_as_straight_ones(samples_service, before, phrase, after, quotes):
    straight = " ".join([*before, f'"{phrase}"', *after])
    curly = " ".join([*before, f"{quotes[0]}{phrase}{quotes[1]}", *after])
    assert ranked(samples_service, curly) == ranked(samples_service, straight)


@RUN
@given(query=st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join),
    st.sampled_from(PHRASES).map(lambda p: f'"{p}"'),
    st.sampled_from(["(housing OR shelter) AND NOT covid", "resid*", "year:>2019 host site", "murphy vs raoul",
                     "sec. 11-9.3", "16 C 11471", "title:(injunction order)", "NOT covid"]),
), marks=st.lists(st.sampled_from("?.!"), min_size=1, max_size=3).map("".join))
def test_ending_punctuation_never_turns_results_into_an_error(samples_service, query, marks):
    try:
        found = samples_service.search(SearchRequest(query)).total
    except QueryRejected:
        return
    assert samples_service.search(SearchRequest(query + marks)).total >= 0
    assert samples_service.search(SearchRequest(query + " " + marks)).total == found


@RUN
@given(wanted=st.lists(st.sampled_from(WORDS), min_size=1, max_size=2, unique=True),
       unwanted=st.sampled_from(WORDS), form=st.sampled_from(["{x} AND NOT {y}", "{x} NOT {y}", "{x} -{y}",
                                                              "({x}) AND NOT {y}", "{x} && !{y}"]))
def test_x_and_not_y_never_returns_a_document_containing_y(samples_service, wanted, unwanted, form):
    # Grouped: unparenthesised, "a OR b AND NOT y" is "a OR (b AND NOT y)" (AND binds tighter, as in
    # Lucene), which rightly returns documents holding y through "a".
    either = " OR ".join(wanted)
    query = form.format(x=f"({either})" if len(wanted) > 1 else either, y=unwanted)
    results = samples_service.search(SearchRequest(query, per_page=100))
    excluded = set(stems(unwanted))
    for hit in results.results:
        record = samples_service.document(hit.id)
        text = " ".join([record.title, record.case_name, record.summary, *(page.text for page in record.pages)])
        assert not excluded & set(stems(text)), f"{query!r} returned {hit.path}, which holds {unwanted!r}"

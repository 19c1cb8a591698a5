"""The Whoosh engine's exact phrases (search/engines/whoosh/phrase.py) against Whoosh's own.

Our phrase matcher replaces Whoosh's span code for speed; it must match the same records with
the same scores, or every phrase search of the default engine would quietly change. Checked on
the bundled corpus for the phrases people type and the glossary adds, on document and page
records, twice (the second time from the remembered verdicts).
"""

from __future__ import annotations

import pytest

from search.analysis import stem_variants

PHRASES = [
    "host site", "residency restriction", "no fixed address", "without a fixed residence",
    "buffer zone", "500 feet", "sex offender registry", "mandatory supervised release",
    "day care home", "sleeping on trains", "zona de exclusión", "Supreme Court of the United States",
    "release residency",  # both words are in the corpus, never side by side
    "the the",  # a word after itself
]


def _matches(searcher, query) -> dict[int, float]:
    return {hit.docnum: round(hit.score, 9) for hit in searcher.search(query, limit=None)}


@pytest.mark.parametrize("field", ["doc_body", "body", "title"])
def test_our_phrases_match_the_records_and_scores_of_whooshs(samples_service, engine, field):
    if engine != "whoosh":
        pytest.skip("the phrase matcher is the Whoosh engine's")
    from whoosh import query as wq

    from search.engines.whoosh.phrase import AdjacentPhrase

    reader = samples_service.reader()
    searcher = reader.page_searcher if field == "body" else reader.searcher
    compared = 0
    for phrase in PHRASES:
        for terms in stem_variants(phrase):
            if len(terms) < 2:
                continue
            expected = _matches(searcher, wq.Phrase(field, terms))
            assert _matches(searcher, AdjacentPhrase(field, terms)) == expected, (phrase, field)
            assert _matches(searcher, AdjacentPhrase(field, terms)) == expected, (phrase, field, "remembered")
            assert _matches(searcher, wq.And([wq.Term(field, terms[0]), AdjacentPhrase(field, terms)])) == \
                _matches(searcher, wq.And([wq.Term(field, terms[0]), wq.Phrase(field, terms)])), (phrase, field)
            compared += bool(expected)
    assert field == "title" or compared >= 5  # the corpus has most of these phrases in its text

"""The engine contract (search/engines/base.py), table-driven, against every engine.

Each test runs once per engine (the ``engine`` fixture); the last one compares the engines
with each other on every labelled query of the sample corpus.
"""

from __future__ import annotations

import tomllib

import pytest

from search.config import PROJECT_ROOT
from search.engines import ENGINES, get_engine, unavailable
from search.fields import Filter
from search.models import SearchRequest
from search.query import QueryRejected, parse_query
from search.ranking import query_parts
from search.store import IndexStore

#: (query, filters, paths of the matching documents) over the ``indexed`` corpus of conftest.py.
MATCHES = [
    ("host site", [], {"order.pdf"}),
    ('"host site"', [], {"order.pdf"}),
    ("residency OR release", [], {"order.pdf", "briefs/amicus.pdf"}),
    ("residency OR release", [Filter("doc_type", value="order")], {"order.pdf"}),
    ("residency OR release", [Filter("year", value="2020")], {"order.pdf"}),
    ("residency OR release", [Filter("date", low="2020-01-01", high="2020-12-31")], {"order.pdf"}),
    ("residency OR release", [Filter("court", value="nowhere")], set()),
    ("release -prison", [], set()),
    ("release NOT residency", [], {"order.pdf"}),
    ("case:raoul", [], {"order.pdf"}),
    ("court:illinois", [], {"order.pdf"}),
    ("type:order", [], {"order.pdf"}),
    ("year:2020", [], {"order.pdf"}),
    ("year:[2019 TO 2021]", [], {"order.pdf"}),
    ("date:[2020-01-01 TO 2020-06-30]", [], {"order.pdf"}),
    ('"895 F.3d 515"', [], {"briefs/amicus.pdf"}),
    ("720 ILCS 5/11-9.3", [], {"briefs/amicus.pdf"}),
    ("16 C 11471", [], {"order.pdf"}),
    ("No. 16-cv-11471", [], {"order.pdf"}),
    ("resid*", [], {"briefs/amicus.pdf"}),
    ("residncy~1", [], {"briefs/amicus.pdf"}),
    ('"prison release"~3', [], {"order.pdf"}),
]


@pytest.fixture
def reader(indexed):
    opened = get_engine().reader(IndexStore(indexed.index_dir).current_path())
    yield opened
    opened.close()


@pytest.mark.parametrize(("query", "filters", "expected"), MATCHES, ids=[q for q, f, _ in MATCHES])
def test_match_means_the_same_in_every_engine(reader, query, filters, expected):
    found = reader.match(parse_query(query).root, filters=filters, limit=10, facets=("doc_type", "court", "year"))
    assert {hit.meta.path for hit in found.hits} == expected
    assert found.total == len(expected)
    assert sum(found.facets["doc_type"].values()) == len(expected)
    assert all(hit.score >= 0 for hit in found.hits)


def test_a_word_counts_only_in_documents_passing_the_filters(reader):
    """The spelling's vocabulary for a visitor: a filter that no document passes leaves no word."""
    assert reader.doc_frequency("residency") == 1
    assert reader.doc_frequency("residency", [Filter("doc_type", value="amicus brief")]) == 1
    assert reader.doc_frequency("residency", [Filter("doc_type", value="order")]) == 0
    assert reader.doc_frequency("residency", [Filter("court", value="nowhere")]) == 0


def test_facets_count_every_matching_document_by_value(reader):
    found = reader.match(parse_query("residency OR release").root, limit=1, facets=("doc_type", "court", "year"))
    assert found.total == 2 and len(found.hits) == 1
    assert found.facets["doc_type"] == {"order": 1, "amicus brief": 1}
    assert found.facets["year"]["2020"] == 1  # the brief is dated by its PDF: the day it was made
    assert found.facets["court"] == {"U.S. District Court for the Northern District of Illinois": 1}


def test_a_document_without_a_date_is_in_no_year_of_the_facet(settings):
    from search.ingest import ingest

    (settings.corpus_dir / "notes.txt").write_text("Notes on release and residency, never dated.\n", encoding="utf-8")
    ingest(settings)
    opened = get_engine().reader(IndexStore(settings.index_dir).current_path())
    try:
        found = opened.match(parse_query("residency OR release").root, limit=10, facets=("year",))
    finally:
        opened.close()
    assert found.total == 3
    # the order and the brief have years; the notes are in none (Whoosh once counted them under 2147483647)
    assert "2020" in found.facets["year"] and sum(found.facets["year"].values()) == 2


def test_a_match_is_the_document_it_names_on_every_search(reader):
    """A match's id and metadata are read from the store the first time and remembered by the
    reader after (the tantivy engine, ``_identities``): either way they are the document's own."""
    for query in ("residency OR release", "release", "residency OR release", "case:raoul"):
        hits = reader.match(parse_query(query).root, limit=10).hits
        assert hits
        for hit in hits:
            assert hit.meta.id == hit.doc_id
            assert hit.meta == reader.document(hit.doc_id).meta()


def test_sort_by_date_puts_the_newest_first(reader):
    found = reader.match(parse_query("residency OR release").root, sort="date", limit=10)
    dates = [hit.meta.date for hit in found.hits]
    assert len(dates) == 2 and "2020-03-01" in dates and dates == sorted(dates, reverse=True)


def test_pages_report_the_parts_they_match_and_their_text(reader):
    parsed = parse_query("host site equal protection")
    parts = query_parts(parsed.root)
    doc_id = reader.match(parsed.root, limit=1).hits[0].doc_id
    pages = reader.pages([doc_id], parts, 200)[doc_id]
    by_number = {page.number: page for page in pages}
    assert set(by_number) == {2, 3}
    assert len(by_number[3].parts) == 4 and len(by_number[2].parts) == 2
    texts = reader.page_texts([by_number[3]])
    assert "equal protection" in texts[0].text and texts[0].language == "en"
    assert reader.page(doc_id, 1).text.startswith("ORDER GRANTING")


def test_each_page_comes_back_with_the_language_it_was_stemmed_in(settings):
    """A snippet stems its page as the index did: the engine says which language that was, so a
    short Spanish page of a Spanish document (too few words to tell on its own) is read as Spanish."""
    from search.ingest import ingest

    text = ("¿Dónde puedo vivir? Las personas en el registro no pueden vivir cerca de una escuela, "
            "y la ley de residencia es para todos los que están en la lista.\f¿Y la escuela?\n")
    (settings.corpus_dir / "guia.txt").write_text(text, encoding="utf-8")
    ingest(settings)
    opened = get_engine().reader(IndexStore(settings.index_dir).current_path())
    try:
        meta = next(meta for meta in opened.documents() if meta.path == "guia.txt")
        record = opened.document(meta.id)
        assert [page.language for page in record.pages] == ["es", "es"]
        assert opened.page(meta.id, 2).language == "es"
    finally:
        opened.close()


def test_proximity_scores_only_documents_with_the_words_near_each_other(reader):
    hits = reader.match(parse_query("host OR amendment").root, limit=10).hits
    near = reader.proximity(hits, ["host", "site"], 8)
    assert {hit.meta.path for hit in hits if hit.doc_id in near} == {"order.pdf"}
    assert all(score > 0 for score in near.values())


def test_stored_documents_terms_and_similar(reader):
    documents = {meta.path: meta for meta in reader.documents()}
    assert set(documents) == {"order.pdf", "briefs/amicus.pdf"}
    order = documents["order.pdf"]
    assert (order.case_name, order.page_count, order.year) == ("Murphy v. Raoul", 3, 2020)
    record = reader.document(order.id)
    assert [page.number for page in record.pages] == [1, 2, 3] and record.case_keys
    assert reader.document("no-such-document") is None
    assert reader.doc_frequency("hosts") == 1 and reader.doc_frequency("zebra") == 0
    assert max(reader.terms_within("residncy", 1), key=lambda item: item[1]) >= ("residency", 1)
    assert [meta.path for meta in reader.more_like_this(order.id, 5)] == ["briefs/amicus.pdf"]


def test_a_prefix_matching_too_many_words_is_refused(reader, monkeypatch):
    from search.engines import base

    monkeypatch.setattr(base, "MAX_PREFIX_EXPANSION", 0)  # engines read the caps from base when asked
    with pytest.raises(QueryRejected, match=r"'resid\*' matches too many words"):
        reader.match(parse_query("resid*").root, limit=10)


def _labelled_queries() -> list[str]:
    data = tomllib.loads((PROJECT_ROOT / "tests" / "relevance" / "samples.toml").read_text(encoding="utf-8"))
    return [item["q"] for item in data["query"]]


def test_every_engine_finds_the_same_documents_for_every_labelled_query(tmp_path_factory, monkeypatch):
    """Same totals, same facet counts, same documents in the first ten for every labelled
    query of the samples; the order may differ, and differences in order are printed."""
    from search.config import load_settings
    from search.ingest import ingest
    from search.service import SearchService

    available = [name for name in ENGINES if unavailable(name) is None]
    if len(available) < 2:
        pytest.skip(f"only {', '.join(available)} installed: nothing to compare")
    answers: dict[str, dict[str, tuple]] = {}
    for name in available:
        monkeypatch.setenv("C400_ENGINE", name)
        settings = load_settings(PROJECT_ROOT / "corpus", tmp_path_factory.mktemp(name) / "index")
        ingest(settings)
        service = SearchService(settings.index_dir, result_cache=0)
        answers[name] = {}
        for query in _labelled_queries():
            results = service.search(SearchRequest(query))
            answers[name][query] = (results.total, results.facets, [hit.path for hit in results.results])
    first, *others = available
    for other in others:
        for query, (total, facets, paths) in answers[first].items():
            other_total, other_facets, other_paths = answers[other][query]
            assert (other_total, other_facets, sorted(other_paths)) == (total, facets, sorted(paths)), query
            if other_paths != paths:
                print(f"order differs for {query!r}: {first} {paths} / {other} {other_paths}")

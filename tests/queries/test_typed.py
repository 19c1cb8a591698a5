"""Queries typed the way people type them (issue 12), from ``tests/queries/typed.toml``.

Every row runs through ``SearchService`` (the one front door of the CLI, the web page, the
API and the CSV export); a few also through the web client and ``python -m search``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from search.models import SearchRequest, SearchResults
from search.query import QueryRejected
from search.service import SearchService
from tests.conftest import PROJECT_ROOT

ROWS = tomllib.loads((Path(__file__).parent / "typed.toml").read_text(encoding="utf-8"))["query"]
FIRST = 5


def _id(index: int, row: dict) -> str:
    return f"{index:03d}-" + "".join(ch if ch.isalnum() else "_" for ch in row["q"][:30])


@pytest.fixture(scope="session")
def realdocs_service(realdocs_index) -> SearchService:
    settings, _ = realdocs_index
    return SearchService(settings.index_dir)


def service_for(row: dict, request: pytest.FixtureRequest) -> SearchService:
    name = "realdocs_service" if row.get("corpus") == "realdocs" else "samples_service"
    return request.getfixturevalue(name)


def run(service: SearchService, query: str) -> SearchResults:
    return service.search(SearchRequest(query, per_page=100))


def ranked(results: SearchResults) -> list[tuple[str, float]]:
    return [(hit.path, round(hit.score, 6)) for hit in results.results]


@pytest.mark.parametrize("row", ROWS, ids=[_id(i, row) for i, row in enumerate(ROWS)])
def test_typed_query(row: dict, engine: str, request: pytest.FixtureRequest) -> None:
    service = service_for(row, request)
    if row.get("reject"):
        with pytest.raises(QueryRejected):
            run(service, row["q"])
        return
    results = run(service, row["q"])
    paths = [hit.path for hit in results.results]
    for document in row.get("expect", []):
        assert document in paths[:FIRST], f"{row['q']!r}: {document} not in the first {FIRST}: {paths[:FIRST]}"
    for document in row.get("exclude", []):
        assert document not in paths, f"{row['q']!r} returned the excluded {document}"
    if "note" in row:
        assert any(row["note"] in note for note in results.notes), results.notes
    if "same_as" in row:
        assert ranked(results) == ranked(run(service, row["same_as"])), f"{row['q']!r} != {row['same_as']!r}"
    if row.get("everything"):
        every = service.documents()
        assert results.total == len(every) and not results.notes
        dates = [hit.date for hit in results.results]
        assert dates == sorted(dates, reverse=True), "newest first"
        assert sum(value["count"] for value in results.facets["doc_type"]) == len(
            [meta for meta in every if meta.doc_type]
        )


def test_the_file_holds_at_least_150_typed_queries():
    assert len(ROWS) >= 150 and len({row["q"] for row in ROWS}) == len(ROWS)


# --- the same through the web client and the CLI -------------------------------------------


@pytest.fixture(scope="module")
def samples_client(samples_service):
    from webapp import create_app

    index_dir = samples_service.store.root
    app = create_app({"TESTING": True, "INDEX_DIR": index_dir, "CORPUS_DIR": PROJECT_ROOT / "corpus",
                      "RATE_LIMIT": "off"})
    return app.test_client()


WEB_ROWS = [row for row in ROWS if row["q"] in (
    "can I live near a school?", "What is MSR?", "(housing OR shelter) AND NOT covid", "“violated at the door”",
    "murphy vs raoul", "sec. 11-9.3", "host site year:>2019", "re*si*", "a" * 1200,
)]


@pytest.mark.parametrize("row", WEB_ROWS, ids=[_id(i, row) for i, row in enumerate(WEB_ROWS)])
def test_typed_query_through_the_api_and_the_page(row: dict, samples_client) -> None:
    response = samples_client.get("/api/search", query_string={"q": row["q"], "per_page": 100})
    page = samples_client.get("/", query_string={"q": row["q"]})
    if row.get("reject"):
        assert response.status_code == 400 and page.status_code == 400
        return
    assert response.status_code == 200 and page.status_code == 200
    paths = [hit["path"] for hit in response.get_json()["results"]]
    assert all(document in paths[:FIRST] for document in row.get("expect", []))
    assert not any(document in paths for document in row.get("exclude", []))


def test_the_api_with_no_query_lists_every_document_newest_first(samples_client, samples_service):
    for query_string in ({}, {"q": ""}, {"q": "  "}):
        data = samples_client.get("/api/search", query_string={**query_string, "per_page": 100}).get_json()
        assert data["total"] == len(samples_service.documents()) and data["notes"] == []
        dates = [hit["date"] for hit in data["results"]]
        assert dates == sorted(dates, reverse=True) and data["facets"]["doc_type"]


def test_the_page_shows_one_correction_message_with_both_links(samples_client):
    html = samples_client.get("/", query_string={"q": "banishmnet"}).get_data(as_text=True)
    assert "Showing results for" in html and "Search instead for" in html and "Did you mean" not in html
    assert "q=banishment" in html and "q=banishmnet&amp;spelling=off" in html


@pytest.mark.parametrize("argv, expected", [
    (["can I live near a school?"], "residency-restrictions-explained-sample.html"),
    (["(housing OR shelter) AND NOT covid"], "residency-restrictions-explained-sample.html"),
    (["“violated", "at", "the", "door”"], "murphy-v-raoul-injunction-order-sample.pdf"),
    ([], "catalogue-of-issues-sample.docx"),
])
def test_typed_query_through_the_cli(argv, expected, samples_service, capsys) -> None:
    from search.__main__ import main

    assert main(["--index", str(samples_service.store.root), "--limit", "20", *argv]) == 0
    out = capsys.readouterr().out
    assert expected in out and "error" not in out.lower()
    if "covid" in " ".join(argv):
        assert "covid-19-shelter-guidance-sample.pdf" not in out


# The same request typed both ways: (CLI arguments, web query string, what the web refuses or None).
ONE_REQUEST = [
    (["--year", "20x", "housing"], {"q": "housing", "year": "20x"}, "'year' must be a four-digit year"),
    (["--date-from", "2020-13-01", "x"], {"q": "x", "date_from": "2020-13-01"}, "must be a real date"),
    (["--type", "memorandum", "x"], {"q": "x", "type": "memorandum"}, "must be one of opinion, order"),
    (["--limit", "0", "x"], {"q": "x", "per_page": "0"}, "must be a whole number from 1 to 100"),
    (["--page", "1001", "x"], {"q": "x", "page": "1001"}, "must be a whole number from 1 to 1000"),
    (["--sort", "newest", "x"], {"q": "x", "sort": "newest"}, "must be one of relevance, date (not 'newest')"),
    (["--type", "Orders", "--limit", "3", "court order"], {"q": "court order", "type": "Orders", "per_page": "3"},
     None),
    (["--sort", "date", "--spelling", "off", "banishmnet"], {"q": "banishmnet", "sort": "date", "spelling": "off"},
     None),
    (["--year", "2020", "--page", "2", "--limit", "1", "housing"],
     {"q": "housing", "year": "2020", "page": "2", "per_page": "1"}, None),
]


@pytest.mark.parametrize("argv, args, refused", ONE_REQUEST, ids=[" ".join(row[0]) for row in ONE_REQUEST])
def test_the_cli_and_the_web_build_one_request(argv, args, refused, samples_service, samples_client, capsys):
    """Issue 12: ``python -m search`` and ``/api/search`` refuse the same values with the same
    sentence (naming ``--year`` and ``year``) and answer the same values with the same results."""
    import json

    from search.__main__ import main

    status = main(["--index", str(samples_service.store.root), "--json", *argv])
    captured = capsys.readouterr()
    response = samples_client.get("/api/search", query_string=args)
    if refused:
        assert status == 2 and response.status_code == 400
        cli_error, web_error = captured.err.strip().removeprefix("error: "), response.get_json()["error"]
        assert refused in web_error
        option = next(word for word in argv if word.startswith("--"))
        assert cli_error == web_error.replace(f"'{next(iter(set(args) - {'q'}))}'", f"'{option}'")
    else:
        assert status == 0 and response.status_code == 200
        cli, web = json.loads(captured.out), response.get_json()
        assert [hit["path"] for hit in cli["results"]] == [hit["path"] for hit in web["results"]]
        assert (cli["total"], cli["facets"], cli["notes"]) == (web["total"], web["facets"], web["notes"])


def test_json_snippets_carry_plain_text_and_highlight_offsets(samples_client):
    """Issue 12: ``snippet`` stays escaped HTML; ``text`` and ``highlights`` spare a client parsing it."""
    data = samples_client.get("/api/search", query_string={"q": "registry's OR sanitizer"}).get_json()
    pages = [page for hit in data["results"] for page in hit["pages"]]
    assert pages
    for page in pages:
        assert "<mark>" not in page["text"] and "&#x27;" not in page["text"] and "&amp;" not in page["text"]
        marked = [page["text"][start:end] for start, end in page["highlights"]]
        assert marked == [part.split("</mark>")[0] for part in page["snippet"].split("<mark>")[1:]] or any(
            "&" in part for part in page["snippet"].split("<mark>")[1:]
        )
        assert all(word.lower().startswith(("registr", "sanit")) for word in marked)

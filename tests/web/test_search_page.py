"""The search page: results grouped by document, facets, sorting, paging, suggestions, help when empty."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest


def links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', html)]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_the_front_page_explains_the_library_and_offers_examples(client):
    html = client.get("/").get_data(as_text=True)
    assert "Search the Chicago 400 library" in html
    assert '/?q=%22host+site%22' in html and "/help" in html


def test_results_are_grouped_by_document_with_page_numbered_snippets(client, doc_ids):
    html = client.get("/?q=release").get_data(as_text=True)
    order = doc_ids["order.pdf"]
    assert "Murphy v. Raoul injunction order" in html
    assert f"/documents/{order}?q=release#page-2" in html
    assert "Page 2</a>" in html and "<mark>release</mark>" in html


def test_facets_are_links_with_counts_that_keep_the_query_and_sort(client):
    html = client.get("/?q=registrants+OR+release&sort=date").get_data(as_text=True)
    assert "order <span class=\"count\">(1)</span>" in html
    facet_link = next(url for url in links(html) if "type=order" in url)
    assert query_of(facet_link) == {"q": ["registrants OR release"], "type": ["order"], "sort": ["date"]}


def test_a_facet_filter_narrows_the_results_and_can_be_removed(client):
    html = client.get("/?q=registrants+OR+release&type=order").get_data(as_text=True)
    assert html.count('class="result"') == 1 and "Murphy v. Raoul" in html
    assert "Filtered by" in html and 'aria-current="true">order' in html
    active = html.split('class="active-filters"')[1].split("</div>")[0]
    assert query_of(links(active)[0]) == {"q": ["registrants OR release"]}


def test_the_search_box_on_a_filtered_page_keeps_the_filters(client):
    html = client.get("/?q=release&type=order&sort=date").get_data(as_text=True)
    assert '<input type="hidden" name="type" value="order">' in html
    assert '<input type="hidden" name="sort" value="date">' in html


def test_sorting_by_date_puts_the_newest_first(client):
    data = client.get("/api/search?q=registrants+OR+release+OR+curfew&sort=date").get_json()
    dates = [hit["date"] for hit in data["results"]]
    assert dates == sorted(dates, reverse=True)
    html = client.get("/?q=registrants+OR+release&sort=date").get_data(as_text=True)
    assert '<span aria-current="true">Newest first</span>' in html


def test_pagination_links_keep_the_query_filters_and_sort(client):
    html = client.get("/?q=housing+OR+release+OR+registrants&per_page=1&sort=date").get_data(as_text=True)
    next_link = next(url for url in links(html) if "page=2" in url)
    assert query_of(next_link) == {
        "q": ["housing OR release OR registrants"], "sort": ["date"], "page": ["2"], "per_page": ["1"]
    }
    second = client.get(next_link).get_data(as_text=True)
    assert '<ol class="results" start="2">' in second and 'rel="prev"' in second


def test_a_misspelt_word_shows_one_correction_message_keeping_the_filters(client):
    """Issue 12: one message, "Showing results for X. Search instead for Y", never also "Did you mean"."""
    html = client.get("/?q=registrnts&type=amicus+brief").get_data(as_text=True)
    assert "Showing results for" in html and "Search instead for" in html
    assert "Did you mean" not in html
    suggestion = next(url for url in links(html) if "q=registrants" in url)
    assert query_of(suggestion)["type"] == ["amicus brief"]
    as_typed = next(url for url in links(html) if "q=registrnts" in url and "spelling=off" in url)
    assert query_of(as_typed)["type"] == ["amicus brief"]
    again = client.get(as_typed).get_data(as_text=True)
    assert "Showing results for" not in again


def test_a_query_read_as_plain_words_shows_a_note(client):
    html = client.get('/?q=%22host+site').get_data(as_text=True)
    assert 'class="note"' in html and "could not be read as written" in html


def test_an_empty_result_explains_what_to_try(client):
    html = client.get("/?q=zzyzx+qwxqwx").get_data(as_text=True)
    assert "0 documents" in html and "Nothing matched" in html
    assert "OR" in html and "resid*" in html and "/help" in html


def test_an_empty_result_under_a_filter_offers_to_drop_it(client):
    html = client.get("/?q=curfew&type=order").get_data(as_text=True)
    assert "Search again without the filters" in html
    assert "/?q=curfew\"" in html


def test_results_offer_csv_and_json_downloads_of_the_same_search(client):
    html = client.get("/?q=release&type=order&page=1").get_data(as_text=True)
    assert "/api/search.csv?q=release&amp;type=order" in html
    assert "/api/search?q=release&amp;type=order" in html


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/?q=*ment", "wildcard"),
        ("/?q=x&page=0", "page"),
        ("/?q=x&per_page=1000", "per_page"),
        ("/?q=x&year=20", "year"),
        ("/?q=x&court=" + "c" * 300, "court"),
        ("/?q=" + "word+" * 600, "too long"),
        ("/?q=" + "+".join(f"w{i}" for i in range(60)), "too many terms"),
    ],
)
def test_bad_searches_get_a_friendly_400_page_with_the_reason(client, url, message):
    response = client.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "The search could not be run" in html and message in html
    assert "Traceback" not in html


def test_the_query_is_escaped_everywhere_it_is_shown(client):
    html = client.get("/?q=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E").get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html

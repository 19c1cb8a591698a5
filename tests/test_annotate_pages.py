"""Annotation page by page (linear time) finds what reading the whole document at once finds,
including citations broken over a page break, which belong to the page they start on."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import search.citations as citations
from bench.annotate import brief_pages, real_pages
from search.citations import find_citations_in_joined_pages, find_citations_in_pages

logging.getLogger("eyecite").setLevel(logging.ERROR)


@pytest.fixture(params=["one page at a time", "runs of pages"])
def reader(request, monkeypatch):
    if request.param == "one page at a time":
        monkeypatch.setattr(citations, "RUN_CHARS", 1)
    return find_citations_in_pages


def test_a_case_cite_broken_over_a_page_break_is_found_on_the_page_it_starts(reader) -> None:
    pages = [
        "The rule is punitive as applied. See Vasquez v. Foxx, 895",
        "F.3d 515, 520 (7th Cir. 2018). Later the court said more. Vasquez, 895 F.3d at 522. Id. at 523.",
        "Vasquez, at 525. And 720 ILCS 5/11-",
        "9.3(b-10) applies; section 11-9.4-1(a) too. Id.",
    ]
    found = reader(pages)
    assert found == find_citations_in_joined_pages(pages)
    assert [(page, c.key, c.text) for page, c in found] == [
        (1, "895 F.3d 515", "895"),
        (2, "895 F.3d 515", "895 F.3d at 522"),
        (2, "895 F.3d 515", "Id. at 523"),
        (3, "720 ILCS 5/11-9.3(b-10)", "720 ILCS 5/11-"),
        (4, "720 ILCS 5/11-9.4-1(a)", "section 11-9.4-1(a)"),
        (4, "720 ILCS 5/11-9.4-1(a)", "Id."),
    ]


def test_a_generated_brief_gives_the_same_citations_as_the_whole_document(reader) -> None:
    pages = brief_pages(80)
    found = reader(pages)
    assert found == find_citations_in_joined_pages(pages)
    kinds = {c.kind for _, c in found}
    assert kinds == {"case", "statute"} and len(found) > 500
    assert any(c.end == len(pages[page - 1]) for page, c in found), "some citation runs over a page break"
    assert {c.text.split(",")[0] for _, c in found if ", at" in c.text or c.text.startswith("Id.")}


def test_real_opinions_give_the_same_citations_as_the_whole_document(realdocs: Path, reader) -> None:
    pages = list(real_pages())
    if not pages:
        pytest.skip("the real opinions are not in ../shared/realdocs")
    pages = pages + pages  # 106 pages: references to cases cited 53 pages earlier
    found = reader(pages)
    assert found == find_citations_in_joined_pages(pages)
    assert len(found) > 150


def test_the_bench_prints_both_timings_and_says_the_results_agree(capsys) -> None:
    from bench import annotate

    annotate.main(["--pages", "4", "8", "--before-up-to", "4", "--source", "brief"])
    out = capsys.readouterr().out
    assert "4 pages: before " in out and "same result: yes" in out
    assert "8 pages: before - s" in out and "| 8 |" in out

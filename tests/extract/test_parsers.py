"""Stamp, caption and text clean-up parsers on the real forms they document."""

from __future__ import annotations

import pytest

from search.extract.caption import case_number_from_caption, court_from_caption, date_from_caption
from search.extract.clean import clean_text
from search.extract.headers import strip_running_text
from search.extract.quality import is_garbage
from search.extract.stamps import EcfStamp, parse_stamp

STAMPS = [
    (
        "Case 8:16-cv-01261-DOC-KES Document 40 Filed 08/05/16 Page 2 of 4 Page ID #:366",
        EcfStamp("8:16-cv-01261-DOC-KES", "40", "2016-08-05"),
    ),
    (
        "Case: 1:20-cv-01234 Document #: 15 Filed: 03/02/20 Page 1 of 9 PageID #:80",
        EcfStamp("1:20-cv-01234", "15", "2020-03-02"),
    ),
    (
        "Case: 20-1507 Document: 00117684624 Page: 1 Date Filed: 12/22/2020 Entry ID: 6390389",
        EcfStamp("20-1507", "00117684624", "2020-12-22"),
    ),
    ("Appeal: 17-2218 Doc: 17 Filed: 10/31/2017 Pg: 1 of 1", EcfStamp("17-2218", "17", "2017-10-31")),
    ("Case 17-3510, Document 1-1, 10/31/2017, 2161300, Page1 of 2", EcfStamp("17-3510", "1-1", "2017-10-31")),
    (
        "Case: 20-16276, 08/05/2020, ID: 11778722, DktEntry: 19, Page 1 of 15",
        EcfStamp("20-16276", "19", "2020-08-05"),
    ),
    (
        "Appellate Case: 21-800 Document: 010110462922 Date Filed: 01/11/2021 Page: 1",
        EcfStamp("21-800", "010110462922", "2021-01-11"),
    ),
    (
        "Appellate Case: 22-1801 Page: 2 Date Filed: 01/19/2023 Entry ID: 5237514",
        EcfStamp("22-1801", "", "2023-01-19"),
    ),
    ("Case: 17-2400 Document: 3 Filed: 07/13/2017 Pages: 1", EcfStamp("17-2400", "3", "2017-07-13")),
    (
        "USCA Case #20-5143 Document #1849410 Filed: 06/19/2020 Page 1 of 5",
        EcfStamp("20-5143", "1849410", "2020-06-19"),
    ),
    (
        "USCA11 Case: 20-12345 Document: 12 Date Filed: 01/04/2021 Page: 1 of 3",
        EcfStamp("20-12345", "12", "2021-01-04"),
    ),
]


@pytest.mark.parametrize(("line", "expected"), STAMPS)
def test_ecf_stamps_are_parsed(line, expected):
    assert parse_stamp(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Case 17-3510 was docketed today as the lead appeal.",
        "Case No. 8:16-cv-1261 DOC (KESx)",
        "The case was filed on 08/05/2016.",
    ],
)
def test_sentences_about_cases_are_not_stamps(line):
    assert parse_stamp(line) is None


@pytest.mark.parametrize(
    ("caption", "court"),
    [
        (
            "UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF ILLINOIS\nEASTERN DIVISION",
            "U.S. District Court for the Northern District of Illinois",
        ),
        (
            "IN THE UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF ARIZONA",
            "U.S. District Court for the District of Arizona",
        ),
        (
            "United States Court of Appeals\nFor the Seventh Circuit",
            "U.S. Court of Appeals for the Seventh Circuit",
        ),
        ("IN THE SUPREME COURT OF NORTH CAROLINA\nNo. 363A14-4", "Supreme Court of North Carolina"),
        ("IN THE SUPREME COURT OF THE STATE OF ILLINOIS", "Supreme Court of Illinois"),
        ("SUPREME COURT OF THE UNITED STATES\nSyllabus", "Supreme Court of the United States"),
        ("IN THE APPELLATE COURT OF ILLINOIS\nFIRST DISTRICT", "Appellate Court of Illinois, First District"),
        ("IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS\nCOUNTY DEPARTMENT", "Circuit Court of Cook County"),
        ("Dear counsel,\nThank you for your letter.", ""),
    ],
)
def test_court_names_are_standardised(caption, court):
    assert court_from_caption(caption) == court


def test_appellate_caption_wins_over_the_court_appealed_from():
    caption = (
        "IN THE UNITED STATES COURT OF APPEALS\nFOR THE NINTH CIRCUIT\n"
        "On Appeal from the United States District Court\nFor the Northern District of California"
    )
    assert court_from_caption(caption) == "U.S. Court of Appeals for the Ninth Circuit"


def test_caption_dates_and_numbers():
    assert date_from_caption("No. 11-889. Argued April 23, 2013-Decided June 13, 2013") == "2013-06-13"
    assert date_from_caption("No. 363A14-4\nFiled 11 February 2022") == "2022-02-11"
    assert (
        case_number_from_caption("DONALD W. CARLSON [Bar No. 79258]\nCase No. 17-3994, Island") == "17-3994"
    )


def test_unicode_is_normalised_for_search():
    assert clean_text(
        "\ufb01led \u201cequal rights\u201d\u00a0under the State\u2019s law; co\u00adoperate"
    ) == ('filed "equal rights" under the State\'s law; cooperate')


def test_line_end_hyphens_join_but_real_hyphens_stay():
    text = clean_text("rights in Okla-\nhoma's portion after the cut-off\nin No. 16-cv-11471 under 11-9.3")
    assert "Oklahoma's portion" in " ".join(text.split())
    assert "cut-off" in text and "16-cv-11471" in text and "11-9.3" in text


def test_running_heads_and_page_numbers_are_removed_from_every_page():
    words = ["registry", "residency", "school", "park", "shelter"]
    words += ["notice", "hearing", "appeal", "statute", "county"]
    bodies = {n: [f"the {words[n]} {other} point" for other in words[:5]] for n in range(2, 7)}
    pages = [
        [f"{n} TARRANT REGIONAL WATER DIST. v. HERRMANN", "Opinion of the Court", *bodies[n], str(n)]
        for n in range(2, 7)
    ]
    stripped, running = strip_running_text(pages)
    assert stripped == [bodies[n] for n in range(2, 7)]
    assert "TARRANT REGIONAL WATER DIST. v. HERRMANN" in " ".join(running.running_heads)


def test_cid_sequences_and_non_words_are_garbage():
    assert is_garbage("(cid:12)(cid:34)(cid:56)(cid:78) (cid:90)(cid:11)", [])
    assert is_garbage(" ".join(["Wkh txhvwlrq suhvhqwhg khuh lv zkhwkhu"] * 4), [])
    assert not is_garbage("The question presented here is whether the registry law applies to him. " * 3, [])


def test_running_head_removal_never_empties_a_short_page():
    pages = [["NOTICE OF FILING", "Exhibit list follows.", f"Page {n}"] for n in range(1, 6)]
    stripped, _ = strip_running_text(pages)
    assert all(lines == ["NOTICE OF FILING", "Exhibit list follows."] for lines in stripped)

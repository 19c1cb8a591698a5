"""Citations: every spelling of an authority reduces to one key, and later references find it."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from search.citations import (
    Citation,
    CitationContext,
    citations_in_query,
    find_citations,
    find_citations_in_pages,
    index_token,
)


def keys_in(text: str) -> list[str]:
    return [citation.key for citation in find_citations(text)]


@pytest.mark.parametrize(
    ("written", "key", "kind"),
    [
        ("Vasquez v. Foxx, 895 F.3d 515 (7th Cir. 2018)", "895 F.3d 515", "case"),
        ("540 U. S. 56", "540 U.S. 56", "case"),
        ("540 US 56", "540 U.S. 56", "case"),
        ("540 U.S. 56", "540 U.S. 56", "case"),
        ("540 U.S. 56, 60", "540 U.S. 56", "case"),
        ("380 F. Supp. 3d 731", "380 F. Supp. 3d 731", "case"),
        ("State v. Grady, 372 N.C. 509, 831 S.E.2d 542 (2019)", "372 N.C. 509", "case"),
        ("People v. Pepitone, 2018 IL 122034, ¶ 12", "2018 IL 122034", "case"),
        ("42 U.S.C. § 1983", "42 U.S.C. § 1983", "statute"),
        ("42 U. S. C. §1983", "42 U.S.C. § 1983", "statute"),
        ("18 U.S.C. § 2250(a)(2)(B)", "18 U.S.C. § 2250(a)(2)(B)", "statute"),
        ("Pub. L. No. 109-248, 120 Stat. 587", "Pub. L. No. 109-248", "statute"),
        ("720 ILCS 5/11-9.3(b-10)", "720 ILCS 5/11-9.3(b-10)", "statute"),
        ("720 Ill. Comp. Stat. 5/11-9.3", "720 ILCS 5/11-9.3", "statute"),
        ("730 ILCS 150/3", "730 ILCS 150/3", "statute"),
        ("730 Ill. Comp. Stat. Ann. 150/2", "730 ILCS 150/2", "statute"),
        ("(720 ILCS\n5/11-\n9.4-1(a))", "720 ILCS 5/11-9.4-1(a)", "statute"),
    ],
)
def test_each_written_form_has_one_key(written: str, key: str, kind: str) -> None:
    first = find_citations(written)[0]
    assert (first.key, first.kind) == (key, kind)


def test_supreme_court_reporter_spellings_are_one_citation() -> None:
    assert set(keys_in("540 U. S. 56; 540 US 56; 540 U.S. 56; 540 U. S.\n56, 67")) == {"540 U.S. 56"}


def test_case_name_is_kept_when_both_parties_are_known() -> None:
    (citation,) = find_citations("Vasquez v. Foxx, 895 F.3d 515 (7th Cir. 2018)")
    assert citation.name == "Vasquez v. Foxx"
    assert citation.text == "895 F.3d 515"


def test_illinois_statutes_carry_their_act_name() -> None:
    (citation,) = find_citations("730 ILCS 150/3")
    assert citation.name == "Sex Offender Registration Act"


def test_a_section_key_yields_its_parents_so_a_section_query_matches_subsections() -> None:
    (subsection,) = find_citations("720 ILCS 5/11-9.3(b-10)")
    assert subsection.keys == ["720 ILCS 5/11-9.3(b-10)", "720 ILCS 5/11-9.3"]
    (federal,) = find_citations("18 U.S.C. § 2250(a)(2)")
    assert federal.keys == ["18 U.S.C. § 2250(a)(2)", "18 U.S.C. § 2250(a)", "18 U.S.C. § 2250"]
    (case,) = find_citations("2019 IL App (1st) 170804")
    assert case.keys == [case.key]


def test_short_form_id_and_supra_take_the_key_of_the_case_they_resolve_to() -> None:
    text = (
        "Vasquez v. Foxx, 895 F.3d 515 (7th Cir. 2018). Vasquez, 895 F.3d, at 520. Id. at 521. "
        "Smith v. Doe, 538 U.S. 84 (2003). Smith, supra, at 92."
    )
    found = [(citation.text, citation.key, citation.name) for citation in find_citations(text)]
    assert found == [
        ("895 F.3d 515", "895 F.3d 515", "Vasquez v. Foxx"),
        ("895 F.3d, at 520", "895 F.3d 515", "Vasquez v. Foxx"),
        ("Id. at 521", "895 F.3d 515", "Vasquez v. Foxx"),
        ("538 U.S. 84", "538 U.S. 84", "Smith v. Doe"),
        ("supra, at 92", "538 U.S. 84", "Smith v. Doe"),
    ]


def test_short_forms_with_nothing_to_lean_on_are_dropped() -> None:
    assert keys_in("Vasquez, 895 F.3d, at 520. Id. at 521. Foo, supra, at 3.") == []


def test_id_after_an_illinois_statute_is_that_statute_not_the_case_before_it() -> None:
    text = "Smith v. Doe, 538 U.S. 84 (2003). See 730 ILCS 150/3. Id. Id. at 88."
    assert keys_in(text) == ["538 U.S. 84", "730 ILCS 150/3", "730 ILCS 150/3"]


def test_bare_sections_resolve_to_the_act_cited_earlier_in_the_document() -> None:
    text = (
        "730 ILCS 150/3 requires registration, and 720 ILCS 5/11-9.3 bars residence. "
        "Under § 5/11-9.3(b-10) and section 11-9.3(b-5), and section 3-5 of the Act"
    )
    assert keys_in(text)[2:] == ["720 ILCS 5/11-9.3(b-10)", "720 ILCS 5/11-9.3(b-5)", "730 ILCS 150/3-5"]


def test_bare_sections_without_an_earlier_full_cite_are_not_citations() -> None:
    assert keys_in("section 11-9.3(b-10) and § 5/11-9.3") == []


def test_section_signs_inside_federal_cites_are_not_illinois_sections() -> None:
    assert keys_in("720 ILCS 5/11-9.3; 42 U.S.C. §§ 16911-16929") == [
        "720 ILCS 5/11-9.3",
        "42 U.S.C. § 16911-16929",
    ]


def test_context_carries_the_act_from_one_page_to_the_next() -> None:
    context = CitationContext()
    find_citations("Plaintiffs challenge 720 ILCS 5/11-9.3.", context=context)
    later_page = find_citations("The 500-foot rule of § 5/11-9.3(b-10) applies.", context=context)
    assert [citation.key for citation in later_page] == ["720 ILCS 5/11-9.3(b-10)"]


def test_pages_are_read_in_one_pass_with_spans_within_each_page() -> None:
    pages = [
        "Smith v. Doe, 538 U.S. 84 (2003). 720 ILCS 5/11-9.3(b).",
        "Smith, 538 U.S., at 90. Id. Then section 11-9.4-1(a).",
    ]
    found = find_citations_in_pages(pages)
    assert [(page, citation.key) for page, citation in found] == [
        (1, "538 U.S. 84"),
        (1, "720 ILCS 5/11-9.3(b)"),
        (2, "538 U.S. 84"),
        (2, "538 U.S. 84"),
        (2, "720 ILCS 5/11-9.4-1(a)"),
    ]
    assert all(pages[page - 1][c.start : c.end] == c.text for page, c in found)


def test_query_citations_have_spans_covering_pin_cites() -> None:
    query = "residency 540 US 56, 60 vasquez 720 ILCS 5/11-9.3"
    found = citations_in_query(query)
    assert [citation.key for citation in found] == ["540 U.S. 56", "720 ILCS 5/11-9.3"]
    rest = query
    for citation in reversed(found):
        rest = rest[: citation.start] + rest[citation.end :]
    assert rest.split() == ["residency", "vasquez"]


def test_index_token_is_one_lowercase_word_per_key() -> None:
    assert index_token("540 U.S. 56") == "540_u.s._56"
    assert index_token("720 ILCS 5/11-9.3(b-10)") == "720_ilcs_5/11-9.3(b-10)"
    keys = ["540 U.S. 56", "540 U.S. 566", "42 U.S.C. § 1983", "720 ILCS 5/11-9.3", "720 ILCS 5/11-9.3(b-10)"]
    tokens = [index_token(key) for key in keys]
    assert len(set(tokens)) == len(keys)
    assert all(token == token.lower() and " " not in token and "," not in token for token in tokens)


def test_empty_text_has_no_citations() -> None:
    assert find_citations("") == citations_in_query("") == find_citations_in_pages([]) == []
    assert find_citations_in_pages(["", ""]) == []


def test_citation_is_a_frozen_value() -> None:
    citation = Citation("540 U.S. 56", "case", "540 US 56", 0, 9)
    with pytest.raises(AttributeError):
        citation.key = "other"  # type: ignore[misc]


def pdf_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture(scope="module")
def supreme_court_opinion(realdocs: Path) -> list[str]:
    return pdf_pages(realdocs / "courtdocs" / "vector-pdf.pdf")


def test_real_supreme_court_opinion_yields_us_reports_cites(supreme_court_opinion: list[str]) -> None:
    found = find_citations_in_pages(supreme_court_opinion)
    keys = {citation.key for _, citation in found}
    assert {"540 U.S. 56", "501 U.S. 221", "656 F.3d 1222"} <= keys
    assert not any("App." in key for key in keys), "joint-appendix cites (1 App. 13) are not cases"
    assert not any("___" in key for key in keys), "blank-page cites (569 U. S. ___) name no one case"


def test_real_supreme_court_opinion_resolves_short_forms_across_pages(
    supreme_court_opinion: list[str],
) -> None:
    found = find_citations_in_pages(supreme_court_opinion)
    short_forms = {(page, c.key) for page, c in found if ", at" in c.text}
    assert (20, "501 U.S. 221") in short_forms
    assert all(supreme_court_opinion[page - 1][c.start : c.end] == c.text for page, c in found)


def test_real_north_carolina_opinion_yields_state_reporter_cites(realdocs: Path) -> None:
    found = find_citations_in_pages(pdf_pages(realdocs / "courtdocs" / "broken-mime.pdf"))
    keys = {citation.key for _, citation in found}
    assert {"366 N.C. 289", "236 N.C. App. 340", "140 S. Ct. 1575"} <= keys


def test_sections_listed_after_an_ilcs_cite_belong_to_the_same_chapter():
    keys = [c.key for c in find_citations("report weekly (730 ILCS 150/3(a) and 150/6); see 730 ILCS 150/2, 150/10.")]
    assert keys == ["730 ILCS 150/3(a)", "730 ILCS 150/6", "730 ILCS 150/2", "730 ILCS 150/10"]

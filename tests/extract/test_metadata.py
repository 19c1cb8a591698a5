"""Caption metadata on the real forms the parsers document: case name, court, numbers, date, type."""

from __future__ import annotations

import pytest

from search.dockets import docket_key, find_docket_numbers
from search.extract.caption import (
    case_name_from_caption,
    case_name_from_line,
    case_name_from_re_line,
    case_numbers_from_caption,
    court_from_caption,
    date_from_caption,
    display_case_name,
)
from search.extract.courts import court_by_citation, court_by_id, court_from_recap_name, tribunal_in
from search.extract.doctype import document_kind
from search.extract.headers import RunningText
from search.extract.metadata import build_metadata
from search.extract.stamps import parse_stamp
from search.fields import document_types
from search.models import CatalogEntry, Extraction, PageText
from search.records import build_record


@pytest.mark.parametrize(
    ("caption", "name"),
    [
        (
            "United States Court of Appeals\nFor the First Circuit\nNo. 20-1507\nCALVARY CHAPEL OF BANGOR,\n"
            "Plaintiff, Appellant,\nv.\nJANET T. MILLS, in her official capacity as Governor of the\n"
            "State of Maine,\nDefendant, Appellee.",
            "Calvary Chapel of Bangor v. Janet T. Mills",
        ),
        (
            "UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF NEW YORK\nD George Sweigert,\nPlaintiff,\n"
            "-against-\nJason Goodman,\n1:18-cv-08653 (VEC) (SDA)\nORDER\nDefendant.",
            "D George Sweigert v. Jason Goodman",
        ),
        (
            "In the Missouri Court of Appeals\nEastern District\nDIVISION THREE\nNICHOLE MARIE JAGELS,\nAppellant,\n"
            "vs.\nSTATE OF MISSOURI,\nRespondent.\n)\n)\nNo. ED108783",
            "Nichole Marie Jagels v. State of Missouri",
        ),
        (
            "CENTRAL DISTRICT OF CALIFORNIA\nCONSUMERINFO.COM, INC. dba\nEXPERIAN CONSUMER\nSERVICES,\nPlaintiff,\nv.\n"
            "ESTEBAN LEON; and DOES 1\nthrough 10, inclusive,\nDefendants.",
            "Consumerinfo.com, Inc. dba Experian Consumer Services v. Esteban Leon",
        ),
        (
            "Charles R. Goodwin Docket No. 2017-03-1235\nV. State File No. 80097-2017\n"
            "Morristown Driver's Services, Inc., et al.",
            "Charles R. Goodwin v. Morristown Driver's Services, Inc.",
        ),
        (  # the case number in the right-hand column splits "OF" from the name below it
            "IN THE UNITED STATES DISTRICT COURT\nEASTERN DISTRICT OF CALIFORNIA\n"
            "IN THE MATTER OF THE SEARCH OF CASE NO. 2:20-SW-908 DB\nMICHAEL ANTHONY BUTLER, JR., AS\n"
            "DESCRIBED IN ATTACHMENT A-4 ORDER REGARDING MOTION TO UNSEAL",
            "In the Matter of the Search of Michael Anthony Butler, Jr.",
        ),
        (
            "UNITED STATES COURT OF APPEALS\nFOR THE TENTH CIRCUIT\nIn re: RICHARD P. LIEBOWITZ No. 21-800\nORDER",
            "In re Richard P. Liebowitz",
        ),
        (
            "IN THE UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF ARIZONA\n"
            "IN RE: Bard IVC Filters Products No. MDL 15-02641-PHX-DGC\nLiability Litigation,\nSUGGESTION OF REMAND",
            "In re Bard IVC Filters Products Liability Litigation",
        ),
        (
            "No. 17-2400\nIN RE:\nJuly 13, 2017\n] Appeal from the United\nFEDEX GROUND PACKAGE SYSTEM,\n"
            "INC. EMPLOYMENT PRACTICES\nLITIGATION\nMICHAEL TOFAUTE, et al.,\nPlaintiffs-Appellants,\nv.\n"
            "FEDEX GROUND PACKAGE SYSTEM,\nINC.,\nDefendant-Appellant.",
            "In re Fedex Ground Package System, Inc. Employment Practices Litigation",
        ),
        (
            "The People of the State of New York,\nRespondent,\nv\nTeon Seymore, Appellant.",
            "People of the State of New York v. Teon Seymore",
        ),
        ("Case:\n01-24-00089-CV\nStyle:\nBinh Nguyen\nv.:\nJeana Tran and Truc Le, Individually and on behalf",
         "Binh Nguyen v. Jeana Tran and Truc Le"),
        ("Short Title: National Football League Manag v. National\nFootball League Playe\nDC Docket #: 17-cv-6761",
         "National Football League Manag v. National Football League Playe"),
    ],
)
def test_case_names_from_captions(caption, name):
    assert case_name_from_caption(caption) == name


def test_case_names_from_letters_and_single_lines():
    assert case_name_from_re_line("Dear Judge:\nRe: United States v. Parnas, et. al., 19-cr-725 (JPO)") == (
        "United States v. Parnas"
    )
    assert case_name_from_re_line("Re: Case No. 17-3994, Island Creek Coal Company v. Linda Hill, et al") == (
        "Island Creek Coal Company v. Linda Hill"
    )
    assert case_name_from_line("Title JBF INTERLUDE 2009 LTD, ET AL. v. QUIBI HOLDINGS LLC, ET AL.") == (
        "JBF Interlude 2009 LTD v. Quibi Holdings LLC"
    )
    assert case_name_from_line("See United States v. Detroit Timber & Lumber Co., 200 U. S. 321, 337.") == ""
    assert display_case_name("TARRANT REGIONAL WATER DISTRICT v. HERRMANN ET AL.") == (
        "Tarrant Regional Water District v. Herrmann"
    )


@pytest.mark.parametrize(
    ("caption", "court"),
    [
        ("United States Bankruptcy Court for the:\nDISTRICT OF OREGON",
         "U.S. Bankruptcy Court for the District of Oregon"),
        ("In the\nIndiana Supreme Court\nNo. 49S00-0308-DP-392", "Supreme Court of Indiana"),
        ("STATE OF ILLINOIS\nIN THE CIRCUIT COURT OF THE 17TH JUDICIAL CIRCUIT\nWINNEBAGO COUNTY",
         "Circuit Court of Winnebago County"),
        ("The Honorable J. Paul Oetken\nUnited States District Judge\nSouthern District of New York",
         "U.S. District Court for the Southern District of New York"),
        ("TENNESSEE BUREAU OF WORKERS' COMPENSATION\nWORKERS' COMPENSATION APPEALS BOARD",
         "Tennessee Workers' Compensation Appeals Board"),
        ("UNITED STATES FOREIGN INTELLIGENCE SURVEILLANCE COURT\nWASHINGTON, D.C.",
         "United States Foreign Intelligence Surveillance Court"),
        ("UNITED STATES TAX COURT\nPETITIONER v. COMMISSIONER", "United States Tax Court"),
        ("IN THE COURT OF CRIMINAL APPEALS OF TEXAS\nNO. PD-0123-19", "Court of Criminal Appeals of Texas"),
        ("Supreme Court of the State of New York, Appellate Division, Second Judicial Department",
         "New York Supreme Court, Appellate Division, Second Department"),
        # A court named only in the posture line is the court below, not this one.
        ("CERTIORARI TO THE UNITED STATES COURT OF APPEALS FOR\nTHE TENTH CIRCUIT", ""),
        ("Appeal from the Circuit Court of\nSt. Charles County, Missouri", ""),
    ],
)
def test_courts_from_captions(caption, court):
    assert court_from_caption(caption) == court


def test_courts_db_gives_one_name_per_court():
    assert court_by_id("ilnd").name == "U.S. District Court for the Northern District of Illinois"
    assert court_by_id("orb").name == "U.S. Bankruptcy Court for the District of Oregon"
    assert court_by_id("ca3").name == "U.S. Court of Appeals for the Third Circuit"
    assert court_by_citation("C.D. Cal.").court_id == "cacd"
    assert court_by_citation("Cal.") is None  # a bare state in a "Re:" line is not a court
    assert court_from_recap_name("x/gov.uscourts.cacb.1877172.1262.3.pdf").name == (
        "U.S. Bankruptcy Court for the Central District of California"
    )
    assert tribunal_in("Pub Service: www.txcourts.gov/1stcoa").name == "Texas First Court of Appeals"
    assert parse_stamp("Case 1:21-cv-01061-KLM Document 1 Filed 04/16/21 USDC Colorado Page 1 of 16").court == (
        "U.S. District Court for the District of Colorado"
    )


@pytest.mark.parametrize(
    ("caption", "numbers"),
    [
        ("UNITED STATES DISTRICT COURT\nCASE NO.: C 08-02214 SBA", ["C 08-02214 SBA"]),
        ("No. 11–889. Argued April 23, 2013—Decided June 13, 2013", ["11–889"]),
        ("Case No. 2:20-CV-02299-CAS (SKx) Date July 9, 2021\n2:20-CV-02250-CAS (SKx)",
         ["2:20-CV-02299-CAS (SKx)", "2:20-CV-02250-CAS (SKx)"]),
        ("CASE NOS. 20-55436, 20-55662", ["20-55436", "20-55662"]),
        ("Decided on April 1, 2026\n2020-09425, (Index No. 707503/15)", ["2020-09425", "707503/15"]),
        ("Misc. 13-08\nOPINION", ["13-08"]),
        ("Case: 21-1298 Document: 42\nNo..21-1298", ["21-1298"]),
        ("NICHOLE MARIE JAGELS, ) No. ED108783\nAppeal from the Circuit Court of\nSt. Charles County\nNo. 1711-CC00064",
         ["ED108783"]),
        ("APPEAL FROM THE ELKHART CIRCUIT COURT\nThe Honorable Gene R. Duffin\nCause No. 20C01-9712-CF-00066", []),
        ("DONALD W. CARLSON [Bar No. 79258]\nTelephone: 415-391-3911", []),
        ("Form I-821\nOMB No. 1615-0043\nExpires 08/31/2025", []),
        ("OTIS A. DANIEL,\nPlaintiff, 13 Civ. 4384 (PAE)\n-V-", ["13 Civ. 4384 (PAE)"]),
    ],
)
def test_case_numbers_from_captions(caption, numbers):
    assert case_numbers_from_caption(caption) == numbers


def test_new_docket_forms_key_like_the_ecf_stamp():
    assert [d.key for d in find_docket_numbers("No. C 04-0098 SI")] == [docket_key("3:04-cv-00098-SI")] == ["04-cv-98"]


@pytest.mark.parametrize(
    ("caption", "iso"),
    [
        ("FILED\nJul 31, 2019\n03:11 PM(CT)\nTENNESSEE", "2019-07-31"),
        ("Case:\n01-24-00089-CV\nDate Filed:\n02/02/2024", "2024-02-02"),
        ("Appellate Division, Second Department\nDecided on April 1, 2026", "2026-04-01"),
        ("Date: 20161130 Location: WASHINGTON D.C.", "2016-11-30"),
        ("Case No. 2:20-CV-02299-CAS (SKx) Date July 9, 2021\nThe Court has read the order dated December 30, 2020, "
         "filed August 2, 2021.", "2021-07-09"),
        ("In the\nIndiana Supreme Court\nMay 4, 2005\nDickson, Justice.", "2005-05-04"),
    ],
)
def test_dates_from_captions(caption, iso):
    assert date_from_caption(caption) == iso


def test_a_printed_date_wins_over_the_scanners_creation_date():
    found = build_metadata("FILED\nJul 31, 2019\nTENNESSEE", RunningText(), file_date="2020-09-10")
    assert found["date"] == "2019-07-31"
    assert found["provenance"]["date"] == "stamp"


@pytest.mark.parametrize(
    ("page", "doc_type"),
    [
        ("UNITED STATES COURT OF APPEALS FOR THE FOURTH CIRCUIT\nAPPEARANCE OF COUNSEL FORM\n"
         "[ ]appellant(s) [ ]appellee(s) [ ]amicus curiae", "form"),
        ("FORM 8. Entry of Appearance\nI am, or the party I represent is (select one):\nAmicus curiae Cross Appellant",
         "form"),
        ("BRIEF OF AMICI CURIAE THE CHICAGO 400 ALLIANCE IN SUPPORT OF APPELLANTS", "amicus brief"),
        ("MOTION TO STAY PROCEEDINGS PENDING DECISION\nAND\nALTERNATIVE MOTION FOR 30-DAY EXTENSION OF TIME TO FILE\n"
         "ANSWERING BRIEF", "motion"),
        ("ORDER GRANTING\nCONSUMERINFO.COM, INC. dba\nEXPERIAN CONSUMER SERVICES' APPLICATION FOR A\n"
         "PRELIMINARY INJUNCTION", "order"),
        ("ORDER AND JUDGMENT*", "judgment"),
        ("MEMORANDUM OPINION AND ORDER", "opinion"),
        ("In the\nIndiana Supreme Court\nOn Petition For Rehearing\nMay 4, 2005\nDickson, Justice.\nThe appellee seeks",
         "opinion"),
        ("Before\nHoward, Chief Judge,\nSelya and Barron, Circuit Judges.\nStephen Crampton for amici curiae.",
         "opinion"),
        ("May 20, 2021\nRe: United States v. Parnas, 19-cr-725 (JPO)\nDear Judge Oetken:\nI write", "letter"),
        ("DOCKETING NOTICE\nA notice of appeal filed by ...", "notice"),
        ("Voluntary Petition for Individuals Filing for Bankruptcy", "petition"),
        ("Exemption from e-filing\n(Appellate Court)\nInstructions", "instructions"),
        ("Applicant's Full Legal Name: {{ users[i] }}", "form"),
    ],
)
def test_type_from_caption_and_heading(page, doc_type):
    kind = document_kind(page)
    assert kind is not None and kind.doc_type == doc_type
    assert doc_type in document_types()


def test_a_record_says_where_each_field_came_from():
    page = (
        "United States Court of Appeals\nFor the Seventh Circuit\nJuly 13, 2017\nNo. 17-2400\n"
        "MICHAEL TOFAUTE,\nPlaintiff-Appellant,\nv.\nFEDEX GROUND PACKAGE SYSTEM, INC.,\nDefendant-Appellee.\nO R D E R"
    )
    stamp = parse_stamp("Case: 17-2400 Document: 3 Filed: 07/13/2017 Pages: 1")
    metadata = build_metadata(page, RunningText(stamps=[stamp]), file_title="PrintServer", file_date="2017-07-14")
    record = build_record("ca7.pdf", "0" * 64, Extraction("ca7.pdf", [PageText(1, page)], metadata), None)
    assert record.title == "Michael Tofaute v. Fedex Ground Package System, Inc. — order"
    assert (record.court, record.case_number, record.date) == (
        "U.S. Court of Appeals for the Seventh Circuit", "17-2400", "2017-07-13",
    )
    assert record.provenance == {
        "case_name": "caption", "doc_type": "heading", "title": "derived", "date": "stamp",
        "court": "caption", "case_number": "stamp",
    }
    entry = CatalogEntry(file="ca7.pdf", title="Tofaute consolidation order", doc_type="order")
    cataloged = build_record("ca7.pdf", "0" * 64, Extraction("ca7.pdf", [PageText(1, page)], metadata), entry)
    assert cataloged.title == "Tofaute consolidation order"
    assert cataloged.provenance["title"] == cataloged.provenance["doc_type"] == "catalog"


def test_titles_are_never_boilerplate():
    page = "OFFICE OF THE CLERK\nUNITED STATES COURT OF APPEALS\nPRECEDENTIAL\nTENNESSEE\nNGSP Plan Analysis\nFund Name"
    assert build_metadata(page, RunningText())["title"] == "NGSP Plan Analysis"


@pytest.mark.parametrize(
    ("page", "heading", "title"),
    [
        ("40 4) FINANCIAL DISCLOSURE REPORT Report Required by the Ethics\nRew N02 in Government Act of 1878",
         "40 4) FINANCIAL DISCLOSURE REPORT Report Required by the Ethics", "FINANCIAL DISCLOSURE REPORT"),
        ("ORDER GRANTING MOTION TO DISMISS\nThe motion is granted.", "ORDER GRANTING MOTION TO DISMISS",
         "ORDER GRANTING MOTION TO DISMISS"),
        ("Annual Report 2018\nJudiciary Branch Personnel", "Annual Report 2018", "Annual Report 2018"),
    ],
)
def test_a_heading_that_runs_on_into_a_side_note_keeps_its_capitals(page, heading, title):
    from search.extract.doctype import heading_title

    assert heading_title(page, heading) == title


def test_a_cover_heading_is_completed_by_the_form_name_printed_below_it():
    """JEF's disclosure report opens "Annual Report 2018": the document is the AO Form 10 report."""
    page = "Annual Report 2018\nJudiciary Branch Personnel\nFinancial Disclosure Report (AO Form 10)\nFiler's Info"
    title = build_metadata(page, RunningText())["title"]
    assert title == "Annual Report 2018 — Financial Disclosure Report (AO Form 10)"


def test_a_merge_template_is_titled_by_its_file_name_not_by_a_section_heading():
    """A docassemble template's first printed line ("Eligibility Results") is one section of a
    form still to be filled in; the author named the form in its file name."""
    page = (
        "Applicant's Full Legal Name: {{ users[i] }}\nName of Reviewer: {{ preparer }}\n"
        "Eligibility Results\n{% if status == \"approved\" %}\n[X] Applicant eligible\n{% endif %}"
    )
    metadata = build_metadata(page, RunningText())
    assert "title" not in metadata
    record = build_record("ilao/TPS_legal_screener.docx", "0" * 64,
                          Extraction("ilao/TPS_legal_screener.docx", [PageText(1, page)], metadata), None)
    assert (record.title, record.provenance["title"]) == ("TPS legal screener", "file-name")
    # A brief that quotes one template tag is not a template: its heading stays its title.
    assert build_metadata("MOTION TO COMPEL\nThe form read {{ name }}.", RunningText())["title"] == "MOTION TO COMPEL"


def test_a_bankruptcy_petition_is_named_by_its_debtor_on_a_later_schedule():
    """Official Form 101 leaves the debtor's name to a filled field the text layer may not
    hold; the schedules after it print "Debtor 1 <name>" or the name above its label."""
    first = "United States Bankruptcy Court for the:\nCase number (if known)\nVoluntary Petition for Individuals"
    schedule = "(Spouse if, filing)\nRichard S Barreras, Jr.\nFirst Name Middle Name\nKerrie M Barreras\nFirst Name"
    expenses = "Debtor 1 Richard S Barreras, Jr. Debtor 2 Kerrie M Barreras (Spouse, if filing)"
    for later in ((schedule,), (expenses,), ("OO Debtor 1 only\nHH Debtor 2 only", expenses)):
        assert build_metadata(first, RunningText(), later_pages=later)["case_name"] == "In re Richard S Barreras, Jr."
    # Elsewhere a later page's names are not the caption's: a brief's exhibit list stays unread.
    brief = build_metadata("MOTION TO COMPEL", RunningText(), later_pages=(expenses,))
    assert "case_name" not in brief


def test_a_docx_page_header_is_read_as_a_running_head(tmp_path):
    """The Naval Discharge Review Board prints its docket number only in the page header."""
    import docx

    from search.extract.office import extract_docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Docket No. MD17-00012"
    document.add_paragraph("DISCHARGE REVIEW DECISIONAL DOCUMENT")
    document.add_paragraph("Application Received: 20161018")
    document.save(tmp_path / "decision.docx")
    extraction = extract_docx(tmp_path / "decision.docx", rel_path="decision.docx")
    assert extraction.metadata["case_number"] == "MD17-00012"
    assert "MD17-00012" not in extraction.pages[0].text  # a running head, as on a PDF's pages

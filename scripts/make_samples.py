"""Write the sample documents in ``corpus/samples/`` so the first run shows something real.

    .venv/bin/python scripts/make_samples.py            # rewrites corpus/samples/
    .venv/bin/python scripts/make_samples.py --out DIR  # writes somewhere else

Every sample is fictional ("written for this demo"), says so on every page, and cites
only real law, described accurately. Each page of each PDF says something the other
pages do not, so that a search can be judged on whether it finds *the page*.

The output is deterministic: the PDF creation date, the DOCX core properties and the
DOCX zip timestamps are fixed, so running the script twice gives the same bytes with the
same library versions. fpdf2's core fonts are latin-1 only: the text stays ASCII plus "§"
(the Spanish guide, latin-1: "á", "ñ", "¿").
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path

from fpdf import FPDF

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = PROJECT_ROOT / "corpus" / "samples"
DISCLAIMER = "Sample document written for this demo - not a court record, not legal advice."
DISCLAIMER_ES = "Documento de muestra escrito para esta demostración: no es un documento judicial ni asesoría legal."
AUTHOR = "Chicago 400 Alliance search demo (sample)"

# A page is a list of blocks; each block is (kind, content):
#   ("title", str)       large bold centred line(s)
#   ("center", str)      centred line(s)
#   ("h1", str)          bold heading
#   ("h2", str)          bold-italic subheading
#   ("p", str)           paragraph
#   ("list", [str])      dashed list
#   ("rows", [(a, b)])   one line each: text left, page number or case number right
#   ("fields", [(a, b)]) memo header: bold label, then a value that may wrap
#   ("gap", float)       vertical space in mm
Block = tuple[str, object]
Page = list[Block]


@dataclass(frozen=True)
class PdfSample:
    file: str
    title: str
    subject: str
    date: date
    font: str
    pages: list[Page]
    #: "es": a Spanish sample (latin-1 text, Spanish footer above the English disclaimer).
    language: str = "en"


# --------------------------------------------------------------------------------------
# 1. Amicus brief, Vasquez v. Foxx (7th Cir.), 2017: before the 2018 decision, so it
#    argues the appeal and never cites the outcome.
# --------------------------------------------------------------------------------------
BRIEF_PAGES: list[Page] = [
    [
        ("center", "No. 17-1061"),
        ("gap", 6),
        ("title", "IN THE UNITED STATES COURT OF APPEALS\nFOR THE SEVENTH CIRCUIT"),
        ("gap", 8),
        ("center", "JOSHUA VASQUEZ, et al.,\nPlaintiffs-Appellants,"),
        ("gap", 3),
        ("center", "v."),
        ("gap", 3),
        ("center", "KIMBERLY M. FOXX, et al.,\nDefendants-Appellees."),
        ("gap", 6),
        (
            "center",
            "On Appeal from the United States District Court\nfor the Northern District of Illinois, "
            "Eastern Division\nNo. 16-cv-8854",
        ),
        ("gap", 8),
        (
            "title",
            "BRIEF OF AMICI CURIAE HOUSING AND REENTRY ADVOCATES\nIN SUPPORT OF PLAINTIFFS-APPELLANTS "
            "AND REVERSAL",
        ),
        ("gap", 8),
        (
            "p",
            "This is a sample brief written to demonstrate a document search engine. The amici named in it "
            "are generic and fictional, no such brief was filed by them, and the text is not the brief of "
            "any party or amicus in the real appeal.",
        ),
        ("gap", 6),
        ("center", "Sample Counsel for Amici Curiae\nSample Legal Clinic\nChicago, Illinois"),
        ("gap", 4),
        ("center", "Dated: April 24, 2017"),
    ],
    [
        ("h1", "TABLE OF CONTENTS"),
        (
            "rows",
            [
                ("Table of Authorities", "2"),
                ("Interest of Amici Curiae", "3"),
                ("Summary of Argument", "3"),
                ("Argument", "4"),
                ("I. The amendment reaches day-care homes that no one can see from the street", "4"),
                ("II. A residency restriction that forces people out of their homes is punishment", "5"),
                ("III. In Chicago the restriction produces homelessness, not safety", "6"),
                ("Conclusion", "7"),
                ("Certificate of Compliance and Certificate of Service", "7"),
            ],
        ),
        ("gap", 6),
        ("h1", "TABLE OF AUTHORITIES"),
        ("h2", "Cases"),
        (
            "rows",
            [
                ("Does #1-5 v. Snyder, 834 F.3d 696 (6th Cir. 2016)", "5"),
                ("Kennedy v. Mendoza-Martinez, 372 U.S. 144 (1963)", "5"),
                ("Smith v. Doe, 538 U.S. 84 (2003)", "5"),
            ],
        ),
        ("h2", "Statutes"),
        (
            "rows",
            [
                ("42 U.S.C. § 1983", "3"),
                ("720 ILCS 5/11-9.3(b-5)", "3"),
                ("720 ILCS 5/11-9.3(b-10)", "3, 4, 6"),
                ("730 ILCS 150/3", "6"),
                ("730 ILCS 150/6", "6"),
            ],
        ),
    ],
    [
        ("h1", "INTEREST OF AMICI CURIAE"),
        (
            "p",
            "Amici are Chicago housing providers, emergency shelter operators, reentry programs and legal "
            "aid advocates. Every week they meet people on the Illinois sex offense registry who have lost "
            "an apartment, a room with family, or a bed in a halfway house because an address that was "
            "lawful when they moved in became unlawful later. Amici submit this brief to describe what the "
            "statute does on the ground, which the parties' briefs cannot show from the record alone.",
        ),
        (
            "p",
            "All parties have consented to the filing of this brief. No party's counsel authored it in whole "
            "or in part, and no person other than amici contributed money to prepare or submit it.",
        ),
        ("h1", "SUMMARY OF ARGUMENT"),
        (
            "p",
            "Plaintiffs sued under 42 U.S.C. § 1983 to stop the application of 720 Ill. Comp. Stat. "
            "5/11-9.3(b-10) to them. Section 5/11-9.3 makes it a crime for a child sex offender to knowingly "
            "reside within 500 feet of a school, see subsection (b-5), or within 500 feet of a playground, a "
            "day care center, a day care home, a group day care home or a similar place serving children, "
            "see subsection (b-10).",
        ),
        (
            "p",
            "Plaintiffs were living lawfully in their homes when the legislature added day care homes and "
            "group day care homes to § 5/11-9.3(b-10). In August 2016 the Chicago Police Department told "
            "them they had to move because day care homes had opened within 500 feet. A law that "
            "evicts a person for a conviction entered years before the law existed punishes that person "
            "again, and the Ex Post Facto Clause forbids it.",
        ),
    ],
    [
        ("h1", "ARGUMENT"),
        ("h2", "I. The amendment reaches day-care homes that no one can see from the street."),
        (
            "p",
            "A day care center usually occupies a commercial building with a sign out front. A licensed day "
            "care home is different: it is a private house or apartment in which a provider looks after a "
            "small number of children. There is no sign on the door, and from the sidewalk it looks like "
            "every other home on the block.",
        ),
        (
            "p",
            "Because a day care home can open, close or move whenever a provider chooses, a registrant who "
            "complies with the statute today can be out of compliance tomorrow without moving an inch. The "
            "registrant does nothing; a neighbor applies for a license, and the registrant's lease becomes "
            "a crime scene.",
        ),
        (
            "p",
            "Amici's case workers have tried to check addresses against every licensed home within a "
            "500-foot radius before a client signs a lease. The check has to be repeated every month, it "
            "cannot account for homes licensed after the lease is signed, and a mistake is paid for with an "
            "arrest. No renter can plan a life around a boundary that moves on its own.",
        ),
    ],
    [
        ("h2", "II. A residency restriction that forces people out of their homes is punishment."),
        (
            "p",
            "Whether a law labelled civil is punitive in effect is judged by the factors collected in "
            "Kennedy v. Mendoza-Martinez, 372 U.S. 144 (1963): among them, whether the law imposes an "
            "affirmative disability or restraint, whether it has historically been regarded as punishment, "
            "and whether it is excessive in relation to its non-punitive purpose.",
        ),
        (
            "p",
            "Smith v. Doe, 538 U.S. 84 (2003), upheld Alaska's registration statute as non-punitive. The "
            "Court stressed that the Alaska law imposed no physical restraint and left registrants free to "
            "move where they wished and to live and work as other citizens. A residency restriction does the "
            "opposite: it tells a person where he may not sleep.",
        ),
        (
            "p",
            "The Sixth Circuit drew exactly that line in Does #1-5 v. Snyder, 834 F.3d 696 (6th Cir. 2016). "
            "It held that Michigan's amendments to its registration law, including zones around schools in "
            "which registrants could not live, work or loiter, imposed punishment and could not be applied "
            "retroactively. The court observed that such geographic exclusion resembles, though it is not "
            "identical to, the traditional punishment of banishment.",
        ),
    ],
    [
        ("h2", "III. In Chicago the restriction produces homelessness, not safety."),
        (
            "p",
            "In a dense city, overlapping 500-foot circles around schools, playgrounds, day care centers and "
            "day care homes cover much of many neighborhoods. Most emergency shelters sit inside one of "
            "those circles, so a registrant who loses housing often cannot lawfully sleep in a shelter "
            "either.",
        ),
        (
            "p",
            "The Sex Offender Registration Act then adds its own burden. A registrant must register with the "
            "chief of police where he lives, 730 ILCS 150/3, and a person who lacks a fixed residence must "
            "report weekly in person, see 730 ILCS 150/3(a) and 150/6. The people amici serve end up listed "
            "as having no fixed address, spending a day each week waiting to report and sleeping on trains "
            "or in emergency rooms.",
        ),
        (
            "p",
            "Homelessness makes supervision harder, not easier: people without stable housing lose jobs, "
            "miss treatment and drop out of contact with the case workers who help them stay safe. Victim "
            "advocates among amici's partners agree that stable housing, not banishment, is what protects "
            "the public.",
        ),
    ],
    [
        ("h1", "CONCLUSION"),
        (
            "p",
            "Applied to people whose convictions predate the amendment, § 5/11-9.3(b-10) operates as "
            "retroactive punishment. The judgment of the district court should be reversed.",
        ),
        ("p", "Respectfully submitted,\nSample Counsel for Amici Curiae"),
        ("gap", 4),
        ("h1", "CERTIFICATE OF COMPLIANCE"),
        (
            "p",
            "This sample brief complies with the type-volume limitation for amicus briefs because it "
            "contains fewer than 7,000 words, excluding the parts of the brief exempted by the rules. It has "
            "been prepared in a proportionally spaced typeface.",
        ),
        ("h1", "CERTIFICATE OF SERVICE"),
        (
            "p",
            "Counsel certifies that on April 24, 2017 the foregoing brief would be filed with the Clerk "
            "of the Court through the CM/ECF system, which sends notice to all counsel of record. (In this "
            "sample nothing was filed or served.)",
        ),
    ],
]

# --------------------------------------------------------------------------------------
# 2. Permanent injunction order modeled on Murphy v. Raoul, No. 16 C 11471 (N.D. Ill.)
# --------------------------------------------------------------------------------------
ORDER_PAGES: list[Page] = [
    [
        ("title", "UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF ILLINOIS\nEASTERN DIVISION"),
        ("gap", 6),
        (
            "rows",
            [
                ("MURPHY, et al., on behalf of themselves and a class,", ""),
                ("Plaintiffs,", "Case No. 16 C 11471"),
                ("v.", ""),
                ("RAOUL, et al.,", ""),
                ("Defendants.", ""),
            ],
        ),
        ("gap", 6),
        ("title", "PERMANENT INJUNCTION ORDER (SAMPLE)"),
        ("gap", 4),
        (
            "p",
            "SAMPLE NOTICE: This document illustrates the form of a permanent injunction order. It is "
            "modeled on Murphy v. Raoul, No. 16 C 11471 (N.D. Ill.), in which a permanent injunction was "
            "entered in 2020, but it is not the text of that order or of any order entered in that case. Its "
            "numbered provisions are illustrative only.",
        ),
        (
            "p",
            "Plaintiffs represent a class of people sentenced after a sex offense conviction to a term of "
            "mandatory supervised release (MSR) who were kept in the custody of the Illinois Department of "
            "Corrections (IDOC) after their scheduled release dates because they could not find a host site "
            "approved for MSR. Their MSR terms are indeterminate, from three years to natural life. The "
            "defendants are the Attorney General of Illinois, Kwame Raoul, and the Director of IDOC.",
        ),
        (
            "p",
            "For the reasons stated in the Court's earlier ruling on liability, and having considered the "
            "parties' submissions on remedy, the Court enters the following permanent injunction.",
        ),
    ],
    [
        ("h1", "I. BACKGROUND AND THE COURT'S RULING ON LIABILITY"),
        (
            "p",
            "In Murphy v. Raoul, 380 F. Supp. 3d 731 (N.D. Ill. 2019), the Court held that keeping class "
            "members in prison past their release dates because they could not find an approved host site "
            "violated the Equal Protection Clause and the Eighth Amendment.",
        ),
        (
            "p",
            'The practice at issue is known as being "violated at the door." On the day a person is due to '
            "leave prison on MSR, no approved host site exists, so the person is treated as having violated "
            "supervised release at the prison door and remains in custody. For many class members the cycle "
            "repeated for months or years, although no new offense had been charged.",
        ),
        (
            "p",
            "Proposed host sites are rejected for many reasons, including the residency restrictions that "
            "bar a child sex offender from living within 500 feet of a school, playground or day care, the "
            "presence of children in the household, and landlords who refuse to rent to people on the "
            "registry. Class members without money or family able to offer a compliant address had, in "
            "practice, no way out.",
        ),
        (
            "p",
            "This sample order summarizes that ruling only in general terms; readers should consult the "
            "published opinion for the Court's actual reasoning.",
        ),
    ],
    [
        ("h1", "II. DEFINITIONS"),
        ("p", "The following definitions apply throughout this order."),
        (
            "list",
            [
                '"Department" means the Illinois Department of Corrections (IDOC), its Director, and all '
                "persons acting in concert with them.",
                '"Class Member" means any person in Department custody who has been sentenced to a term of '
                "mandatory supervised release and who is held, or may be held, past the projected release "
                "date because no host site has been approved.",
                '"Host Site" means a residence, transitional housing program, halfway house or other '
                "placement proposed for a Class Member to live in while on MSR.",
                '"Projected Release Date" means the date on which a Class Member would be released to MSR '
                "if an approved Host Site existed, as calculated from the sentence and credits earned.",
                '"Class Counsel" means the attorneys appointed by the Court to represent the class.',
            ],
        ),
        (
            "p",
            'A Host Site is "approved" when the Department has investigated it and found that it complies '
            "with the conditions of release and with state law, including any residency restriction that "
            "applies to the Class Member.",
        ),
    ],
    [
        ("h1", "III. INJUNCTIVE RELIEF (ILLUSTRATIVE PROVISIONS)"),
        (
            "p",
            "1. Early investigation. The Department shall begin identifying and investigating potential Host "
            "Sites for each Class Member no later than a set number of days before the Projected Release "
            "Date, and shall not wait until the release date to begin.",
        ),
        (
            "p",
            "2. Housing resources. The Department shall maintain a list of transitional housing programs, "
            "halfway houses and other placements willing to accept Class Members, and shall share it with "
            "each Class Member and with Class Counsel.",
        ),
        (
            "p",
            "3. Written reasons. When a proposed Host Site is denied, the Department shall give the Class "
            "Member a written statement of the reason, including, where a residency restriction is the "
            "reason, the school, day care or other place found to be within 500 feet.",
        ),
        (
            "p",
            "4. No detention for poverty. The Department shall not continue to hold a Class Member past the "
            "Projected Release Date solely because the Class Member cannot afford to pay for a compliant "
            "Host Site.",
        ),
        (
            "p",
            "5. Assistance. The Department shall assign staff to help each Class Member locate and propose "
            "Host Sites, including by contacting family members and housing providers on the Class "
            "Member's behalf.",
        ),
    ],
    [
        ("h1", "IV. REPORTING AND MONITORING"),
        (
            "p",
            "6. Quarterly reports. Every three months the Department shall report to Class Counsel, for the "
            "preceding quarter: the number of Class Members held past their Projected Release Dates; how "
            "long each was held past that date; the number of Host Sites proposed, approved and denied; and "
            "the reasons for each denial, counted by category.",
        ),
        (
            "p",
            "7. Individual notice. Within a short period after a Class Member passes the Projected Release "
            "Date without release, the Department shall notify Class Counsel of the Class Member's name, "
            "facility and the Host Sites under consideration.",
        ),
        (
            "p",
            "8. Meet and confer. Class Counsel and the Department shall meet at least twice a year to review "
            "the reports. Disputes about compliance that the parties cannot resolve shall be presented to "
            "the Court by motion.",
        ),
        (
            "p",
            "9. Records. The Department shall keep the data underlying each report for the life of this "
            "order and shall produce it to Class Counsel on reasonable request.",
        ),
    ],
    [
        ("h1", "V. NOTICE, DURATION AND JURISDICTION"),
        (
            "p",
            "10. Notice to the class. Within thirty days the Department shall post a plain-language notice "
            "of this order in every facility that houses Class Members and shall give a copy to each Class "
            "Member at the facility's next regular count.",
        ),
        (
            "p",
            "11. Duration. This injunction remains in effect until further order of the Court. Either party "
            "may move to modify or dissolve it on a showing of changed circumstances.",
        ),
        (
            "p",
            "12. Jurisdiction. The Court retains jurisdiction to enforce, interpret and modify this order.",
        ),
        ("gap", 8),
        ("p", "ENTERED: June 15, 2020 (a sample date, not the date of any real order)"),
        ("gap", 6),
        ("p", "______________________________\nUnited States District Judge\n(name omitted in this sample)"),
    ],
]

# --------------------------------------------------------------------------------------
# 3. Memo to the Mayor of Chicago asking for an audit of CPD's use of the registry, 2021
# --------------------------------------------------------------------------------------
MEMO_PAGES: list[Page] = [
    [
        ("title", "MEMORANDUM"),
        ("gap", 4),
        (
            "fields",
            [
                ("TO:", "Office of the Mayor, City of Chicago"),
                ("FROM:", "Victim, homeless and criminal justice advocates, on behalf of the Chicago 400"),
                ("DATE:", "May 12, 2021"),
                (
                    "RE:",
                    "Request for an audit of the Chicago Police Department's use of the sex offense registry",
                ),
            ],
        ),
        ("gap", 4),
        ("h1", "Purpose of this memo"),
        (
            "p",
            "We write to ask the Mayor to direct an independent audit of how the Chicago Police Department "
            "(CPD) runs the sex offense registration process in Chicago. Our request is narrow: we are not "
            "asking the City to stop enforcing state law. We are asking it to find out whether the way "
            "registration is carried out in Chicago helps public safety or undermines it.",
        ),
        (
            "p",
            "We write together as people who work with survivors of sexual violence, with people "
            "experiencing homelessness, and with people returning from prison. We do not always agree. We "
            "agree on this: a registration system that pushes hundreds of people onto the street makes no "
            "one safer.",
        ),
        (
            "p",
            "This memo is a sample written for a search-engine demo. Its signatories are generic, and it is "
            "not the alliance's actual memo to the Mayor.",
        ),
    ],
    [
        ("h1", "Who the Chicago 400 are"),
        (
            "p",
            '"The Chicago 400" is the name advocates use for the several hundred people on the registry in '
            "Chicago who are registered as homeless. Most of them are not homeless because they lack "
            "income or family. They are homeless because Illinois residency restrictions bar them from "
            "living within 500 feet of schools, playgrounds, day care centers and day care homes, and those "
            "buffer zones cover most of the places where they could afford to live.",
        ),
        (
            "p",
            "Advocates call the result banishment: a person may be released from prison to a city in which "
            "almost every available address is off limits. Family homes are lost when a day care home opens "
            "nearby. Shelters are off limits when they sit near a school.",
        ),
        (
            "p",
            "Speaking as victim advocates, we note that survivors are not protected by a law that makes the "
            "people who harmed others harder to find, harder to treat and harder to supervise. Stable "
            "housing is one of the strongest predictors of successful reentry.",
        ),
    ],
    [
        ("h1", "The registration process in Chicago"),
        (
            "p",
            "State law requires a registrant to register in person with the chief of police of the "
            "municipality where he or she resides, within three days of establishing a residence (730 ILCS "
            "150/3). In Chicago that means appearing in person at a CPD registration office, where the "
            "people we serve describe long lines and limited hours.",
        ),
        (
            "p",
            "Advocates have heard repeated accounts of people who arrived to register, waited for hours and "
            "were told to come back another day, and who then faced a failure-to-register charge for a "
            "deadline they had tried to meet. We do not know how often this happens. Neither, we believe, "
            "does the City, and that is the first reason for an audit.",
        ),
        (
            "p",
            "We ask the audit to measure: daily capacity of the registration office, how many people are "
            "turned away without being processed, whether anyone who is turned away receives written proof "
            "that they appeared, and whether such proof is honored when a charge is considered.",
        ),
    ],
    [
        ("h1", "People who register as homeless"),
        (
            "p",
            "A registrant who lacks a fixed residence must report weekly, in person, to the chief of police "
            "where he or she is located (730 ILCS 150/3(a) and 150/6). For a person sleeping outside, that "
            "weekly trip, the wait and the paperwork can consume a day of every week, which makes holding a "
            "job nearly impossible.",
        ),
        (
            "p",
            'The public registry lists many of these people with "no fixed address" or simply as homeless. '
            "We ask the audit to examine how CPD records where a person without a fixed residence actually "
            "stays, how often officers conduct address checks on people registered as homeless, and whether "
            "the locations recorded are accurate enough to serve any public safety purpose.",
        ),
        (
            "p",
            "We also ask whether CPD tells people that a shelter bed is unlawful for them, and on what "
            "basis. A person turned away from a shelter near a school has nowhere lawful left to go.",
        ),
    ],
    [
        ("h1", "What we ask the audit to answer"),
        (
            "list",
            [
                "How many people are registered in Chicago as homeless or with no fixed address, by month, "
                "and how long each has been listed that way.",
                "How many failure-to-register arrests CPD makes each year, and how many involve people who "
                "lack a fixed residence.",
                "How CPD decides whether an address is within 500 feet of a school, playground, day care "
                "center or day care home, which maps or lists it uses, and how often they are updated.",
                "How often officers tell registrants to move because a protected place is nearby, as "
                "happened to the plaintiffs in Vasquez v. Foxx, 895 F.3d 515 (7th Cir. 2018), after day care "
                "homes were added to the statute.",
                "What the registration process costs the City in officer hours, and what share of that time "
                "goes to weekly reporting by people without housing.",
            ],
        ),
        (
            "p",
            "Vasquez v. Foxx held that applying the amended 500-foot rule to people convicted before the "
            "amendment did not violate the Ex Post Facto Clause. The ruling settles what the state may "
            "require; it does not tell the City how to carry out registration well.",
        ),
    ],
    [
        ("h1", "Recommendations while the audit proceeds"),
        (
            "list",
            [
                "Give every person who comes to register a dated receipt, whether or not they are processed "
                "that day.",
                "Extend registration hours and add a second location so that weekly reporting does not "
                "consume a whole day.",
                "Work with the Department of Family and Support Services to identify shelter and housing "
                "options that comply with residency restrictions.",
                "Publish the audit's findings and the data behind them.",
            ],
        ),
        (
            "p",
            "We would welcome the chance to meet with your staff and with CPD leadership to discuss the "
            "scope of the audit. Our organizations can help the auditors reach registrants, survivors and "
            "service providers who would not otherwise be heard.",
        ),
        ("gap", 4),
        (
            "p",
            "Respectfully,\nVictim advocates, homeless advocates and criminal justice advocates\n"
            "on behalf of the Chicago 400 (sample signatories)",
        ),
    ],
]

# --------------------------------------------------------------------------------------
# 4. COVID-19 guidance: shelters, congregate settings and people on the registry, 2020
# --------------------------------------------------------------------------------------
COVID_PAGES: list[Page] = [
    [
        ("title", "COVID-19 GUIDANCE\nShelter, Housing and Reporting for People on the Registry"),
        ("gap", 3),
        ("center", "April 20, 2020 - sample guidance for advocates and service providers"),
        ("gap", 4),
        ("h1", "Why this guidance"),
        (
            "p",
            "COVID-19 spreads fastest where people sleep, eat and wait close together: shelters, jails, "
            "prisons, halfway houses and crowded waiting rooms. Public health advice to stay home assumes a "
            "person has a home. Many people on the sex offense registry in Chicago do not.",
        ),
        (
            "p",
            "This guidance explains, in plain language, why people on the registry face particular barriers "
            "during the pandemic and what advocates, shelter staff, outreach workers and volunteers can do. "
            "It is a sample written for a search-engine demo and does not replace advice from a lawyer or "
            "a public health authority.",
        ),
        ("h1", "Who is most at risk"),
        (
            "p",
            "People registered as homeless are often older, have chronic health conditions, and sleep in "
            "places where distancing is impossible. Those still in prison past their release dates are held "
            "in congregate settings where an outbreak can reach hundreds of people within days.",
        ),
    ],
    [
        ("h1", "Shelters near schools and day cares"),
        (
            "p",
            "Illinois law makes it a crime for a child sex offender to knowingly reside within 500 feet of a "
            "school, playground, day care center or day care home (720 ILCS 5/11-9.3(b-5) and (b-10)). "
            "Staying in a shelter can count as residing there. Most shelters in Chicago are within 500 feet "
            "of a school or a child care facility, so many registrants cannot lawfully take a shelter bed.",
        ),
        (
            "p",
            "During the pandemic this matters more than ever. When shelters thinned their beds for "
            "distancing and opened overflow sites, registrants were often the first turned away, and the "
            "overflow sites were not checked for buffer-zone compliance.",
        ),
        (
            "p",
            "What shelter staff can do: before turning a person away, check whether your building or a "
            "temporary site is actually within 500 feet of a protected place; keep a list of compliant "
            "sites; and refer people to outreach teams rather than simply closing the door.",
        ),
        (
            "p",
            "The Seventh Circuit has upheld applying the 500-foot rule, including its later extension to day "
            "care homes, to people convicted before the change. Vasquez v. Foxx, 895 F.3d 515 (7th Cir. "
            "2018). Advocates should therefore plan around the rule rather than expect courts to set it "
            "aside.",
        ),
    ],
    [
        ("h1", "Prisons, halfway houses and people held past release"),
        (
            "p",
            "People sentenced to mandatory supervised release (MSR, often called parole) must have an "
            "approved host site before they leave prison. Many people with sex offense convictions cannot "
            "find one, because family homes fall inside buffer zones and few halfway houses accept them. "
            'They stay inside, "violated at the door", after their release date has passed.',
        ),
        (
            "p",
            "In Murphy v. Raoul, 380 F. Supp. 3d 731 (N.D. Ill. 2019), the federal court in Chicago held "
            "that holding people past their release dates for lack of an approved host site violated equal "
            "protection and the Eighth Amendment. A pandemic makes every extra day in a crowded prison more "
            "dangerous.",
        ),
        (
            "p",
            "What advocates can do: identify compliant addresses early, help families understand host-site "
            "rules, and tell counsel for people held past release when a possible host site becomes "
            "available. Hotel rooms or other non-congregate placements proposed as host sites must still be "
            "approved by the Illinois Department of Corrections.",
        ),
    ],
    [
        ("h1", "Weekly reporting during the pandemic"),
        (
            "p",
            "People who lack a fixed residence must report weekly in person to the police (730 ILCS 150/3(a) "
            "and 150/6). Unless you have been told otherwise in writing, assume the pandemic has not "
            "suspended that duty, and ask the registering office about any temporary change. Missing a "
            "report can lead to a new charge.",
        ),
        ("p", "Practical steps for a registrant without a fixed address:"),
        (
            "list",
            [
                "Keep going to every weekly report unless a lawyer or the police tell you in writing that "
                "the rule has changed.",
                "Call ahead if you can, and write down the date, time and the name of anyone who tells you "
                "to come back later.",
                "If you are sick, get a note from a clinic or hospital and contact a lawyer the same day.",
                "Keep a face covering and hand sanitizer with you for the wait in line.",
            ],
        ),
        (
            "p",
            "Advocates can help by offering rides or transit cards for reporting days and by keeping copies "
            "of each person's receipts in case a report is later disputed.",
        ),
    ],
    [
        ("h1", "How advocates can help"),
        (
            "list",
            [
                "Ask the City and county to include people on the registry in hotel and other non-congregate "
                "shelter programs, at locations checked against the buffer zones.",
                "Map your own program sites: know which of your buildings are more than 500 feet from any "
                "school, park district playground, day care center or day care home.",
                "Give out phones and phone cards so that people can keep in touch with outreach workers, "
                "doctors and their lawyer without traveling.",
                "Bring food, water, soap and masks to places where registrants sleep outside.",
                "Connect people with testing and medical care in the same places.",
            ],
        ),
        (
            "p",
            "Victim advocates have joined this effort because an outbreak among people with no place to go "
            "harms everyone in the city, including survivors. Public health and public safety point in the "
            "same direction here: a stable, lawful place to sleep.",
        ),
    ],
    [
        ("h1", "Getting legal help and more information"),
        (
            "p",
            "Residency restrictions and registration duties are technical, and a small mistake can lead to "
            "arrest. Anyone unsure whether an address is lawful, or whether they must report, should talk "
            "to a lawyer before acting. Legal aid clinics and public defenders can often answer questions "
            "by phone while offices are closed.",
        ),
        (
            "p",
            "Useful terms when asking for help: registrant, registered as homeless, without a fixed "
            "residence, buffer zone, host site, mandatory supervised release.",
        ),
        ("h1", "Summary"),
        (
            "list",
            [
                "Many shelters are off limits to registrants because of the 500-foot rule.",
                "People held past their release dates are at high risk in prison.",
                "Weekly in-person reporting continues for people without a fixed address.",
                "Advocates can check sites, support reporting and push for non-congregate shelter.",
            ],
        ),
    ],
]

# --------------------------------------------------------------------------------------
# 5b. Spanish guide: residency restrictions explained in Spanish, for the families the
#     alliance serves who read Spanish first (issue 17). Cites the same real law.
# --------------------------------------------------------------------------------------
SPANISH_GUIDE_PAGES: list[Page] = [
    [
        ("title", "GUÍA SOBRE LAS RESTRICCIONES DE RESIDENCIA EN ILLINOIS"),
        ("center", "Para personas en el registro de ofensores sexuales y sus familias (muestra)"),
        ("gap", 4),
        ("h1", "1. ¿Dónde puedo vivir si estoy en el registro?"),
        ("p", "La ley de Illinois prohíbe que una persona condenada por un delito sexual contra un menor viva "
              "a sabiendas a menos de 500 pies de una escuela, un parque infantil, una guardería, un hogar de "
              "cuidado infantil o un centro para jóvenes (720 ILCS 5/11-9.3(b-5) y (b-10)). Esa distancia se "
              "llama a menudo zona de exclusión. La restricción depende del delito: no todas las personas "
              "registradas tienen las mismas prohibiciones."),
        ("p", "Antes de firmar un contrato de alquiler o de mudarse, pida a la policía o a su agente de "
              "libertad supervisada que confirme por escrito que la dirección está fuera de la zona. Si vive "
              "cerca de una escuela que abrió después de su mudanza, hable con un abogado antes de dejar la "
              "vivienda."),
        ("p", "Muchas familias descubren que casi toda la ciudad queda dentro de alguna zona: por eso los "
              "defensores hablan de destierro. Guarde una copia de cada respuesta que reciba."),
    ],
    [
        ("h1", "2. Inscribirse en el registro y reportarse"),
        ("p", "La Ley de Registro de Ofensores Sexuales de Illinois (730 ILCS 150) obliga a inscribirse en "
              "persona ante la policía del lugar donde uno vive, dentro de los plazos que fija la ley, y a "
              "informar cada cambio de domicilio, de empleo o de escuela."),
        ("p", "Quien no tiene domicilio fijo también debe registrarse. Una persona sin hogar debe reportarse "
              "cada semana, en persona, ante la policía del lugar donde se encuentra (730 ILCS 150/3(a) y "
              "150/6). Faltar a una sola cita puede llevar a un arresto por no registrarse."),
        ("p", "Pida siempre un recibo con fecha de cada visita. Si la oficina está cerrada o lo rechazan, "
              "anote la hora, el nombre del agente y lo que le dijeron, y avise a su abogado."),
    ],
    [
        ("h1", "3. Albergues, refugios y vivienda de transición"),
        ("p", "Dormir en un albergue puede contar como residir allí. Como muchos refugios de Chicago están "
              "cerca de escuelas o guarderías, a una persona registrada le pueden negar la entrada. Pida al "
              "albergue que mida la distancia en lugar de suponerla."),
        ("p", "Las personas que salen de prisión con libertad supervisada obligatoria necesitan un domicilio "
              "aprobado por el Departamento de Correcciones de Illinois (IDOC), el llamado sitio anfitrión. "
              "En Murphy v. Raoul, 380 F. Supp. 3d 731 (N.D. Ill. 2019), el tribunal decidió que mantener "
              "a personas en prisión después de su fecha de salida por falta de un sitio anfitrión violaba "
              "la igualdad ante la ley y la Octava Enmienda."),
        ("p", "Algunas casas de transición aceptan a personas registradas. Pregunte por ellas a su agente y a "
              "las organizaciones de reinserción."),
    ],
    [
        ("h1", "4. Guarderías nuevas y parques"),
        ("p", "Un hogar de cuidado infantil puede abrir en cualquier casa o apartamento. En Vasquez v. Foxx, "
              "895 F.3d 515 (7th Cir. 2018), el Séptimo Circuito decidió que aplicar la regla de los 500 pies, "
              "ampliada a los hogares de cuidado infantil, a personas condenadas antes de la reforma no es un "
              "castigo retroactivo. Si le ordenan mudarse porque abrió una guardería al lado, busque ayuda "
              "legal de inmediato."),
        ("p", "Otras leyes de Illinois limitan dónde pueden estar algunas personas registradas, por ejemplo "
              "en ciertos parques públicos (720 ILCS 5/11-9.4-1). No son restricciones de residencia y "
              "dependen de la condena: consulte a un abogado antes de visitar un parque con sus hijos."),
    ],
    [
        ("h1", "5. Ayuda legal y sus documentos"),
        ("p", "Las reglas son técnicas y las penas graves, pero la mayoría de las personas registradas no tiene "
              "abogado cuando termina su caso penal. Las organizaciones de asistencia legal gratuita, los "
              "defensores públicos y las clínicas de las facultades de derecho a veces pueden asesorarle."),
        ("list", [
            "Lleve sus papeles de registro y los recibos de cada visita a la policía.",
            "Lleve cualquier aviso escrito que le ordene mudarse o salir de un albergue.",
            "Anote las fechas y los nombres de las personas con quienes habló.",
        ]),
        ("p", "Esta guía no es asesoría legal. Cada caso es distinto: hable con un abogado sobre el suyo."),
    ],
]


PDF_SAMPLES: list[PdfSample] = [
    PdfSample(
        file="vasquez-v-foxx-amicus-brief-sample.pdf",
        title="Brief of amici curiae housing and reentry advocates, Vasquez v. Foxx (sample)",
        subject="Amicus brief supporting plaintiffs-appellants, 7th Cir.",
        date=date(2017, 4, 24),
        font="Times",
        pages=BRIEF_PAGES,
    ),
    PdfSample(
        file="murphy-v-raoul-injunction-order-sample.pdf",
        title="Permanent injunction order modeled on Murphy v. Raoul (sample)",
        subject="Illustrative permanent injunction, No. 16 C 11471 (N.D. Ill.)",
        date=date(2020, 6, 15),
        font="Times",
        pages=ORDER_PAGES,
    ),
    PdfSample(
        file="memo-to-mayor-registry-audit-sample.pdf",
        title="Memo to the Mayor of Chicago requesting an audit of CPD's use of the sex offense registry "
        "(sample)",
        subject="Registration process and people registered as homeless in Chicago",
        date=date(2021, 5, 12),
        font="Helvetica",
        pages=MEMO_PAGES,
    ),
    PdfSample(
        file="covid-19-shelter-guidance-sample.pdf",
        title="COVID-19 guidance on shelter, housing and reporting for people on the registry (sample)",
        subject="Shelters, congregate settings and how advocates can help",
        date=date(2020, 4, 20),
        font="Helvetica",
        pages=COVID_PAGES,
    ),
    PdfSample(
        file="guia-restricciones-de-residencia-sample.pdf",
        title="Guía sobre las restricciones de residencia en Illinois, muestra (sample)",
        subject="Restricciones de residencia, registro, albergues y ayuda legal, en español",
        date=date(2022, 2, 1),
        font="Helvetica",
        pages=SPANISH_GUIDE_PAGES,
        language="es",
    ),
]


# --------------------------------------------------------------------------------------
# 5. DOCX: catalogue of issues, one section per page (explicit page breaks)
# --------------------------------------------------------------------------------------
DOCX_FILE = "catalogue-of-issues-sample.docx"
DOCX_TITLE = "Catalogue of issues facing the Chicago 400 (sample)"
DOCX_DATE = datetime(2021, 9, 1, tzinfo=UTC)
DOCX_SECTIONS: list[tuple[str, list[str]]] = [
    (
        "1. Housing: banishment zones",
        [
            "Illinois bars a child sex offender from living within 500 feet of a school, playground, day "
            "care center or day care home. In Chicago these buffer zones overlap so thickly that whole "
            "blocks of affordable housing are off limits.",
            "Issue: families who want to take a relative home after prison discover that their own apartment "
            "is inside a zone. The relative registers as homeless instead.",
            "Issue: landlords and public housing authorities routinely refuse applicants on the registry, so "
            "even addresses outside the zones are hard to rent.",
        ],
    ),
    (
        "2. Registration and weekly reporting",
        [
            "Registration is done in person at the Chicago Police Department. People who lack a fixed "
            "residence must report weekly in person (730 ILCS 150/3(a) and 150/6).",
            "Issue: a registrant sleeping outdoors spends a large part of each week travelling to report and "
            "waiting in line, which makes steady work close to impossible.",
            "Issue: people who are turned away at the registration office and told to return may later be "
            "charged with failing to register. Few receive any proof that they came.",
        ],
    ),
    (
        "3. Shelter and health",
        [
            "Most shelters in the city sit within 500 feet of a school or child care facility, so many "
            "registrants cannot use them. Warming centers and overflow sites raise the same problem in "
            "winter.",
            "Issue: without shelter, people sleep on trains, in hospital waiting rooms or outdoors. Chronic "
            "illness goes untreated and medications are lost or stolen.",
            "Issue: during the COVID-19 pandemic, registrants were left out of many non-congregate hotel "
            "programs because the hotels had not been checked against the buffer zones.",
        ],
    ),
    (
        "4. Supervision and host sites",
        [
            "People leaving prison on mandatory supervised release need a host site approved by the Illinois "
            "Department of Corrections. Those who cannot find one have been held past their release dates, a "
            "practice known as being violated at the door.",
            "Murphy v. Raoul, 380 F. Supp. 3d 731 (N.D. Ill. 2019), held that practice unconstitutional "
            "under the Equal Protection Clause and the Eighth Amendment, and a permanent injunction followed "
            "in 2020.",
            "Issue: even after release, a person on MSR whose host site falls inside a new buffer zone must "
            "find another approved address quickly or risk being sent back.",
        ],
    ),
    (
        "5. Work, identification and benefits",
        [
            'Issue: applications for jobs, benefits and identification ask for a home address. Writing "no '
            'fixed address" or the address of a registration office often ends the application.',
            "Issue: weekly reporting hours conflict with shift work, and employers learn of the registration "
            "through public registry searches.",
            "Issue: mail for people without housing goes astray, so notices of hearings and benefit renewals "
            "are missed.",
        ],
    ),
    (
        "6. Legal help",
        [
            "The rules are technical and the penalties severe, yet most registrants have no lawyer once "
            "their criminal case ends. Few attorneys take civil cases about residency restrictions.",
            "The courts have not offered a general remedy: in Vasquez v. Foxx, 895 F.3d 515 (7th Cir. 2018), "
            "the Seventh Circuit held that applying the 500-foot rule, as amended to add day care homes, to "
            "people convicted earlier is not retroactive punishment.",
            "Issue: advocates need a short list of counsel willing to advise on address checks, reporting "
            "disputes and host-site denials, and a way to refer people to them quickly.",
        ],
    ),
]


# --------------------------------------------------------------------------------------
# 6. HTML: residency restrictions explained (FAQ)
# --------------------------------------------------------------------------------------
HTML_FILE = "residency-restrictions-explained-sample.html"
HTML_TITLE = "Residency restrictions explained (sample)"
HTML_DATE = "2021-03-01"
HTML_FAQ: list[tuple[str, str]] = [
    (
        "What is a residency restriction?",
        "It is a law that says where a person on the sex offense registry may not live. In Illinois, a child "
        "sex offender may not knowingly reside within 500 feet of a school, playground, day care center, day "
        "care home or group day care home, among other places (720 ILCS 5/11-9.3(b-5) and (b-10)). Advocates "
        "often call these areas buffer zones, and the overall effect banishment.",
    ),
    (
        "Does the 500-foot rule apply to a shelter?",
        "Staying in a shelter can count as residing there. Because many Chicago shelters are near schools or "
        "day cares, a registrant may be turned away from them. Ask the shelter to check the distance rather "
        "than assume.",
    ),
    (
        "What if a day care opens next door after I move in?",
        "A day care home can open in any house or apartment. The Seventh Circuit held in Vasquez v. Foxx, "
        "895 F.3d 515 (7th Cir. 2018), that applying the rule, as amended to cover day care homes, to people "
        "convicted before the amendment is not retroactive punishment. Talk to a lawyer right away if you "
        "are told to move.",
    ),
    (
        'What does "no fixed address" mean on the registry?',
        "It means the person is registered without a fixed residence. Such a person must report weekly, in "
        "person, to the police where he or she is located (730 ILCS 150/3(a) and 150/6).",
    ),
    (
        "Can I go to a park?",
        "Separate Illinois laws limit where some registrants may be present, including some parks. These are "
        "not residency rules, and they depend on the conviction. Ask an attorney before relying on general "
        "advice.",
    ),
    (
        "I am in prison and cannot find a host site. What can happen?",
        "People on mandatory supervised release need an approved host site. In Murphy v. Raoul, 380 F. Supp. "
        "3d 731 (N.D. Ill. 2019), the court held that keeping people in prison past their release dates for "
        "lack of an approved host site violated equal protection and the Eighth Amendment.",
    ),
    (
        "Where can I find a lawyer?",
        "Legal aid organizations, public defenders and law school clinics can sometimes advise registrants. "
        "Bring your registration papers and any written notice telling you to move.",
    ),
]


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------
class SamplePdf(FPDF):
    """Letter-size pages with the disclaimer and 'Page N of M' in every footer."""

    language = "en"

    def footer(self) -> None:
        self.set_y(-22 if self.language == "es" else -18)
        self.set_font("Helvetica", "I", 8)
        if self.language == "es":
            self.cell(0, 4, DISCLAIMER_ES, align="C", new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 4, DISCLAIMER, align="C", new_x="LMARGIN", new_y="NEXT")
        page = "Página {} de {{nb}}" if self.language == "es" else "Page {} of {{nb}}"
        self.cell(0, 4, page.format(self.page_no()), align="C")


def _check_text(text: str, where: str, language: str = "en") -> None:
    if language == "es":  # latin-1, which the core fonts print
        bad = {ch for ch in text if ord(ch) > 255}
    else:
        bad = {ch for ch in text if not (ch.isascii() or ch == "§")}
    if bad:
        raise ValueError(f"{where}: characters outside ASCII and the section sign: {''.join(sorted(bad))}")


def _render_block(pdf: SamplePdf, font: str, kind: str, content: object) -> None:
    width = pdf.epw
    if kind == "gap":
        pdf.ln(float(content))  # type: ignore[arg-type]
    elif kind == "title":
        pdf.set_font(font, "B", 13)
        pdf.multi_cell(width, 6.5, str(content), align="C", new_x="LMARGIN", new_y="NEXT")
    elif kind == "center":
        pdf.set_font(font, "", 11)
        pdf.multi_cell(width, 5.5, str(content), align="C", new_x="LMARGIN", new_y="NEXT")
    elif kind == "h1":
        pdf.ln(2)
        pdf.set_font(font, "B", 12)
        pdf.multi_cell(width, 6.5, str(content), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    elif kind == "h2":
        pdf.ln(1)
        pdf.set_font(font, "BI", 11)
        pdf.multi_cell(width, 6, str(content), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    elif kind == "p":
        pdf.set_font(font, "", 11)
        pdf.multi_cell(width, 5.5, str(content), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2.5)
    elif kind == "list":
        pdf.set_font(font, "", 11)
        for item in content:  # type: ignore[attr-defined]
            pdf.cell(6, 5.5, "-")
            pdf.multi_cell(width - 6, 5.5, item, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        pdf.ln(1)
    elif kind == "rows":
        pdf.set_font(font, "", 11)
        for left, right in content:  # type: ignore[attr-defined]
            right_width = pdf.get_string_width(right) + 2
            if pdf.get_string_width(left) > width - right_width:
                raise ValueError(f"row too wide for one line: {left!r}")
            pdf.cell(width - right_width, 5.5, left)
            pdf.cell(right_width, 5.5, right, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    elif kind == "fields":
        for label, value in content:  # type: ignore[attr-defined]
            pdf.set_font(font, "B", 11)
            pdf.cell(22, 5.5, label)
            pdf.set_font(font, "", 11)
            pdf.multi_cell(width - 22, 5.5, value, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        pdf.ln(1)
    else:
        raise ValueError(f"unknown block kind {kind!r}")


def build_pdf(sample: PdfSample, out_dir: Path) -> Path:
    pdf = SamplePdf(format="Letter", unit="mm")
    pdf.language = sample.language
    pdf.set_margins(25, 22, 25)
    pdf.set_auto_page_break(True, margin=24)
    pdf.set_creation_date(datetime(sample.date.year, sample.date.month, sample.date.day, tzinfo=UTC))
    pdf.set_title(sample.title)
    pdf.set_author(AUTHOR)
    pdf.set_subject(sample.subject)
    pdf.set_keywords("sample; Chicago 400; demo" + ("; español" if sample.language == "es" else ""))
    pdf.set_creator("scripts/make_samples.py")
    for number, page in enumerate(sample.pages, 1):
        pdf.add_page()
        for kind, content in page:
            for text in content if kind in ("list", "rows", "fields") else [content]:  # type: ignore[union-attr]
                _check_text(str(text), f"{sample.file} page {number}", sample.language)
            _render_block(pdf, sample.font, kind, content)
        if pdf.page != number:
            raise ValueError(f"{sample.file}: the text meant for page {number} runs onto another page")
    path = out_dir / sample.file
    path.write_bytes(bytes(pdf.output()))
    return path


def _fixed_zip(data: bytes, when: datetime) -> bytes:
    """The same zip with every member's timestamp set to ``when`` (python-docx stamps 'now')."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def build_docx(out_dir: Path) -> Path:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    props = doc.core_properties
    props.title = DOCX_TITLE
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.subject = "Issues facing people registered as homeless in Chicago"
    props.keywords = "sample; Chicago 400; demo"
    props.comments = DISCLAIMER
    props.created = DOCX_DATE.replace(tzinfo=None)
    props.modified = DOCX_DATE.replace(tzinfo=None)
    props.last_printed = DOCX_DATE.replace(tzinfo=None)
    props.revision = 1
    doc.styles["Normal"].font.size = Pt(11)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = DISCLAIMER

    for number, (heading, paragraphs) in enumerate(DOCX_SECTIONS, 1):
        if number == 1:
            doc.add_heading(DOCX_TITLE, level=0)
            doc.add_paragraph("September 2021")
        doc.add_paragraph().add_run(DISCLAIMER).italic = True
        doc.add_heading(heading, level=1)
        for text in paragraphs:
            _check_text(text, f"{DOCX_FILE} section {number}")
            doc.add_paragraph(text)
        if number < len(DOCX_SECTIONS):
            doc.add_page_break()

    buffer = io.BytesIO()
    doc.save(buffer)
    path = out_dir / DOCX_FILE
    path.write_bytes(_fixed_zip(buffer.getvalue(), DOCX_DATE))
    return path


def build_html(out_dir: Path) -> Path:
    notice = f'<p class="disclaimer"><strong>{escape(DISCLAIMER)}</strong></p>'
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(HTML_TITLE)}</title>",
        f'<meta name="date" content="{HTML_DATE}">',
        f'<meta name="author" content="{escape(AUTHOR)}">',
        '<meta name="description" content="Plain-language questions and answers about Illinois residency '
        'restrictions, buffer zones, shelters and registration for people without a fixed address.">',
        "</head>",
        "<body>",
        notice,
        f"<h1>{escape(HTML_TITLE)}</h1>",
        f"<p>Questions and answers for people on the registry, their families and advocates. "
        f"Last updated {HTML_DATE}.</p>",
    ]
    for question, answer in HTML_FAQ:
        _check_text(question + answer, HTML_FILE)
        parts += [f"<h2>{escape(question, quote=False)}</h2>", f"<p>{escape(answer, quote=False)}</p>"]
    parts += ["<hr>", notice, "</body>", "</html>", ""]
    path = out_dir / HTML_FILE
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def build_all(out_dir: Path) -> list[tuple[Path, int]]:
    """Write every sample into ``out_dir``; returns (path, page count) for each."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [(build_pdf(sample, out_dir), len(sample.pages)) for sample in PDF_SAMPLES]
    written.append((build_docx(out_dir), len(DOCX_SECTIONS)))
    written.append((build_html(out_dir), 1))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})"
    )
    args = parser.parse_args(argv)
    for path, pages in build_all(args.out):
        print(f"{path}  ({pages} page{'s' if pages != 1 else ''}, {path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

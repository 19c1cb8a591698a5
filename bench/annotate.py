"""Annotation: seconds to find the citations of one long document, before and after.

    python -m bench.annotate [--pages 250 500 1000 2000] [--before-up-to 1000] [--source real|brief]

"before" reads the joined pages at once (``find_citations_in_joined_pages``, how annotation
worked until the page-by-page reader), "after" reads them page by page with a window over
each page break (``find_citations_in_pages``, what the ingest runs). Both are given the same
pages and must find the same citations; the script says so for each size. The pages come
from the real opinions in ../shared/realdocs (a Supreme Court slip opinion and a North
Carolina opinion, repeated to the size asked) or, without them or with ``--source brief``,
from ``brief_pages``: generated brief text with every citation form the annotator reads.
"""

from __future__ import annotations

import argparse
import logging
import random
import time
from functools import lru_cache

from bench.common import REALDOCS, table
from search.citations import find_citations_in_joined_pages, find_citations_in_pages

_CASES = [
    ("Vasquez v. Foxx", "895 F.3d 515", "(7th Cir. 2018)", "Vasquez", "895 F.3d"),
    ("Smith v. Doe", "538 U.S. 84", "(2003)", "Smith", "538 U.S."),
    ("Doe v. Snyder", "834 F.3d 696", "(6th Cir. 2016)", "Snyder", "834 F.3d"),
    ("People v. Pepitone", "2018 IL 122034", "", "Pepitone", ""),
    ("Mann v. Georgia Dep't of Corr.", "653 S.E.2d 740", "(Ga. 2007)", "Mann", "653 S.E.2d"),
    ("Kennedy v. Louisiana", "554 U.S. 407", "(2008)", "Kennedy", "554 U.S."),
]
_STATUTES = ["720 ILCS 5/11-9.3(b-10)", "730 ILCS 150/3(a) and 150/6", "42 U.S.C. § 1983", "34 U.S.C. § 20913"]
_PLAIN = [
    "The residency restriction bars a registrant from living within 500 feet of a school.",
    "Plaintiffs were homeless for months because no compliant address could be found in Chicago.",
    "The department's practice left registrants sleeping at police stations to satisfy the statute.",
    "The State concedes that the rule applies to every registrant regardless of the offense.",
    "Nothing in the record shows that the restriction reduced reoffense in any measurable way.",
]


def brief_pages(count: int, seed: int = 16, words_per_page: int = 330) -> list[str]:
    """``count`` pages of a generated brief: plain sentences, full case cites with names and
    parentheticals, short forms, "Id.", "supra", name references ("Vasquez, at 520"), ILCS
    cites and bare sections after them, federal statutes, and sentences running on over the
    page break, so that some citations start at the foot of a page and end on the next."""
    rng = random.Random(seed)
    cited: list[tuple[str, str, str, str, str]] = []
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < count * words_per_page:
        roll = rng.random()
        if roll < 0.45:
            sentences.append(rng.choice(_PLAIN))
        elif roll < 0.6 or not cited:
            case = rng.choice(_CASES)
            cited.append(case)
            pin = f", {rng.randint(100, 900)}" if rng.random() < 0.5 else ""
            sentences.append(" ".join(f"See {case[0]}, {case[1]}{pin} {case[2]} (holding the rule punitive "
                                      f"as applied).".split()))
        elif roll < 0.68:
            name, _, _, short, volume = rng.choice(cited)
            page = rng.randint(100, 900)
            sentences.append(f"{short}, {volume} at {page}." if volume else f"{short}, at {page}.")
        elif roll < 0.74:
            sentences.append(f"Id. at {rng.randint(100, 900)}.")
        elif roll < 0.78:
            sentences.append(f"{rng.choice(cited)[3]}, supra, at {rng.randint(100, 900)}.")
        elif roll < 0.9:
            sentences.append(f"The statute, {rng.choice(_STATUTES)}, then governs; section 11-9.4-1(b) follows.")
        else:
            sentences.append("Under § 5/11-9.3(b-5) the same is true. Id.")
    words = " ".join(sentences).split(" ")
    lines = [" ".join(words[i : i + 12]) for i in range(0, count * words_per_page, 12)]
    per_page = words_per_page // 12
    return ["\n".join(lines[i * per_page : (i + 1) * per_page]) for i in range(count)]


@lru_cache(maxsize=1)
def real_pages() -> tuple[str, ...]:
    """The pages of two real opinions (83 case and statute citations in 53 pages), or ()."""
    names = ["courtdocs/vector-pdf.pdf", "courtdocs/broken-mime.pdf"]
    if not all((REALDOCS / name).is_file() for name in names):
        return ()
    from search.extract import extract_file

    pages: list[str] = []
    for name in names:
        pages += [page.text for page in extract_file(REALDOCS / name, rel_path=name, ocr="never").pages]
    return tuple(pages)


def document(pages: int, source: str) -> list[str]:
    real = real_pages() if source == "real" else ()
    return [real[i % len(real)] for i in range(pages)] if real else brief_pages(pages)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--before-up-to", type=int, default=1000,
                        help="time the whole-document reader only up to this many pages (it is slow)")
    parser.add_argument("--source", choices=("real", "brief"), default="real")
    args = parser.parse_args(argv)
    logging.getLogger("eyecite").setLevel(logging.ERROR)
    rows = []
    for count in args.pages:
        pages = document(count, args.source)
        started = time.perf_counter()
        after = find_citations_in_pages(pages)
        after_s = time.perf_counter() - started
        before_s, same = None, "-"
        if count <= args.before_up_to:
            started = time.perf_counter()
            before = find_citations_in_joined_pages(pages)
            before_s = time.perf_counter() - started
            same = "yes" if before == after else "NO"
        before_text = f"{before_s:.1f}" if before_s is not None else "-"
        rows.append({"pages": count, "citations": len(after), "before s": before_text, "after s": f"{after_s:.1f}",
                     "after ms/page": f"{1000 * after_s / count:.0f}", "same": same})
        print(f"{count} pages: before {before_text} s, after {after_s:.1f} s, same result: {same}", flush=True)
    print(table(rows, ["pages", "citations", "before s", "after s", "after ms/page", "same"]))


if __name__ == "__main__":
    main()

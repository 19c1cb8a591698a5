"""Failed redactions: words leaked per kind, false alarms on real filings, extraction speed.

    python -m bench.redaction [--realdocs DIR] [--no-realdocs]

1. Indexes a temporary corpus of the generated pages in ``tests/robustness/redaction_pdfs``
   (OCR off) and, for each kind of failed redaction, searches the hidden word through
   ``search.service`` (exact, prefix and fuzzy): a kind leaks when any search finds its file
   or the word is in its stored page text. For the marks that are not redactions it counts
   the files flagged or whose word is not found.
2. Extracts every PDF under ../shared/realdocs (OCR off) and lists the files reported as
   possible failed redactions (x-ray's rectangles_yes*.pdf must be; nothing else should).
3. Prints pages per second of that extraction and how many pages the redaction check rendered.

Run it on another checkout (``PYTHONPATH=<checkout> python -m bench.redaction``) for the
figures before a change.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.common import REALDOCS
from search.config import load_settings
from search.extract.pdf import extract_pdf
from search.ingest import IngestOptions, ingest
from search.models import ExtractionError, SearchRequest
from search.service import SearchService
from tests.robustness.redaction_pdfs import HIDDEN, SHOWN

WARNING = "failed redaction"


def fixture_figures() -> None:
    with tempfile.TemporaryDirectory() as base:
        corpus = Path(base) / "corpus"
        names = {}
        for case in HIDDEN + SHOWN:
            names[case.kind] = case.kind.replace(" ", "-") + ".pdf"
            case.write(corpus / names[case.kind])
        settings = load_settings(corpus, Path(base) / "index")
        report = ingest(settings, IngestOptions(ocr="never"))
        service = SearchService(settings.index_dir)
        print(f"{'kind':36} {'hidden word':12} leaked  flagged")
        leaked_total = 0
        for case in HIDDEN:
            word = case.word.lower()
            found = set()
            for query in (word, word[:6] + "*", word + "~1"):
                found |= {hit.path for hit in service.search(SearchRequest(query, per_page=50)).results}
            leaked = names[case.kind] in found
            leaked_total += leaked
            flagged = any(WARNING in w for w in report.warnings.get(names[case.kind], []))
            print(f"{case.kind:36} {case.word:12} {'LEAKED' if leaked else 'no':7} {'yes' if flagged else 'NO'}")
        print(f"words leaked: {leaked_total} of {len(HIDDEN)} kinds")
        false = 0
        for case in SHOWN:
            hits = {hit.path for hit in service.search(SearchRequest(case.word.lower())).results}
            flagged = any(WARNING in w for w in report.warnings.get(names[case.kind], []))
            lost = names[case.kind] not in hits
            false += flagged or lost
            print(f"{case.kind:36} {case.word:12} {'LOST' if lost else 'kept':7} {'FLAGGED' if flagged else 'no'}")
        print(f"harmless marks flagged or lost: {false} of {len(SHOWN)}")


def realdocs_figures(root: Path) -> None:
    rendered = [0]
    try:
        from search.extract import redaction

        original = redaction.RenderedShade.judge

        def counting(self, page_index, chars):
            verdict = original(self, page_index, chars)
            rendered[0] += verdict.rendered
            return verdict

        redaction.RenderedShade.judge = counting
    except AttributeError:
        rendered[0] = -1  # an older checkout renders every page with a candidate box
    pages, flagged, started = 0, [], time.perf_counter()
    for path in sorted(root.rglob("*.pdf")):
        try:
            extraction = extract_pdf(path, rel_path=path.name, ocr="never")
        except ExtractionError:
            continue
        pages += len(extraction.pages)
        if any(WARNING in warning for warning in extraction.warnings):
            flagged.append(str(path.relative_to(root)))
    seconds = time.perf_counter() - started
    false_alarms = [name for name in flagged if "rectangles_yes" not in name]
    print(f"real filings flagged: {len(flagged)} ({', '.join(flagged)})")
    print(f"false alarms (not x-ray's rectangles_yes*): {len(false_alarms)}")
    print(f"extraction: {pages} pages in {seconds:.1f} s = {pages / seconds:.2f} pages/s; "
          f"pages rendered by the redaction check: {rendered[0] if rendered[0] >= 0 else 'n/a'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--realdocs", type=Path, default=REALDOCS)
    parser.add_argument("--no-realdocs", action="store_true")
    args = parser.parse_args()
    fixture_figures()
    if not args.no_realdocs and args.realdocs.is_dir():
        realdocs_figures(args.realdocs)


if __name__ == "__main__":
    main()

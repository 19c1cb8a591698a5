"""pdfium's characters against pdfplumber's, page by page, through the whole PDF extraction.

    python -m bench.extract_compare [--folder DIR ...] [--show 5]

With no ``--folder`` it reads ../shared/realdocs (when present), corpus/ and the generated
benchmark PDFs in $C400_BENCH_DIR/pdf200 (``python -m bench.corpus pdf --pages 200 --out
/tmp/c400bench/pdf200``). Every PDF is extracted twice with ``extract_pdf(ocr="never")``: as
shipped (pdfium reads the pages it can, pdfplumber the rest) and with ``use_pdfium=False``
(pdfplumber reads every page). For each page it prints which reader took it (and why
pdfplumber did), whether the final page text is the same word for word, a short diff where it
is not, and the pages per second of each way, timed in the same process one after the other.

The fast path is only acceptable while it differs on no page: ``--strict`` exits 1 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import PROJECT_ROOT, REALDOCS, WORK_DIR, table
from search.analysis import tokenize
from search.extract.pdf import extract_pdf, from_pdf_header, read_layers
from search.models import Extraction, ExtractionError


def words(text: str) -> list[str]:
    return [token.word for token in tokenize(text)]


@dataclass
class SetResult:
    """Pages of one folder: how they were read and whether both ways gave the same text."""

    name: str
    pages: int = 0
    fast_pages: int = 0
    fallbacks: Counter = field(default_factory=Counter)
    identical: int = 0
    differing: list[str] = field(default_factory=list)
    fast_seconds: float = 0.0
    slow_seconds: float = 0.0
    other_differences: list[str] = field(default_factory=list)  # metadata, warnings, page counts


def _extract(path: Path, use_pdfium: bool) -> tuple[Extraction | None, float]:
    started = time.perf_counter()
    try:
        extraction = extract_pdf(path, rel_path=path.name, ocr="never", use_pdfium=use_pdfium)
    except ExtractionError:
        extraction = None
    return extraction, time.perf_counter() - started


def _diff(slow: str, fast: str, width: int = 6) -> str:
    a, b = words(slow), words(fast)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            return (
                f"{tag}: pdfplumber {' '.join(a[max(0, i1 - 2):i2 + 2][:width])!r}"
                f" / pdfium {' '.join(b[max(0, j1 - 2):j2 + 2][:width])!r}"
            )
    return "same words, different spacing or line breaks"


def compare_file(path: Path, result: SetResult, label: str) -> None:
    slow, slow_s = _extract(path, use_pdfium=False)
    fast, fast_s = _extract(path, use_pdfium=True)
    if slow is None or fast is None:
        if (slow is None) != (fast is None):
            result.other_differences.append(f"{label}: readable one way only")
        return
    result.slow_seconds += slow_s
    result.fast_seconds += fast_s
    with from_pdf_header(path) as readable:
        layers, _ = read_layers(readable, None)
    if len(slow.pages) != len(fast.pages) or len(layers) != len(fast.pages):
        result.other_differences.append(f"{label}: page counts differ")
        return
    if slow.metadata != fast.metadata or slow.warnings != fast.warnings:
        result.other_differences.append(f"{label}: metadata or warnings differ")
    for layer, slow_page, fast_page in zip(layers, slow.pages, fast.pages, strict=True):
        result.pages += 1
        if layer.reader == "pdfium":
            result.fast_pages += 1
        else:
            result.fallbacks[layer.fallback] += 1
        if words(slow_page.text) == words(fast_page.text) and slow_page.text == fast_page.text:
            result.identical += 1
        else:
            where = f"{label} p{layer.number} [{layer.reader}]"
            result.differing.append(f"{where}: {_diff(slow_page.text, fast_page.text)}")


def default_sets() -> list[tuple[str, Path]]:
    sets = []
    if REALDOCS.is_dir():
        sets.append(("realdocs", REALDOCS))
    sets.append(("corpus", PROJECT_ROOT / "corpus"))
    generated = WORK_DIR / "pdf200"
    if generated.is_dir():
        sets.append(("pdf200", generated))
    return sets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, action="append", help="a folder of PDFs (repeatable)")
    parser.add_argument("--show", type=int, default=10, help="differing pages to list per set")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any page differs")
    args = parser.parse_args(argv)
    sets = [(folder.name, folder) for folder in args.folder] if args.folder else default_sets()
    results = []
    for name, folder in sets:
        result = SetResult(name)
        for path in sorted(folder.rglob("*.pdf")):
            compare_file(path, result, path.relative_to(folder).as_posix())
        results.append(result)

    rows = []
    for r in results:
        fast_pps = r.pages / r.fast_seconds if r.fast_seconds else 0.0
        slow_pps = r.pages / r.slow_seconds if r.slow_seconds else 0.0
        rows.append({
            "set": r.name, "pages": r.pages, "pdfium pages": r.fast_pages, "pdfplumber pages": r.pages - r.fast_pages,
            "identical": r.identical, "differing": len(r.differing),
            "pages/s as shipped": fast_pps, "pages/s pdfplumber only": slow_pps,
        })
    print(table(rows, list(rows[0]) if rows else []))
    for r in results:
        print(f"\n{r.name}: pages pdfplumber read, by reason")
        for reason, count in r.fallbacks.most_common():
            print(f"  {count:5d}  {reason}")
        for line in r.differing[: args.show]:
            print(f"  DIFFERS {line}")
        for line in r.other_differences:
            print(f"  OTHER {line}")
    differing = sum(len(r.differing) + len(r.other_differences) for r in results)
    print(f"\n{differing} page(s) or document(s) differ")
    return 1 if args.strict and differing else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Text quality of the extraction on real filings: word recall, glued words, (cid:) codes, speed.

    python -m bench.text_quality [--folder DIR] [--ocr never|auto] [--show 20]

For every PDF, DOCX and HTML file under the folder (default ../shared/realdocs, both sets) it
extracts the text and prints, per file and in total:

* word recall against ``pdftotext -layout`` (poppler-utils; an independent reader that keeps
  tightly set words apart), PDFs only, and only when pdftotext is installed;
* glued words (``search.extract.words.glued_words``: "thestay", "inthe", "andName"), counting
  only tokens pdftotext does not print itself, so names like "Onslow" drop out of PDFs;
* ``(cid:NNN)`` codes left in the text (the goal is none);
* pages per CPU second (process time, so other work on the machine does not skew it).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

from bench.common import REALDOCS, table
from search.extract import extract_file
from search.extract.words import glued_words
from search.models import ExtractionError

_TOKEN = re.compile(r"[A-Za-z]+")
_CID = re.compile(r"\(cid:\d+\)")
SUFFIXES = (".pdf", ".docx", ".html")


def reference_words(path: Path) -> list[str] | None:
    """Lower-case words of ``pdftotext -layout``, or None without pdftotext."""
    if shutil.which("pdftotext") is None:
        return None
    try:
        done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, timeout=120, check=False)
    except (subprocess.TimeoutExpired, OSError):
        return None
    return [word.lower() for word in _TOKEN.findall(done.stdout.decode("utf-8", "replace")) if len(word) >= 2]


def measure(path: Path, ocr: str) -> dict | None:
    started = time.process_time()
    try:
        extraction = extract_file(path, rel_path=path.name, ocr=ocr)
    except ExtractionError:
        return None
    seconds = time.process_time() - started
    text = "\n".join(page.text for page in extraction.pages)
    words = [word.lower() for word in _TOKEN.findall(text) if len(word) >= 2]
    row = {"pages": len(extraction.pages), "seconds": seconds, "found": 0, "reference": 0}
    reference = reference_words(path) if path.suffix == ".pdf" else None
    glued = glued_words(text)
    if reference:
        wanted, got = Counter(reference), Counter(words)
        row["found"] = sum(min(count, got[word]) for word, count in wanted.items())
        row["reference"] = sum(wanted.values())
        printed = set(reference)
        glued = [word for word in glued if word.lower() not in printed]
    row["glued"] = glued
    row["cid"] = len(_CID.findall(text))
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=REALDOCS)
    parser.add_argument("--ocr", default="never", choices=("never", "auto"))
    parser.add_argument("--show", type=int, default=5, help="glued words to list per file")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"no documents at {args.folder} (set C400_REALDOCS)")
        return 1
    rows, totals = [], Counter()
    for path in sorted(p for p in args.folder.rglob("*") if p.suffix.lower() in SUFFIXES):
        row = measure(path, args.ocr)
        if row is None:
            continue
        recall = row["found"] / row["reference"] if row["reference"] else None
        rows.append({
            "file": path.relative_to(args.folder).as_posix()[-48:],
            "pages": row["pages"],
            "recall": f"{recall:.3f}" if recall is not None else "",
            "glued": len(row["glued"]),
            "cid": row["cid"],
            "examples": " ".join(row["glued"][: args.show]),
        })
        if path.suffix == ".pdf":
            totals.update(pages=row["pages"], found=row["found"], reference=row["reference"])
            totals["seconds"] += row["seconds"]
        totals.update(glued=len(row["glued"]), cid=row["cid"])
    print(table(rows, list(rows[0]) if rows else []))
    recall = totals["found"] / totals["reference"] if totals["reference"] else 0.0
    speed = totals["pages"] / totals["seconds"] if totals["seconds"] else 0.0
    print(
        f"\nPDF pages {totals['pages']}, {speed:.1f} pages per CPU second, word recall {recall:.4f};"
        f" glued words {totals['glued']}, (cid:) codes {totals['cid']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""pdfplumber (the project's page reader) against pypdfium2, word by word, on real filings.

    python -m bench.extract_compare [--folder ../shared/realdocs]

For each text PDF: the words of each page as ``search.extract.pdf.read_page_layer`` gives
them (redaction, tables, pleading numbers, reading order) and as pypdfium2's text page
gives them, both through our tokenizer. A page *agrees* when the two word sequences are
identical; the document agreement is the share of pages that agree, and the word-level
similarity is difflib's ratio over the whole document. Also prints pages/s of each reader.
A fast path may only be adopted for pages shown equal here.
"""

from __future__ import annotations

import argparse
import difflib
import time
from pathlib import Path

from bench.common import REALDOCS, table
from search.analysis import tokenize


def words(text: str) -> list[str]:
    return [token.word for token in tokenize(text)]


def plumber_pages(path: Path) -> list[str]:
    import pdfplumber

    from search.extract.pdf import read_page_layer
    from search.extract.redaction import RenderedShade

    texts = []
    with pdfplumber.open(path) as pdf:
        shades = RenderedShade(path, None)
        try:
            for number, page in enumerate(pdf.pages, start=1):
                texts.append("\n".join(read_page_layer(page, number, shades).lines))
                page.close()
        finally:
            shades.close()
    return texts


def pdfium_pages(path: Path) -> list[str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def compare(path: Path) -> dict | None:
    try:
        started = time.perf_counter()
        slow = plumber_pages(path)
        slow_s = time.perf_counter() - started
        started = time.perf_counter()
        fast = pdfium_pages(path)
        fast_s = time.perf_counter() - started
    except Exception:  # noqa: BLE001 - deliberately broken test files
        return None
    if len(slow) != len(fast) or not any(s.strip() for s in slow):
        return None
    slow_words, fast_words = [words(t) for t in slow], [words(t) for t in fast]
    equal = sum(a == b for a, b in zip(slow_words, fast_words, strict=True))
    ratio = difflib.SequenceMatcher(None, sum(slow_words, []), sum(fast_words, []), autojunk=False).ratio()
    return {"pages": len(slow), "equal pages": equal, "word similarity": ratio,
            "pdfplumber pages/s": len(slow) / slow_s, "pypdfium2 pages/s": len(fast) / fast_s}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=REALDOCS)
    args = parser.parse_args(argv)
    rows = []
    for path in sorted(args.folder.rglob("*.pdf")):
        result = compare(path)
        if result:
            rows.append({"file": path.relative_to(args.folder).as_posix(), **result})
    total_pages = sum(r["pages"] for r in rows)
    total_equal = sum(r["equal pages"] for r in rows)
    print(table(rows, ["file", "pages", "equal pages", "word similarity", "pdfplumber pages/s", "pypdfium2 pages/s"]))
    print(f"{total_equal}/{total_pages} pages word-for-word equal; "
          f"{sum(r['equal pages'] == r['pages'] for r in rows)}/{len(rows)} documents equal on every page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

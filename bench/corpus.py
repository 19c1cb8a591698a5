"""Generate realistic, deterministic corpora of N pages for the benchmarks.

    python -m bench.corpus text --pages 10000 --out /tmp/c400bench/text-10000.jsonl
    python -m bench.corpus pdf  --pages 1000  --out /tmp/c400bench/pdf-1000 [--big-pdf 1000]

The words come from the project's own sample documents (scripts/make_samples.py) and,
when ../shared/realdocs is present, from the text of those real court filings, so the
vocabulary, the term frequencies and the citation-shaped strings look like the alliance's
library. Pages are runs of consecutive sentences (phrases stay phrases) of about
``WORDS_PER_PAGE`` words; documents have from 1 to 80 pages, skewed short, and carry a
type, court and date so the facets have realistic spread. A seed makes every run identical.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.common import PROJECT_ROOT, REALDOCS, WORK_DIR

WORDS_PER_PAGE = 450
PAGE_COUNTS = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 80)
PAGE_WEIGHTS = (10, 10, 8, 8, 8, 7, 6, 5, 4, 3, 2, 1)
DOC_TYPES = ("opinion", "order", "amicus brief", "memo", "guidance", "letter", "report", "other")
COURTS = (
    "U.S. District Court for the Northern District of Illinois",
    "U.S. Court of Appeals for the Seventh Circuit",
    "Supreme Court of the United States",
    "Illinois Supreme Court",
    "Illinois Appellate Court, First District",
    "Circuit Court of Cook County",
    "",
)
_NUMBER = re.compile(r"(?<![\d.])[1-9]\d{1,4}(?![\d])")
_SENTENCE = re.compile(r"(?<=[.;:?!])\s+(?=[A-Z(\"§0-9])")


@dataclass
class GeneratedDoc:
    rel_path: str
    title: str
    doc_type: str
    court: str
    date: str
    case_number: str
    pages: list[str]


def _sample_module():
    spec = importlib.util.spec_from_file_location("make_samples", PROJECT_ROOT / "scripts" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _block_texts(content: object) -> Iterator[str]:
    if isinstance(content, str):
        yield content.replace("\n", " ")
    elif isinstance(content, (list, tuple)):
        for item in content:
            yield from _block_texts(item)


def sample_paragraphs() -> list[str]:
    """Paragraphs of the sample corpus, as scripts/make_samples.py writes them."""
    module = _sample_module()
    paragraphs: list[str] = []
    for sample in module.PDF_SAMPLES:
        for page in sample.pages:
            for kind, content in page:
                if kind != "gap":
                    paragraphs += list(_block_texts(content))
    for heading, items in module.DOCX_SECTIONS:
        paragraphs += [heading, *items]
    for question, answer in module.HTML_FAQ:
        paragraphs += [question, answer]
    return [p for p in paragraphs if len(p.split()) >= 3]


def realdocs_paragraphs(limit_pages: int = 2000) -> list[str]:
    """Text of the real filings (pypdfium2: fast, and only used as a word source here)."""
    if not REALDOCS.is_dir():
        return []
    import pypdfium2

    paragraphs: list[str] = []
    pages = 0
    for path in sorted(REALDOCS.rglob("*.pdf")):
        try:
            pdf = pypdfium2.PdfDocument(str(path))
        except Exception:  # noqa: BLE001 - some test files are deliberately not PDFs
            continue
        try:
            for page in pdf:
                text = page.get_textpage().get_text_range()
                paragraphs += [" ".join(part.split()) for part in re.split(r"\n\s*\n|\r\n\r\n", text) if part.strip()]
                pages += 1
                if pages >= limit_pages:
                    return paragraphs
        finally:
            pdf.close()
    return [p for p in paragraphs if len(p.split()) >= 3]


def sentence_pool() -> list[str]:
    """All source sentences, Latin-1 only (fpdf2's core fonts), cached under the work folder."""
    cache = WORK_DIR / "sentences.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    sentences: list[str] = []
    for paragraph in sample_paragraphs() + realdocs_paragraphs():
        for sentence in _SENTENCE.split(paragraph):
            clean = sentence.encode("latin-1", "ignore").decode("latin-1").strip()
            if len(clean.split()) >= 3:
                sentences.append(clean)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(sentences), encoding="utf-8")
    return sentences


class CorpusGenerator:
    """Documents totalling ``pages`` pages, identical for the same seed and source text."""

    def __init__(self, pages: int, seed: int = 400, words_per_page: int = WORDS_PER_PAGE):
        self.total_pages = pages
        self.rng = random.Random(seed)
        self.words_per_page = words_per_page
        self.pool = sentence_pool()

    def _page(self) -> str:
        rng, pool = self.rng, self.pool
        words: list[str] = []
        cursor = rng.randrange(len(pool))
        while len(words) < self.words_per_page:
            if rng.random() < 0.15:  # a new passage now and then, as pages change subject
                cursor = rng.randrange(len(pool))
            words += self._vary(pool[cursor]).split()
            cursor = (cursor + 1) % len(pool)
        return " ".join(words[: self.words_per_page])

    def _vary(self, sentence: str) -> str:
        """Renumber half the numbers: real libraries have many distinct page cites and dockets."""
        if self.rng.random() < 0.5:
            return sentence
        def renumber(match: re.Match[str]) -> str:
            digits = len(match.group(0))
            return str(self.rng.randrange(10 ** (digits - 1), 10**digits))

        return _NUMBER.sub(renumber, sentence)

    def documents(self) -> Iterator[GeneratedDoc]:
        rng = self.rng
        made, number = 0, 0
        while made < self.total_pages:
            count = min(rng.choices(PAGE_COUNTS, PAGE_WEIGHTS)[0], self.total_pages - made)
            number += 1
            doc_type = rng.choice(DOC_TYPES)
            title = " ".join(rng.choice(self.pool).split()[:12])
            year = rng.randint(1996, 2024)
            yield GeneratedDoc(
                rel_path=f"gen/{number // 1000:03d}/{doc_type.replace(' ', '-')}-{number:06d}.pdf",
                title=title,
                doc_type=doc_type,
                court=rng.choice(COURTS),
                date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                case_number=f"{year % 100:02d}-cv-{rng.randint(100, 99999):05d}",
                pages=[self._page() for _ in range(count)],
            )
            made += count


def write_text(pages: int, out: Path, seed: int = 400) -> Path:
    """One JSON document per line: the index-only benchmarks read this."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_suffix(".tmp")
    with open(temp, "w", encoding="utf-8") as handle:
        for doc in CorpusGenerator(pages, seed).documents():
            handle.write(json.dumps(doc.__dict__) + "\n")
    temp.replace(out)
    return out


def read_text(path: Path) -> Iterator[GeneratedDoc]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield GeneratedDoc(**json.loads(line))


def text_corpus(pages: int, seed: int = 400) -> Path:
    """The text corpus of ``pages`` pages under the work folder, generated once."""
    path = WORK_DIR / f"text-{pages}-s{seed}.jsonl"
    return path if path.exists() else write_text(pages, path, seed)


def _pdf_bytes(doc: GeneratedDoc) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="letter")
    pdf.set_auto_page_break(False)
    pdf.set_margins(18, 16, 18)
    pdf.set_font("Times", size=9.5)
    pdf.set_title(doc.title)
    for text in doc.pages:
        pdf.add_page()
        pdf.multi_cell(0, 4.2, text)
    return bytes(pdf.output())


def write_pdfs(pages: int, out: Path, seed: int = 400, big_pdf: int = 0) -> Path:
    """A corpus folder of text PDFs with a catalog.toml (types, courts, dates for the facets).

    ``big_pdf`` adds one document of that many pages (the memory test of the ingest)."""
    out.mkdir(parents=True, exist_ok=True)
    docs = list(CorpusGenerator(pages, seed).documents())
    if big_pdf:
        big = next(CorpusGenerator(big_pdf, seed + 1).documents())
        big.pages = [CorpusGenerator(1, seed + 2 + i)._page() for i in range(big_pdf)]
        big.rel_path = f"gen/big-{big_pdf}-pages.pdf"
        docs.append(big)
    catalog: list[str] = []
    for doc in docs:
        path = out / doc.rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_pdf_bytes(doc))
        catalog.append(_catalog_entry(doc))
    (out / "catalog.toml").write_text("\n".join(catalog), encoding="utf-8")
    return out


def _catalog_entry(doc: GeneratedDoc) -> str:
    def quoted(value: str) -> str:
        return json.dumps(value)

    return (f"[[document]]\nfile = {quoted(doc.rel_path)}\ntitle = {quoted(doc.title)}\n"
            f"doc_type = {quoted(doc.doc_type)}\ndate = {quoted(doc.date)}\ncourt = {quoted(doc.court)}\n"
            f"case_number = {quoted(doc.case_number)}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("text", "pdf"))
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=400)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--big-pdf", type=int, default=0, help="with pdf: add one document of this many pages")
    args = parser.parse_args(argv)
    if args.kind == "text":
        write_text(args.pages, args.out, args.seed)
    else:
        write_pdfs(args.pages, args.out, args.seed, args.big_pdf)
    print(f"wrote {args.pages} pages to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

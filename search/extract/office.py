"""Word-processor, web and plain-text files: DOCX, HTML, TXT, and legacy .doc/.wpd via LibreOffice.

Pages: DOCX explicit page breaks and section breaks, plain-text form feeds; where a file has
no breaks, pages of about ``WORDS_PER_PAGE`` words, so that hits point somewhere useful.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from search.extract.clean import clean_text
from search.extract.headers import RunningText
from search.extract.metadata import build_metadata
from search.models import Extraction, ExtractionError, PageText

WORDS_PER_PAGE = 500
CONVERT_TIMEOUT_SECONDS = 120
UNSUPPORTED = "unsupported format: convert to PDF or DOCX"
_DROPPED_HTML = ("script", "style", "noscript", "template", "head", "svg")
_BLOCK_HTML = (
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "hr",
)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _line_chunks(text: str) -> list[tuple[str, int]]:
    """Lines with their word counts; a line longer than a page is cut into page-sized pieces."""
    chunks = []
    for line in text.split("\n"):
        words = line.split()
        if len(words) <= WORDS_PER_PAGE:
            chunks.append((line, len(words)))
            continue
        for start in range(0, len(words), WORDS_PER_PAGE):
            piece = words[start : start + WORDS_PER_PAGE]
            chunks.append((" ".join(piece), len(piece)))
    return chunks


def split_long_page(text: str) -> list[str]:
    """Cut text without page breaks into pages of at most ``WORDS_PER_PAGE`` words, at line ends."""
    pages: list[str] = []
    current: list[str] = []
    count = 0
    for line, words in _line_chunks(text):
        if count and count + words > WORDS_PER_PAGE:
            pages.append("\n".join(current))
            current, count = [], 0
        current.append(line)
        count += words
    if current or not pages:
        pages.append("\n".join(current))
    return pages


def _pages(raw_pages: list[str]) -> list[PageText]:
    texts: list[str] = []
    for raw in raw_pages:
        texts.extend(split_long_page(clean_text(raw)))
    texts = [text for text in texts if text] or [""]
    return [PageText(number, text) for number, text in enumerate(texts, start=1)]


def _extraction(
    rel_path: str, raw_pages: list[str], running: RunningText | None = None, **properties: str
) -> Extraction:
    pages = _pages(raw_pages)
    metadata = build_metadata(pages[0].text, running or RunningText(), **properties)
    return Extraction(rel_path, pages, metadata, [])


def _docx_blocks(body) -> Iterator[tuple[str, bool]]:
    """(paragraph text, page break before the next paragraph) for body paragraphs and table rows."""
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            yield from _docx_paragraph(child)
        elif child.tag == f"{_W}tbl":
            yield from ((text, False) for text in _docx_table(child))


def _docx_table(table) -> Iterator[str]:
    """One line per table row, its cells left to right; a cell's paragraphs keep their breaks.

    Intake forms put several paragraphs in one cell (the ILAO TPS legal screener holds a
    question, its Jinja ``{% if %}`` tag and the answer in one cell), and the ILAO e-filing
    instructions put each instruction in a cell after an icon cell; joining a cell's text runs
    without the paragraph breaks glued the last word of one paragraph to the first of the next."""
    for row in table.iterchildren(f"{_W}tr"):
        cells = [_docx_cell(cell) for cell in row.iterchildren(f"{_W}tc")]
        text = " ".join(cell for cell in cells if cell)
        if text:
            yield text


def _docx_cell(cell) -> str:
    parts: list[str] = []
    for child in cell.iterchildren():
        if child.tag == f"{_W}p":
            parts.extend(text for text, _ in _docx_paragraph(child))
        elif child.tag == f"{_W}tbl":
            parts.extend(_docx_table(child))
        elif child.tag == f"{_W}sdt":  # a content control wrapping paragraphs
            parts.extend(text for paragraph in child.iter(f"{_W}p") for text, _ in _docx_paragraph(paragraph))
    return "\n".join(part.strip() for part in parts if part.strip())


def _docx_paragraph(paragraph) -> Iterator[tuple[str, bool]]:
    text: list[str] = []
    for node in paragraph.iter():
        if node.tag == f"{_W}t":
            text.append(node.text or "")
        elif node.tag == f"{_W}tab":
            text.append(" ")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            if node.get(f"{_W}type") == "page":
                yield "".join(text), True
                text = []
            else:
                text.append("\n")
    section_break = any(node.tag == f"{_W}sectPr" for node in paragraph.iter())
    yield "".join(text), section_break


def _docx_header_lines(document) -> list[str]:
    """The lines of every section's page headers, which Word prints at the top of each page.

    They are a DOCX's running heads, read for metadata as a PDF's repeated heads are: the
    Naval Discharge Review Board's decisions print their "Docket No. MD17-00012" only there.
    A header linked to the previous section's repeats it and adds nothing new."""
    lines: list[str] = []
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            texts = [paragraph.text for paragraph in header.paragraphs]
            texts += [cell.text for table in header.tables for row in table.rows for cell in row.cells]
            lines += [line.strip() for text in texts for line in text.split("\n") if line.strip()]
    return list(dict.fromkeys(lines))


def extract_docx(path: Path, *, rel_path: str) -> Extraction:
    """DOCX through python-docx; explicit page and section breaks start new pages; the page
    headers are the running heads."""
    try:
        import docx

        document = docx.Document(str(path))
    except Exception:  # noqa: BLE001 - zip, XML and package errors all mean the same
        raise ExtractionError("not a readable DOCX") from None
    raw_pages: list[str] = []
    current: list[str] = []
    for text, breaks in _docx_blocks(document.element.body):
        current.append(text)
        if breaks:
            raw_pages.append("\n".join(current))
            current = []
    raw_pages.append("\n".join(current))
    properties = document.core_properties
    created = properties.created.date().isoformat() if properties.created else ""
    return _extraction(
        rel_path,
        raw_pages,
        RunningText(running_heads=_docx_header_lines(document)),
        file_title=properties.title or "",
        file_author=properties.author or "",
        file_date=created,
    )


def _html_text(markup: str) -> tuple[str, str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup(_DROPPED_HTML):
        tag.decompose()
    for tag in soup(_BLOCK_HTML):
        tag.insert_before("\n")
        tag.insert_after("\n")
    for tag in soup(["td", "th"]):
        tag.insert_after(" ")
    return soup.get_text(""), title


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def extract_html(path: Path, *, rel_path: str) -> Extraction:
    """HTML without scripts and styles; block elements end lines; <title> is the title."""
    text, title = _html_text(_read_text(path))
    return _extraction(rel_path, text.split("\f"), file_title=title)


def extract_txt(path: Path, *, rel_path: str) -> Extraction:
    """Plain text; form feeds separate pages."""
    return _extraction(rel_path, _read_text(path).split("\f"))


def soffice_path() -> str | None:
    """LibreOffice's command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def extract_legacy(path: Path, *, rel_path: str, convert_pdf: Callable[[Path, bool], Extraction]) -> Extraction:
    """.doc/.wpd converted to PDF by LibreOffice in a temporary directory, then read as a PDF."""
    soffice = soffice_path()
    if soffice is None:
        raise ExtractionError(UNSUPPORTED)
    with tempfile.TemporaryDirectory(prefix="c400-convert-") as workdir:
        extraction = convert_pdf(convert_to_pdf(path, Path(workdir)), True)
    extraction.path = rel_path
    return extraction


def convert_to_pdf(path: Path, workdir: Path) -> Path:
    """``path`` (.doc, .docx, .wpd, .html...) as a PDF made by LibreOffice in ``workdir``
    (a folder of the caller's, removed by it); raises ``ExtractionError`` with one line."""
    soffice = soffice_path()
    if soffice is None:
        raise ExtractionError(UNSUPPORTED)
    source = workdir / f"source{path.suffix.lower()}"
    shutil.copyfile(path, source)
    command = [
        soffice,
        f"-env:UserInstallation=file://{workdir}/profile",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(workdir),
        str(source),
    ]
    try:
        subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT_SECONDS, check=False)
    except (subprocess.TimeoutExpired, OSError):
        raise ExtractionError("LibreOffice could not convert this file in time") from None
    converted = source.with_suffix(".pdf")
    if not converted.is_file() or converted.stat().st_size == 0:
        raise ExtractionError(f"LibreOffice could not convert this {path.suffix.lower()} file")
    return converted

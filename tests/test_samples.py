"""The bundled sample corpus is what ``corpus/catalog.toml`` says it is.

``scripts/make_samples.py`` writes the files in ``corpus/samples/``; they are committed so
that a fresh checkout has something real to search. These tests hold the samples to their
promises: every sample has a catalog entry and every entry's file exists; every page says
it is a sample; each page says something of its own, so a search can find *the page*;
and running the script again reproduces the committed text.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import tomllib
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from search.catalog import load_catalog
from search.fields import document_types

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT / "corpus"
SAMPLES = CORPUS / "samples"
SCRIPT = PROJECT_ROOT / "scripts" / "make_samples.py"
DISCLAIMER = "Sample document written for this demo - not a court record, not legal advice."

SAMPLE_FILES = sorted(path.name for path in SAMPLES.iterdir() if path.is_file()) if SAMPLES.is_dir() else []
PDFS = [name for name in SAMPLE_FILES if name.endswith(".pdf")]

# (file, page, phrase): a phrase that appears on that page of that sample and on no other
# page of it. Relevance tests elsewhere may rely on these pages.
DISTINCTIVE = [
    ("vasquez-v-foxx-amicus-brief-sample.pdf", 1, "BRIEF OF AMICI CURIAE HOUSING AND REENTRY ADVOCATES"),
    ("vasquez-v-foxx-amicus-brief-sample.pdf", 2, "TABLE OF AUTHORITIES"),
    ("vasquez-v-foxx-amicus-brief-sample.pdf", 3, "All parties have consented to the filing of this brief"),
    ("vasquez-v-foxx-amicus-brief-sample.pdf", 4, "without moving an inch"),
    ("vasquez-v-foxx-amicus-brief-sample.pdf", 5, "free to move where they wished"),
    ("vasquez-v-foxx-amicus-brief-sample.pdf", 6, "sleeping on trains or in emergency rooms"),
    ("vasquez-v-foxx-amicus-brief-sample.pdf", 7, "The judgment of the district court should be reversed"),
    ("murphy-v-raoul-injunction-order-sample.pdf", 1, "indeterminate, from three years to natural life"),
    ("murphy-v-raoul-injunction-order-sample.pdf", 2, "violated supervised release at the prison door"),
    ("murphy-v-raoul-injunction-order-sample.pdf", 3, '"Projected Release Date" means'),
    ("murphy-v-raoul-injunction-order-sample.pdf", 4, "No detention for poverty"),
    ("murphy-v-raoul-injunction-order-sample.pdf", 5, "Quarterly reports"),
    (
        "murphy-v-raoul-injunction-order-sample.pdf",
        6,
        "retains jurisdiction to enforce, interpret and modify",
    ),
    ("memo-to-mayor-registry-audit-sample.pdf", 1, "Request for an audit of the Chicago Police Department"),
    ("memo-to-mayor-registry-audit-sample.pdf", 2, '"The Chicago 400" is the name advocates use'),
    ("memo-to-mayor-registry-audit-sample.pdf", 3, "a deadline they had tried to meet"),
    ("memo-to-mayor-registry-audit-sample.pdf", 4, "has nowhere lawful left to go"),
    (
        "memo-to-mayor-registry-audit-sample.pdf",
        5,
        "How many failure-to-register arrests CPD makes each year",
    ),
    ("memo-to-mayor-registry-audit-sample.pdf", 6, "a dated receipt"),
    (
        "covid-19-shelter-guidance-sample.pdf",
        1,
        "Public health advice to stay home assumes a person has a home",
    ),
    ("covid-19-shelter-guidance-sample.pdf", 2, "not checked for buffer-zone compliance"),
    ("covid-19-shelter-guidance-sample.pdf", 3, "every extra day in a crowded prison more dangerous"),
    ("covid-19-shelter-guidance-sample.pdf", 4, "Keep a face covering and hand sanitizer with you"),
    ("covid-19-shelter-guidance-sample.pdf", 5, "Give out phones and phone cards"),
    ("covid-19-shelter-guidance-sample.pdf", 6, "Useful terms when asking for help"),
    ("catalogue-of-issues-sample.docx", 1, "whole blocks of affordable housing are off limits"),
    ("catalogue-of-issues-sample.docx", 2, "Few receive any proof that they came"),
    ("catalogue-of-issues-sample.docx", 3, "in hospital waiting rooms or outdoors"),
    ("catalogue-of-issues-sample.docx", 4, "a permanent injunction followed in 2020"),
    ("catalogue-of-issues-sample.docx", 5, "notices of hearings and benefit renewals are missed"),
    ("catalogue-of-issues-sample.docx", 6, "a short list of counsel willing to advise"),
    ("guia-restricciones-de-residencia-sample.pdf", 1, "Esa distancia se llama a menudo zona de exclusión"),
    ("guia-restricciones-de-residencia-sample.pdf", 2, "Faltar a una sola cita puede llevar a un arresto"),
    ("guia-restricciones-de-residencia-sample.pdf", 3, "Dormir en un albergue puede contar como residir"),
    ("guia-restricciones-de-residencia-sample.pdf", 4, "Un hogar de cuidado infantil puede abrir"),
    ("guia-restricciones-de-residencia-sample.pdf", 5, "las clínicas de las facultades de derecho"),
]


class _TextCollector(HTMLParser):
    """The visible text of an HTML page, one string per text node, and its <title>."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.title = ""
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if "title" in self._in:
            self.title += data
        elif "body" in self._in and data.strip():
            self.chunks.append(data.strip())


def _html(path: Path) -> _TextCollector:
    collector = _TextCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def _docx_pages(path: Path) -> list[str]:
    """Paragraph text, split wherever the document has an explicit page break."""
    pages: list[list[str]] = [[]]
    for paragraph in docx.Document(str(path)).paragraphs:
        if paragraph.text.strip():
            pages[-1].append(paragraph.text)
        breaks = paragraph._p.iter(qn("w:br"))
        if any(br.get(qn("w:type")) == "page" for br in breaks):
            pages.append([])
    return ["\n".join(lines) for lines in pages]


@functools.cache
def read_pages(path: Path) -> tuple[str, ...]:
    """The text of each page of a sample, the way a reader would see it."""
    if path.suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            return tuple(page.extract_text() or "" for page in pdf.pages)
    if path.suffix == ".docx":
        return tuple(_docx_pages(path))
    if path.suffix == ".html":
        return ("\n".join(_html(path).chunks),)
    raise AssertionError(f"unexpected sample type: {path.name}")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(CORPUS)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], check=True, capture_output=True)
    return out


# --- the catalog -------------------------------------------------------------------------


def test_catalog_begins_by_explaining_its_format():
    head = (CORPUS / "catalog.toml").read_text(encoding="utf-8").split("\n[[document]]")[0]
    assert head.startswith("#")
    prose = _flat(head.replace("#", " ")).lower()
    assert "a file without an entry is still indexed" in prose
    for key in (
        "file",
        "title",
        "doc_type",
        "date",
        "court",
        "case_name",
        "case_number",
        "source_url",
        "summary",
        "password",
    ):
        assert re.search(rf"^#\s+{key}\s", head, re.MULTILINE), f"the header does not explain {key!r}"


def test_catalog_names_each_file_once():
    raw = tomllib.loads((CORPUS / "catalog.toml").read_text(encoding="utf-8"))
    files = [entry["file"] for entry in raw["document"]]
    assert len(files) == len(set(files))


def test_every_sample_in_the_catalog_exists(catalog):
    listed = [name for name in catalog if name.startswith("samples/")]
    assert listed, "the catalog lists no samples"
    missing = [name for name in listed if not (CORPUS / name).is_file()]
    assert not missing, f"catalog entries without a file (run scripts/make_samples.py): {missing}"


def test_every_sample_file_has_a_catalog_entry(catalog):
    assert SAMPLE_FILES, "corpus/samples/ is empty: run scripts/make_samples.py"
    unlisted = [name for name in SAMPLE_FILES if f"samples/{name}" not in catalog]
    assert not unlisted


def test_sample_entries_say_they_are_samples_and_have_full_metadata(catalog):
    for name in SAMPLE_FILES:
        entry = catalog[f"samples/{name}"]
        assert entry.title.endswith("(sample)"), entry.title
        assert entry.doc_type in document_types()
        assert date.fromisoformat(entry.date)
        assert entry.summary


def test_every_catalog_date_is_a_full_date_or_empty(catalog):
    for entry in catalog.values():
        if entry.date:
            assert date.fromisoformat(entry.date), entry.file


def test_alliance_documents_are_catalogued_before_they_arrive(catalog):
    alliance = {entry.title: entry for entry in catalog.values() if entry.file.startswith("alliance/")}
    assert alliance["Murphy v. Raoul permanent injunction order (Illinois, 2020)"].case_number == "16 C 11471"
    assert alliance["Residency Restrictions Impact Map"].doc_type == "map"
    assert len(alliance) == 7
    assert not any(entry.source_url for entry in alliance.values()), "no URL is known for these yet"


# --- what every sample page carries ------------------------------------------------------


@pytest.mark.parametrize("name", PDFS)
def test_every_pdf_page_carries_the_disclaimer_and_its_page_number(name):
    pages = read_pages(SAMPLES / name)
    assert 4 <= len(pages) <= 8
    for number, text in enumerate(pages, 1):
        assert DISCLAIMER in text, f"{name} page {number}"
        numbered = (f"Page {number} of {len(pages)}", f"Página {number} de {len(pages)}")  # the Spanish guide
        assert any(label in text for label in numbered), f"{name} page {number}"


@pytest.mark.parametrize("name", PDFS)
def test_pdf_pages_each_say_something_different(name):
    bodies = [_flat(text.replace(DISCLAIMER, "")) for text in read_pages(SAMPLES / name)]
    bodies = [re.sub(r"(Page|Página) \d+ (of|de) \d+", "", body) for body in bodies]
    assert all(len(body) > 300 for body in bodies), "a page with little text cannot be found by search"
    assert len(set(bodies)) == len(bodies)


@pytest.mark.parametrize("name", PDFS)
def test_pdf_text_is_ascii_plus_the_section_sign(name):
    """The core fonts print latin-1 only; the English samples keep to ASCII and §, the Spanish
    guide to latin-1 (its accents and ¿ must come out of the PDF as written)."""
    text = "".join(read_pages(SAMPLES / name))
    if name.startswith("guia-"):
        assert {ch for ch in text if ord(ch) > 255} == set()
        assert {"ó", "í", "¿"} <= set(text)
    else:
        assert {ch for ch in text if not ch.isascii()} <= {"§"}


@pytest.mark.parametrize("name", PDFS)
def test_pdf_properties_agree_with_the_catalog(name, catalog):
    entry = catalog[f"samples/{name}"]
    with pdfplumber.open(SAMPLES / name) as pdf:
        info = pdf.metadata
    assert info["Title"] == entry.title
    assert info["CreationDate"].startswith("D:" + entry.date.replace("-", ""))


def test_docx_sections_are_pages_that_each_carry_the_disclaimer(catalog):
    name = "catalogue-of-issues-sample.docx"
    pages = read_pages(SAMPLES / name)
    assert 4 <= len(pages) <= 8
    for number, text in enumerate(pages, 1):
        assert DISCLAIMER in text, f"{name} page {number}"
    document = docx.Document(str(SAMPLES / name))
    assert document.core_properties.title == catalog[f"samples/{name}"].title
    assert document.sections[0].footer.paragraphs[0].text == DISCLAIMER


def test_html_page_carries_the_disclaimer_at_top_and_bottom(catalog):
    name = "residency-restrictions-explained-sample.html"
    page = _html(SAMPLES / name)
    assert page.chunks[0] == DISCLAIMER
    assert page.chunks[-1] == DISCLAIMER
    assert page.title == catalog[f"samples/{name}"].title


@pytest.mark.parametrize(("name", "page", "phrase"), DISTINCTIVE)
def test_distinctive_phrase_is_on_its_page_and_no_other(name, page, phrase):
    pages = [_flat(text) for text in read_pages(SAMPLES / name)]
    assert [number for number, text in enumerate(pages, 1) if phrase in text] == [page]


def test_samples_cite_real_law_in_full_before_short_forms():
    brief = _flat("\n".join(read_pages(SAMPLES / "vasquez-v-foxx-amicus-brief-sample.pdf")))
    full_cite = brief.index("720 Ill. Comp. Stat. 5/11-9.3(b-10)")
    assert brief.index("§ 5/11-9.3(b-10)") > full_cite, "the short form comes after the full citation"
    everything = _flat("\n".join("\n".join(read_pages(SAMPLES / name)) for name in SAMPLE_FILES))
    for citation in (
        "Vasquez v. Foxx, 895 F.3d 515 (7th Cir. 2018)",
        "Murphy v. Raoul, 380 F. Supp. 3d 731 (N.D. Ill. 2019)",
        "Smith v. Doe, 538 U.S. 84 (2003)",
        "Kennedy v. Mendoza-Martinez, 372 U.S. 144 (1963)",
        "Does #1-5 v. Snyder, 834 F.3d 696 (6th Cir. 2016)",
        "730 ILCS 150/3(a) and 150/6",
    ):
        assert citation in everything


# --- regenerating ------------------------------------------------------------------------


def test_regenerating_writes_the_same_files_with_the_same_text(regenerated):
    assert sorted(path.name for path in regenerated.iterdir()) == SAMPLE_FILES
    for name in SAMPLE_FILES:
        assert read_pages(regenerated / name) == read_pages(SAMPLES / name), f"{name} is out of date"


def test_the_generator_is_deterministic(regenerated, tmp_path):
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True, capture_output=True)
    for name in SAMPLE_FILES:
        assert (tmp_path / name).read_bytes() == (regenerated / name).read_bytes(), name

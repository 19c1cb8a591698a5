"""``indexer.py --check`` finds every kind of drift, one line each; ``--rebuild`` re-reads nothing it has cached."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from search.check import check_index, render_check
from search.config import Settings
from search.engines import get_engine
from search.ingest import ingest
from search.models import SearchRequest
from search.service import SearchService
from search.store import IndexStore, write_atomically
from tests.conftest import PROJECT_ROOT
from tests.robustness.conftest import write_document

pytestmark = pytest.mark.usefixtures("engine")  # builds an index: runs once per engine


def run_indexer(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "indexer.py", "--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir),
               *args]
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture
def indexed_small(small_settings: Settings) -> Settings:
    (small_settings.corpus_dir / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a PDF\n%%EOF")
    ingest(small_settings)
    return small_settings


def problems(settings: Settings) -> list[str]:
    return check_index(settings).problems


def test_a_consistent_index_passes_and_lists_the_files_it_could_not_read(indexed_small: Settings) -> None:
    result = run_indexer(indexed_small, "--check")
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("OK: generation g-000001 matches the corpus (8 documents, 16 pages)")
    assert [line for line in lines if line.startswith("not indexed:")] == [
        "not indexed: broken.pdf: not a readable PDF"
    ]


def test_files_added_changed_and_deleted_are_drift_one_line_each(indexed_small: Settings) -> None:
    corpus = indexed_small.corpus_dir
    write_document(corpus / "added.pdf", "added")
    write_document(corpus / "doc-01.pdf", "rewritten")
    (corpus / "doc-02.pdf").unlink()
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\nstill broken, differently\n%%EOF")
    result = run_indexer(indexed_small, "--check")
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if line.startswith("drift:")] == [
        "drift: added.pdf: in the corpus but not in the index",
        "drift: broken.pdf: changed since it was indexed",
        "drift: doc-01.pdf: changed since it was indexed",
        "drift: doc-02.pdf: indexed but no longer in the corpus",
    ]
    assert result.stdout.splitlines()[-1] == "DRIFT: generation g-000001 does not match the corpus: 4 problems."
    ingest(indexed_small)
    assert run_indexer(indexed_small, "--check").returncode == 0


def test_a_catalog_edit_not_yet_indexed_is_drift(indexed_small: Settings) -> None:
    (indexed_small.corpus_dir / "catalog.toml").write_text('[[document]]\nfile = "doc-03.pdf"\ntitle = "New title"\n')
    assert problems(indexed_small) == ["doc-03.pdf: catalog entry changed since it was indexed"]


def test_a_document_held_twice_is_drift(indexed_small: Settings) -> None:
    store = IndexStore(indexed_small.index_dir)
    service = SearchService(indexed_small.index_dir)
    record = service.document(service.documents()[0].id)
    writer = get_engine().writer(store.current_path(), fresh=False)
    writer.add(record)
    writer.commit()
    found = problems(indexed_small)
    assert f"{record.path}: held 2 times in the index" in found
    assert any(line.startswith(f"{record.path}: page count disagrees") for line in found)


def test_page_counts_that_disagree_with_the_file_are_drift(indexed_small: Settings) -> None:
    store = IndexStore(indexed_small.index_dir)
    manifest = store.manifest()
    manifest.files["doc-04.pdf"].pages = 3
    manifest.pages += 1
    write_atomically(store.current_path() / "manifest.json", json.dumps(manifest.to_json()))
    assert problems(indexed_small) == [
        "doc-04.pdf: page count disagrees (manifest 3, document 2, 2 pages stored)",
        "doc-04.pdf: the file has 2 pages, the index 3",
    ]


def test_a_generation_that_does_not_open_is_drift(indexed_small: Settings) -> None:
    generation = IndexStore(indexed_small.index_dir).current_path()
    table_of_contents = [*generation.rglob("*.toc"), *generation.rglob("meta.json")]  # Whoosh's, tantivy's
    assert table_of_contents
    for path in table_of_contents:
        path.unlink()
    report = check_index(indexed_small)
    assert len(report.problems) == 1
    assert report.problems[0].startswith("index: generation g-000001 does not open (")
    assert render_check(report).splitlines()[-1].startswith("DRIFT:")


def test_no_index_at_all_is_drift(small_settings: Settings) -> None:
    result = run_indexer(small_settings, "--check")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == f"drift: index: no complete generation at {small_settings.index_dir}; " \
                                            "run indexer.py"


def test_rebuild_with_a_warm_cache_extracts_nothing(indexed_small: Settings) -> None:
    result = run_indexer(indexed_small, "--rebuild", "--json")
    report = json.loads(result.stdout)
    assert (report["extracted"], report["from_cache"], report["documents"]) == (0, 8, 8)
    assert report["generation"] == "g-000002"
    assert run_indexer(indexed_small, "--check").returncode == 0


def scanned_pdf(path: Path, text: str) -> Path:
    """A page that is only a picture of ``text``: a scan, readable only by OCR."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1700, 600), 255)
    ImageDraw.Draw(image).text((80, 200), text, fill=0, font=ImageFont.load_default(size=64))
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=190)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def test_rebuild_reuses_the_ocr_cache_when_extractions_are_gone(tmp_path: Path, monkeypatch) -> None:
    from search.config import load_settings
    from search.extract.ocr import tesseract_version

    if tesseract_version() is None:
        pytest.skip("Tesseract is not installed: OCR cannot run, so there is no OCR cache to reuse")
    settings = load_settings(tmp_path / "corpus", tmp_path / "index")
    scanned_pdf(settings.corpus_dir / "scan.pdf", "Banishment order for registrants")
    ingest(settings)
    assert SearchService(settings.index_dir).search(SearchRequest("banishment")).total == 1
    shutil.rmtree(settings.cache_dir / "extract")

    import pytesseract

    def no_ocr(*args, **kwargs):
        raise AssertionError("OCR ran again")

    monkeypatch.setattr(pytesseract, "image_to_string", no_ocr)  # forked workers inherit it
    from search.ingest import IngestOptions

    report = ingest(settings, IngestOptions(rebuild=True))
    assert (report.extracted, report.failed, report.warnings) == (1, {}, {})
    assert SearchService(settings.index_dir).search(SearchRequest("banishment")).total == 1


def test_a_scan_indexed_before_tesseract_was_installed_is_read_once_it_is(tmp_path: Path, monkeypatch) -> None:
    """Tesseract installed after the first run: a plain run (no ``--rebuild``) reads the scan."""
    from search import ingest as ingest_module
    from search.config import load_settings
    from search.extract import ocr

    if ocr.tesseract_version() is None:
        pytest.skip("Tesseract is not installed: there is no 'after it is installed' to test")
    settings = load_settings(tmp_path / "corpus", tmp_path / "index")
    scanned_pdf(settings.corpus_dir / "scan.pdf", "Banishment order for registrants")
    with monkeypatch.context() as before_install:
        before_install.setattr(ocr, "tesseract_version", lambda: None)  # forked workers inherit it
        before_install.setattr(ingest_module, "EXTRACTION_VERSION", ingest_module.EXTRACTION_VERSION.replace(
            ".ocr", ".no-ocr"))
        ingest(settings)
    assert SearchService(settings.index_dir).search(SearchRequest("banishment")).total == 0
    report = ingest(settings)
    assert report.changed == ["scan.pdf"] and not report.up_to_date
    assert SearchService(settings.index_dir).search(SearchRequest("banishment")).total == 1

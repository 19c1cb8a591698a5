"""Very long PDFs are read in page ranges by several workers and come out as if read whole.

The split threshold is the operator's setting (``C400_SPLIT_PAGES``), set small here so that a
310-page file is read as four ranges of 78 pages. Each test builds an index: once per engine.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import threading
from pathlib import Path

import pytest

from search.cache import ExtractionCache, file_sha256
from search.config import Settings, load_settings
from search.ingest import EXTRACTION_VERSION, IngestOptions, ingest
from search.models import SearchRequest
from search.service import SearchService
from search.store import IndexStore
from search.workers import SPLIT_PAGES_ENV, Limits
from tests.conftest import write_pdf

pytestmark = pytest.mark.usefixtures("engine")

PAGES = 310
RANGES = ["1-78", "79-156", "157-234", "235-310"]


def record_pages(word: str = "residency") -> list[str]:
    """A long opinion: a caption, a running head, words hyphenated over page breaks, a citation
    split over the break between the first two ranges, and a signature date on the last page."""
    pages = []
    for number in range(1, PAGES + 1):
        lines = ["Doe v. Raoul - Memorandum Opinion and Order"]
        if number == 1:
            lines += ["UNITED STATES DISTRICT COURT", "NORTHERN DISTRICT OF ILLINOIS",
                      "JOHN DOE, Plaintiff, v. KWAME RAOUL, Defendant.", "No. 16 C 11471",
                      "MEMORANDUM OPINION AND ORDER"]
        if number > 1:
            lines.append("tody past the release date, as the record shows.")
        lines.append(f"Part {number} of the findings on {word} restrictions. See Vasquez v. Foxx, "
                     f"895 F.3d 515, {515 + number % 40} (7th Cir. 2018).")
        if number == 78:
            lines.append("The court relied on Murphy v. Raoul, 380 F. Supp. 3d")
        elif number == 79:
            lines.insert(1, "731, 740 (N.D. Ill. 2019).")
        if number == PAGES:
            lines += ["SO ORDERED.", "Dated: March 3, 2021"]
        else:
            lines.append("Registrants were held in cus-")
        pages.append("\n".join(lines))
    return pages


@pytest.fixture
def big_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write_pdf(root / "order.pdf", ["ORDER on the motion to dismiss. The motion is denied."])
    write_pdf(root / "big.pdf", record_pages())
    return root


def settings_for(corpus: Path, index: Path) -> Settings:
    return load_settings(corpus, index)


def cached(settings: Settings, rel: str):
    sha = IndexStore(settings.index_dir).manifest().files[rel].sha256
    return ExtractionCache(settings.cache_dir, EXTRACTION_VERSION).get(sha, "auto")


def found(settings: Settings, query: str) -> list[str]:
    return [hit.path for hit in SearchService(settings.index_dir).search(SearchRequest(query)).results]


def test_a_long_pdf_read_in_ranges_is_exactly_the_pdf_read_whole(big_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv(SPLIT_PAGES_ENV, "0")
    whole = settings_for(big_corpus, tmp_path / "whole")
    ingest(whole, IngestOptions(limits=Limits(processes=2)))

    monkeypatch.setenv(SPLIT_PAGES_ENV, "100")
    split = settings_for(big_corpus, tmp_path / "split")
    steps: list[tuple[str, int, int]] = []
    report = ingest(split, IngestOptions(limits=Limits(processes=2)), progress=lambda *step: steps.append(step))

    assert report.failed == {} and report.extracted == 2
    assert sorted(label for label, _, _ in steps if label.startswith("big.pdf (")) == sorted(
        f"big.pdf (pages {pages})" for pages in RANGES
    ), "read as four ranges, each reported as it ends"
    assert steps[-1][1] == steps[-1][2] == 2 + len(RANGES), "progress counts the files and the ranges"
    expected, got = cached(whole, "big.pdf"), cached(split, "big.pdf")
    assert got.to_json() == expected.to_json()  # text, page numbers, metadata, warnings, citations
    assert [page.number for page in got.pages] == list(range(1, PAGES + 1))
    assert got.metadata["date"] == "2021-03-03" and "Raoul" in got.metadata.get("case_name", "")
    assert "custody" in got.pages[1].text, "a word hyphenated over a page break is joined"
    assert any(mention.page == 78 and "380 F. Supp. 3d 731" in mention.key for mention in got.citations), \
        "a citation over the break between two ranges is found"
    whole_entry = IndexStore(whole.index_dir).manifest().files["big.pdf"]
    split_entry = IndexStore(split.index_dir).manifest().files["big.pdf"]
    assert (split_entry.sha256, split_entry.pages, split_entry.title) == (
        whole_entry.sha256, whole_entry.pages, whole_entry.title)
    assert not list((split.cache_dir / "scratch").glob("ranges-*")), "the ranges' pages are cleaned up"


def crash_in_range(first_page: int):
    """A hook that kills the worker about to read the range starting at ``first_page``."""

    def hook(job) -> None:
        if job.pages and job.pages[0] == first_page:
            os.kill(os.getpid(), signal.SIGKILL)

    return hook


def test_a_range_that_fails_fails_the_file_with_the_range_named(big_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv(SPLIT_PAGES_ENV, "100")
    settings = settings_for(big_corpus, tmp_path / "index")
    ingest(settings, IngestOptions(limits=Limits(processes=2)))
    store = IndexStore(settings.index_dir)
    previous = store.current_name()
    assert found(settings, "residency") == ["big.pdf"]

    write_pdf(big_corpus / "big.pdf", record_pages(word="banishment"))
    report = ingest(settings, IngestOptions(limits=Limits(processes=2), before_read=crash_in_range(79)))

    reason = report.failed["big.pdf"]
    assert reason.startswith("extraction crashed (signal 9)") and "\n" not in reason
    assert "pages 79-156 of 310" in reason and "not indexed rather than indexed with pages missing" in reason
    assert found(settings, "banishment") == [], "no page of the file that failed is in the index"
    assert found(settings, "motion") == ["order.pdf"]
    kept = store.manifest(store.generations / previous)
    assert kept is not None and "big.pdf" in kept.files, "the previous generation is left as it was"
    assert IndexStore(settings.index_dir).manifest().failed["big.pdf"].reason == reason

    again = ingest(settings, IngestOptions(limits=Limits(processes=2)))
    assert again.up_to_date and again.failed == {"big.pdf": reason}, "a crash is not retried on the same bytes"


def hang_in_range(first_page: int):
    """A hook that makes the worker of the range starting at ``first_page`` hang (a stuck pdfminer)."""

    def hook(job) -> None:
        if job.pages and job.pages[0] == first_page:
            threading.Event().wait()

    return hook


def test_a_range_out_of_time_fails_the_file_as_a_timeout_tried_again_under_another_limit(
        big_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv(SPLIT_PAGES_ENV, "100")
    settings = settings_for(big_corpus, tmp_path / "index")
    report = ingest(settings, IngestOptions(limits=Limits(processes=2, timeout_s=30),
                                            before_read=hang_in_range(235)))
    assert report.failed == {"big.pdf": "extraction took longer than 30 s and was stopped (reading pages 235-310 "
                                        "of 310; the file is not indexed rather than indexed with pages missing)"}
    assert IndexStore(settings.index_dir).manifest().failed["big.pdf"].timeout == "30"
    again = ingest(settings, IngestOptions(limits=Limits(processes=2, timeout_s=60)))
    assert again.failed == {} and found(settings, "residency") == ["big.pdf"]


def swap_before_range(target: Path, replacement: Path, first_page: int):
    def hook(job) -> None:
        if job.pages and job.pages[0] == first_page and replacement.exists():
            os.replace(replacement, target)

    return hook


def test_a_file_replaced_between_two_ranges_is_not_cached_under_either_hash(big_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv(SPLIT_PAGES_ENV, "100")
    settings = settings_for(big_corpus, tmp_path / "index")
    target = big_corpus / "big.pdf"
    original = shutil.copy2(target, tmp_path / "original.pdf")
    other = write_pdf(tmp_path / "other.pdf", record_pages(word="banishment"))
    other_sha = file_sha256(other)

    report = ingest(settings, IngestOptions(limits=Limits(processes=2),
                                            before_read=swap_before_range(target, other, 157)))

    reason = report.failed["big.pdf"]
    # the range that swapped it, or the one after it if that one ended first: both read the other file
    assert re.match(r"file changed while it was read in page ranges \(pages (157-234|235-310) of 310 read other "
                    r"bytes than the first reading\); it is read again on the next run$", reason)
    cache = ExtractionCache(settings.cache_dir, EXTRACTION_VERSION)
    assert not cache.has(file_sha256(original), "auto") and not cache.has(other_sha, "auto")
    assert found(settings, "residency") == [] and found(settings, "banishment") == []

    shutil.copy2(original, target)  # put back as it was planned: same bytes and mtime
    again = ingest(settings, IngestOptions(limits=Limits(processes=2)))
    assert again.failed == {} and found(settings, "residency") == ["big.pdf"], "read again, not kept as failed"
    assert IndexStore(settings.index_dir).manifest().files["big.pdf"].sha256 == file_sha256(original)


def test_the_split_setting_must_be_a_number_of_pages(monkeypatch):
    monkeypatch.setenv(SPLIT_PAGES_ENV, "many")
    with pytest.raises(ValueError, match=f"{SPLIT_PAGES_ENV} must be a whole number of pages"):
        Limits()
    monkeypatch.setenv(SPLIT_PAGES_ENV, "100")
    assert Limits().ranges_for(100) == [(1, 100)]
    assert Limits().ranges_for(310) == [(1, 78), (79, 156), (157, 234), (235, 310)]
    assert Limits(split_pages=0).ranges_for(10_000) == [(1, 10_000)]

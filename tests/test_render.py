"""The page renderer's worker: capped in time and memory, never renders bytes other than the
indexed file's, and caches per hash, page, scale and boxes."""

from __future__ import annotations

import hashlib

import pytest

from search.render import RenderError, RenderJob, cache_path, render_page
from tests.conftest import ORDER_PAGES, write_pdf


@pytest.fixture
def order(tmp_path):
    path = write_pdf(tmp_path / "order.pdf", ORDER_PAGES)
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_page_is_rendered_once_then_served_from_the_cache(order, tmp_path):
    path, sha = order
    job = RenderJob(str(path), sha, 2, 1.5)
    first = render_page(job, tmp_path / "cache")
    assert first == cache_path(tmp_path / "cache", job) and first.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    stamp = first.stat().st_mtime_ns
    assert render_page(job, tmp_path / "cache").stat().st_mtime_ns == stamp
    boxed = RenderJob(str(path), sha, 2, 1.5, ("host site",))
    assert cache_path(tmp_path / "cache", boxed) != first  # boxes are part of the key


def test_a_file_swapped_since_indexing_is_refused(order, tmp_path):
    path, _ = order
    with pytest.raises(RenderError, match="changed since it was indexed"):
        render_page(RenderJob(str(path), "0" * 64, 1, 1.5), tmp_path / "cache")


def test_a_render_past_its_time_is_stopped_with_one_line(order, tmp_path):
    path, sha = order
    with pytest.raises(RenderError, match="took longer than"):
        render_page(RenderJob(str(path), sha, 1, 1.5), tmp_path / "cache", timeout_s=0.001)


def test_a_render_past_its_memory_cap_fails_with_one_line(order, tmp_path):
    path, sha = order
    with pytest.raises(RenderError):
        render_page(RenderJob(str(path), sha, 1, 3.0), tmp_path / "cache", memory_mb=40)


def test_a_page_past_the_last_is_refused(order, tmp_path):
    path, sha = order
    with pytest.raises(RenderError, match="has no page 9"):
        render_page(RenderJob(str(path), sha, 9, 1.5), tmp_path / "cache")

"""A hand-edited catalog: an unreal date is refused in one line naming the file and entry, and a
file name differing from its entry only in capitals is reported, not silently left without metadata."""

from __future__ import annotations

import subprocess
import sys

import pytest

from search.catalog import CatalogError, load_catalog
from tests.conftest import PROJECT_ROOT, write_pdf


def test_an_unreal_date_is_a_one_line_error_naming_the_file_and_entry(tmp_path):
    (tmp_path / "catalog.toml").write_text('[[document]]\nfile = "a.pdf"\n\n[[document]]\nfile = "order.pdf"\n'
                                           'date = "2020-02-30"\n', encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        load_catalog(tmp_path)
    message = str(raised.value)
    assert "\n" not in message
    assert str(tmp_path / "catalog.toml") in message and "document #2 (order.pdf)" in message
    assert "'2020-02-30' is not a real date" in message


def test_visibility_accepts_public_and_staff_only(tmp_path):
    (tmp_path / "catalog.toml").write_text('[[document]]\nfile = "a.pdf"\nvisibility = "Staff"\n')
    assert load_catalog(tmp_path)["a.pdf"].extra["visibility"] == "staff"
    (tmp_path / "catalog.toml").write_text('[[document]]\nfile = "a.pdf"\nvisibility = "secret"\n')
    with pytest.raises(CatalogError, match="visibility must be one of public, staff"):
        load_catalog(tmp_path)


@pytest.mark.usefixtures("engine")
def test_the_indexer_reports_a_near_miss_name(tmp_path):
    corpus = tmp_path / "corpus"
    write_pdf(corpus / "Order.PDF", ["An order."])
    (corpus / "catalog.toml").write_text('[[document]]\nfile = "order.pdf"\ntitle = "The order"\n')
    run = subprocess.run([sys.executable, "indexer.py", "--corpus", str(corpus), "--index", str(tmp_path / "index")],
                         cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "Catalog (1):" in run.stdout
    assert "'order.pdf' names no file; 'Order.PDF' differs only in capitals" in run.stdout

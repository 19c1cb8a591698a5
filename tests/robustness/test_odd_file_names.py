"""File names with line breaks, terminal escapes or other control characters print escaped,
one line per file, in the indexer's progress, summary and JSON summary and in ``--check``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from search.ingest import printable
from tests.conftest import PROJECT_ROOT
from tests.robustness.conftest import write_document

ODD_NAMES = [
    "forged\r\nIndexed 0 documents.pdf",  # a fake summary line
    "clear\x1b[2J\x1b[31mred.pdf",  # ANSI: clear the screen, red text
    "bell\x07and\x08back.pdf",
    "csi\x9bone.pdf",  # the one-byte C1 escape
    "line\u2028separator.pdf",
    "bidi\u202egnp.pdf",  # right-to-left override: shows as "...png.pdf" reversed
    "tab\there.pdf",
]
#: What may reach the terminal: printable text, and the newlines between lines.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def odd_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    for number, name in enumerate(ODD_NAMES):
        write_document(corpus / name, f"odd{number}")
    (corpus / "broken\nfile.pdf").write_bytes(b"%PDF-1.4\nnot really a PDF\n%%EOF")
    return corpus


def indexer(corpus: Path, index: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "indexer.py", "--corpus", str(corpus), "--index", str(index), "--jobs", "2", *args]
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)


def test_printable_escapes_each_control_character_and_keeps_the_rest() -> None:
    assert printable("a\r\nb") == "a\\r\\nb"
    assert printable("x\x1b[31m") == "x\\x1b[31m"
    assert printable("line\u2028two\u202e") == "line\\u2028two\\u202e"
    assert printable("Déclaration — Ñandú 5/11-9.3.pdf") == "Déclaration — Ñandú 5/11-9.3.pdf"


def test_odd_names_print_escaped_one_line_each(odd_corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    first = indexer(odd_corpus, index)
    assert first.returncode == 0, first.stderr
    for stream in (first.stdout, first.stderr):
        assert not RAW_CONTROL.search(stream), stream
    assert first.stdout.splitlines()[0].startswith(f"Indexed {len(ODD_NAMES)} documents")
    progress = [line for line in first.stderr.splitlines() if line.startswith("extracted ")]
    assert len(progress) == len(ODD_NAMES) + 1
    failed = [line for line in first.stdout.splitlines() if line.startswith("  broken")]
    assert failed and failed[0].startswith("  broken\\nfile.pdf: ")

    summary = indexer(odd_corpus, index, "--json")
    assert not RAW_CONTROL.search(summary.stdout)
    assert set(json.loads(summary.stdout)["failed"]) == {"broken\nfile.pdf"}  # JSON keeps the real name

    for name in ODD_NAMES[:3]:
        (odd_corpus / name).unlink()
    check = indexer(odd_corpus, index, "--check")
    assert check.returncode == 1
    assert not RAW_CONTROL.search(check.stdout) and not RAW_CONTROL.search(check.stderr)
    drift = [line for line in check.stdout.splitlines() if line.startswith("drift: ")]
    assert sorted(drift) == sorted(f"drift: {printable(name)}: indexed but no longer in the corpus"
                                   for name in ODD_NAMES[:3])
    assert "not indexed: broken\\nfile.pdf: " in check.stdout
    checked = indexer(odd_corpus, index, "--check", "--json")
    assert not RAW_CONTROL.search(checked.stdout) and json.loads(checked.stdout)["consistent"] is False

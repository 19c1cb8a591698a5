"""Hostile files: each is indexed or reported in one line; none stalls or kills the run; nothing outside is read.

The corpus is generated at test time (``tests/robustness/pdfs.py``) and ingested by the
harness in a child process with the workers' limits turned down (1 GB of memory per
worker), while an audit hook records any file opened under a folder beside the corpus.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from search.config import Settings, load_settings
from search.models import SearchRequest
from search.service import SearchService
from search.workers import SPLIT_PAGES_ENV
from tests.conftest import PROJECT_ROOT, write_pdf
from tests.robustness import pdfs
from tests.robustness.conftest import make_app, run_harness, write_document

LATIN1_NAME = b"caf\xe9-latin1.pdf"
SECRET_WORD = "outsideword"
MEMORY_MB = 1024


@dataclass(frozen=True)
class Expected:
    outcome: str  # "indexed", "failed" or "skipped"
    says: str = ""  # part of the one-line reason, or of the indexed text


EXPECTED: dict[str, Expected] = {
    "zero-bytes.pdf": Expected("failed", "not a readable PDF"),
    "truncated.pdf": Expected("failed", "not a readable PDF"),
    "program.pdf": Expected("failed", "not a readable PDF"),
    "bomb.pdf": Expected("failed", "too large to extract within the memory limit"),
    "many-pages.pdf": Expected("indexed"),
    "giant-page.pdf": Expected("indexed"),
    "nested.pdf": Expected("indexed", "Nested objects page"),
    "javascript.pdf": Expected("indexed", "Visible text about shelters"),
    "caf\ufffd-latin1.pdf": Expected("skipped", "file name is not valid UTF-8"),
    "pipe.pdf": Expected("skipped", "not a regular file"),
    "secret-link.pdf": Expected("skipped", "symbolic link to a file outside the corpus"),
    "relative-link.txt": Expected("skipped", "symbolic link to a file outside the corpus"),
    "passwd.txt": Expected("skipped", "symbolic link to a file outside the corpus"),
    "zeros.txt": Expected("skipped", "symbolic link to a file outside the corpus"),
    "outside-folder/": Expected("skipped", "symbolic link to a folder outside the corpus"),
}


def build_hostile_corpus(root: Path, outside: Path) -> None:
    write_pdf(outside / "secret.pdf", [f"Private {SECRET_WORD} kept outside the library."])
    (outside / "secret.txt").write_text(f"{SECRET_WORD} in a text file", encoding="utf-8")
    root.mkdir(parents=True)
    write_document(root / "ordinary.pdf", "ordinary")
    (root / "zero-bytes.pdf").write_bytes(b"")
    pdfs.truncated(root / "truncated.pdf")
    pdfs.elf_executable(root / "program.pdf")
    pdfs.bomb(root / "bomb.pdf")
    pdfs.many_pages(root / "many-pages.pdf", 5000)
    pdfs.giant_page(root / "giant-page.pdf")
    pdfs.deeply_nested(root / "nested.pdf")
    pdfs.javascript_and_attachment(root / "javascript.pdf", "Visible text about shelters", "attachedword")
    write_pdf(Path(os.fsdecode(os.fsencode(root) + b"/" + LATIN1_NAME)), ["A file name in Latin-1."])
    os.mkfifo(root / "pipe.pdf")
    (root / "secret-link.pdf").symlink_to(outside / "secret.pdf")
    (root / "relative-link.txt").symlink_to(Path("..") / outside.name / "secret.txt")
    (root / "passwd.txt").symlink_to("/etc/passwd")
    (root / "zeros.txt").symlink_to("/dev/zero")
    (root / "outside-folder").symlink_to(outside, target_is_directory=True)


@dataclass
class HostileRun:
    settings: Settings
    report: dict[str, Any]
    opened_outside: list[str]
    seconds: float


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, engine) -> HostileRun:
    base = tmp_path_factory.mktemp("hostile")
    outside = base / "outside"
    outside.mkdir()
    settings = load_settings(base / "corpus", base / "index")
    build_hostile_corpus(settings.corpus_dir, outside)
    log = base / "opened-outside.log"
    started = time.monotonic()
    result = run_harness({
        "ingest": {"corpus": str(settings.corpus_dir), "index": str(settings.index_dir), "processes": 2,
                   "timeout_s": 90, "memory_mb": MEMORY_MB},
        "forbid": [str(outside), str(settings.corpus_dir / "ordinary.pdf")], "open_log": str(log),
    }, timeout=240)
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-3000:]
    opened = log.read_text().splitlines() if log.exists() else []
    return HostileRun(settings, json.loads(result.stdout.splitlines()[-1]), opened, seconds)


def outcome_of(report: dict[str, Any], name: str) -> tuple[str, str]:
    if name in report["failed"]:
        return "failed", report["failed"][name]
    if name in report["skipped"]:
        return "skipped", report["skipped"][name]
    indexed = report["added"] + report["changed"]
    return ("indexed", "") if name in indexed else ("missing", "")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_file_is_indexed_or_reported_in_one_line(hostile_run: HostileRun, name: str) -> None:
    outcome, reason = outcome_of(hostile_run.report, name)
    expected = EXPECTED[name]
    assert outcome == expected.outcome, (name, outcome, reason)
    if outcome != "indexed":
        assert expected.says in reason and "\n" not in reason and len(reason) <= 240
        print(f"{name}: {outcome}: {reason}")


def test_the_run_survives_and_the_good_files_are_searchable(hostile_run: HostileRun) -> None:
    report = hostile_run.report
    assert report["documents"] == 1 + sum(1 for e in EXPECTED.values() if e.outcome == "indexed")
    service = SearchService(hostile_run.settings.index_dir)
    for query, path in [("registrants", "ordinary.pdf"), ('"nested objects page"', "nested.pdf"),
                        ('"visible text about shelters"', "javascript.pdf")]:
        assert [hit.path for hit in service.search(SearchRequest(query)).results] == [path]
    many = next(meta for meta in service.documents() if meta.path == "many-pages.pdf")
    assert many.page_count == 5000
    assert service.search(SearchRequest("attachedword")).total == 0  # attachments are not extracted
    print(f"hostile corpus ingested in {hostile_run.seconds:.1f} s")


def test_nothing_outside_the_corpus_is_read_indexed_or_served(hostile_run: HostileRun) -> None:
    opened = {line.split(" ", 1)[1] for line in hostile_run.opened_outside}
    control = str(hostile_run.settings.corpus_dir / "ordinary.pdf")
    assert opened == {control}  # the audit hook saw the control file read, and nothing outside
    service = SearchService(hostile_run.settings.index_dir)
    assert service.search(SearchRequest(SECRET_WORD)).total == 0
    assert all(not meta.path.startswith(("secret", "outside", "relative", "passwd", "zeros"))
               for meta in service.documents())
    client = make_app(hostile_run.settings).test_client()
    for url in ["/documents/secret-link.pdf/file", "/documents/..%2Foutside%2Fsecret.pdf/file",
                "/documents/%2Fetc%2Fpasswd/file", "/documents/outside-folder%2Fsecret.pdf/file"]:
        response = client.get(url)
        assert response.status_code == 404
        assert SECRET_WORD.encode() not in response.data and b"root:" not in response.data


def test_the_check_command_agrees_after_a_hostile_run(hostile_run: HostileRun) -> None:
    from search.check import check_index

    report = check_index(hostile_run.settings)
    assert report.consistent, report.problems
    assert set(report.failed) == {name for name, e in EXPECTED.items() if e.outcome == "failed"}


def test_the_per_file_timeout_stops_a_slow_file_and_the_run_goes_on(tmp_path: Path, monkeypatch) -> None:
    """The 5,000-page file is read whole (``C400_SPLIT_PAGES=0``): this is about the limit of one
    job; a split file's ranges each have their own (tests/test_big_pdf.py)."""
    monkeypatch.setenv(SPLIT_PAGES_ENV, "0")
    settings = load_settings(tmp_path / "corpus", tmp_path / "index")
    settings.corpus_dir.mkdir(parents=True)
    pdfs.many_pages(settings.corpus_dir / "slow.pdf", 5000)
    write_document(settings.corpus_dir / "quick.pdf", "quick")
    started = time.monotonic()
    result = run_harness({"ingest": {"corpus": str(settings.corpus_dir), "index": str(settings.index_dir),
                                     "processes": 2, "timeout_s": 1}})
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["failed"] == {"slow.pdf": "extraction took longer than 1 s and was stopped"}
    assert report["added"] == ["quick.pdf"]
    assert time.monotonic() - started < 30


def test_a_non_utf8_file_name_does_not_break_the_indexer_command(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_document(corpus / "ordinary.pdf", "ordinary")
    write_pdf(Path(os.fsdecode(os.fsencode(corpus) + b"/" + LATIN1_NAME)), ["A file name in Latin-1."])
    command = [sys.executable, "indexer.py", "--corpus", str(corpus), "--index", str(tmp_path / "index")]
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "  caf\ufffd-latin1.pdf: file name is not valid UTF-8; rename the file to index it" in result.stdout
    check = subprocess.run([*command, "--check"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout


def without_root_read_override() -> list[str]:
    """A command prefix under which even root obeys file permissions (it loses CAP_DAC_OVERRIDE)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, which reads any file, and setpriv (util-linux) is absent to drop that power")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


def test_a_file_without_read_permission_is_reported_not_fatal(tmp_path: Path) -> None:
    prefix = without_root_read_override()
    corpus = tmp_path / "corpus"
    write_document(corpus / "readable.pdf", "readable")
    write_document(corpus / "private.pdf", "private")
    (corpus / "private.pdf").chmod(0o000)
    order = {"ingest": {"corpus": str(corpus), "index": str(tmp_path / "index")}}
    command = [*prefix, sys.executable, "-m", "tests.robustness.harness"]
    result = subprocess.run(command, cwd=PROJECT_ROOT, input=json.dumps(order) + "\n", capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["skipped"] == {"private.pdf": "cannot be read: Permission denied"}
    assert report["added"] == ["readable.pdf"]

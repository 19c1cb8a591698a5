"""``scripts/audit_deps.py`` fails the build only for vulnerabilities that have a fix, and never
mistakes "the vulnerability service could not be reached" for "no known vulnerabilities"."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType

import pytest

from tests.conftest import PROJECT_ROOT


@pytest.fixture(scope="module")
def audit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_deps", PROJECT_ROOT / "scripts" / "audit_deps.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit_deps"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def package(name: str, *vulns: tuple[str, list[str]]) -> dict:
    return {"name": name, "version": "1.0", "vulns": [{"id": vid, "fix_versions": fixes} for vid, fixes in vulns]}


def test_a_vulnerability_with_a_fixed_release_fails(audit, capsys) -> None:
    report = {"dependencies": [package("flask"), package("jinja2", ("GHSA-1", ["3.1.5"]), ("GHSA-2", []))]}
    assert audit.exit_code(audit.judge(report)) == 1
    out = capsys.readouterr().out
    assert "vulnerable: jinja2 1.0: GHSA-1 (fixed in 3.1.5)" in out
    assert "warning: jinja2 1.0: GHSA-2 (no fixed release yet)" in out


def test_vulnerabilities_without_a_fix_only_warn(audit, capsys) -> None:
    report = {"dependencies": [package("pdfminer.six", ("PYSEC-9", []))]}
    assert audit.exit_code(audit.judge(report)) == 0
    assert "warning: pdfminer.six 1.0: PYSEC-9" in capsys.readouterr().out


def test_an_unreachable_service_is_said_plainly_and_does_not_fail(audit, capsys) -> None:
    reason = "Dependency not found on PyPI and could not be audited: flask (3.1.3)"
    report = {"dependencies": [{"name": "flask", "skip_reason": reason}, {"name": "whoosh", "skip_reason": reason}],
              "fixes": []}
    verdict = audit.judge(report)
    assert verdict.service_unreachable
    assert audit.exit_code(verdict) == 0
    assert capsys.readouterr().out.startswith("dependency audit NOT RUN: the vulnerability service could not be")


def test_a_private_package_skipped_among_audited_ones_is_listed(audit, capsys) -> None:
    report = {"dependencies": [package("flask"), {"name": "c400-private", "skip_reason": "not on PyPI"}]}
    verdict = audit.judge(report)
    assert not verdict.service_unreachable and audit.exit_code(verdict) == 0
    assert "not audited: c400-private: not on PyPI" in capsys.readouterr().out


@pytest.fixture
def osv_stand_in() -> Iterator[tuple[str, list[str]]]:
    """A local OSV endpoint: one known vulnerability, in flask, fixed in 99.0; nothing else."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            asked.append(query["package"]["name"])
            answer = {}
            if query["package"]["name"] == "flask":
                answer = {"vulns": [{"id": "GHSA-c400-test", "summary": "a stand-in", "affected": [
                    {"package": {"name": "flask", "ecosystem": "PyPI"},
                     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0"}]}]}]}]}
            body = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1/query", asked
    finally:
        server.shutdown()
        server.server_close()


def test_a_reachable_service_really_audits_every_installed_package(osv_stand_in) -> None:
    url, asked = osv_stand_in
    environment = {**os.environ, "C400_AUDIT_SERVICE": "osv", "C400_AUDIT_OSV_URL": url}
    result = subprocess.run([sys.executable, "scripts/audit_deps.py"], cwd=PROJECT_ROOT, env=environment,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "NOT RUN" not in result.stdout
    assert "vulnerable: flask " in result.stdout and "GHSA-c400-test (fixed in 99.0)" in result.stdout
    assert {"flask", "whoosh-reloaded", "setuptools", "pip"} <= set(asked)
    checked = int(result.stdout.split("dependency audit: ")[1].split()[0])
    assert checked == len(set(asked)) > 50


def test_no_reachable_service_is_not_run_and_names_each_service_tried() -> None:
    environment = {**os.environ, "C400_AUDIT_SERVICE": "osv", "C400_AUDIT_OSV_URL": "http://127.0.0.1:9/v1/query"}
    result = subprocess.run([sys.executable, "scripts/audit_deps.py"], cwd=PROJECT_ROOT, env=environment,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("dependency audit NOT RUN: no vulnerability service could be reached (osv: ")

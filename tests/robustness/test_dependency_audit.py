"""``scripts/audit_deps.py`` fails the build only for vulnerabilities that have a fix, and never
mistakes "the vulnerability service could not be reached" for "no known vulnerabilities"."""

from __future__ import annotations

import importlib.util
import sys
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

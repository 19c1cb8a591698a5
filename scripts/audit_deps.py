"""Audit the installed dependencies for known vulnerabilities (pip-audit); fail only when a fix exists.

    .venv/bin/python scripts/audit_deps.py

Exit 0: nothing to fix. Vulnerabilities without a fixed release are listed as warnings, and
        when no vulnerability service can be reached the audit says "NOT RUN" and does not fail
        the build (pip-audit itself then reports "no known vulnerabilities": it could check nothing).
Exit 1: at least one vulnerability has a fixed release; upgrade to it.
Exit 2: pip-audit is missing or failed in a way that is not a network problem.

Two services are tried in turn: PyPI's JSON API (pip-audit's default), then OSV. A network that
lets pip reach PyPI's index and project pages may still block the per-release pages pip-audit
reads (every package then comes back "not found on PyPI"): the audit then really runs against
OSV rather than giving up. C400_AUDIT_SERVICE=pypi|osv uses only one; C400_AUDIT_OSV_URL points
pip-audit at another OSV endpoint (a mirror, or the tests' stand-in).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

COMMAND = [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off", "--skip-editable"]
SERVICES = ("pypi", "osv")
NETWORK_SIGNS = ("ConnectionError", "Name or service not known", "Temporary failure in name resolution",
                 "Max retries exceeded", "timed out", "Network is unreachable", "Connection refused")


@dataclass
class Verdict:
    fixable: list[str] = field(default_factory=list)
    unfixable: list[str] = field(default_factory=list)
    audited: int = 0
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def service_unreachable(self) -> bool:
        """Nothing could be looked up: pip-audit reports every package as "not found"."""
        return self.audited == 0 and bool(self.skipped)


def judge(report: dict[str, Any]) -> Verdict:
    """Sort pip-audit's JSON report into vulnerabilities with and without a fixed release."""
    verdict = Verdict()
    for dependency in report.get("dependencies", []):
        name, version = dependency.get("name", "?"), dependency.get("version", "?")
        if "skip_reason" in dependency:
            verdict.skipped[name] = dependency["skip_reason"]
            continue
        verdict.audited += 1
        for vuln in dependency.get("vulns", []):
            fixes = vuln.get("fix_versions") or []
            line = f"{name} {version}: {vuln.get('id', '?')}"
            if fixes:
                verdict.fixable.append(f"{line} (fixed in {', '.join(fixes)})")
            else:
                verdict.unfixable.append(f"{line} (no fixed release yet)")
    return verdict


def exit_code(verdict: Verdict) -> int:
    """Print what the audit found, one line each; return the exit status."""
    if verdict.service_unreachable:
        reason = next(iter(verdict.skipped.values()))
        print(f"dependency audit NOT RUN: the vulnerability service could not be reached; none of "
              f"{len(verdict.skipped)} packages could be checked ({reason}). Not failing the build.")
        return 0
    for line in verdict.unfixable:
        print(f"warning: {line}")
    for line in verdict.fixable:
        print(f"vulnerable: {line}")
    for name, reason in verdict.skipped.items():
        print(f"not audited: {name}: {reason}")
    print(f"dependency audit: {verdict.audited} packages checked, {len(verdict.fixable)} vulnerabilities with a fix, "
          f"{len(verdict.unfixable)} without one.")
    return 1 if verdict.fixable else 0


def command(service: str) -> list[str]:
    extra = ["--vulnerability-service", service]
    if service == "osv" and os.environ.get("C400_AUDIT_OSV_URL"):
        extra += ["--osv-url", os.environ["C400_AUDIT_OSV_URL"]]
    return COMMAND + extra


class AuditFailed(Exception):
    """pip-audit is missing or failed for a reason that is not the network (exit 2)."""


def audit_with(service: str) -> Verdict | str:
    """The verdict of one service, or why it could not be reached."""
    try:
        result = subprocess.run(command(service), capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return "pip-audit timed out"
    if "No module named pip_audit" in result.stderr:
        raise AuditFailed("pip-audit is not installed; install the test extra: pip install -e '.[test]'")
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        if any(sign in result.stderr for sign in NETWORK_SIGNS):
            sign = next(sign for sign in NETWORK_SIGNS if sign in result.stderr)
            return f"could not be reached ({sign})"
        raise AuditFailed(f"pip-audit failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}") from None
    verdict = judge(report)
    if verdict.service_unreachable:
        return f"none of {len(verdict.skipped)} packages could be looked up ({next(iter(verdict.skipped.values()))})"
    return verdict


def main() -> int:
    chosen = os.environ.get("C400_AUDIT_SERVICE")
    reasons: list[str] = []
    for service in (chosen,) if chosen else SERVICES:
        try:
            outcome = audit_with(service)
        except AuditFailed as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        if isinstance(outcome, Verdict):
            print(f"dependency audit against {service}:")
            return exit_code(outcome)
        reasons.append(f"{service}: {outcome}")
    print(f"dependency audit NOT RUN: no vulnerability service could be reached ({'; '.join(reasons)}). "
          "Not failing the build.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

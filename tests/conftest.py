"""Shared fixtures: where the real court documents live, and temporary corpora."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REALDOCS = Path(os.environ.get("C400_REALDOCS", PROJECT_ROOT.parent / "shared" / "realdocs"))


@pytest.fixture(scope="session")
def realdocs() -> Path:
    """The shared folder of real court filings; tests using it skip when it is absent."""
    if not REALDOCS.is_dir():
        pytest.skip(f"real documents not found at {REALDOCS} (set C400_REALDOCS or place shared/ beside the checkout)")
    return REALDOCS

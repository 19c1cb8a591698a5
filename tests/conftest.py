"""Shared fixtures: where the real court documents live, temporary corpora, and the engines.

Every test that builds an index runs once per engine, as eyecite runs one suite against
each tokenizer: such a test (or a fixture it uses) asks for the ``engine`` fixture, which
sets ``C400_ENGINE`` for everything it runs, subprocesses included. Which engines:
``--engines whoosh,tantivy`` or ``C400_ENGINES``; by default every engine registered in
``search/engines/__init__.py``. An engine whose package is not installed is skipped with
the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REALDOCS = Path(os.environ.get("C400_REALDOCS", PROJECT_ROOT.parent / "shared" / "realdocs"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engines", default=os.environ.get("C400_ENGINES", ""),
        help="comma-separated engines the index-building tests run against (default: all registered; "
             "env C400_ENGINES)",
    )


def engines_to_test(config: pytest.Config) -> list[str]:
    from search.engines import ENGINES

    names = [name.strip().lower() for name in (config.getoption("--engines") or "").split(",") if name.strip()]
    return names or list(ENGINES)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        metafunc.parametrize("engine", engines_to_test(metafunc.config), indirect=True, scope="session")


@pytest.fixture(scope="session")
def engine(request: pytest.FixtureRequest):
    """The engine name this run of the test uses (``C400_ENGINE`` is set to it meanwhile)."""
    from search.engines import unavailable

    name = request.param
    reason = unavailable(name)
    if reason is not None:
        pytest.skip(reason)
    previous = os.environ.get("C400_ENGINE")
    os.environ["C400_ENGINE"] = name
    yield name
    if previous is None:
        os.environ.pop("C400_ENGINE", None)
    else:
        os.environ["C400_ENGINE"] = previous


@pytest.fixture(scope="session")
def realdocs() -> Path:
    """The shared folder of real court filings; tests using it skip when it is absent."""
    if not REALDOCS.is_dir():
        pytest.skip(f"real documents not found at {REALDOCS} (set C400_REALDOCS or place shared/ beside the checkout)")
    return REALDOCS


def write_pdf(path: Path, pages: list[str]) -> Path:
    """A text PDF with one page per string (fpdf2 core font, so keep to Latin-1)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


ORDER_PAGES = [
    "ORDER GRANTING PERMANENT INJUNCTION\nMurphy v. Raoul, No. 16 C 11471\nUnited States District Court",
    "The Department kept people in prison past their release dates because no approved host site was found.",
    "Holding people past release for want of a host site violated equal protection and the Eighth Amendment.",
]
BRIEF_PAGES = [
    "BRIEF OF AMICI CURIAE supporting appellants in Vasquez v. Foxx, 895 F.3d 515 (7th Cir. 2018).",
    "Residency restrictions banish registrants from most housing; many have no fixed address.",
    "The amendment added child day-care homes to the 500-foot rule of 720 ILCS 5/11-9.3(b-10).",
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A small corpus: an order and a brief of three pages each, and a catalog entry."""
    root = tmp_path / "corpus"
    write_pdf(root / "order.pdf", ORDER_PAGES)
    write_pdf(root / "briefs" / "amicus.pdf", BRIEF_PAGES)
    (root / "catalog.toml").write_text(
        '[[document]]\nfile = "order.pdf"\ntitle = "Murphy v. Raoul injunction order"\ndoc_type = "order"\n'
        'date = "2020-03-01"\ncourt = "U.S. District Court for the Northern District of Illinois"\n'
        'case_name = "Murphy v. Raoul"\ncase_number = "16 C 11471"\n',
        encoding="utf-8",
    )
    return root


@pytest.fixture
def settings(corpus: Path, tmp_path: Path, engine: str):
    from search.config import load_settings

    return load_settings(corpus, tmp_path / "index")


@pytest.fixture
def indexed(settings):
    """Settings of a corpus that has been ingested once."""
    from search.ingest import ingest

    ingest(settings)
    return settings


@pytest.fixture(scope="session")
def realdocs_index(realdocs: Path, tmp_path_factory, engine: str):
    """``../shared/realdocs`` ingested once per test session: (settings, report)."""
    from search.config import load_settings
    from search.ingest import ingest

    settings = load_settings(realdocs, tmp_path_factory.mktemp("realdocs") / "index")
    return settings, ingest(settings)


@pytest.fixture(scope="session")
def samples_service(tmp_path_factory, engine: str):
    """The bundled corpus/ ingested once per session, behind a SearchService."""
    from search.config import load_settings
    from search.ingest import ingest
    from search.service import SearchService

    settings = load_settings(PROJECT_ROOT / "corpus", tmp_path_factory.mktemp("samples") / "index")
    ingest(settings)
    return SearchService(settings.index_dir)

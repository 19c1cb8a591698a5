"""Engines: the registry of interchangeable full-text engines (contract: ``base.py``).

Registering an engine is one line in ``ENGINES``: its name (the value of ``C400_ENGINE``)
and the module that defines ``ENGINE`` (an object fulfilling ``base.Engine``). When importing
that module fails because a package is missing, ``get_engine`` says which package, and the
tests skip the engine with that reason.
Engine modules are imported only when asked for, so nothing here imports Whoosh or tantivy
and no module imports another's engine.
"""

from __future__ import annotations

import importlib
import os

from search.engines.base import Engine, EngineReader, EngineWriter

ENGINES: dict[str, str] = {
    "whoosh": "search.engines.whoosh",
    "tantivy": "search.engines.tantivy",
}
DEFAULT_ENGINE = "whoosh"

__all__ = ["ENGINES", "Engine", "EngineReader", "EngineWriter", "EngineUnavailable", "get_engine", "unavailable"]


class EngineUnavailable(ValueError):
    """The engine asked for is unknown or its package is not installed; one line saying which."""


def engine_name(name: str | None = None) -> str:
    return (name or os.environ.get("C400_ENGINE", "") or DEFAULT_ENGINE).strip().lower()


def get_engine(name: str | None = None) -> Engine:
    """The engine named by ``name`` or ``C400_ENGINE`` (default: whoosh)."""
    name = engine_name(name)
    if name not in ENGINES:
        raise EngineUnavailable(f"C400_ENGINE: unknown engine {name!r} (available: {', '.join(ENGINES)})")
    try:
        module = importlib.import_module(ENGINES[name])
    except ModuleNotFoundError as error:
        raise EngineUnavailable(
            f"C400_ENGINE={name}: its package {error.name!r} is not installed (pip install {error.name})"
        ) from None
    return module.ENGINE


def unavailable(name: str) -> str | None:
    """Why engine ``name`` cannot be used here (one line), or None when it can."""
    try:
        get_engine(name)
    except EngineUnavailable as error:
        return str(error)
    return None

"""Settings shared by the indexer, the command-line search and the web app.

Every setting has a default that works from a fresh checkout and an environment variable
that overrides it; command-line flags override both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _path_from_env(name: str, default: Path) -> Path:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else default


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path
    index_dir: Path

    @property
    def cache_dir(self) -> Path:
        """Extraction and OCR results, keyed by file hash; survives index rebuilds."""
        return self.index_dir / "cache"


def load_settings(corpus_dir: Path | str | None = None, index_dir: Path | str | None = None) -> Settings:
    """Flags first, then ``C400_CORPUS_DIR`` / ``C400_INDEX_DIR``, then the defaults."""
    corpus = Path(corpus_dir) if corpus_dir else _path_from_env("C400_CORPUS_DIR", PROJECT_ROOT / "corpus")
    index = Path(index_dir) if index_dir else _path_from_env("C400_INDEX_DIR", PROJECT_ROOT / "instance" / "index")
    return Settings(corpus_dir=corpus.resolve(), index_dir=index.resolve())

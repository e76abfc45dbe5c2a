"""Shared test set-up: the generated packages are importable as top-level packages."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from corpus_documents import CorpusPackages

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
SPECS = ROOT / "specs"

if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))


@pytest.fixture(scope="session")
def corpus_packages(tmp_path_factory: pytest.TempPathFactory) -> CorpusPackages:
    """Each corpus document generated once per session (``tests/corpus``, ``tests/contract``)."""
    from corpus_documents import CorpusPackages  # tests/ is on sys.path (this file's directory)

    return CorpusPackages(tmp_path_factory.mktemp("corpus"))

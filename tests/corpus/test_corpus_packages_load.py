"""Every corpus client loads as its users load it: every module in either order, every model
complete, both clients built, every resource touched (see tests/load_everything.py). The corpus
test itself imports only each package, and models and resources load lazily."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_documents import DOCUMENTS, NO_CORPUS, CorpusPackages
from load_everything import load_everything

pytestmark = pytest.mark.skipif(not DOCUMENTS, reason=NO_CORPUS)


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_every_module_of_a_corpus_client_loads(
    corpus_packages: CorpusPackages, document: Path
) -> None:
    outcome = corpus_packages.get(document)
    assert outcome.error is None and outcome.api is not None, outcome.error
    assert load_everything(corpus_packages.out, outcome.api) == []

"""The corpus of real-world documents, shared by `tests/corpus/` and `tests/contract/`.

The documents are read from `CLIENTGEN_CORPUS` or `../shared/corpus` (never copied into the
repo). A document the strict pipeline refuses is generated in lenient mode. `tests/conftest.py`
has the session fixture `corpus_packages` that generates each document once per session.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import ir
from generator.build import ClientOptions
from generator.errors import SpecError, SpecWarning
from generator.naming.words import identifier
from generator.pipeline import generate
from generator.render.write import write_package

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("CLIENTGEN_CORPUS") or ROOT.parent / "shared" / "corpus")
DOCUMENTS = (
    sorted(p for p in CORPUS.glob("*") if p.suffix in (".yaml", ".yml", ".json"))
    if CORPUS.is_dir()
    else []
)
NO_CORPUS = f"no corpus: set CLIENTGEN_CORPUS or put ../shared/corpus beside the repo ({CORPUS})"


@dataclass
class Outcome:
    """What generating one document gave."""

    document: Path
    package: str
    operations: int = 0
    models: int = 0
    seconds: float = 0.0
    lenient: bool = False
    warnings: tuple[SpecWarning, ...] = ()
    error: str | None = None
    api: ir.Api | None = field(default=None, repr=False)
    """The intermediate model (None when generation failed)."""


def package_name(document: Path) -> str:
    return "corpus_" + identifier(document.stem)


def generate_document(document: Path, out: Path) -> Outcome:
    """Generate `document` into `out/<package>/`; failures are recorded, never raised."""
    outcome = Outcome(document=document, package=package_name(document))
    start = time.perf_counter()
    try:
        try:
            options = ClientOptions(package=outcome.package)
            generated = generate(document, options, display=document.name)
        except SpecError:
            # The strict pipeline refuses the document: it is generated leniently.
            outcome.lenient = True
            options = ClientOptions(package=outcome.package, lenient=True)
            generated = generate(document, options, display=document.name)
        write_package(out, generated)
        api = generated.api
        assert api is not None
        outcome.api = api
        outcome.operations = sum(len(m.root.operations) for m in api.resources)
        outcome.models = len(api.models) + len(api.enums)
        outcome.warnings = api.warnings
    except Exception as exc:  # recorded and reported by the tests
        outcome.error = f"{type(exc).__name__}: {exc}"
    outcome.seconds = time.perf_counter() - start
    return outcome


class CorpusPackages:
    """Generates each corpus document at most once, all into one directory (`out`)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._done: dict[Path, Outcome] = {}

    def get(self, document: Path) -> Outcome:
        if document not in self._done:
            self._done[document] = generate_document(document, self.out)
        return self._done[document]

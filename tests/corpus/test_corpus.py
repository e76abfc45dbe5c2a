"""Every real-world document in the corpus generates a client that imports and type-checks.

The documents are read from `CLIENTGEN_CORPUS` or `../shared/corpus` (never copied into the
repo). Invalid documents are generated in lenient mode; the test records which ones needed it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from corpus_documents import DOCUMENTS, NO_CORPUS, ROOT, CorpusPackages, Outcome

from generator.build import ClientOptions
from generator.pipeline import build, load_and_parse

pytestmark = pytest.mark.skipif(not DOCUMENTS, reason=NO_CORPUS)


@pytest.fixture(scope="session")
def corpus(corpus_packages: CorpusPackages) -> tuple[Path, dict[str, Outcome]]:
    outcomes = {document.name: corpus_packages.get(document) for document in DOCUMENTS}
    out = corpus_packages.out
    (out / "corpus-results.json").write_text(
        json.dumps(
            {
                k: {
                    **vars(v),
                    "document": str(v.document),
                    "api": None,
                    "warnings": [w.located() for w in v.warnings],
                }
                for k, v in outcomes.items()
            },
            indent=2,
        )
    )
    return out, outcomes


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_document_generates(corpus: tuple[Path, dict[str, Outcome]], document: Path) -> None:
    _, outcomes = corpus
    outcome = outcomes[document.name]
    assert outcome.error is None, outcome.error
    assert outcome.operations > 0 or document.name.startswith("oai-callback")
    if outcome.lenient:
        assert any(
            warning.kind == "repaired" for warning in outcome.warnings
        ), "a document that needed lenient mode must say what was dropped"
        assert all(
            (warning.pointer or "").startswith("#/")
            and warning.file == document.name
            and warning.line is not None
            for warning in outcome.warnings
        ), outcome.warnings


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_regenerating_with_the_recorded_names_changes_nothing(
    corpus: tuple[Path, dict[str, Outcome]], document: Path
) -> None:
    """The manifest's names, kept by the next generation into the same place, are a fixed
    point: an unchanged document gives the same intermediate model (so the same files)."""
    out, outcomes = corpus
    outcome = outcomes[document.name]
    assert outcome.error is None, outcome.error
    options = ClientOptions(package=outcome.package, lenient=outcome.lenient, output=out)
    assert build(document, options, document.name) == outcome.api


def test_packages_compile_and_import(corpus: tuple[Path, dict[str, Outcome]]) -> None:
    out, outcomes = corpus
    packages = [o.package for o in outcomes.values() if o.error is None]
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    result = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error::SyntaxWarning", "-c", code, *packages],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    compiled = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", *packages],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert compiled.returncode == 0, compiled.stdout[-3000:]


def test_mypy_strict_on_every_corpus_client(corpus: tuple[Path, dict[str, Outcome]]) -> None:
    out, outcomes = corpus
    packages = [o.package for o in outcomes.values() if o.error is None]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--no-incremental",
            *packages,
        ],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:]


def test_ruff_on_every_corpus_client(corpus: tuple[Path, dict[str, Outcome]]) -> None:
    out, outcomes = corpus
    packages = [o.package for o in outcomes.values() if o.error is None]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--config",
            str(ROOT / "pyproject.toml"),
            *packages,
        ],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:]


def _examples_for_models(document: Path, package_dir: Path) -> list[tuple[str, Any]]:
    """(model class, example data) pairs from the document's component schemas."""
    spec, _ = load_and_parse(document, lenient=True)
    schemas = spec.data.get("components", {}).get("schemas", {}) or {}
    models_source = "\n".join(p.read_text() for p in sorted((package_dir / "models").glob("*.py")))
    found: list[tuple[str, Any]] = []
    for name in sorted(schemas):
        schema = schemas[name]
        example = schema.get("example") if isinstance(schema, dict) else None
        if isinstance(example, dict) and f"\nclass {name}(BaseModel):" in models_source:
            found.append((name, example))
    return found


SMOKE = """
import json, sys, importlib
models = importlib.import_module(sys.argv[1] + ".models")  # loads each class on first use
built = []
for name, data in json.loads(sys.stdin.read()):
    model = getattr(models, name)
    try:
        value = model.model_validate(data)
    except Exception:
        continue  # real documents carry examples that do not match their own schema
    again = model.model_validate(value.model_dump(by_alias=True, exclude_unset=True))
    assert again == value, name
    built.append(name)
print(json.dumps(built))
"""


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_a_model_builds_from_an_example_in_the_spec(
    corpus: tuple[Path, dict[str, Outcome]], document: Path
) -> None:
    out, outcomes = corpus
    outcome = outcomes[document.name]
    assert outcome.error is None
    candidates = _examples_for_models(document, out / outcome.package)
    if not candidates:
        pytest.skip(f"{document.name} has no object example on a component schema")
    result = subprocess.run(
        [sys.executable, "-c", SMOKE, outcome.package],
        cwd=out,
        input=json.dumps(candidates, default=str),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    built = json.loads(result.stdout)
    assert (
        built
    ), f"none of the {len(candidates)} component examples of {document.name} builds its model"

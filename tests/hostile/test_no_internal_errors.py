"""No internal exception is ever reported as a fault of the document.

Every document the tests know (the feature specs, positive, errors/ and unsupported/; the
hostile specs; the vendor specs in specs/; the corpus listed in ../shared/corpus/MANIFEST.tsv)
goes through the build stages (load, check, parse, build: everything before rendering), strict
and lenient. Each must either build or fail with a ClientgenError whose text is about the
document. A Python exception escaping, or one whose name ends up in the message (as an
`AttributeError` once did, reported as a spec error), fails the test. The command line reports
an escaped exception as `clientgen: internal error: <Name>: ...` (exit 3, generator/cli.py).
"""

from __future__ import annotations

import builtins
import csv
import re
from pathlib import Path

import pytest

from generator.build import ClientOptions
from generator.errors import ClientgenError
from generator.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
MAX_BYTES = 5 * 1024 * 1024
"""Corpus documents larger than this are left out to keep the run short."""
SUFFIXES = (".yaml", ".yml", ".json")

_EXCEPTION_NAMES = sorted(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
)
INTERNAL = re.compile(
    r"internal error|cannot generate from this document: \w+|\b(?:"
    + "|".join(_EXCEPTION_NAMES)
    + r")\b"
)
"""What an internal exception looks like when it is passed off as the document's fault."""


def _own_documents() -> list[Path]:
    found: list[Path] = []
    for folder in ("tests/features/specs", "tests/hostile/specs", "specs"):
        found.extend(p for p in sorted((ROOT / folder).rglob("*")) if p.suffix in SUFFIXES)
    return found


def _corpus_documents() -> list[Path]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table, delimiter="\t"))
    documents = [CORPUS / row["file"] for row in rows]
    return [d for d in documents if d.is_file() and d.stat().st_size <= MAX_BYTES]


DOCUMENTS = _own_documents() + _corpus_documents()


def _name(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return "corpus/" + path.relative_to(CORPUS).as_posix()


@pytest.mark.parametrize("document", DOCUMENTS, ids=[_name(d) for d in DOCUMENTS])
def test_no_internal_exception_is_reported_as_a_spec_error(document: Path) -> None:
    for lenient in (False, True):
        options = ClientOptions(package="checked", lenient=lenient)
        try:
            build(document, options, _name(document))
        except ClientgenError as error:
            text = str(error)
            assert "\n" not in text, text
            assert not INTERNAL.search(text), f"lenient={lenient}: {text}"
        except Exception as exc:  # a bug: the command line would say "internal error"
            pytest.fail(f"lenient={lenient}: {type(exc).__name__} escaped: {exc}")


def test_the_check_sees_every_kind_of_document() -> None:
    names = {_name(d) for d in DOCUMENTS}
    assert any(n.startswith("tests/features/specs/errors/") for n in names)
    assert any(n.startswith("tests/features/specs/unsupported/") for n in names)
    assert any(n.startswith("tests/hostile/specs/broken/") for n in names)
    assert any(n.startswith("specs/") for n in names)
    assert INTERNAL.search("x.yaml: cannot generate from this document: AttributeError")
    assert INTERNAL.search("'NoneType' object has no attribute 'x' (AttributeError)")
    assert not INTERNAL.search("x.yaml:3:5: dangling $ref '#/a': nothing at that JSON pointer")

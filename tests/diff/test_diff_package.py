"""The shape of generator/diff/: it never imports the builder, and decides on the type
structure, never on how a type is spelled."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "generator" / "diff"
MODULES = sorted(
    "generator.diff" + ("" if path.stem == "__init__" else f".{path.stem}")
    for path in PACKAGE.glob("*.py")
)


@pytest.mark.parametrize("module", MODULES)
def test_importing_it_loads_neither_the_builder_nor_the_pipeline(module: str) -> None:
    """The caller passes `build` in (`load_apis(..., build=)`, `changes_since_head(...,
    build=)`): nothing in the package imports it, at import time or later (a lazy import
    inside a function shows up here once that function has run, so the report is rendered
    too)."""
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "from generator.diff import render_changes\n"
        "render_changes([], 'text')\n"
        "print(sorted(m for m in sys.modules if m.startswith('generator.build')"
        " or m.startswith('generator.pipeline')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"


def test_no_module_imports_the_builder_even_lazily() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom):
                names = [f"{node.module or ''}.{alias.name}" for alias in node.names]
                names.append(node.module or "")
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                assert not any(
                    part in ("build", "pipeline") for part in parts
                ), f"{path.name}:{node.lineno} imports {name}"


SPELLINGS = {
    "annotation",
    "param_annotation",
    "return_annotation",
    "async_return_annotation",
    "extra_annotation",
}
"""Type text in the model: the diff reads it only through generator.python.annotations."""


def test_types_are_read_from_their_structure_not_their_spelling() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Attribute):
                assert node.attr not in SPELLINGS, f"{path.name}:{node.lineno} reads .{node.attr}"


def test_modules_and_functions_stay_small() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        text = path.read_text()
        assert len(text.splitlines()) <= 600, path.name
        for node in ast.walk(ast.parse(text, str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                assert length <= 80, f"{path.name}: {node.name} has {length} lines"

"""The generator's shape, checked: module and function sizes, layering, no import circles.

Issue 13's rules: no module under generator/ over 600 lines and no function over 80; no import
circle among the generator's modules (every import counts, also one inside a function); the
Python spelling (python/) and the change report (diff/) never import the build stage.
"""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[2] / "generator"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _modules() -> dict[str, Path]:
    modules: dict[str, Path] = {}
    for path in sorted(GENERATOR.rglob("*.py")):
        parts = list(path.relative_to(GENERATOR.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The generator modules `name` imports (`from . import x` counts module x when it is one)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target in known:
                found.add(target)
            for alias in node.names:
                if f"{target}.{alias.name}" in known:
                    found.add(f"{target}.{alias.name}")
    found.discard(name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def test_no_module_is_over_600_lines() -> None:
    long = {
        name: count
        for name, path in _modules().items()
        if (count := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_over_80_lines() -> None:
    long: dict[str, int] = {}
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno is not None
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{name}.{node.name}:{node.lineno}"] = length
    assert long == {}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, if there is any (a package's `__init__` importing its own modules
    is not a circle unless one of those modules imports the package back)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def _without_package_reexports(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Edges from a package to its own submodules are how it re-exports them; a submodule that
    imports its parent package for a name still closes a circle through the other edges."""
    return {
        name: {t for t in targets if not t.startswith(name + ".")}
        for name, targets in graph.items()
    }


def test_the_generator_has_no_import_circle() -> None:
    assert _cycle(_without_package_reexports(_graph())) is None


def test_python_and_diff_import_nothing_from_build() -> None:
    graph = _graph()
    reach: dict[str, set[str]] = {}

    def reachable(name: str) -> set[str]:
        if name not in reach:
            reach[name] = set()
            for target in graph[name]:
                reach[name] |= {target} | reachable(target)
        return reach[name]

    offenders = {
        name: sorted(
            t for t in reachable(name) if t.startswith(("generator.build", "generator.pipeline"))
        )
        for name in graph
        if name.startswith(("generator.python", "generator.diff"))
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_checks_see_a_circle_and_a_long_function() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
    source = "def f():\n" + "    x = 1\n" * 90
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef) and node.end_lineno == 91


def _layout_rows() -> list[str]:
    layout = (GENERATOR.parent / "docs" / "layout.md").read_text("utf-8")
    return [line for line in layout.splitlines() if line.startswith("| `")]


def _named_paths(row: str) -> list[str]:
    """The paths a row of the layout table names: `generator/x/a.py`, `b.py` (same folder)."""
    cell = row.split("|")[1]
    paths: list[str] = []
    folder = ""
    for part in cell.replace("`", "").split(","):
        name = part.strip()
        if "/" in name:
            folder = name.rpartition("/")[0] + "/" if name.endswith(".py") else ""
            paths.append(name)
        elif folder:
            paths.append(folder + name)
        else:
            paths.append("generator/" + name)
    return paths


def test_the_layout_table_matches_the_tree() -> None:
    named = {path for row in _layout_rows() for path in _named_paths(row)}
    root = GENERATOR.parent
    missing = sorted(path for path in named if not (root / path.rstrip("/")).exists())
    modules = {
        str(path.relative_to(root))
        for path in GENERATOR.rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
    }
    unnamed = sorted(modules - named)
    assert (missing, unnamed) == ([], [])

"""Helpers of the hostile-input tests: generating specs, and checking what was generated.

Main specs (`specs/*.yaml|json`) go through the whole pipeline (black included) once per session,
in worker processes (see conftest.py). Specs that pin down known bugs (`specs/bugs/`) and the
property-based tests use `render_only`, which runs the same stages but black: its text is the
same code (black only re-formats), and it is 30 times faster.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SPECS = HERE / "specs"
BUGS = SPECS / "bugs"
BROKEN = SPECS / "broken"
ROOT = HERE.parents[1]
PYTHON = sys.executable
CANARY_ENV = "HOSTILE_CANARY"
"""Payloads, if they ever ran, would create files in the directory this variable names."""

MAIN_SPECS: dict[str, str] = {
    "hostile_payloads_yaml": "payloads.yaml",
    "hostile_payloads_json": "payloads.json",
    "hostile_names": "names.yaml",
    "hostile_recursive": "recursive.yaml",
    "hostile_benign": "benign.yaml",
    "hostile_clients": "clients.yaml",
}
"""Package name -> spec under specs/: each must generate, import, and pass mypy --strict."""


MYPY_BUG_PACKAGES = {"hostile_bug_runtime_names": BUGS / "runtime_names.yaml"}
"""Known-bug packages whose finding is a mypy error (checked in the same mypy run)."""


@dataclass
class Session:
    """Everything generated for the session."""

    sandbox: Path
    out: Path
    canary: Path
    apis: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    mypy: subprocess.Popen[bytes] | None = None
    mypy_log: Path | None = None
    _mypy_output: str | None = None

    def api(self, package: str) -> Any:
        if package in self.errors:
            raise AssertionError(f"{package} did not generate: {self.errors[package]}")
        return self.apis[package]

    def package_dir(self, package: str) -> Path:
        self.api(package)
        return self.out / package

    def mypy_output(self) -> str:
        """mypy's output (waits for it)."""
        if self._mypy_output is None:
            assert self.mypy is not None and self.mypy_log is not None
            self.mypy.wait(timeout=300)
            self._mypy_output = self.mypy_log.read_text()
        return self._mypy_output


def client_class(package: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in package.split("_"))


# ------------------------------------------------------------------------------------ generating


MAIN_OPTIONS: dict[str, Any] = {"lenient": True}
"""The main specs are generated in lenient mode: their defaults are payloads where a number or
an enum value belongs, which strict mode refuses as invalid (lenient reads and drops them, with
a warning: what must never reach the code)."""


def generate_main(package: str, spec: str, out: str) -> tuple[str, Any, str | None]:
    """Worker: generate one main spec into `out` with the real pipeline and writer."""
    from generator.build import ClientOptions
    from generator.pipeline import generate
    from generator.render.write import write_package

    try:
        generated = generate(
            SPECS / spec,
            ClientOptions(package=package, client_name=client_class(package), **MAIN_OPTIONS),
            display=f"specs/{spec}",
        )
        write_package(Path(out), generated)
    except Exception as exc:  # reported by the tests, with its type
        return package, None, f"{type(exc).__name__}: {exc}"
    return package, generated.api, None


def render_only(spec: Path, package: str, **options: Any) -> tuple[Any, dict[str, str]]:
    """(ir.Api, relative path -> source) for a spec: every stage but black."""
    from generator.build import ClientOptions
    from generator.pipeline import build
    from generator.render.environment import render_package

    api = build(spec, ClientOptions(package=package, client_name=client_class(package), **options))
    return api, render_package(api, _environment())


_ENV: list[Any] = []


def _environment() -> Any:
    from generator.render.environment import make_environment

    if not _ENV:
        _ENV.append(make_environment())
    return _ENV[0]


def write_files(out: Path, package: str, files: Mapping[str, str]) -> Path:
    """Write rendered files as `out/package/...` (the tests' own writer, for render_only)."""
    root = out / package
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run(
    args: list[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        args, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout, check=False
    )


def clientgen(
    *args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ...` in a subprocess."""
    return run([PYTHON, "-m", "generator", *args], cwd=cwd or ROOT, env=env, timeout=timeout)


def snapshot(directory: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every file below `directory` (symlinks as 'symlink:<target>')."""
    found: dict[str, bytes] = {}
    if not directory.exists():
        return found
    for path in sorted(directory.rglob("*")):
        if "__pycache__" in path.parts or ".mypy_cache" in path.parts:
            continue
        relative = path.relative_to(directory).as_posix()
        if path.is_symlink():
            found[relative] = b"symlink:" + os.fsencode(os.readlink(path))
        elif path.is_file():
            found[relative] = path.read_bytes()
    return found


def python_files(package_dir: Path) -> Iterator[Path]:
    for path in sorted(package_dir.rglob("*.py")):
        if "__pycache__" not in path.parts:
            yield path


# ------------------------------------------------------------------------------- text checks

_ALLOWED_CONTROLS = {"\n"}
_BIDI = {
    "\u061c",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
}


def forbidden_characters(text: str) -> list[tuple[int, str]]:
    """(line, character) for control characters, bidi controls, line/paragraph separators and
    surrogates in generated text (tabs and newlines are allowed; Python escapes are text)."""
    found: list[tuple[int, str]] = []
    line = 1
    for char in text:
        if char == "\n":
            line += 1
            continue
        category = unicodedata.category(char)
        if (
            (category == "Cc" and char not in _ALLOWED_CONTROLS and char != "\t")
            or category in ("Zl", "Zp", "Cs")
            or char in _BIDI
        ):
            found.append((line, repr(char)))
    return found


# ------------------------------------------------------------------------------- AST checks


def dotted(node: ast.AST) -> str:
    """What a call calls, as text: 'a.b.c' for names and attributes, 'f().g' for calls in the
    chain, 'x[].y' for subscripts, '<Constant>.join' for other expressions."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{dotted(node.func)}()"
    if isinstance(node, ast.Subscript):
        return f"{dotted(node.value)}[]"
    return f"<{type(node).__name__}>"


_TEMPLATE_MODULES = {"_errors.py"}
"""Modules the same in every package (as is all of `_runtime/`): no class there is the spec's."""
_TEMPLATE_CLASSES = {"Auth", "ApiKeyBase", "BearerBase", "BasicBase"}


def spec_classes(package_dir: Path) -> set[str]:
    """Classes whose names come from the spec (models, enums, resources, clients, auth schemes):
    a call to one of them is a call to 'one of its own classes', whatever it is called."""
    return spec_classes_of(
        {
            p.relative_to(package_dir).as_posix(): p.read_text("utf-8")
            for p in python_files(package_dir)
        }
    )


def spec_classes_of(sources: Mapping[str, str]) -> set[str]:
    """`spec_classes` of rendered sources (relative path -> text)."""
    names: set[str] = set()
    for name, source in sources.items():
        if name in _TEMPLATE_MODULES or name.startswith("_runtime/") or not name.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef) and node.name not in _TEMPLATE_CLASSES:
                names.add(node.name)
    return names


def _normalize(target: str, own: set[str]) -> str:
    head, _, rest = target.partition(".")
    if head.removesuffix("()") in own:
        return "<own class>" + ("()" if head.endswith("()") else "") + ("." + rest if rest else "")
    return target


@dataclass
class Allowlist:
    """What a benign package contains: call targets at module/class level (they run on import)
    and anywhere, absolute imports, decorators and kinds of syntax."""

    top: set[str] = field(default_factory=set)
    anywhere: set[str] = field(default_factory=set)
    imports: set[str] = field(default_factory=set)
    decorators: set[str] = field(default_factory=set)
    node_types: set[str] = field(default_factory=set)

    @classmethod
    def from_packages(cls, package_dirs: Iterable[Path]) -> Allowlist:
        allow = cls()
        for package_dir in package_dirs:
            own = spec_classes(package_dir)
            for path in python_files(package_dir):
                tree = ast.parse(path.read_text("utf-8"))
                for node in ast.walk(tree):
                    allow.node_types.add(type(node).__name__)
                    if isinstance(node, ast.Call):
                        allow.anywhere.add(_normalize(dotted(node.func), own))
                    elif isinstance(node, ast.Import):
                        allow.imports.update(alias.name for alias in node.names)
                    elif isinstance(node, ast.ImportFrom) and node.level == 0:
                        allow.imports.add(node.module or "")
                    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                        allow.decorators.update(_decorator_names(node))
                for node in _runs_on_import(tree.body):
                    for inner in ast.walk(node):
                        if isinstance(inner, ast.Call):
                            allow.top.add(_normalize(dotted(inner.func), own))
        return allow

    def check_package(self, package_dir: Path) -> list[str]:
        """Every way the package's code differs in kind from what the templates emit."""
        own = spec_classes(package_dir)
        problems: list[str] = []
        for path in python_files(package_dir):
            where = path.relative_to(package_dir.parent).as_posix()
            tree = ast.parse(path.read_text("utf-8"))
            problems.extend(f"{where}: {p}" for p in self.check_module(tree, own))
        return problems

    def check_source(self, source: str, own: set[str]) -> list[str]:
        return self.check_module(ast.parse(source), own)

    def check_module(self, tree: ast.Module, own: set[str]) -> list[str]:
        problems: list[str] = []
        self._check_body(tree.body, "module", own, problems)
        for node in ast.walk(tree):
            line = getattr(node, "lineno", "?")
            if type(node).__name__ not in self.node_types:
                problems.append(f"line {line}: {type(node).__name__} (no template emits one)")
            if isinstance(node, ast.Call):
                target = dotted(node.func)
                if _normalize(target, own) not in self.anywhere:
                    problems.append(f"line {line}: call to {target}")
            elif isinstance(node, ast.Import):
                problems.extend(
                    f"line {line}: import {alias.name}"
                    for alias in node.names
                    if alias.name not in self.imports
                )
            elif (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and (node.module or "") not in self.imports
            ):
                problems.append(f"line {line}: from {node.module} import")
        return problems

    def _check_body(
        self, body: list[ast.stmt], level: str, own: set[str], problems: list[str]
    ) -> None:
        """Module and class bodies run on import: definitions and literal assignments only."""
        for statement in body:
            line = statement.lineno
            if isinstance(statement, ast.Expr):
                value = statement.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    continue  # docstrings (module, class, attribute)
                if level == "module" and self._safe_call(value, own):
                    continue  # the runtime's _setup_logging()
                problems.append(f"line {line}: expression statement at {level} level")
            elif isinstance(statement, (ast.Import, ast.ImportFrom, ast.Pass)):
                continue
            elif isinstance(statement, ast.If):
                test = statement.test
                if not (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"):
                    problems.append(f"line {line}: if at {level} level")
                elif any(
                    not isinstance(inner, (ast.Import, ast.ImportFrom, ast.Pass))
                    for inner in [*statement.body, *statement.orelse]
                ):
                    problems.append(f"line {line}: TYPE_CHECKING block holds more than imports")
            elif isinstance(statement, ast.Assign):
                if not self._safe_value(statement.value, own):
                    problems.append(f"line {line}: assignment of a computed value at {level} level")
                if any(not isinstance(t, ast.Name) for t in statement.targets):
                    problems.append(f"line {line}: assignment to something else than a name")
            elif isinstance(statement, ast.AnnAssign):
                if statement.value is not None and not self._safe_value(statement.value, own):
                    problems.append(f"line {line}: annotated assignment of a computed value")
                if not self._safe_value(statement.annotation, own):
                    problems.append(f"line {line}: annotation that computes")
                if not isinstance(statement.target, ast.Name):
                    problems.append(
                        f"line {line}: annotated assignment to something else than a name"
                    )
            elif isinstance(statement, ast.ClassDef):
                for base in [*statement.bases, *(k.value for k in statement.keywords)]:
                    if not self._safe_value(base, own) or isinstance(base, ast.Call):
                        problems.append(f"line {line}: class {statement.name} has a computed base")
                self._check_decorators(statement, problems)
                self._check_body(statement.body, "class", own, problems)
            elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._check_decorators(statement, problems)
                arguments = statement.args
                for default in [*arguments.defaults, *(d for d in arguments.kw_defaults if d)]:
                    if not self._safe_value(default, own) or isinstance(default, ast.Call):
                        problems.append(f"line {line}: computed default in {statement.name}()")
            else:
                problems.append(f"line {line}: {type(statement).__name__} at {level} level")

    def _check_decorators(
        self, node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef, problems: list[str]
    ) -> None:
        for name in _decorator_names(node):
            if name not in self.decorators:
                problems.append(f"line {node.lineno}: decorator {name}")
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and not self._safe_call(decorator, set()):
                problems.append(f"line {node.lineno}: decorator call with computed arguments")

    def _safe_call(self, node: ast.AST, own: set[str]) -> bool:
        """A call the templates make at top level, with literal arguments."""
        if not isinstance(node, ast.Call):
            return False
        if _normalize(dotted(node.func), own) not in self.top:
            return False
        arguments = [*node.args, *(k.value for k in node.keywords)]
        return all(not isinstance(a, ast.Starred) and self._safe_value(a, own) for a in arguments)

    def _safe_value(self, node: ast.AST, own: set[str]) -> bool:
        """Literals, names, attributes, containers, type expressions, and template calls."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name):
            return True
        if isinstance(node, ast.Attribute):
            return self._safe_value(node.value, own) and not isinstance(node.value, ast.Call)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return all(self._safe_value(e, own) for e in node.elts)
        if isinstance(node, ast.Dict):
            return all(
                k is not None and self._safe_value(k, own) and self._safe_value(v, own)
                for k, v in zip(node.keys, node.values, strict=True)
            )
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self._safe_value(node.left, own) and self._safe_value(node.right, own)
        if isinstance(node, ast.Subscript):
            return self._safe_value(node.value, own) and self._safe_value(node.slice, own)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return isinstance(node.operand, ast.Constant)
        return self._safe_call(node, own)


def _decorator_names(node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    names: set[str] = set()
    for decorator in node.decorator_list:
        names.add(dotted(decorator.func if isinstance(decorator, ast.Call) else decorator))
    return names


def _runs_on_import(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """What runs on import: module and class bodies, bases, decorators and argument defaults
    (not function bodies)."""
    for statement in body:
        if isinstance(statement, ast.ClassDef):
            yield from _runs_on_import(statement.body)
            yield from statement.bases
            yield from statement.decorator_list
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from statement.decorator_list
            yield from statement.args.defaults
            yield from (d for d in statement.args.kw_defaults if d)
        else:
            yield statement


# ------------------------------------------------------------------------------- subprocess


IMPORT_ALL = r"""
import importlib, json, os, pkgutil, sys
plan = json.loads(sys.argv[1])
for package, credentials in plan.items():
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)
    models = importlib.import_module(package + ".models")
    for name in getattr(models, "__all__", []):
        getattr(models, name)
    for name in module.__all__:
        getattr(module, name)
print("IMPORTED", flush=True)
for package, credentials in plan.items():
    module = importlib.import_module(package)
    client_name = "".join(p[:1].upper() + p[1:] for p in package.split("_"))
    for cls_name in (client_name, "Async" + client_name):
        client = getattr(module, cls_name)(base_url="https://api.example.test", **credentials)
        seen = set()
        stack = [client, client.with_raw_response]
        while stack:
            obj = stack.pop()
            for attr in dir(type(obj)):
                if attr.startswith("_") or (type(obj).__name__, attr) in seen:
                    continue
                seen.add((type(obj).__name__, attr))
                if isinstance(getattr(type(obj), attr, None), property) or hasattr(getattr(type(obj), attr, None), "func"):
                    value = getattr(obj, attr)
                    if type(value).__module__.startswith(package):
                        stack.append(value)
print("USED", flush=True)
"""
"""Imports every module of every package, resolves every export, then builds the clients and
walks every resource (lazy imports included). Argument: {package: {credential: value}}."""


def credentials_of(api: Any) -> dict[str, str]:
    """Client keyword arguments for every credential of an API (dummy secrets)."""
    return {
        credential.arg: f"secret-{credential.arg}"
        for scheme in api.security_schemes
        for credential in scheme.credentials
    }

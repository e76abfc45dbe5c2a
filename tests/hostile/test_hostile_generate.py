"""Hostile specs generate into code that does nothing but define things, and stays where it must.

The specs (specs/*.yaml|json, see specs/build_payload_specs.py) put injection payloads in every
place spec text can land. Each is generated with the real pipeline, then imported and used in a
subprocess; a payload that ran would leave a file in $HOSTILE_CANARY.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hostile_harness import (
    CANARY_ENV,
    IMPORT_ALL,
    MAIN_OPTIONS,
    MAIN_SPECS,
    MYPY_BUG_PACKAGES,
    PYTHON,
    SPECS,
    Allowlist,
    Session,
    client_class,
    clientgen,
    credentials_of,
    forbidden_characters,
    python_files,
    run,
    snapshot,
)

from generator.build import ClientOptions
from generator.errors import ClientgenError
from generator.pipeline import GeneratedPackage
from generator.pipeline import generate as generate_package
from generator.render.write import write_package

PAYLOAD_PACKAGES = ("hostile_payloads_yaml", "hostile_payloads_json")


@pytest.mark.parametrize("package", sorted(MAIN_SPECS))
def test_hostile_spec_generates(hostile: Session, package: str) -> None:
    assert package not in hostile.errors, hostile.errors.get(package)


def test_generating_ran_no_payload(hostile: Session) -> None:
    assert sorted(os.listdir(hostile.canary)) == []


def test_importing_and_using_the_packages_runs_no_payload(hostile: Session) -> None:
    plan = {package: credentials_of(hostile.api(package)) for package in sorted(MAIN_SPECS)}
    result = run(
        [PYTHON, "-c", IMPORT_ALL, json.dumps(plan)],
        cwd=hostile.out,
        env={CANARY_ENV: str(hostile.canary), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "IMPORTED" in result.stdout and "USED" in result.stdout
    assert sorted(os.listdir(hostile.canary)) == []


def test_written_files_stay_inside_the_output_directory(hostile: Session) -> None:
    # Nothing but the output directory (and what the session put there) is in the sandbox.
    assert {p.name for p in hostile.sandbox.iterdir()} <= {
        "out",
        "canary",
        "format-cache",
        "mypy.log",
        ".mypy_cache",
    }
    out = hostile.out.resolve()
    for package in MAIN_SPECS:
        package_dir = hostile.package_dir(package)
        manifest = json.loads((package_dir / ".clientgen-manifest.json").read_text())
        on_disk = {
            path.relative_to(package_dir).as_posix()
            for path in package_dir.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }
        assert on_disk == {*manifest["files"], ".clientgen-manifest.json"}
        for path in package_dir.rglob("*"):
            assert not path.is_symlink(), path
            assert path.resolve().is_relative_to(out / package), path
            assert re.fullmatch(
                r"[a-z0-9_./-]+|README\.md|\.clientgen-manifest\.json",
                path.relative_to(package_dir).as_posix(),
            ), path
    assert sorted(p.name for p in hostile.out.iterdir() if not p.name.startswith(".")) == sorted(
        [*MAIN_SPECS, *MYPY_BUG_PACKAGES]
    )


def test_traversal_names_cannot_leave_the_output_directory(tmp_path: Path) -> None:
    """No --package: the package name comes from a title full of '../'; tags, paths, schema
    names and operationIds try the same."""
    work = tmp_path / "a" / "b"
    out = work / "out"
    out.mkdir(parents=True)
    # --no-cache: the package cache would hand back an earlier generator's output (see
    # test_hostile_bugs.py::test_the_package_cache_follows_generator_code_changes).
    result = clientgen(
        "generate", str(SPECS / "traversal.yaml"), "-o", "out", "--no-cache", cwd=work
    )
    assert result.returncode == 0, result.stderr
    everything = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    packages = list(out.iterdir())
    assert len(packages) == 1 and packages[0].name.isidentifier(), everything
    assert all(
        e.startswith(f"a/b/out/{packages[0].name}/")
        or e in ("a", "a/b", "a/b/out", f"a/b/out/{packages[0].name}")
        for e in everything
    ), everything
    assert not list(tmp_path.rglob(".clientgen-staging-*"))
    for path in packages[0].rglob("*"):
        name = path.relative_to(packages[0]).as_posix()
        assert ".." not in Path(name).parts and not path.is_symlink(), name


def test_module_and_class_bodies_hold_only_definitions(
    hostile: Session, allowlist: Allowlist
) -> None:
    """At module and class level (what runs on import): imports, docstrings, literal assignments,
    the template's own constructor calls (Endpoint, Field...), class and function definitions.
    Anywhere: only calls, imports and kinds of syntax the templates emit for a benign spec."""
    problems = {
        package: allowlist.check_package(hostile.package_dir(package)) for package in MAIN_SPECS
    }
    assert {p: found for p, found in problems.items() if found} == {}


def _identifiers(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, (ast.arg, ast.keyword)) and node.arg is not None:
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.update(part for part in (node.name, node.asname) if part)
    return names


@pytest.mark.parametrize("package", sorted(MAIN_SPECS))
def test_identifiers_are_derived_not_pasted(hostile: Session, package: str) -> None:
    """Every identifier in the code is ASCII, a valid name and not a keyword (Python would accept
    'ünïcödé' or '名前' as names: only derivation turns them into ASCII words)."""
    import keyword

    for path in python_files(hostile.package_dir(package)):
        for name in _identifiers(ast.parse(path.read_text("utf-8"))):
            for part in name.split("."):
                assert part.isascii() and part.isidentifier() and not keyword.iskeyword(part), (
                    path.name,
                    name,
                )


def test_allowlist_catches_an_injected_call(allowlist: Allowlist) -> None:
    """The checker itself: what a broken-out payload would look like is caught."""
    source = 'class Model:\n    """doc"""\n    x: int = __import__("os").system("id")\n'
    assert allowlist.check_source(source, {"Model"})
    assert allowlist.check_source('X = "fine"\nopen("/tmp/x", "w")\n', set())
    assert allowlist.check_source('def f() -> None:\n    __import__("os")\n', set())
    assert not allowlist.check_source('X = "fine"\n', set())


def test_mypy_strict_passes_on_every_hostile_package(hostile: Session) -> None:
    output = hostile.mypy_output()
    errors = [
        line
        for line in output.splitlines()
        if not any(line.startswith(f"{p}/") for p in MYPY_BUG_PACKAGES) and line.strip()
    ]
    assert errors == [], "\n".join(errors[:40])


@pytest.mark.parametrize("package", sorted(MAIN_SPECS))
def test_no_control_or_bidi_characters_reach_generated_files(
    hostile: Session, package: str
) -> None:
    bad: dict[str, list[tuple[int, str]]] = {}
    for path in sorted(hostile.package_dir(package).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            text = path.read_bytes().decode("utf-8")  # every file is UTF-8
            if found := forbidden_characters(text):
                bad[path.name] = found[:5]
    assert bad == {}


@pytest.mark.parametrize("package", PAYLOAD_PACKAGES)
def test_string_literals_hold_spec_values_exactly(hostile: Session, package: str) -> None:
    """Escaping is exact, not just safe: wire names, enum values, paths, media types and server
    URLs come back from the generated code's literals as the spec wrote them."""
    spec = json.loads((SPECS / "payloads.json").read_text())
    literals: set[str] = set()
    for path in python_files(hostile.package_dir(package)):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
    expected: set[str] = set()
    for path_key, item in spec["paths"].items():
        expected.add(path_key)
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
                expected.add(parameter["name"])
            for media in operation.get("requestBody", {}).get("content", {}):
                expected.add(media)
    schemas = spec["components"]["schemas"]
    for schema in schemas.values():
        expected.update(v for v in schema.get("enum", []) if isinstance(v, str))
        for name, prop in schema.get("properties", {}).items():
            expected.add(name)
            expected.update(v for v in prop.get("enum", []) if isinstance(v, str))
    for scheme in spec["components"]["securitySchemes"].values():
        if "name" in scheme:
            expected.add(scheme["name"])
    expected.add(spec["servers"][0]["url"])
    expected.add(spec["info"]["version"])
    missing = sorted(e for e in expected if e not in literals)
    assert missing == []


@pytest.mark.parametrize("package", PAYLOAD_PACKAGES)
def test_readme_keeps_spec_text_in_its_markdown_context(hostile: Session, package: str) -> None:
    """Spec text in the README cannot open raw HTML or leave a table row or a code span."""
    readme = (hostile.package_dir(package) / "README.md").read_text("utf-8")
    prose = re.sub(r"^```.*?^```", "", readme, flags=re.S | re.M)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    assert "<script" not in prose and "<img" not in prose
    lines = readme.splitlines()
    start = lines.index("| name | URL |") + 2
    rows = lines[start : lines.index("", start)]
    assert len(rows) == len(hostile.api(package).servers), rows
    assert all(row.startswith("| `") and row.endswith(" |") for row in rows), rows
    for line in lines[1:]:  # the first is the generator's own comment
        assert not line.lstrip().startswith("<"), line


def test_generation_is_stable_across_runs_and_hash_seeds(tmp_path: Path) -> None:
    """Names are decided in a stable order: the intermediate model is the same whatever the
    hash seed (set order) of the run."""
    outputs = []
    for seed in ("1", "2"):
        result = clientgen(
            "ir",
            str(SPECS / "names.yaml"),
            "--package",
            "hostile_names",
            env={"PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]


def test_generated_packages_are_byte_identical_when_regenerated(
    hostile: Session, tmp_path: Path
) -> None:
    from hostile_harness import generate_main

    package = "hostile_payloads_yaml"
    _, _, error = generate_main(package, MAIN_SPECS[package], str(tmp_path))
    assert error is None
    assert snapshot(tmp_path / package) == snapshot(hostile.package_dir(package))


def _package(hostile: Session, package: str, drop: str | None = None) -> GeneratedPackage:
    """A session package as the writer gets it; `drop` leaves one file out (an older spec)."""
    generated = generate_package(
        SPECS / MAIN_SPECS[package],
        ClientOptions(package=package, client_name=client_class(package), **MAIN_OPTIONS),
    )
    files = dict(generated.files)
    assert files == snapshot(hostile.package_dir(package))
    if drop is not None:
        del files[drop]
        manifest = json.loads(files[".clientgen-manifest.json"])
        manifest["files"] = [f for f in manifest["files"] if f != drop]
        files[".clientgen-manifest.json"] = (
            json.dumps(manifest, indent=2, sort_keys=True) + "\n"
        ).encode()
    return dataclasses.replace(generated, files=files)


def test_files_clientgen_does_not_own_are_never_overwritten(
    hostile: Session, tmp_path: Path
) -> None:
    package = _package(hostile, "hostile_clients")
    # A directory of that name that clientgen did not write.
    target = tmp_path / "first" / "hostile_clients"
    target.mkdir(parents=True)
    (target / "_client.py").write_text("mine")
    with pytest.raises(ClientgenError, match="refusing to overwrite"):
        write_package(target.parent, package)
    assert snapshot(target.parent) == {"hostile_clients/_client.py": b"mine"}
    # The spec gains an operation whose module is a file the user added to the package.
    older = _package(hostile, "hostile_clients", drop="resources/login.py")
    out = tmp_path / "second"
    write_package(out, older)
    (out / "hostile_clients" / "resources" / "login.py").write_text("mine")
    before = snapshot(out)
    with pytest.raises(ClientgenError, match="refusing to overwrite"):
        write_package(out, package)
    assert snapshot(out) == before


def test_a_manifest_cannot_make_clientgen_delete_files_outside_the_package(
    hostile: Session, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_package(out, _package(hostile, "hostile_clients"))
    victims = [tmp_path / "victim.txt", out / "victim.txt", out / "hostile_clients" / "mine.txt"]
    for victim in victims:
        victim.write_text("keep me")
    manifest_path = out / "hostile_clients" / ".clientgen-manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"] += [
        "../victim.txt",
        "../../victim.txt",
        str(victims[0]),
        "./mine.txt/../mine.txt",
    ]
    manifest_path.write_text(json.dumps(manifest))
    write_package(out, _package(hostile, "hostile_clients", drop="resources/login.py"))
    assert all(victim.read_text() == "keep me" for victim in victims)
    assert not (out / "hostile_clients" / "resources" / "login.py").exists()


@pytest.mark.parametrize("package", PAYLOAD_PACKAGES)
def test_defaults_are_emitted_only_when_valid_for_their_type(
    hostile: Session, package: str
) -> None:
    """Spec defaults that are code, strings for integers, lists for numbers, or not among the
    enum's values never reach the code; valid ones are emitted exactly."""
    spec = json.loads((SPECS / "payloads.json").read_text())
    api = hostile.api(package)
    sys.path.insert(0, str(hostile.out))
    checked = 0
    try:
        models = importlib.import_module(f"{package}.models")
        for model in api.models:
            cls = getattr(models, model.name)
            for field in model.fields:
                default = cls.model_fields[field.name].default
                if field.required or default is None:
                    continue
                checked += 1
                kind = field.type.kind
                expected: Any = {"str": str, "int": int, "float": (int, float), "bool": bool}.get(
                    kind, object
                )
                assert isinstance(default, expected), (model.name, field.name, default)
                if kind == "enum":
                    enum = next(e for e in api.enums if e.name == field.type.name)
                    assert default in [m.value for m in enum.members]
                schema = next(
                    s
                    for s in spec["components"]["schemas"].values()
                    if field.wire_name in s.get("properties", {})
                )
                assert (
                    getattr(default, "value", default)
                    == schema["properties"][field.wire_name]["default"]
                )
    finally:
        sys.path.remove(str(hostile.out))
    assert checked >= 1  # the jinja text of a string property is a valid default

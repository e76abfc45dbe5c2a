"""Known bugs outside the escaping filters and the input limits, pinned by strict xfails: each
test states the behaviour the issue asks for and fails today (specs/bugs/ holds the specs).

When one starts passing, pytest reports XPASS(strict) as a failure: drop its xfail mark.
"""

from __future__ import annotations

import ast
import contextlib
import errno
import importlib
import itertools
import os
import re
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from hostile_harness import BUGS, SPECS, Session, client_class, render_only, write_files

from generator.build import ClientOptions
from generator.errors import SpecError
from generator.pipeline import generate
from generator.render.write import write_package

_counter = itertools.count()


@pytest.fixture
def load_bug(tmp_path: Path) -> Iterator[Any]:
    """Render a bug spec (every stage but black), write it, and import it under a fresh name."""
    loaded: list[str] = []

    def load(spec: str) -> tuple[Any, ModuleType]:
        package = f"hostile_bug_{Path(spec).stem}_{next(_counter)}"
        api, files = render_only(BUGS / spec, package)
        write_files(tmp_path, package, files)
        loaded.append(package)
        return api, importlib.import_module(package)

    sys.path.insert(0, str(tmp_path))
    try:
        yield load
    finally:
        sys.path.remove(str(tmp_path))
        for name in [
            m for m in sys.modules if any(m == p or m.startswith(p + ".") for p in loaded)
        ]:
            del sys.modules[name]


def _transport(sent: list[httpx.Request], status: int = 204) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(status)

    return httpx.Client(transport=httpx.MockTransport(handler))


def _client(module: ModuleType, api: Any, sent: list[httpx.Request], **credentials: Any) -> Any:
    cls = getattr(module, api.client_name)
    return cls(
        base_url="https://api.example.test/base",
        http_client=_transport(sent),
        max_retries=0,
        **credentials,
    )


# ----------------------------------------------------------------------------- naming


def test_a_scheme_named_self_gets_a_usable_credential_argument(load_bug: Any) -> None:
    load_bug("credential_self.yaml")


def test_a_scheme_named_os_gets_a_usable_credential_argument(
    load_bug: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    api, module = load_bug("credential_os.yaml")
    credentials = [c for s in api.security_schemes for c in s.credentials]
    assert {c.arg for c in credentials} & {"os", "os_2"}  # renamed: `os` is the module
    for credential in credentials:  # one from the environment, the others as arguments
        monkeypatch.setenv(credential.env_var, f"secret-{credential.arg}")
        arguments = {c.arg: f"secret-{c.arg}" for c in credentials if c is not credential}
        sent: list[httpx.Request] = []
        _client(module, api, sent, **arguments).ping.list()
        assert sent
        monkeypatch.delenv(credential.env_var)


def test_a_scheme_named_client_survives_with_options(load_bug: Any) -> None:
    api, module = load_bug("credential_client.yaml")
    arguments = {c.arg: f"secret-{c.arg}" for s in api.security_schemes for c in s.credentials}
    name = next(arg for arg in arguments if arg.startswith("client"))  # `client` is renamed
    sent: list[httpx.Request] = []
    _client(module, api, sent, **arguments).with_options(timeout=5).ping.list()
    assert sent[-1].headers["x-client-key"] == f"secret-{name}"


def test_runtime_names_in_resource_modules_bug_is_checked_by_mypy(hostile: Session) -> None:
    """(The xfail below reads the session's mypy run; this makes sure that package was made.)"""
    hostile.api("hostile_bug_runtime_names")


def test_resources_and_models_named_like_runtime_types_type_check(hostile: Session) -> None:
    errors = [
        line
        for line in hostile.mypy_output().splitlines()
        if line.startswith("hostile_bug_runtime_names/")
    ]
    assert errors == []


@pytest.mark.filterwarnings("ignore:Field name .* shadows an attribute:UserWarning")
def test_properties_named_like_basemodel_methods_keep_the_methods(load_bug: Any) -> None:
    _, module = load_bug("basemodel_methods.yaml")
    export = importlib.import_module(f"{module.__name__}.models").Export
    data = {"to_dict": "a", "toJson": "b"}
    assert export.model_validate(data).to_dict() == data


def test_a_parameter_named_warnings_on_a_deprecated_operation(load_bug: Any) -> None:
    api, module = load_bug("deprecated_warnings.yaml")
    sent: list[httpx.Request] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # the argument is renamed (warnings_) so that the method can still call warnings.warn
        _client(module, api, sent).reports.list(warnings_=True)
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)
    assert sent[-1].url.params["warnings"] == "true"


def test_a_schema_named_importlib_does_not_break_the_models_package(load_bug: Any) -> None:
    _, module = load_bug("model_module_importlib.yaml")
    models = importlib.import_module(f"{module.__name__}.models")
    for name in models.__all__:  # every lazy import, the schema named importlib's included
        getattr(models, name)
    assert models.Pet.__name__ == "Pet"
    assert models.importlib is importlib


def test_long_names_give_file_names_the_file_system_accepts(tmp_path: Path) -> None:
    _, files = render_only(BUGS / "long_names.yaml", "hostile_bug_long")
    too_long = [name for name in files if any(len(part.encode()) > 255 for part in name.split("/"))]
    assert too_long == []
    try:
        write_package(
            tmp_path, generate(BUGS / "long_names.yaml", ClientOptions(package="hostile_bug_long"))
        )
    except OSError as exc:
        assert exc.errno != errno.ENAMETOOLONG, exc


# ----------------------------------------------------------------------------- types


def test_enum_values_are_validated_against_their_type() -> None:
    try:
        api, _ = render_only(BUGS / "enum_type_mismatch.yaml", "hostile_bug_enum")
    except SpecError as error:
        assert error.pointer and "/components/schemas/" in error.pointer
        return
    for enum in api.enums:
        declared = {"Priority": int, "Label": str}[enum.name]
        assert all(
            isinstance(m.value, declared) and not isinstance(m.value, bool) for m in enum.members
        ), enum


def test_unions_of_arrays_of_unions_parse() -> None:
    _, files = render_only(BUGS / "union_split.yaml", "hostile_bug_union")
    for name, source in files.items():
        if name.endswith(".py"):
            ast.parse(source, name)


# ----------------------------------------------------------------------------- clients


def test_paths_with_colons_stay_on_the_base_url(load_bug: Any) -> None:
    api, module = load_bug("path_colon.yaml")
    arguments = {c.arg: "secret" for s in api.security_schemes for c in s.credentials}
    sent: list[httpx.Request] = []
    client = _client(module, api, sent, **arguments)
    calls = {op.path: op.call for m in api.resources for r in m.classes for op in r.operations}
    for path, call in calls.items():
        target: Any = client
        for part in call.split("."):
            target = getattr(target, part)
        with contextlib.suppress(httpx.UnsupportedProtocol, ValueError):
            target("1") if "{id}" in path else target()
        if sent:
            url = sent[-1].url
            assert (url.scheme, url.host) == ("https", "api.example.test"), (path, str(url))
            assert url.path.startswith("/base/"), (path, str(url))
    assert len(sent) == len(calls)


def test_server_urls_cannot_put_html_in_the_readme() -> None:
    _, files = render_only(BUGS / "readme_table.yaml", "hostile_bug_readme")
    prose = re.sub(r"^```.*?^```", "", files["README.md"], flags=re.S | re.M)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    assert "<img" not in prose


def test_writing_never_follows_a_symlink_out_of_the_output_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    victim = tmp_path / "elsewhere"
    victim.mkdir()
    (out / "sym").mkdir(parents=True)
    os.symlink(victim, out / "sym" / "resources")
    package = generate(
        SPECS / "clients.yaml", ClientOptions(package="sym", client_name=client_class("sym"))
    )
    with contextlib.suppress(Exception):  # refusing is fine
        write_package(out, package)
    assert os.listdir(victim) == []


# ----------------------------------------------------------------------------- cache


def test_the_package_cache_follows_generator_code_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from generator.render import cache as package_cache

    spec = SPECS / "benign.yaml"
    options = ClientOptions(package="cached")
    before = package_cache.cache_key(spec, options, None)
    # The same generator with one changed line of code, in a copy: the key must change.
    copy = tmp_path / "generator"
    shutil.copytree(
        Path(package_cache.__file__).parents[1], copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    changed = copy / "render" / "filters.py"
    changed.write_text(changed.read_text() + "\n# changed\n")
    monkeypatch.setattr(package_cache, "__file__", str(copy / "render" / "cache.py"))
    assert package_cache.cache_key(spec, options, None) != before

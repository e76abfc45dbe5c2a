"""`not` and `if`/`then`/`else`: keywords that only narrow what is valid.

By default a schema that uses one is typed by its other keywords, with one located warning
(kind 'ignored-keyword') per schema naming the pointer of the keyword; `--strict-keywords` (or
`strict_keywords = true` in `[tool.clientgen]`, globally or per client) makes them the located
one-line error they were. The spec has them in a component schema, in a property, in an allOf
part and in an inline request body.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from feature_harness import MODES, ROOT, SPECS, FeatureSet, Mode, json_of, reply

from generator.build import ClientOptions
from generator.config import load_config
from generator.errors import ClientgenError
from generator.pipeline import build

SPEC = "tests/features/specs/narrowing_keywords.yaml"
BODY = "#/paths/~1accounts/post/requestBody/content/application~1json/schema"
IGNORED = {
    "#/components/schemas/Address/if": ("86:7", "'if', 'then', 'else'"),
    "#/components/schemas/NotANumber/not": ("99:7", "'not'"),
    "#/components/schemas/Account/properties/nickname/not": ("111:11", "'not'"),
    "#/components/schemas/Admin/allOf/1/not": ("122:11", "'not'"),
    f"{BODY}/not": ("45:15", "'not', 'if', 'then'"),
}
"""Pointer of the first ignored keyword of each schema -> (its line:col in the spec, the
keywords the warning names)."""


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# ----------------------------------------------------------------------------- the default


def test_each_schema_gets_one_located_warning_naming_its_keywords(features: FeatureSet) -> None:
    warnings = features.api("narrowing_keywords").warnings
    assert sorted(w.pointer for w in warnings) == sorted(IGNORED)
    for warning in warnings:
        assert warning.kind == "ignored-keyword"
        assert warning.file == SPEC
        place, keywords = IGNORED[warning.pointer]
        assert f"{warning.line}:{warning.col}" == place
        plural = "s" if "," in keywords else ""
        assert warning.message.startswith(f"schema keyword{plural} {keywords} ignored"), warning
        assert "--strict-keywords" in warning.message
        assert "\n" not in warning.located()


def test_a_component_with_if_then_else_is_typed_by_its_properties(features: FeatureSet) -> None:
    f = features.feature("narrowing_keywords")
    body = [{"country": "US", "postcode": "SW1A 1AA"}, {"country": "FR"}]
    addresses, request = f.call("listAddresses", answer=reply(200, body))
    assert request.url.path == "/addresses"
    assert all(isinstance(a, f.module.Address) for a in addresses)
    assert [(a.country, a.postcode) for a in addresses] == [("US", "SW1A 1AA"), ("FR", None)]
    with pytest.raises(f.module.APIResponseValidationError):  # `required` still holds
        f.call("listAddresses", answer=reply(200, [{"postcode": "12345"}]))


@pytest.mark.parametrize("value", ["Rex", 42, None, [1]])
def test_a_component_that_is_only_not_is_any_value(features: FeatureSet, value: object) -> None:
    f = features.feature("narrowing_keywords")
    name, _ = f.call("getName", answer=reply(200, content=json.dumps(value)))
    assert name == value


@pytest.mark.parametrize("mode", MODES)
async def test_an_inline_body_with_not_and_if_takes_its_properties(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("narrowing_keywords")
    parameters = list(f.signature("createAccount").parameters)
    assert parameters[:3] == ["name", "country", "vat_id"]
    assert parameters[3].startswith("extra_")  # the per-call options, no property of its own
    answer = reply(201, {"id": 1, "name": "Ada", "nickname": "", "alias": 7})
    account, request = await f.acall(mode, "createAccount", name="Ada", country="DE", answer=answer)
    assert json_of(request) == {"name": "Ada", "country": "DE"}
    assert isinstance(account, f.module.Account)
    assert (account.id, account.name, account.nickname, account.alias) == (1, "Ada", "", 7)


def test_a_property_with_not_keeps_its_type(features: FeatureSet) -> None:
    f = features.feature("narrowing_keywords")
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("createAccount", name="A", answer=reply(201, {"id": 1, "name": "A", "nickname": 3}))


def test_an_allof_part_with_not_still_adds_its_properties(features: FeatureSet) -> None:
    f = features.feature("narrowing_keywords")
    body = {"id": 2, "name": "Root", "level": 9, "banned": True}
    admin, request = f.call("getAdmin", "a1", answer=reply(200, body))
    assert request.url.path == "/admins/a1"
    assert isinstance(admin, f.module.Admin)
    assert (admin.id, admin.name, admin.level) == (2, "Root", 9)
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("getAdmin", "a1", answer=reply(200, {"name": "Root", "level": 9}))


def test_the_command_line_prints_each_warning_located_and_writes(tmp_path: Path) -> None:
    result = run("generate", SPEC, "-o", str(tmp_path), "--package", "narrow", "--no-cache")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(IGNORED), lines
    for pointer, (place, keywords) in IGNORED.items():
        expected = f"clientgen: warning: {SPEC}:{place}: schema keyword"
        [line] = [line for line in lines if line.endswith(f" (at {pointer})")]
        assert line.startswith(expected), line
        assert keywords in line
    assert (tmp_path / "narrow" / "_client.py").is_file()


# ----------------------------------------------------------------------- --strict-keywords

STRICT_ERROR = re.compile(
    rf"{re.escape(SPEC)}:(\d+):(\d+): schema keyword '(not|if)' is not supported"
    r" [^\n]*\(at (#/[^ )]+)\)"
)


def test_strict_keywords_is_the_located_one_line_error() -> None:
    options = ClientOptions(package="narrow", strict_keywords=True)
    with pytest.raises(ClientgenError) as caught:
        build(ROOT / SPEC, options, SPEC)
    match = STRICT_ERROR.fullmatch(str(caught.value))
    assert match is not None, str(caught.value)
    line, col, _, pointer = match.groups()
    assert IGNORED[pointer][0] == f"{line}:{col}"


def test_strict_keywords_on_the_command_line_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    result = run("generate", SPEC, "-o", str(tmp_path), "--strict-keywords", "--no-cache")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("clientgen: error: ")
    assert result.stderr.count("\n") == 1
    assert STRICT_ERROR.fullmatch(result.stderr.removeprefix("clientgen: error: ").rstrip("\n"))
    assert list(tmp_path.iterdir()) == []


def test_dynamic_ref_stays_an_error_without_strict_keywords() -> None:
    name = "unsupported_dynamic_ref"
    spec = (SPECS / "errors" / f"{name}.yaml").relative_to(ROOT).as_posix()
    with pytest.raises(ClientgenError) as caught:
        build(ROOT / spec, ClientOptions(package="dynamic"), spec)
    assert "'$dynamicRef' is not supported" in str(caught.value)


# ------------------------------------------------------------------------- configuration


def write_project(root: Path, global_value: str | None, client_value: str | None) -> Path:
    lines = ["[tool.clientgen]", 'output = "out"']
    if global_value is not None:
        lines.append(f"strict_keywords = {global_value}")
    lines += ["[tool.clientgen.clients.narrow]", f'spec = "{(ROOT / SPEC).as_posix()}"']
    if client_value is not None:
        lines.append(f"strict_keywords = {client_value}")
    pyproject = root / "pyproject.toml"
    pyproject.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pyproject


@pytest.mark.parametrize(
    ("global_value", "client_value", "strict"),
    [
        (None, None, False),
        ("true", None, True),
        (None, "true", True),
        ("true", "false", False),
    ],
)
def test_strict_keywords_in_the_configuration_global_and_per_client(
    tmp_path: Path, global_value: str | None, client_value: str | None, strict: bool
) -> None:
    config = load_config(write_project(tmp_path, global_value, client_value))
    assert [c.options.strict_keywords for c in config.clients] == [strict]


@pytest.mark.parametrize("command", ["generate", "check"])
def test_strict_keywords_from_the_configuration_fails_generate_and_check(
    tmp_path: Path, command: str
) -> None:
    write_project(tmp_path, "true", None)
    result = run(command, "--no-cache", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1
    assert "is not supported" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["generate", "check"])
def test_strict_keywords_flag_applies_to_configured_clients(tmp_path: Path, command: str) -> None:
    write_project(tmp_path, None, None)
    result = run(command, "--strict-keywords", "--no-cache", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert STRICT_ERROR.search(result.stderr.replace((ROOT / SPEC).as_posix(), SPEC))
    assert not (tmp_path / "out").exists()

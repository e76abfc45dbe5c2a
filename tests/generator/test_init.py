"""`clientgen init SPEC`: a client table in pyproject.toml, confirmed, then generated (issue 19)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]

_SPEC = """\
openapi: 3.1.0
info: {title: Acme Docs API, version: '1'}
servers: [{url: 'https://api.example.test'}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
security: [{key: []}]
paths:
  /things:
    get:
      operationId: listThings
      responses: {'200': {description: ok}}
"""

_EXISTING = """\
# my project, my comments
[project]
name = "myapp"   # keep this comment
version = "0.1.0"
dependencies = ["httpx"]

[tool.clientgen]
output = "vendor"

[tool.clientgen.clients.other]
spec = "specs/other.yaml"

[tool.ruff]
line-length = 99
"""


def run(
    *args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "CLIENTGEN_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env={**environment, **(env or {})},
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _project(tmp_path: Path, pyproject: str | None = None) -> Path:
    root = tmp_path / "app"
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "acme.yaml").write_text(_SPEC)
    (root / "specs" / "other.yaml").write_text(_SPEC.replace("Acme Docs", "Other"))
    if pyproject is not None:
        (root / "pyproject.toml").write_text(pyproject)
    return root


def _derived(root: Path, spec: str) -> dict[str, str]:
    """The package, client class and prefix `generate` derives (from `clientgen ir`)."""
    result = run("ir", spec, cwd=root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return {k: data[k] for k in ("package", "client_name", "env_prefix")}


def test_init_writes_the_derived_table_then_generates(tmp_path: Path) -> None:
    from generator.config import load_config

    root = _project(tmp_path)
    derived = _derived(root, "specs/acme.yaml")
    name = derived["package"]
    result = run("init", "specs/acme.yaml", "--yes", cwd=root)
    assert result.returncode == 0, result.stderr
    data = tomllib.loads((root / "pyproject.toml").read_text())
    assert data["tool"]["clientgen"]["clients"] == {
        name: {
            "spec": "specs/acme.yaml",
            "client": derived["client_name"],
            "env_prefix": derived["env_prefix"],
        }
    }
    assert f"[tool.clientgen.clients.{name}]" in result.stdout  # shown for confirmation
    assert f'client = "{derived["client_name"]}"' in result.stdout
    assert f"generated/{name}: " in result.stdout
    config = load_config(root / "pyproject.toml")
    [client] = config.clients
    assert client.spec.resolve() == (root / "specs" / "acme.yaml").resolve()
    assert (client.options.client_name, client.options.env_prefix) == (
        derived["client_name"],
        derived["env_prefix"],
    )
    assert config.output == root / "generated"
    assert (root / "generated" / name / "_client.py").is_file()
    check = run("check", cwd=root)
    assert check.returncode == 0, check.stdout + check.stderr


def test_init_adds_to_an_existing_pyproject_without_disturbing_it(tmp_path: Path) -> None:
    root = _project(tmp_path, _EXISTING)
    name = _derived(root, "specs/acme.yaml")["package"]
    result = run("init", "specs/acme.yaml", "--yes", cwd=root)
    assert result.returncode == 0, result.stderr
    text = (root / "pyproject.toml").read_text()
    assert text.startswith(_EXISTING)
    before, after = tomllib.loads(_EXISTING), tomllib.loads(text)
    added = after["tool"]["clientgen"]["clients"].pop(name)
    assert after == before
    assert added["spec"] == "specs/acme.yaml"
    assert (root / "vendor" / name / "_client.py").is_file()  # the configured output
    assert not (root / "vendor" / "other").exists()  # only the new client is generated


def test_init_from_a_subdirectory_uses_the_nearest_pyproject(tmp_path: Path) -> None:
    root = _project(tmp_path, _EXISTING)
    (root / "src").mkdir()
    result = run("init", "../specs/acme.yaml", "--yes", "--package", "acme", cwd=root / "src")
    assert result.returncode == 0, result.stderr
    assert not (root / "src" / "pyproject.toml").exists()
    table = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["clientgen"]
    assert table["clients"]["acme"]["spec"] == "specs/acme.yaml"
    assert (root / "vendor" / "acme" / "_client.py").is_file()


def test_init_refuses_a_client_name_that_exists(tmp_path: Path) -> None:
    root = _project(tmp_path, _EXISTING)
    result = run("init", "specs/acme.yaml", "--yes", "--package", "other", cwd=root)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "[tool.clientgen.clients.other]" in result.stderr and "exists" in result.stderr
    assert (root / "pyproject.toml").read_text() == _EXISTING
    assert not (root / "vendor").exists()


def test_init_without_yes_on_a_non_interactive_stdin_refuses(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = run("init", "specs/acme.yaml", cwd=root, stdin="y\n")
    assert result.returncode == 2
    assert "--yes" in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert not (root / "pyproject.toml").exists()
    assert not (root / "generated").exists()


@pytest.mark.parametrize(("answer", "code"), [("n\n", 1), ("\n", 1), ("y\n", 0)])
def test_init_asks_on_a_terminal_and_honours_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str, code: int
) -> None:
    from click.testing import CliRunner

    from generator import init
    from generator.cli import main

    root = _project(tmp_path, _EXISTING)
    monkeypatch.chdir(root)
    monkeypatch.setattr(init, "stdin_is_interactive", lambda: True)
    result = CliRunner().invoke(
        main, ["init", "specs/acme.yaml", "--package", "acme"], input=answer
    )
    assert result.exit_code == code, result.output
    assert "[tool.clientgen.clients.acme]" in result.stdout
    assert "Add this table to pyproject.toml and generate?" in result.stdout
    written = (root / "pyproject.toml").read_text()
    if code:
        assert written == _EXISTING
        assert "nothing written" in result.stderr
    else:
        assert "[tool.clientgen.clients.acme]" in written
        assert (root / "vendor" / "acme" / "_client.py").is_file()


@pytest.mark.parametrize("existing", [None, _EXISTING])
def test_a_bad_spec_is_the_same_located_error_as_generate(
    tmp_path: Path, existing: str | None
) -> None:
    root = _project(tmp_path, existing)
    (root / "specs" / "acme.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {$ref: '#/components/schemas/B'}\n"
    )
    generate = run("generate", "specs/acme.yaml", "-o", "out", cwd=root)
    result = run("init", "specs/acme.yaml", "--yes", cwd=root)
    assert result.returncode == generate.returncode == 2
    assert result.stderr == generate.stderr
    assert result.stderr.startswith("clientgen: error: specs/acme.yaml:6:9: dangling $ref")
    assert result.stdout == ""
    if existing is None:
        assert not (root / "pyproject.toml").exists()
    else:
        assert (root / "pyproject.toml").read_text() == existing
    assert not (root / "generated").exists() and not (root / "vendor").exists()


def test_init_options_round_trip_with_awkward_paths(tmp_path: Path) -> None:
    from generator.config import load_config

    root = _project(tmp_path)
    awkward = root / 'we"ird\\ dir é'
    awkward.mkdir()
    (awkward / "acme.yaml").write_text(_SPEC)
    output = 'out "x"\\y'
    result = run(
        "init",
        str(awkward / "acme.yaml"),
        "--yes",
        "--package",
        "acme",
        "--client",
        "AcmeClient",
        "--env-prefix",
        "ACME",
        "--output",
        output,
        cwd=root,
    )
    assert result.returncode == 0, result.stderr
    section = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["clientgen"]
    assert section == {
        "output": output,
        "clients": {
            "acme": {
                "spec": 'we"ird\\ dir é/acme.yaml',
                "client": "AcmeClient",
                "env_prefix": "ACME",
            }
        },
    }
    config = load_config(root / "pyproject.toml")
    assert config.output == root / output
    assert config.clients[0].spec == awkward / "acme.yaml"
    assert "class AcmeClient(" in (root / output / "acme" / "_client.py").read_text()


def test_init_output_other_than_the_configured_one_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path, _EXISTING)
    result = run("init", "specs/acme.yaml", "--yes", "--output", "elsewhere", cwd=root)
    assert result.returncode == 2
    assert "vendor" in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert (root / "pyproject.toml").read_text() == _EXISTING


@pytest.mark.parametrize(
    ("option", "value"),
    [("--package", "not-a-name"), ("--client", "Bad Name"), ("--env-prefix", "1X")],
)
def test_init_refuses_names_that_are_not_identifiers(
    tmp_path: Path, option: str, value: str
) -> None:
    root = _project(tmp_path)
    result = run("init", "specs/acme.yaml", "--yes", option, value, cwd=root)
    assert result.returncode == 2
    assert option in result.stderr
    assert not (root / "pyproject.toml").exists()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_toml_strings_round_trip(value: str) -> None:
    from generator.init import toml_string

    assert tomllib.loads(f"x = {toml_string(value)}\n")["x"] == value


def test_a_pyproject_without_a_final_newline_or_with_crlf_stays_valid(tmp_path: Path) -> None:
    from generator.init import append_table

    for text in ('[project]\nname = "a"', '[project]\r\nname = "a"\r\n', ""):
        new = append_table(text, '[tool.clientgen.clients.x]\nspec = "s.yaml"\n')
        assert new.startswith(text)
        data = tomllib.loads(new)
        assert data["tool"]["clientgen"]["clients"]["x"] == {"spec": "s.yaml"}

"""The command line end to end: generate, check, ir, exit codes, and writing without loss."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(directory)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(directory.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of this project's configuration and specs, generated once."""
    root = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(ROOT / "specs", root / "specs")
    result = run("generate", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def fresh(project: Path, tmp_path: Path) -> Path:
    """A private copy of the generated project, for tests that change it."""
    root = tmp_path / "p"
    shutil.copytree(project, root, copy_function=shutil.copy2)
    return root


@pytest.mark.parametrize("command", [[], ["generate"], ["check"], ["ir"]])
def test_help_on_every_command(command: list[str]) -> None:
    result = run(*command, "--help", cwd=ROOT)
    assert result.returncode == 0
    assert "Usage:" in result.stdout


def test_no_command_is_a_usage_error_with_the_help(tmp_path: Path) -> None:
    """The same on every click the range allows (8.1 exits 0 here by itself, 8.2+ exit 2)."""
    result = run(cwd=tmp_path)
    assert result.returncode == 2, result
    assert result.stdout.startswith("Usage:") and "generate" in result.stdout
    assert result.stderr == ""


def test_generated_copy_matches_the_committed_tree(project: Path) -> None:
    for package in ("brainbase_labs", "uponai", "polyai"):
        ours = {k: v[0] for k, v in snapshot(project / "generated" / package).items()}
        committed = {k: v[0] for k, v in snapshot(ROOT / "generated" / package).items()}
        assert ours == committed, package


def test_check_passes_on_an_up_to_date_tree(project: Path) -> None:
    result = run("check", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_reports_stale_missing_and_extra_files(fresh: Path) -> None:
    package = fresh / "generated" / "polyai"
    (package / "_errors.py").write_text((package / "_errors.py").read_text() + "# edited\n")
    (package / "README.md").unlink()
    manifest = json.loads((package / ".clientgen-manifest.json").read_text())
    manifest["files"].append("old_module.py")
    (package / ".clientgen-manifest.json").write_text(json.dumps(manifest))
    (package / "old_module.py").write_text("x = 1\n")
    result = run("check", cwd=fresh)
    assert result.returncode == 1
    out = result.stdout
    assert "stale: " in out and "generated/polyai/_errors.py" in out
    assert "-# edited" in out
    assert "missing: " in out and "generated/polyai/README.md" in out
    assert "extra: " in out and "generated/polyai/old_module.py" in out
    assert "run `clientgen generate`" in result.stderr


def test_regenerating_rewrites_nothing_that_did_not_change(fresh: Path) -> None:
    before = snapshot(fresh / "generated")
    result = run("generate", cwd=fresh)
    assert result.returncode == 0
    assert "up to date" in result.stdout
    assert snapshot(fresh / "generated") == before


def test_regenerating_keeps_user_files_and_removes_files_no_longer_produced(fresh: Path) -> None:
    package = fresh / "generated" / "polyai"
    (package / "my_notes.txt").write_text("mine\n")
    (package / "resources" / "extra_helper.py").write_text("y = 2\n")
    manifest = json.loads((package / ".clientgen-manifest.json").read_text())
    manifest["files"].append("resources/gone.py")
    (package / ".clientgen-manifest.json").write_text(json.dumps(manifest))
    (package / "resources" / "gone.py").write_text("z = 3\n")
    (package / "_errors.py").write_text("# stale\n")
    models_before = (package / "_client.py").stat().st_mtime_ns
    result = run("generate", cwd=fresh)
    assert result.returncode == 0, result.stderr
    assert "0 added, 2 changed, 1 removed" in result.stdout  # _errors.py and the manifest
    assert (package / "my_notes.txt").read_text() == "mine\n"
    assert (package / "resources" / "extra_helper.py").read_text() == "y = 2\n"
    assert not (package / "resources" / "gone.py").exists()
    assert (package / "_errors.py").read_text() != "# stale\n"
    assert (package / "_client.py").stat().st_mtime_ns == models_before
    assert run("check", cwd=fresh).returncode == 0


def test_refuses_to_overwrite_files_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "chat_api").mkdir(parents=True)
    (out / "chat_api" / "_errors.py").write_text("# a user's file\n")
    result = run("generate", str(ROOT / "specs" / "polyai.yaml"), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert "refusing to overwrite" in result.stderr
    assert (out / "chat_api" / "_errors.py").read_text() == "# a user's file\n"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("syntax.yaml", "openapi: 3.0.3\ninfo: {title: T\n", "specs/polyai.yaml:3:1: invalid YAML"),
        (
            "swagger.yaml",
            "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n",
            "Swagger 2.0 is not supported",
        ),
        (
            "dangling.yaml",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n",
            "specs/polyai.yaml:6:9: dangling $ref '#/components/schemas/B'",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_and_leaves_generated_untouched(
    fresh: Path, name: str, text: str, expected: str
) -> None:
    before = snapshot(fresh / "generated")
    (fresh / "specs" / "polyai.yaml").write_text(text)
    result = run("generate", cwd=fresh)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    assert snapshot(fresh / "generated") == before
    assert not list((fresh / "generated").glob(".clientgen-staging-*"))
    assert run("check", cwd=fresh).returncode == 2


def test_output_is_identical_across_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "12345"):
        out = tmp_path / f"out{seed}"
        result = run(
            "generate",
            str(ROOT / "specs" / "brainbase.yaml"),
            "-o",
            str(out),
            "--package",
            "brainbase_labs",
            cwd=tmp_path,
            env={"PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        outputs.append({k: v[0] for k, v in snapshot(out).items()})
    assert outputs[0] == outputs[1]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repo")
def test_generate_from_a_docs_page(tmp_path: Path) -> None:
    out = tmp_path / "x"
    result = run("generate", str(SEEDS / "002_00a3f442055b71bf.txt"), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import chat_api; print(chat_api.ChatApi.__name__, sorted(chat_api.SERVERS))",
        ],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == "ChatApi ['euw_1', 'uk_1', 'us_1']"
    files = [p for p in tmp_path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert all(out in p.parents for p in files)


def test_ir_prints_stable_json() -> None:
    first = run("ir", "specs/polyai.yaml", "--package", "polyai", cwd=ROOT)
    second = run(
        "ir", "specs/polyai.yaml", "--package", "polyai", cwd=ROOT, env={"PYTHONHASHSEED": "7"}
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert data["package"] == "polyai"
    assert [s["name"] for s in data["servers"]] == ["us_1", "uk_1", "euw_1"]
    operation = data["resources"][0]["root"]["operations"][0]
    assert operation["call"] == "chat.create"
    assert [p["arg"] for p in operation["path_params"]] == ["version", "account_id", "project_id"]
    assert operation["header_params"] == []


def test_missing_spec_file_is_a_one_line_error(tmp_path: Path) -> None:
    result = run("generate", "nope.yaml", "-o", str(tmp_path / "o"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("clientgen: error: nope.yaml: cannot read file")


def test_an_internal_error_is_reported_as_a_bug_not_as_the_documents_fault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the input's own faults are `file:line:col` errors with exit 2; an exception the
    generator did not mean to raise says it is a bug, in one line, exits 3, writes nothing."""
    from click.testing import CliRunner

    from generator import pipeline
    from generator.cli import main

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("schema")

    monkeypatch.setattr(pipeline, "build_api", broken)
    monkeypatch.setenv("CLIENTGEN_NO_CACHE", "1")
    monkeypatch.delenv("CLIENTGEN_DEBUG", raising=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["generate", str(ROOT / "specs" / "polyai.yaml"), "-o", str(out), "--package", "p"]
    )
    assert result.exit_code == 3, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("clientgen: internal error: KeyError: 'schema' (a bug in clientgen")
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not out.exists()


def test_a_ref_to_the_wrong_kind_of_object_is_the_documents_fault(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n"
        "      parameters: [{$ref: '#/components/schemas/Thing'}]\n"
        "      responses: {'204': {$ref: '#/components/parameters/P'}}\n"
        "components:\n  schemas:\n    Thing: {type: string}\n"
        "  parameters:\n    P: {name: p, in: query, schema: {type: string}}\n"
    )
    result = run("generate", str(spec), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        "clientgen: error: spec.yaml:6:20: $ref '#/components/schemas/Thing' points at a"
        " schema, where a parameter belongs (at #/paths/~1x/get/parameters/0)\n"
    )


def test_version_is_the_installed_distributions() -> None:
    import importlib.metadata

    installed = importlib.metadata.version("clientgen")
    result = run("--version", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"clientgen, version {installed}\n"


def test_version_falls_back_when_the_distribution_is_not_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Run from a source tree without installing: the version in the tree's pyproject.toml."""
    import importlib.metadata

    import tomllib

    from generator import installed_version

    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.8.7")
    assert installed_version() == "9.8.7"
    monkeypatch.setattr(importlib.metadata, "version", missing)
    source = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert installed_version() == source


_SMALL_SPEC = """\
openapi: 3.1.0
info: {title: Small API, version: '1'}
servers: [{url: 'https://api.example.test'}]
paths:
  /things:
    get:
      operationId: listThings
      responses: {'200': {description: ok}}
"""


def _configured(tmp_path: Path, tables: str) -> Path:
    """A project with specs/small.yaml and a pyproject.toml holding `tables`."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "small.yaml").write_text(_SMALL_SPEC)
    (tmp_path / "specs" / "other.yaml").write_text(_SMALL_SPEC)
    (tmp_path / "pyproject.toml").write_text(f"[tool.clientgen]\noutput = 'generated'\n{tables}")
    return tmp_path


_SMALL_TABLE = """
[tool.clientgen.clients.small]
spec = "specs/small.yaml"
client = "Small"
env_prefix = "SMALL_ENV"
[tool.clientgen.clients.small.methods]
"GET /things" = "things.fetch_all"
"""


def test_generate_spec_with_config_honours_the_table_whose_spec_it_is(tmp_path: Path) -> None:
    root = _configured(tmp_path, _SMALL_TABLE)
    result = run(
        "generate", "specs/small.yaml", "-o", "out", "--config", "pyproject.toml", cwd=root
    )
    assert result.returncode == 0, result.stderr
    package = root / "out" / "small"
    code = "".join(p.read_text() for p in package.rglob("*.py"))
    assert "def fetch_all(" in code
    assert "class Small(" in code and "SMALL_ENV" in code
    assert not (root / "generated").exists()


def test_generate_spec_with_client_config_picks_the_table_by_name(tmp_path: Path) -> None:
    root = _configured(tmp_path, _SMALL_TABLE)
    result = run("generate", "specs/other.yaml", "-o", "out", "--client-config", "small", cwd=root)
    assert result.returncode == 0, result.stderr
    code = "".join(p.read_text() for p in (root / "out" / "small").rglob("*.py"))
    assert "def fetch_all(" in code


@pytest.mark.parametrize(
    ("tables", "args", "says"),
    [
        (_SMALL_TABLE, ["specs/other.yaml", "--config", "pyproject.toml"], "no client table"),
        (
            _SMALL_TABLE + _SMALL_TABLE.replace("clients.small", "clients.again"),
            ["specs/small.yaml", "--config", "pyproject.toml"],
            "more than one",
        ),
        (_SMALL_TABLE, ["specs/small.yaml", "--client-config", "nosuch"], "nosuch"),
    ],
)
def test_generate_spec_with_an_unmatched_or_ambiguous_config_exits_2(
    tmp_path: Path, tables: str, args: list[str], says: str
) -> None:
    root = _configured(tmp_path, tables)
    result = run("generate", *args, "-o", "out", cwd=root)
    assert result.returncode == 2, result
    assert says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (root / "out").exists()


_VERBOSE_SPEC = """\
openapi: 3.1.0
info: {title: Small API, version: '1'}
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
  /items:
    get:
      operationId: listItems
      responses: {'200': {description: ok}}
  /items.json:
    get:
      operationId: listItemsJson
      responses: {'200': {description: ok}}
webhooks:
  itemAdded:
    post:
      responses: {'200': {description: ok}}
"""


def test_verbose_lists_each_method_name_and_where_it_came_from(tmp_path: Path) -> None:
    root = _configured(tmp_path, _SMALL_TABLE)
    (root / "specs" / "small.yaml").write_text(_VERBOSE_SPEC)
    args = ("generate", "specs/small.yaml", "-o", "out", "--config", "pyproject.toml")
    quiet = run(*args, cwd=root)
    assert quiet.returncode == 0, quiet.stderr
    assert "->" not in quiet.stdout
    shutil.rmtree(root / "out")
    result = run(*args, "-v", cwd=root)
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "GET /things -> things.fetch_all (override 'GET /things' in the configuration)" in lines
    assert "GET /items -> items.list (path rule)" in lines
    [clash] = [line for line in lines if line.startswith("GET /items.json -> items.")]
    assert "operationId 'listItemsJson'" in clash, clash
    [names] = [line for line in lines if line.startswith("package small")]
    assert "client Small" in names and "SMALL_ENV_API_KEY" in names, names
    assert any("left out" in line and "#/webhooks/itemAdded" in line for line in lines), lines
    again = run(*args, "-v", cwd=root)  # the names are now kept: still told by their source
    assert [line.strip() for line in again.stdout.splitlines()][1:] == lines[1:]


def test_a_vendored_package_imports_by_the_path_its_readme_shows(
    project: Path, tmp_path: Path
) -> None:
    package = project / "generated" / "polyai"
    readme = (package / "README.md").read_text()
    assert "from myapp.vendor.polyai import PolyAI" in readme
    vendor = tmp_path / "myapp" / "vendor"
    shutil.copytree(package, vendor / "polyai")
    (tmp_path / "myapp" / "__init__.py").write_text("")
    (vendor / "__init__.py").write_text("")
    script = (
        "import sys; from myapp.vendor.polyai import PolyAI;"
        " assert PolyAI.__module__.startswith('myapp.vendor.polyai.'), PolyAI.__module__;"
        " assert 'polyai' not in sys.modules; print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout == "ok\n", result.stderr


def test_generate_with_client_config_alone_generates_that_client_only(tmp_path: Path) -> None:
    root = _configured(
        tmp_path, _SMALL_TABLE + _SMALL_TABLE.replace("clients.small", "clients.again")
    )
    result = run("generate", "--client-config", "again", cwd=root)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (root / "generated").iterdir()) == ["again"]


def test_idempotency_header_must_be_a_header_name(tmp_path: Path) -> None:
    spec = ROOT / "tests" / "features" / "specs" / "idempotency.yaml"
    done = run("generate", str(spec), "-o", "out", "--idempotency-header", "Bad Name", cwd=tmp_path)
    assert done.returncode == 2
    assert "is not a header name" in done.stderr
    assert not (tmp_path / "out").exists()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.clientgen]\n[tool.clientgen.clients.pay]\nspec = "s.yaml"\n'
        'idempotency_header = "a:b"\n'
    )
    done = run("generate", cwd=tmp_path)
    assert done.returncode == 2
    assert "'idempotency_header' must be a header name" in done.stderr
    done = run(
        "generate", str(spec), "-o", "out", "--idempotency-header", "Idempotency-Key", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    refunds = (tmp_path / "out" / "payments_api" / "resources" / "refunds.py").read_text()
    assert 'idempotency_header="Idempotency-Key"' in refunds

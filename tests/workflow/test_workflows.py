"""Living with spec changes: subsets, custom templates, vendoring, change summaries."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from generator.build import ClientOptions
from generator.pipeline import generate
from generator.render.write import write_package

ROOT = Path(__file__).resolve().parents[2]

TAGGED = """\
openapi: 3.0.3
info: {title: Shop, version: 1.0.0}
servers: [{url: https://shop.example}]
paths:
  /pets:
    get:
      tags: [pets]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}}
  /orders:
    post:
      tags: [store]
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}
      responses:
        '201': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}
  /stores/{id}:
    get:
      tags: [store]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Store'}}}}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}, tag: {$ref: '#/components/schemas/Tag'}}}
    Tag: {type: object, properties: {label: {type: string}}}
    Order: {type: object, required: [pet], properties: {pet: {$ref: '#/components/schemas/Pet'}, quantity: {type: integer}}}
    Store: {type: object, properties: {city: {type: string}}}
    Unused: {type: object, properties: {x: {type: string}}}
"""


def _clientgen(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ARGS` and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _generate(tmp_path: Path, **options: object) -> tuple[Path, set[str]]:
    spec = tmp_path / "shop.yaml"
    spec.write_text(TAGGED)
    package = generate(spec, ClientOptions(package="shop", **options))  # type: ignore[arg-type]
    write_package(tmp_path / "out", package)
    return tmp_path / "out" / "shop", set(package.api.model_exports)


def test_everything_is_generated_by_default(tmp_path: Path) -> None:
    _, models = _generate(tmp_path)
    assert {"Pet", "Tag", "Order", "Store", "Unused"} <= models


def test_include_tags_keeps_those_operations_and_the_schemas_they_use(tmp_path: Path) -> None:
    out, models = _generate(tmp_path, include_tags=("pets",))
    assert {m for m in models if not m.endswith("Param")} == {"Pet", "Tag"}
    assert sorted(p.name for p in (out / "resources").glob("*.py")) == ["__init__.py", "pets.py"]


def test_include_paths_globs_and_keeps_shared_schemas(tmp_path: Path) -> None:
    _, models = _generate(tmp_path, include_paths=("/orders",))
    assert {m for m in models if not m.endswith("Param")} == {"Order", "Pet", "Tag"}


def test_subset_through_the_cli_and_config(tmp_path: Path) -> None:
    spec = tmp_path / "shop.yaml"
    spec.write_text(TAGGED)
    result = _clientgen(
        "generate",
        str(spec),
        "-o",
        str(tmp_path / "o"),
        "--include-tags",
        "store",
        "--include-paths",
        "/stores/*",
    )
    assert result.returncode == 0, result.stderr
    resources = sorted(p.name for p in (tmp_path / "o" / "shop" / "resources").glob("*.py"))
    assert resources == ["__init__.py", "stores.py"]


def test_custom_templates_override_built_in_ones_by_file_name(tmp_path: Path) -> None:
    templates = tmp_path / "templates" / "package"
    templates.mkdir(parents=True)
    (templates / "README.md.jinja").write_text(
        "<!-- {{ header }} -->\n# Our {{ api.title | mdtext }} client\n"
    )
    spec = tmp_path / "shop.yaml"
    spec.write_text(TAGGED)
    result = _clientgen(
        "generate", str(spec), "-o", str(tmp_path / "o"), "--templates", str(tmp_path / "templates")
    )
    assert result.returncode == 0, result.stderr
    readme = (tmp_path / "o" / "shop" / "README.md").read_text()
    assert readme.endswith("# Our Shop client\n")
    assert "clientgen" in (tmp_path / "o" / "shop" / "_client.py").read_text()


CALL = """
import httpx
seen = []
def handler(request):
    seen.append(request)
    return httpx.Response(200, json={"conversation_id": "C1", "response": "hi"})
client = PolyAI(api_key="k", token="t", http_client=httpx.Client(transport=httpx.MockTransport(handler)))
out = client.chat.create(version="v1", account_id="A", project_id="P", channel="webchat")
assert out.conversation_id == "C1", out
assert seen[0].headers["x-api-key"] == "k"
import sys
assert not [m for m in sys.modules if m == "generator" or m.startswith("generator.")]
print("ok", type(out).__module__)
"""


def test_vendored_under_another_parent_package(tmp_path: Path) -> None:
    vendor = tmp_path / "myapp" / "vendor"
    vendor.mkdir(parents=True)
    (tmp_path / "myapp" / "__init__.py").write_text("")
    (vendor / "__init__.py").write_text("")
    shutil.copytree(ROOT / "generated" / "polyai", vendor / "polyai")
    code = "from myapp.vendor.polyai import PolyAI\n" + CALL
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok myapp.vendor.polyai.models.create_chat_response"


def test_check_names_the_spec_that_changed(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(ROOT / "generated", tmp_path / "generated")
    spec = tmp_path / "specs" / "polyai.yaml"
    spec.write_text(spec.read_text().replace("version: 1.0.0", "version: 1.0.1"))
    result = _clientgen("check", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "clientgen: specs/polyai.yaml changed since generated/polyai was generated" in result.stderr
    )
    assert "brainbase" not in result.stderr


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@e",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@e",
        },
    )


def test_generate_summarises_the_api_changes_of_a_spec_change(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(textwrap.dedent("""\
        [tool.clientgen]
        output = "generated"
        [tool.clientgen.clients.shop]
        spec = "shop.yaml"
        """))
    (tmp_path / "shop.yaml").write_text(TAGGED)
    first = _clientgen("generate", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "v1")
    changed = TAGGED.replace("version: 1.0.0", "version: 1.1.0").replace(
        "  /stores/{id}:\n    get:\n      tags: [store]\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n",
        "  /stores/{id}:\n    get:\n      tags: [store]\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}, {name: region, in: query, required: true, schema: {type: string}}]\n",
    )
    assert changed != TAGGED
    (tmp_path / "shop.yaml").write_text(changed)
    second = _clientgen("generate", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    out = second.stdout
    assert "spec changed: info.version 1.0.0 -> 1.1.0" in out
    assert "API changes: 1 (1 breaking)" in out
    assert "client.stores.retrieve(region)" in out


PROBE = """
import sys
from generator.cli import main
sys.argv = ["clientgen", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    code = exit.code
print("heavy:", sorted(m for m in ("black", "openapi_pydantic", "jinja2") if m in sys.modules), code)
"""


def test_a_warm_run_comes_from_the_package_cache_without_heavy_imports(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    env = {**os.environ, "CLIENTGEN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CLIENTGEN_NO_CACHE", None)
    cold = subprocess.run(
        [sys.executable, "-c", PROBE, "generate"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert cold.returncode == 0, cold.stderr
    assert "heavy: ['black', 'jinja2', 'openapi_pydantic']" in cold.stdout
    warm = subprocess.run(
        [sys.executable, "-c", PROBE, "check"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout.strip().endswith("heavy: [] 0"), warm.stdout
    off = subprocess.run(
        [sys.executable, "-c", PROBE, "check", "--no-cache"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "heavy: ['black', 'jinja2', 'openapi_pydantic'] 0" in off.stdout


def test_the_package_cache_follows_template_changes(tmp_path: Path) -> None:
    templates = tmp_path / "templates" / "package"
    templates.mkdir(parents=True)
    spec = tmp_path / "shop.yaml"
    spec.write_text(TAGGED)
    env = {**os.environ, "CLIENTGEN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CLIENTGEN_NO_CACHE", None)
    readmes = []
    for text in ("# First\n", "# Second\n"):
        (templates / "README.md.jinja").write_text(text)
        result = _clientgen(
            "generate",
            str(spec),
            "-o",
            str(tmp_path / "o"),
            "--templates",
            str(tmp_path / "templates"),
            env=env,
        )
        assert result.returncode == 0, result.stderr
        readmes.append((tmp_path / "o" / "shop" / "README.md").read_text())
    assert readmes == ["# First\n", "# Second\n"]


def test_regenerating_a_grown_spec_keeps_the_names_the_package_had(tmp_path: Path) -> None:
    """The vendor adds `GET /api/stores/{id}`, which also wants `stores.retrieve`: regenerated
    into the same directory, the existing method keeps its name and the newcomer yields; a
    fresh directory names by the rules alone."""
    spec = tmp_path / "shop.yaml"
    spec.write_text(TAGGED)
    out = tmp_path / "out"
    env = {**os.environ, "CLIENTGEN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CLIENTGEN_NO_CACHE", None)
    first = _clientgen("generate", str(spec), "-o", str(out), "--package", "shop", env=env)
    assert first.returncode == 0, first.stderr
    legacy = """\
  /api/stores/{id}:
    get:
      operationId: getStoreLegacy
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Store'}}}}
"""
    spec.write_text(TAGGED.replace("components:\n", legacy + "components:\n"))
    again = _clientgen("generate", str(spec), "-o", str(out), "--package", "shop", env=env)
    assert again.returncode == 0, again.stderr
    names = json.loads((out / "shop" / ".clientgen-manifest.json").read_text())["names"]
    assert names["method GET /stores/{id}"] == "retrieve"
    assert names["method GET /api/stores/{id}"] == "get_store_legacy"
    resource = (out / "shop" / "resources" / "stores.py").read_text()
    assert "def retrieve(" in resource and "def get_store_legacy(" in resource
    fresh = _clientgen("generate", str(spec), "-o", str(tmp_path / "fresh"), "--package", "shop")
    assert fresh.returncode == 0, fresh.stderr
    fresh_names = json.loads((tmp_path / "fresh" / "shop" / ".clientgen-manifest.json").read_text())
    assert fresh_names["names"]["method GET /api/stores/{id}"] == "retrieve"


def test_check_sees_a_change_in_a_file_the_spec_refers_to(tmp_path: Path) -> None:
    """The manifest's spec sha256 covers every file a split spec reads, and the package cache
    (keyed by the root file's bytes) is not used when a referenced file changed."""
    shutil.copytree(ROOT / "tests" / "features" / "specs" / "multifile", tmp_path / "spec")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.clientgen]\noutput = "out"\n\n'
        '[tool.clientgen.clients.multi]\nspec = "spec/root.yaml"\nclient = "Multi"\n'
    )
    env = {**os.environ, "CLIENTGEN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CLIENTGEN_NO_CACHE", None)
    assert _clientgen("generate", cwd=tmp_path, env=env).returncode == 0
    assert _clientgen("check", cwd=tmp_path, env=env).returncode == 0
    problem = tmp_path / "spec" / "schemas" / "problem.yaml"
    problem.write_text(problem.read_text() + "  title:\n    type: string\n")
    result = _clientgen("check", cwd=tmp_path, env=env)
    assert result.returncode == 1, result.stderr
    assert "+    title: str | None = None" in result.stdout
    assert "clientgen: spec/root.yaml changed since out/multi was generated" in result.stderr
    manifest = json.loads((tmp_path / "out" / "multi" / ".clientgen-manifest.json").read_text())
    assert _clientgen("generate", cwd=tmp_path, env=env).returncode == 0
    assert _clientgen("check", cwd=tmp_path, env=env).returncode == 0
    new = json.loads((tmp_path / "out" / "multi" / ".clientgen-manifest.json").read_text())
    assert new["spec_sha256"] != manifest["spec_sha256"]

"""clientgen installs as a tool: the console script is declared, the wheel `pip wheel` builds
carries the generator with its templates, and the README tells users how to install it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[2]
PIP = [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check"]
SMALL = """\
openapi: 3.1.0
info: {title: Small API, version: '1'}
servers: [{url: 'https://api.example.test'}]
paths:
  /things:
    get:
      responses: {'200': {description: ok}}
"""


def test_the_clientgen_console_script_is_declared_and_callable() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"] == {"clientgen": "generator.cli:main"}
    from generator.cli import main

    assert callable(main)


def test_the_readme_tells_users_how_to_install_the_tool() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "\n## Install\n" in readme
    install = readme.split("\n## Install\n", 1)[1].split("\n## ", 1)[0]
    assert readme.index("\n## Install\n") < readme.index("\n## Command line\n")
    for text in ("pipx install git+", "uv tool install", "pip wheel . -w dist --no-deps"):
        assert text in install, text
    assert "clientgen --version" in install


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel the README's build command makes (here without build isolation: offline)."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [*PIP, "wheel", str(ROOT), "-w", str(dist), "--no-deps", "--no-build-isolation"],
        check=True,
        timeout=300,
    )
    [built] = dist.glob("clientgen-*.whl")
    return built


def test_the_wheel_carries_the_script_the_templates_and_the_dependencies(wheel: Path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"clientgen-{project['version']}.dist-info"
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        metadata = archive.read(f"{info}/METADATA").decode()
    assert "[console_scripts]\nclientgen = generator.cli:main" in entry_points
    assert "generator/templates/package/README.md.jinja" in names
    assert "generator/runtime/_transport.py" in names
    assert not any(name.startswith(("tests/", "generated/", "specs/")) for name in names)
    declared = [
        line.split(":", 1)[1].strip()
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]
    assert _normal(declared) == _normal(project["dependencies"])


def _normal(requirements: list[str]) -> set[tuple[str, str]]:
    """Requirements compared by name and specifier set (order and spacing aside)."""
    from packaging.requirements import Requirement

    return {
        (parsed.name.lower(), str(sorted(str(spec) for spec in parsed.specifier)))
        for parsed in map(Requirement, requirements)
    }


def test_the_installed_wheel_generates_without_the_repository(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [*PIP, "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        timeout=300,
    )
    (tmp_path / "small.yaml").write_text(SMALL)
    env = {**os.environ, "PYTHONPATH": str(target), "CLIENTGEN_NO_CACHE": "1"}
    script = (
        "import sys, generator; from generator.cli import main;"
        " print(generator.__file__, generator.__version__, file=sys.stderr); main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "generate", "small.yaml", "-o", "out"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(str(target / "generator")), result.stderr
    assert (tmp_path / "out" / "small_api" / "README.md").is_file()


USER_SPEC = """\
openapi: 3.1.0
info: {title: Acme Docs, version: '1'}
servers: [{url: 'https://api.acme.test'}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Api-Key}
security: [{key: []}]
paths:
  /documents/{document_id}:
    get:
      operationId: getDocument
      parameters:
        - {name: document_id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [id, title]
                properties:
                  id: {type: string}
                  title: {type: string}
"""

USER_CODE = """\
import httpx
from myapp.vendor.acme_docs import AcmeDocs

def answer(request: httpx.Request) -> httpx.Response:
    assert request.headers["x-api-key"] == "k-1", request.headers
    assert request.url.path == "/documents/d1", request.url
    return httpx.Response(200, json={"id": "d1", "title": "Report"})

client = AcmeDocs(api_key="k-1", http_client=httpx.Client(transport=httpx.MockTransport(answer)))
document = client.documents.retrieve("d1")
print(type(document).__module__, document.title)
"""


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The source distribution (hatchling, the build backend, is in the lock: offline)."""
    dist = tmp_path_factory.mktemp("sdist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = dist.glob("clientgen-*.tar.gz")
    return built


def clean_tool(artifact: Path, directory: Path) -> Path:
    """A fresh virtual environment with clientgen installed from `artifact` and its
    dependencies from the package index, as `pipx install` does; its `clientgen` script."""
    venv.EnvBuilder(with_pip=True).create(directory)
    done = subprocess.run(
        [
            str(directory / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(artifact),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return directory / "bin" / "clientgen"


@pytest.fixture(scope="module")
def tool_from_wheel(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return clean_tool(wheel, tmp_path_factory.mktemp("tool") / "venv")


def test_the_sdist_installs_into_a_clean_venv_and_generates(sdist: Path, tmp_path: Path) -> None:
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert not any("/tests/" in name or "/generated/" in name for name in names)
    clientgen = clean_tool(sdist, tmp_path / "venv")
    (tmp_path / "small.yaml").write_text(SMALL)
    version = subprocess.run(
        [str(clientgen), "--version"], capture_output=True, text=True, check=False
    )
    assert version.returncode == 0 and "0." in version.stdout, version.stderr
    done = subprocess.run(
        [str(clientgen), "generate", "small.yaml", "-o", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "small_api" / "ruff.toml").is_file()


def test_the_readme_user_path_from_the_wheel(tool_from_wheel: Path, tmp_path: Path) -> None:
    """A user's path, with the tool installed from the wheel into a clean venv (its
    dependencies from the package index), away from the repository: `init` adds the client to
    the app's pyproject.toml and generates it into the app's vendor package, the app imports it
    by the documented path and calls it, `check` passes, and fails once the spec changes."""
    app = tmp_path / "app"
    (app / "myapp" / "vendor").mkdir(parents=True)
    (app / "myapp" / "__init__.py").write_text("")
    (app / "myapp" / "vendor" / "__init__.py").write_text("")
    (app / "pyproject.toml").write_text('[project]\nname = "myapp"\nversion = "1"\n')
    (app / "acme.yaml").write_text(USER_SPEC)
    env = {**os.environ, "CLIENTGEN_NO_CACHE": "1"}
    env.pop("PYTHONPATH", None)

    def clientgen(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(tool_from_wheel), *args],
            cwd=app,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            stdin=subprocess.DEVNULL,
        )

    init = clientgen("init", "acme.yaml", "-o", "myapp/vendor", "--yes")
    assert init.returncode == 0, init.stderr
    config = tomllib.loads((app / "pyproject.toml").read_text())
    assert config["project"]["name"] == "myapp"  # what was there stays
    assert config["tool"]["clientgen"]["output"] == "myapp/vendor"
    assert config["tool"]["clientgen"]["clients"]["acme_docs"]["spec"] == "acme.yaml"
    assert (app / "myapp" / "vendor" / "acme_docs" / "__init__.py").is_file()
    readme = (app / "myapp" / "vendor" / "acme_docs" / "README.md").read_text()
    assert "from myapp.vendor.acme_docs import" in readme  # the documented import
    used = subprocess.run(
        [sys.executable, "-c", USER_CODE],
        cwd=app,
        env={**os.environ, "PYTHONPATH": str(app)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert used.returncode == 0, used.stderr
    module, title = used.stdout.split()
    assert module.startswith("myapp.vendor.acme_docs.models.")
    assert title == "Report"
    check = clientgen("check")
    assert check.returncode == 0, check.stdout + check.stderr
    (app / "acme.yaml").write_text(
        USER_SPEC.replace("title: {type: string}", "title: {type: integer}")
    )
    stale = clientgen("check")
    assert stale.returncode == 1, stale.stdout + stale.stderr
    again = clientgen("generate")
    assert again.returncode == 0, again.stderr
    assert clientgen("check").returncode == 0


def test_the_readme_is_for_users_and_links_the_contributor_docs() -> None:
    """Users' material first (install, a first client, using it), the set-up commands near the
    top, and the contributor material in docs/ files the README links to, each of which exists
    and is linked."""
    readme = (ROOT / "README.md").read_text()
    headings = [line[3:] for line in readme.splitlines() if line.startswith("## ")]
    assert headings[:4] == [
        "Install",
        "Set up (fresh machine: Python 3.11, pip, Node)",
        "First client in a minute",
        "Using a generated client",
    ]
    assert "make generate" in readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    assert "make test" in readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    linked = set(re.findall(r"\]\((docs/[\w.-]+\.md)\)", readme))
    present = {f"docs/{path.name}" for path in (ROOT / "docs").glob("*.md")}
    assert linked == present
    for moved in ("## Benchmarks", "## Layout", "## The runtime", "## Real-world documents"):
        assert f"\n{moved}\n" not in readme, moved

"""clientgen installs as a tool: the console script is declared, the wheel `pip wheel` builds
carries the generator with its templates, and the README tells users how to install it."""

from __future__ import annotations

import os
import subprocess
import sys
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

"""The versions we claim, each installed for real in a fresh virtual environment.

- The generator at the lowest version of every dependency `pyproject.toml` allows writes the three
  seed clients byte for byte as committed, and keeps its one-line error promise.
- A generated package (`--layout project`) installs and works on the lowest httpx and pydantic it
  declares, on the oldest Python it claims, and on the newest ones: the versions the lock pins
  (refreshed by `make lock`), or under `make test-latest` (CLIENTGEN_LATEST=1) the newest releases
  on the package index that day.

Each test needs the package index; CLIENTGEN_SKIP_VENV_TESTS=1 leaves them out on a machine that
has none.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
import warnings
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "dev.lock"
LATEST = os.environ.get("CLIENTGEN_LATEST") == "1"
SEEDS = ("brainbase_labs", "polyai", "uponai")

pytestmark = pytest.mark.skipif(
    os.environ.get("CLIENTGEN_SKIP_VENV_TESTS") == "1", reason="CLIENTGEN_SKIP_VENV_TESTS=1"
)


def _venv(directory: Path, python: str = sys.executable) -> Path:
    """A fresh virtual environment made by `python`; returns its interpreter."""
    if python == sys.executable:
        venv.EnvBuilder(with_pip=True).create(directory)
    else:
        subprocess.run([python, "-m", "venv", str(directory)], check=True, timeout=300)
    return directory / "bin" / "python"


def _pip_install(python: Path, *requirements: str) -> None:
    result = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *requirements,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def _installed(python: Path) -> dict[str, str]:
    frozen = subprocess.run(
        [str(python), "-m", "pip", "freeze"], capture_output=True, text=True, check=True
    ).stdout
    pins = (line.split("==", 1) for line in frozen.splitlines() if "==" in line)
    return {name.lower().replace("_", "-"): version for name, version in pins}


def _lowest(requirement: str) -> tuple[str, str]:
    """('black', '26.1') from 'black>=26.1,<27'."""
    match = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9.]+)(,.*)?", requirement.replace(" ", ""))
    assert match, f"{requirement!r} has no lower bound: say which version is the lowest"
    return match[1].lower(), match[2]


def _locked(name: str) -> str:
    match = re.search(rf"^{re.escape(name)}==(\S+)", LOCK.read_text(), re.M)
    assert match, f"{name} is not in {LOCK.name}"
    return match[1]


def _same_number(a: str, b: str) -> bool:
    """'6.0' and '6.0.0' name one release."""

    def parts(version: str) -> list[int]:
        numbers = [int(part) for part in version.split(".")]
        while numbers and numbers[-1] == 0:
            numbers.pop()
        return numbers

    return parts(a) == parts(b)


def _clientgen(
    python: Path, *args: str, env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` with the generator of this checkout (PYTHONPATH in `env`)."""
    return subprocess.run(
        [str(python), "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=600,
    )


def _one_line_error(python: Path, spec: Path, out: Path, env: dict[str, str]) -> str:
    result = _clientgen(python, "generate", str(spec), "-o", str(out), "--package", "p", env=env)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr[-2000:]
    assert result.stdout == ""
    return result.stderr.strip()


def test_the_lowest_generator_dependencies_write_the_same_clients(tmp_path: Path) -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lowest = dict(_lowest(requirement) for requirement in declared)
    assert {"black", "click", "jinja2", "openapi-pydantic", "pyyaml", "pydantic"} <= set(lowest)
    python = _venv(tmp_path / "venv")
    _pip_install(python, *(f"{name}=={version}" for name, version in lowest.items()))
    installed = _installed(python)
    for name, version in lowest.items():
        assert _same_number(installed[name], version), (name, installed[name], version)

    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "pyproject.toml", project)
    shutil.copytree(ROOT / "specs", project / "specs")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "CLIENTGEN_CACHE_DIR": str(tmp_path / "cache"),
        "CLIENTGEN_NO_CACHE": "1",
    }
    result = _clientgen(python, "generate", env=env, cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    for package in SEEDS:
        written = project / "generated" / package
        committed = ROOT / "generated" / package
        files = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(written) for p in written.rglob("*") if p.is_file())
        for relative in files:
            assert (written / relative).read_bytes() == (
                committed / relative
            ).read_bytes(), f"{package}/{relative} differs when generated with {lowest}"

    # The one-line error promise holds on these versions too (PyYAML 6.0 has no nesting limit
    # of its own; a dangling $ref goes through openapi-pydantic and our own pointer code).
    head = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n"
    deep = tmp_path / "deep.yaml"
    deep.write_text(head + "x-deep: " + "[" * 5000 + "]" * 5000 + "\n")
    assert _one_line_error(python, deep, tmp_path / "out", env).endswith(
        "deep.yaml:4:136: nesting deeper than 128 levels"
    )
    dangling = tmp_path / "dangling.yaml"
    dangling.write_text(
        head + "components:\n  schemas:\n    A: {$ref: '#/components/schemas/Missing'}\n"
    )
    message = _one_line_error(python, dangling, tmp_path / "out", env)
    assert "dangling.yaml:6:" in message and "/components/schemas/A" in message, message
    assert not (tmp_path / "out").exists()
    bare = _clientgen(python, env=env)
    assert bare.returncode == 2 and bare.stdout.startswith("Usage:"), bare


SMOKE = """
import asyncio, importlib, pkgutil, sys
import httpx, pydantic

for name in sys.argv[1:]:
    package = importlib.import_module(name)
    for module in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(module.name)

from polyai import AsyncPolyAI, NotFoundError, PolyAI

seen = []
def handler(request):
    seen.append(request)
    if request.url.path.endswith("/missing/chat/create"):
        return httpx.Response(404, json={"error_message": "no such project"})
    return httpx.Response(200, json={"conversation_id": "C1", "response": "hi"})

client = PolyAI(api_key="k", token="t", http_client=httpx.Client(transport=httpx.MockTransport(handler)))
out = client.chat.create(version="v1", account_id="A", project_id="P", channel="webchat")
assert out.conversation_id == "C1", out
assert seen[0].headers["x-api-key"] == "k" and seen[0].headers["x-token"] == "t"
try:
    client.chat.create(version="v1", account_id="A", project_id="missing", channel="webchat")
except NotFoundError as error:
    assert error.status_code == 404 and error.body.error_message == "no such project", error
else:
    raise AssertionError("a 404 did not raise")

async def main():
    transport = httpx.MockTransport(handler)
    async with AsyncPolyAI(api_key="k", token="t", http_client=httpx.AsyncClient(transport=transport)) as client:
        out = await client.chat.create(version="v1", account_id="A", project_id="P", channel="webchat")
        assert out.conversation_id == "C1", out
asyncio.run(main())
assert not [m for m in sys.modules if m == "generator" or m.startswith("generator.")]
print("ok", httpx.__version__, pydantic.VERSION)
"""


def _python(version: str) -> str:
    """An interpreter of that version that runs (a pyenv shim may exist and refuse), else ours."""
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    candidates = [shutil.which(f"python{version}")]
    candidates += [str(p) for p in sorted(pyenv.glob(f"versions/{version}.*/bin/python{version}"))]
    for candidate in filter(None, candidates):
        probe = subprocess.run(
            [candidate, "-c", "import sys, venv; print(sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode == 0 and probe.stdout.strip() == str(
            tuple(map(int, version.split(".")))
        ):
            return candidate
    warnings.warn(
        f"no Python {version} here: the test runs on {sys.version.split()[0]}", stacklevel=2
    )
    return sys.executable


RUNTIMES = {
    # name: (Python, requirements)
    "lowest": (_python("3.10"), ["httpx==0.25.0", "pydantic==2.7.0"]),
    "newest": (
        _python("3.13"),
        (
            ["--upgrade", "httpx>=0.25,<1", "pydantic>=2.7,<3"]
            if LATEST
            else [f"httpx=={_locked('httpx')}", f"pydantic=={_locked('pydantic')}"]
        ),
    ),
}


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_a_generated_package_works_on_the_httpx_and_pydantic_it_allows(
    tmp_path: Path, runtime: str
) -> None:
    python_exe, requirements = RUNTIMES[runtime]
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            str(ROOT / "specs" / "polyai.yaml"),
            "-o",
            str(out),
            "--package",
            "polyai",
            "--client",
            "PolyAI",
            "--layout",
            "project",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    project = out / "polyai"
    pyproject = (project / "pyproject.toml").read_text()
    assert '"httpx>=0.25,<1", "pydantic>=2.7,<3"' in pyproject
    assert 'requires-python = ">=3.10"' in pyproject

    python = _venv(tmp_path / "venv", python_exe)
    _pip_install(python, str(project), *requirements)
    installed = _installed(python)
    assert "clientgen" not in installed
    pinned = {r.split("==")[0]: r.split("==")[1] for r in requirements if "==" in r}
    for name, version in pinned.items():
        assert installed[name] == version, (name, installed[name])

    # The other seeds are importable beside it (copied, as a user vendors them).
    vendor = tmp_path / "vendor"
    for package in ("brainbase_labs", "uponai"):
        shutil.copytree(ROOT / "generated" / package, vendor / package)
    run = subprocess.run(
        [str(python), "-c", SMOKE, "polyai", "brainbase_labs", "uponai"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(vendor)},
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    version = subprocess.run(
        [str(python), "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(runtime, "Python", version, run.stdout.strip())
    assert run.stdout.startswith(f"ok {installed['httpx']} {installed['pydantic']}")

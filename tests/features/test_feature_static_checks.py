"""Every generated feature package passes `mypy --strict --python-version 3.10` and ruff.

mypy runs once over all packages (started by the session fixture, in the background), with the
programs made of every package README's examples and the usage files; ruff runs once as a user
runs it, each package under its own ruff.toml, and once more under an application's own
configurations, as a vendored copy is linted.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from typing import Any

import pytest
import tomllib
from feature_harness import POSITIVE, USAGE, FeatureSet, package_name

RUFF = [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "json"]
"""ruff as a user runs it: each package's own ruff.toml (its rule set, line length 100) applies."""


@pytest.fixture(scope="module")
def mypy_report(features: FeatureSet) -> dict[str, Any]:
    process = features.static["mypy"]
    process.wait(timeout=600)
    text = features.static["mypy_log"].read_text(encoding="utf-8")
    by_package: dict[str, list[str]] = defaultdict(list)
    for line in text.splitlines():
        match = re.match(r"(feat_\w+)[/\\]|((?:usage|readme)_\w+)\.py:", line)
        if match and ": error:" in line:
            by_package[match.group(1) or match.group(2)].append(line)
    return {
        "status": process.returncode,
        "text": text,
        "by_package": by_package,
        "packages": features.static["packages"],
    }


def test_mypy_checked_every_package(mypy_report: dict[str, Any]) -> None:
    text = mypy_report["text"]
    assert "errors prevented further checking" not in text, text
    if mypy_report["status"] != 0:
        assert mypy_report["by_package"], f"mypy failed without naming a package:\n{text}"
    assert set(mypy_report["packages"]) == {
        package_name(stem) for stem in POSITIVE
    }, "every positive spec generated"


@pytest.mark.parametrize("usage", sorted(p.stem for p in USAGE.glob("usage_*.py")))
def test_mypy_strict_on_code_using_the_packages(mypy_report: dict[str, Any], usage: str) -> None:
    """What callers see: the types of values, arguments mypy must accept, and (a used
    `# type: ignore`) arguments it must reject."""
    errors = mypy_report["by_package"].get(usage, [])
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("stem", POSITIVE)
def test_mypy_strict_on_the_readme_examples(
    features: FeatureSet, mypy_report: dict[str, Any], stem: str
) -> None:
    """Every ```python example of the package's README, as one program (tests/readme_examples.py):
    what a user copies from it type-checks against the package."""
    features.generated(stem)
    assert f"readme_{package_name(stem)}.py" in features.static["usage"]
    errors = mypy_report["by_package"].get(f"readme_{package_name(stem)}", [])
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("stem", POSITIVE)
def test_mypy_strict(features: FeatureSet, mypy_report: dict[str, Any], stem: str) -> None:
    features.generated(stem)
    errors = mypy_report["by_package"].get(package_name(stem), [])
    assert not errors, "\n".join(errors)


def _ruff(features: FeatureSet, *extra: str) -> list[dict[str, Any]]:
    packages = features.static["packages"]
    result = subprocess.run(
        [*RUFF, *extra, *packages],
        cwd=features.out,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(result.stdout or "[]")
    assert isinstance(findings, list)
    return findings


def _where(finding: dict[str, Any], root: str) -> str:
    path = finding["filename"].removeprefix(root).lstrip("/\\")
    return f"{path}:{finding['location']['row']}: {finding['code']} {finding['message']}"


@pytest.fixture(scope="module")
def ruff_report(features: FeatureSet) -> dict[str, list[str]]:
    """Findings per package."""
    root = str(features.out)
    report: dict[str, list[str]] = defaultdict(list)
    for finding in _ruff(features):
        where = _where(finding, root)
        report[where.split("/", 1)[0]].append(where)
    return report


def test_every_package_carries_its_ruff_settings(features: FeatureSet) -> None:
    for package in features.static["packages"]:
        settings = tomllib.loads((features.out / package / "ruff.toml").read_text())
        assert settings["line-length"] == 100
        assert "I" in settings["lint"]["select"]


APP_RUFF_CONFIGS = {
    "default line length, a broad rule set": 'select = ["E", "F", "W", "I", "UP", "B", "C4", "SIM",'
    ' "RUF", "PYI", "PL", "S", "N", "D", "ANN", "PT", "TRY", "ERA", "FBT"]',
    "every rule": 'select = ["ALL"]',
}


@pytest.mark.parametrize("config", APP_RUFF_CONFIGS)
def test_a_vendored_package_is_clean_under_the_apps_own_ruff_rules(
    features: FeatureSet, tmp_path_factory: pytest.TempPathFactory, config: str
) -> None:
    """An application that vendors the packages lints them with its own configuration (its
    line length 88, its rules): each package's ruff.toml is the closest configuration to its
    files, so ruff applies the package's settings there and reports nothing, not even a `noqa`
    it would call unused."""
    app = tmp_path_factory.mktemp("app")
    (app / "pyproject.toml").write_text(
        f'[project]\nname = "app"\nversion = "1"\n\n[tool.ruff.lint]\n{APP_RUFF_CONFIGS[config]}\n'
    )
    vendor = app / "app" / "vendor"
    vendor.mkdir(parents=True)
    for package in features.static["packages"]:
        shutil.copytree(features.out / package, vendor / package)
    (app / "app" / "main.py").write_text("import os\n")  # the app's own code: its rules apply
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "json", "."],
        cwd=app,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    findings = json.loads(result.stdout or "[]")
    vendored = [
        _where(f, str(app)) for f in findings if "/vendor/" in f["filename"].replace("\\", "/")
    ]
    assert not vendored, "\n".join(vendored[:40])
    assert any(f["code"] == "F401" for f in findings), "the app's own rules did apply to it"


def test_ruff_hardcoded_password_rules_pass_on_secret_looking_constants(
    features: FeatureSet,
) -> None:
    """`token_type: Literal["Bearer"] = "Bearer"` (a const) in a model and as a method's
    argument: the modules say why ruff's S105/S107 do not apply."""
    features.generated("const")
    findings = _ruff(features, "--select", "S105,S106,S107")
    found = [_where(f, str(features.out)) for f in findings if f["code"].startswith("S")]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("stem", POSITIVE)
def test_ruff(features: FeatureSet, ruff_report: dict[str, list[str]], stem: str) -> None:
    features.generated(stem)
    findings = ruff_report.get(package_name(stem), [])
    assert not findings, "\n".join(findings)

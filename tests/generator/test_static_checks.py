"""mypy --strict, ruff and black over the generator and everything it generates: zero findings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["brainbase_labs", "uponai", "polyai"]


def tool(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_mypy_strict_on_the_generator() -> None:
    result = tool("mypy", "--strict", "generator")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("python", ["3.10", "3.13"])
def test_mypy_strict_on_generated_packages(python: str) -> None:
    result = tool("mypy", "--strict", "--python-version", python, *PACKAGES, cwd=ROOT / "generated")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_on_generator_generated_and_tests() -> None:
    result = tool("ruff", "check", "--no-cache", "generator", "generated", "tests")
    assert result.returncode == 0, result.stdout + result.stderr
    # Each package's own ruff.toml applies to it above; the project's stricter rule set (S, PL,
    # ...) must hold on generated code too.
    result = tool("ruff", "check", "--no-cache", "--config", "pyproject.toml", "generated")
    assert result.returncode == 0, result.stdout + result.stderr


def test_black_check_on_generated() -> None:
    result = tool("black", "--check", "--quiet", "generated")
    assert result.returncode == 0, result.stdout + result.stderr


def test_black_check_on_the_generator() -> None:
    """The generator is written in the style it writes (its runtime is copied as it stands)."""
    result = tool("black", "--check", "--quiet", "generator")
    assert result.returncode == 0, result.stdout + result.stderr

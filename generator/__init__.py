"""clientgen: turns OpenAPI 3.0/3.1 documents into typed Python API clients."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import tomllib


def installed_version() -> str:
    """The version of the installed `clientgen` distribution; run from a source tree that is
    not installed, the version its pyproject.toml declares ('0+unknown' without either)."""
    try:
        return importlib.metadata.version("clientgen")
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
        declared = project.get("project", {})
        if declared.get("name") == "clientgen" and isinstance(declared.get("version"), str):
            return str(declared["version"])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        pass
    return "0+unknown"


__version__ = installed_version()

"""A generated package in memory, and the manifest that marks its files (light module)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import ir

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
"""Built-in templates: inside the wheel, else the repository's templates/ beside generator/."""
if not TEMPLATES_DIR.is_dir():
    TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

MANIFEST = ".clientgen-manifest.json"
"""Per package: what generated it and which files it owns."""


@dataclass(frozen=True)
class GeneratedPackage:
    """One package's files (relative path -> bytes), ready to write or compare."""

    package: str
    files: dict[str, bytes]
    spec_sha256: str
    spec_version: str
    warnings: tuple[str, ...] = ()
    api: ir.Api | None = None
    """The intermediate model (absent when the package came from the cache)."""


def recorded_names(package_dir: Path) -> dict[str, str]:
    """The names the manifest in `package_dir` recorded (key -> name), or none."""
    try:
        data = json.loads((package_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    names = data.get("names") if isinstance(data, dict) else None
    if not isinstance(names, dict):
        return {}
    return {k: v for k, v in names.items() if isinstance(k, str) and isinstance(v, str)}

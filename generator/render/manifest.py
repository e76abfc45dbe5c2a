"""A generated package in memory, and the manifest that marks its files (light module)."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ClientgenError, SpecWarning
from ..spec.files import read_input

if TYPE_CHECKING:
    from .. import ir

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
"""Built-in templates: inside the wheel, else the repository's templates/ beside generator/."""
if not TEMPLATES_DIR.is_dir():
    TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

MANIFEST = ".clientgen-manifest.json"
"""Per package: what generated it and which files it owns."""


@dataclass(frozen=True)
class GeneratedPackage:
    """One package's files (relative path -> bytes), ready to write or compare."""

    package: str
    files: dict[str, bytes]
    spec_sha256: str
    spec_version: str
    warnings: tuple[SpecWarning, ...] = ()
    api: ir.Api | None = None
    """The intermediate model (absent when the package came from the cache)."""
    inputs: tuple[tuple[str, str], ...] = ()
    """The other files the spec refers to: (path relative to the spec's directory, sha256)."""


def read_manifest(package_dir: Path) -> dict[str, Any] | None:
    """The manifest the previous generation left in `package_dir`, if there is a readable one.

    The one reader of manifests: what it holds is checked by each caller for what it uses.
    """
    try:  # a regular file of bounded size only (a FIFO planted there must not hang a run)
        data = json.loads(read_input(package_dir / MANIFEST).decode("utf-8"))
    except (ClientgenError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def recorded_names(package_dir: Path) -> dict[str, str]:
    """The names the manifest in `package_dir` recorded (key -> name), or none."""
    names = (read_manifest(package_dir) or {}).get("names")
    if not isinstance(names, dict):
        return {}
    return {k: v for k, v in names.items() if isinstance(k, str) and isinstance(v, str)}


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write `data` (text as UTF-8) to `path` through a temporary file in the same directory
    and a rename, so that a reader sees the old file or the whole new one; the temporary file
    never stays, however the write fails (a full disk, a failed rename)."""
    payload = memoryview(data.encode("utf-8") if isinstance(data, str) else data)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            while payload:
                payload = payload[os.write(fd, payload) :]
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def manifest_text(api: ir.Api, files: list[str]) -> str:
    """The manifest: generator version, spec hash and version, owned files."""
    data = {
        "generator": "clientgen",
        "generator_version": api.generator_version,
        "spec_sha256": api.spec_sha256,
        "spec_title": api.title,
        "spec_version": api.version,
        "files": files,
        "names": dict(api.names),
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"

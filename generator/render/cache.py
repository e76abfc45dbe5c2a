"""Whole packages by content: the same spec, options, templates and versions give the same
files, so a warm `generate` or `check` skips parsing, rendering and formatting altogether.

Every entry (here and in the format cache) starts with the sha256 of its content, checked on
read: an entry that does not match (truncated, emptied, changed) is a miss and is removed, so
nothing a damaged cache holds ever reaches a generated package.

Light on purpose: a cache hit imports nothing heavy (no pydantic, openapi-pydantic, jinja2 or
black). Entries live beside the format cache (`CLIENTGEN_CACHE_DIR`, else the user's cache
directory), are safe to delete, and are disabled with `CLIENTGEN_NO_CACHE=1` / `--no-cache`.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import hashlib
import hmac
import importlib.metadata
import json
import os
from collections.abc import Mapping
from pathlib import Path

from .. import __version__
from ..errors import ClientgenError, SpecWarning
from ..options import ClientOptions
from ..spec.files import read_input
from .manifest import (
    MANIFEST,
    TEMPLATES_DIR,
    GeneratedPackage,
    recorded_names,
    write_atomically,
)

ENTRY_HEADER = b"clientgen-cache-entry sha256="
"""The first line of every cache entry, followed by the hex sha256 of the rest."""
MAX_ENTRY_BYTES = 1 << 30
"""Largest cache entry read (a package's files in base64, and some)."""


def write_entry(path: Path, body: bytes) -> None:
    """Store a cache entry with the hash of its content (silently skipped when the cache
    cannot be written: it is only slower)."""
    digest = hashlib.sha256(body).hexdigest().encode()
    with contextlib.suppress(OSError):
        write_atomically(path, ENTRY_HEADER + digest + b"\n" + body)


def read_entry(path: Path) -> bytes | None:
    """The content of a cache entry whose hash matches it; None for a missing entry, and for
    a damaged one, which is removed."""
    try:
        data = read_input(path, limit=MAX_ENTRY_BYTES)
    except ClientgenError:  # missing, unreadable, or not a regular file
        return None
    header, _, body = data.partition(b"\n")
    expected = ENTRY_HEADER + hashlib.sha256(body).hexdigest().encode()
    if hmac.compare_digest(header, expected):
        return body
    discard(path)
    return None


def discard(path: Path) -> None:
    """Remove a cache entry that cannot be used."""
    with contextlib.suppress(OSError):
        path.unlink()


def cache_root() -> Path | None:
    """The cache directory, or None when caching is off."""
    if os.environ.get("CLIENTGEN_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("CLIENTGEN_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "clientgen"


@functools.cache
def _tree_hash(directory: Path) -> bytes:
    """The sha256 of a directory's files (names and bytes). Hashed once per process: a run
    computes several keys (one per client, and the key a written package will have)."""
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.digest()


def cache_key(
    spec: Path,
    options: ClientOptions,
    templates: Path | None,
    written: tuple[str, Mapping[str, str]] | None = None,
) -> str | None:
    """The key of one generation, or None when the spec cannot be read (or is not a regular
    file within the size limit: loading it then says why).

    The names recorded in the output directory are part of it (they are kept). `written`
    (package, names) stands for a package as it will be once written: the key a later run
    computes, which may use the same files (regenerating with its own names changes nothing).
    """
    try:
        spec_bytes = read_input(spec)
    except ClientgenError:
        return None
    digest = hashlib.sha256()
    digest.update(f"{__version__}|{importlib.metadata.version('black')}|{options!r}".encode())
    digest.update(hashlib.sha256(spec_bytes).digest())
    digest.update(_tree_hash(TEMPLATES_DIR))
    digest.update(_tree_hash(Path(__file__).resolve().parents[1]))  # the generator's own code
    if templates is not None:
        digest.update(_tree_hash(templates.resolve()))
    if options.output is not None:
        digest.update(json.dumps(_kept_names(options, options.output, written)).encode())
    return digest.hexdigest()


def _kept_names(
    options: ClientOptions, output: Path, written: tuple[str, Mapping[str, str]] | None
) -> dict[str, dict[str, str]]:
    """Recorded names by package: of the configured package, else of every package there."""
    if options.package:
        packages = {options.package}
    else:
        packages = {path.parent.name for path in output.glob(f"*/{MANIFEST}")}
    kept = {package: recorded_names(output / package) for package in sorted(packages)}
    if written is not None and (options.package is None or written[0] == options.package):
        kept[written[0]] = dict(written[1])
    return {package: dict(sorted(names.items())) for package, names in sorted(kept.items())}


def load(key: str | None, spec: Path | None = None) -> GeneratedPackage | None:
    """The cached package for `key`, if any, and if the other files the spec (`spec`) refers
    to still have the bytes they had (the key covers only the spec's own bytes)."""
    root = cache_root()
    if root is None or key is None:
        return None
    path = root / "packages" / f"{key}.json"
    body = read_entry(path)
    if body is None:
        return None
    try:
        data = json.loads(body)
        inputs = tuple((str(name), str(sha)) for name, sha in data.get("inputs", []))
        if inputs and (spec is None or not _unchanged(spec.parent, inputs)):
            return None
        return GeneratedPackage(
            package=data["package"],
            files={name: base64.b64decode(blob) for name, blob in data["files"].items()},
            spec_sha256=data["spec_sha256"],
            spec_version=data["spec_version"],
            warnings=tuple(SpecWarning(**warning) for warning in data["warnings"]),
            inputs=inputs,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        discard(path)  # whole, but not an entry this version can use
        return None


def _unchanged(directory: Path, inputs: tuple[tuple[str, str], ...]) -> bool:
    """Whether every file of `inputs` (relative to `directory`) still has its sha256."""
    for name, sha in inputs:
        try:
            if hashlib.sha256(read_input(directory / name)).hexdigest() != sha:
                return False
        except ClientgenError:
            return False
    return True


def store(key: str | None, package: GeneratedPackage) -> None:
    """Remember a generated package (silently skipped when the cache cannot be written)."""
    root = cache_root()
    if root is None or key is None:
        return
    data = {
        "package": package.package,
        "files": {name: base64.b64encode(blob).decode() for name, blob in package.files.items()},
        "spec_sha256": package.spec_sha256,
        "spec_version": package.spec_version,
        "warnings": [dataclasses.asdict(warning) for warning in package.warnings],
        "inputs": [list(item) for item in package.inputs],
    }
    write_entry(root / "packages" / f"{key}.json", json.dumps(data).encode("utf-8"))

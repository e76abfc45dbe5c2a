"""The stages in order: load -> check refs -> parse -> build -> render -> format.

Everything happens in memory; nothing touches the output directory until `write` gets the
finished files, so a failure at any stage leaves the output as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import black
from black.mode import Mode, TargetVersion

from . import __version__, ir
from .build import ClientOptions, build_api
from .errors import ClientgenError, SpecWarning
from .lenient import parse_lenient, repair_refs
from .load import LoadedSpec, load_spec
from .naming import identifier, snake
from .package import MANIFEST, GeneratedPackage, recorded_names, write_atomically
from .package_cache import cache_root
from .parse import parse_document
from .refs import check_refs
from .render import make_environment, render_package

BLACK_MODE = Mode(
    target_versions={TargetVersion.PY310},
    line_length=100,
)
"""Fixed black settings: output must not depend on the machine or a project's black config."""


def load_and_parse(
    spec_path: Path,
    display: str | None = None,
    *,
    lenient: bool = False,
    warnings: list[SpecWarning] | None = None,
) -> tuple[LoadedSpec, Any]:
    """Stages 1-3: the loaded spec and its parsed, reference-checked document.

    With `lenient`, faulty pieces are dropped instead, each with a message in `warnings`.
    """
    spec = load_spec(spec_path, display)
    if lenient:
        found: list[SpecWarning] = [] if warnings is None else warnings
        repair_refs(spec, found)
        return spec, parse_lenient(spec, found)
    check_refs(spec)
    return spec, parse_document(spec)


def default_package_name(document: Any) -> str:
    """A package name from the document's title ('Chat API' -> 'chat_api')."""
    return identifier(snake(document.info.title) or "client", fallback="client")


def build(spec_path: Path, options: ClientOptions | None, display: str | None = None) -> ir.Api:
    """Stages 1-4: the intermediate model of one document."""
    lenient = options.lenient if options is not None else False
    warnings: list[SpecWarning] = []
    spec, document = load_and_parse(spec_path, display, lenient=lenient, warnings=warnings)
    if options is None:
        options = ClientOptions()
    if options.package is None:
        options = replace(options, package=default_package_name(document))
    assert options.package is not None
    kept = recorded_names(options.output / options.package) if options.output else None
    try:
        return build_api(spec, document, options, warnings, kept)
    except RecursionError:
        raise ClientgenError(
            f"{spec.path}: schemas nest or refer to each other too deeply to generate"
        ) from None


def generate(
    spec_path: Path,
    options: ClientOptions | None,
    *,
    display: str | None = None,
    templates: Path | None = None,
) -> GeneratedPackage:
    """All stages: the formatted files of one package."""
    api = build(spec_path, options, display)
    env = make_environment(templates)
    rendered = render_package(api, env)
    formatted = format_all(rendered, api.package)
    files = {name: formatted[name].encode("utf-8") for name in sorted(formatted)}
    files[MANIFEST] = manifest_text(api, sorted(files)).encode("utf-8")
    return GeneratedPackage(
        package=api.package,
        files=files,
        spec_sha256=api.spec_sha256,
        spec_version=api.version,
        warnings=api.warnings,
        api=api,
    )


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


def format_all(rendered: dict[str, str], package: str) -> dict[str, str]:
    """Format every Python file: from the cache where possible, the rest with black, in
    parallel when there is enough of it."""
    cache = FormatCache.from_environment()
    result: dict[str, str] = {}
    todo: list[tuple[str, str]] = []
    for name, text in rendered.items():
        if not name.endswith(".py"):
            result[name] = text
        elif (hit := cache.get(text)) is not None:
            result[name] = hit
        else:
            todo.append((name, text))
    size = sum(len(text) for _, text in todo)
    workers = min(os.cpu_count() or 1, len(todo))
    if workers > 1 and size > PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            names = [f"{package}/{name}" for name, _ in todo]
            outputs = list(pool.map(format_python, [t for _, t in todo], names, chunksize=1))
    else:
        outputs = [format_python(text, f"{package}/{name}") for name, text in todo]
    for (name, text), output in zip(todo, outputs, strict=True):
        cache.put(text, output)
        result[name] = output
    return result


PARALLEL_THRESHOLD = 400_000
"""Characters of Python to format before it pays to start worker processes."""


class FormatCache:
    """Formatted output by sha256 of the unformatted text, in the user's cache directory.

    Keyed by generator and black version and settings; safe to delete at any time. Disabled
    by `CLIENTGEN_NO_CACHE=1` (or `--no-cache`); `CLIENTGEN_CACHE_DIR` moves it.
    """

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        black_version = importlib.metadata.version("black")
        self._salt = f"{__version__}|{black_version}|{BLACK_MODE!r}".encode()

    @classmethod
    def from_environment(cls) -> FormatCache:
        root = cache_root()
        return cls(root / "format" if root is not None else None)

    def _path(self, text: str) -> Path | None:
        if self.directory is None:
            return None
        digest = hashlib.sha256(self._salt + text.encode("utf-8")).hexdigest()
        return self.directory / digest[:2] / f"{digest}.py"

    def get(self, text: str) -> str | None:
        path = self._path(text)
        if path is None:
            return None
        try:
            return path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, text: str, formatted: str) -> None:
        path = self._path(text)
        if path is None:
            return
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            write_atomically(path, formatted)


def format_python(text: str, name: str) -> str:
    """Format with black in-process; failing to parse is a generator bug, reported by file."""
    try:
        return black.format_str(text, mode=BLACK_MODE)
    except Exception as exc:  # black raises several types for invalid input
        raise ClientgenError(
            f"{name}: generated code does not parse ({exc}); this is a bug"
        ) from None


def ir_json(api: ir.Api) -> str:
    """The intermediate model as stable JSON."""
    data = asdict(api)
    data.pop("warnings", None)
    return json.dumps(data, indent=2, sort_keys=True, default=str) + "\n"

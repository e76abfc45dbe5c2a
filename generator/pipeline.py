"""The stages in order: load -> check refs -> parse -> build -> render -> format.

Everything happens in memory; nothing touches the output directory until `write` gets the
finished files, so a failure at any stage leaves the output as it was.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import black
from black.mode import Mode, TargetVersion

from . import ir
from .build import ClientOptions, build_api
from .errors import ClientgenError
from .lenient import parse_lenient, repair_refs
from .load import LoadedSpec, load_spec
from .naming import identifier, snake
from .parse import parse_document
from .refs import check_refs
from .render import make_environment, render_package

BLACK_MODE = Mode(
    target_versions={TargetVersion.PY310},
    line_length=100,
)
"""Fixed black settings: output must not depend on the machine or a project's black config."""


@dataclass(frozen=True)
class GeneratedPackage:
    """One package's files (relative path -> bytes), ready to write or compare."""

    package: str
    api: ir.Api
    files: dict[str, bytes]


def load_and_parse(
    spec_path: Path,
    display: str | None = None,
    *,
    lenient: bool = False,
    warnings: list[str] | None = None,
) -> tuple[LoadedSpec, Any]:
    """Stages 1-3: the loaded spec and its parsed, reference-checked document.

    With `lenient`, faulty pieces are dropped instead, each with a message in `warnings`.
    """
    spec = load_spec(spec_path, display)
    if lenient:
        found: list[str] = [] if warnings is None else warnings
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
    warnings: list[str] = []
    spec, document = load_and_parse(spec_path, display, lenient=lenient, warnings=warnings)
    if options is None:
        options = ClientOptions()
    if options.package is None:
        options = replace(options, package=default_package_name(document))
    return build_api(spec, document, options, warnings)


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
    files: dict[str, bytes] = {}
    for name, text in sorted(rendered.items()):
        formatted = format_python(text, f"{api.package}/{name}") if name.endswith(".py") else text
        files[name] = formatted.encode("utf-8")
    files[MANIFEST] = manifest_text(api, sorted(files)).encode("utf-8")
    return GeneratedPackage(package=api.package, api=api, files=files)


MANIFEST = ".clientgen-manifest.json"
"""Per package: what generated it and which files it owns."""


def manifest_text(api: ir.Api, files: list[str]) -> str:
    """The manifest: generator version, spec hash and version, owned files."""
    data = {
        "generator": "clientgen",
        "generator_version": api.generator_version,
        "spec_sha256": api.spec_sha256,
        "spec_title": api.title,
        "spec_version": api.version,
        "files": files,
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


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

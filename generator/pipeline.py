"""The stages in order: load -> bundle -> check refs -> parse -> build -> render -> format.

Everything happens in memory; nothing touches the output directory until `write` gets the
finished files, so a failure at any stage leaves the output as it was.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from . import ir
from .build import ClientOptions, build_api
from .errors import ClientgenError, SpecWarning
from .naming.words import identifier, snake
from .progress import SILENT, Progress, plural
from .render.environment import make_environment, render_package
from .render.format import format_all
from .render.manifest import (
    MANIFEST,
    GeneratedPackage,
    manifest_text,
    recorded_names,
)
from .spec.bundle import bundle
from .spec.lenient import parse_lenient, repair_refs
from .spec.load import LoadedSpec, load_spec
from .spec.parse import parse_document
from .spec.refs import check_refs
from .spec.shapes import check_shapes


def load_and_parse(
    spec_path: Path,
    display: str | None = None,
    *,
    lenient: bool = False,
    warnings: list[SpecWarning] | None = None,
) -> tuple[LoadedSpec, Any]:
    """Stages 1-3: the loaded spec (with the files it refers to bundled in) and its parsed,
    reference-checked document.

    With `lenient`, faulty pieces are repaired or dropped instead, each with a message in
    `warnings` (which also gets what is accepted with a warning in either mode).
    """
    spec = bundle(load_spec(spec_path, display), spec_path, lenient=lenient)
    found: list[SpecWarning] = [] if warnings is None else warnings
    if lenient:
        repair_refs(spec, found)
        check_shapes(spec, found, lenient=True)
        return spec, parse_lenient(spec, found)
    check_refs(spec)
    check_shapes(spec, found, lenient=False)
    return spec, parse_document(spec)


def default_package_name(document: Any) -> str:
    """A package name from the document's title ('Chat API' -> 'chat_api')."""
    return identifier(snake(document.info.title) or "client", fallback="client")


def build(spec_path: Path, options: ClientOptions | None, display: str | None = None) -> ir.Api:
    """Stages 1-4: the intermediate model of one document."""
    return _build(spec_path, options, display)[1]


def _build(
    spec_path: Path,
    options: ClientOptions | None,
    display: str | None = None,
    progress: Progress = SILENT,
) -> tuple[LoadedSpec, ir.Api]:
    """Stages 1-4: the loaded spec and the intermediate model of one document."""
    lenient = options.lenient if options is not None else False
    warnings: list[SpecWarning] = []
    shown = display or str(spec_path)
    progress.start(f"parsing {shown}")
    spec, document = load_and_parse(spec_path, display, lenient=lenient, warnings=warnings)
    progress.done(f"parsed {shown}")
    if options is None:
        options = ClientOptions()
    if options.package is None:
        options = replace(options, package=default_package_name(document))
    assert options.package is not None
    kept = recorded_names(options.output / options.package) if options.output else None
    progress.start(f"{options.package}: building")
    try:
        api = build_api(spec, document, options, warnings, kept)
    except RecursionError:
        raise ClientgenError(
            f"{spec.path}: schemas nest or refer to each other too deeply to generate"
        ) from None
    progress.done(f"{api.package}: built {_counts(api)}")
    return spec, api


def _counts(api: ir.Api) -> str:
    """`3 operations, 12 models, 2 enums` (enums only when there are some)."""
    operations = sum(len(r.operations) for module in api.resources for r in module.classes)
    counts = [plural(operations, "operation"), plural(len(api.models), "model")]
    if api.enums:
        counts.append(plural(len(api.enums), "enum"))
    return ", ".join(counts)


def generate(
    spec_path: Path,
    options: ClientOptions | None,
    *,
    display: str | None = None,
    templates: Path | None = None,
    progress: Progress = SILENT,
) -> GeneratedPackage:
    """All stages: the formatted files of one package (`progress` is told of each)."""
    spec, api = _build(spec_path, options, display, progress)
    progress.start(f"{api.package}: rendering")
    env = make_environment(templates)
    rendered = render_package(api, env)
    progress.done(f"{api.package}: rendered {plural(len(rendered), 'file')}")
    python = plural(sum(1 for name in rendered if name.endswith(".py")), "Python file")
    progress.start(f"{api.package}: formatting {python}")
    formatted = format_all(rendered, api.package)
    progress.done(f"{api.package}: formatted {python}")
    files = {name: formatted[name].encode("utf-8") for name in sorted(formatted)}
    files[MANIFEST] = manifest_text(api, sorted(files)).encode("utf-8")
    return GeneratedPackage(
        package=api.package,
        files=files,
        spec_sha256=api.spec_sha256,
        spec_version=api.version,
        warnings=api.warnings,
        api=api,
        inputs=spec.files,
    )

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


def load_and_parse(
    spec_path: Path,
    display: str | None = None,
    *,
    lenient: bool = False,
    warnings: list[SpecWarning] | None = None,
) -> tuple[LoadedSpec, Any]:
    """Stages 1-3: the loaded spec (with the files it refers to bundled in) and its parsed,
    reference-checked document.

    With `lenient`, faulty pieces are dropped instead, each with a message in `warnings`.
    """
    spec = bundle(load_spec(spec_path, display), spec_path, lenient=lenient)
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
    return _build(spec_path, options, display)[1]


def _build(
    spec_path: Path, options: ClientOptions | None, display: str | None = None
) -> tuple[LoadedSpec, ir.Api]:
    """Stages 1-4: the loaded spec and the intermediate model of one document."""
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
        return spec, build_api(spec, document, options, warnings, kept)
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
    spec, api = _build(spec_path, options, display)
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
        inputs=spec.files,
    )

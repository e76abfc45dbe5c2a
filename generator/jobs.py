"""What the commands do with packages: generate (from the cache or the pipeline), write and
report, compare with the disk; with progress on a terminal (`progress.py`)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from .config import Config, select_client
from .ir import Api
from .options import ClientOptions
from .progress import SILENT, Progress, plural
from .render import cache as package_cache
from .render.manifest import GeneratedPackage, read_manifest
from .render.write import diff_package, write_package

Job = tuple[Path, ClientOptions, Path, Path | None]
"""One package to generate: spec, options, output directory, templates."""


def display(path: Path) -> str:
    """A path as the user would write it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def generate_package(
    spec: Path, options: ClientOptions, templates: Path | None, progress: Progress = SILENT
) -> GeneratedPackage:
    """A package from the whole-package cache, else from the pipeline (then cached)."""
    progress.start(f"reading {display(spec)}")
    key = package_cache.cache_key(spec, options, templates)
    cached = package_cache.load(key, spec)
    if cached is not None:
        progress.done(f"{cached.package}: {plural(len(cached.files), 'file')} from the cache")
        return cached
    from .pipeline import generate  # heavy (black, Jinja2, openapi-pydantic): only on a miss

    generated = generate(
        spec, options, display=display(spec), templates=templates, progress=progress
    )
    package_cache.store(key, generated)
    if generated.api is not None and options.output is not None:
        # Once written, the next run keeps these names: the same files, under that run's key.
        written = (generated.package, dict(generated.api.names))
        package_cache.store(package_cache.cache_key(spec, options, templates, written), generated)
    return generated


def _echo_api_changes(
    spec: Path,
    options: ClientOptions,
    old_sha: str,
    generated: GeneratedPackage,
    previous: dict[str, object],
) -> None:
    """After a spec change: what changed for client code (when git HEAD has the old spec)."""
    from .diff import changes_since_head, render_changes
    from .pipeline import build

    api = generated.api
    if api is None:  # the package came from the cache: build the model to compare
        api = build(spec, replace(options, package=generated.package), str(spec))
    click.echo(f"  spec changed: info.version {previous.get('spec_version')} -> {api.version}")
    changes = changes_since_head(spec, options, old_sha, api, build=build)
    if changes is None:
        click.echo("  (the previous spec is not at git HEAD; see `clientgen diff OLD NEW`)")
        return
    breaking = sum(1 for change in changes if change.breaking)
    click.echo(f"  API changes: {len(changes)} ({breaking} breaking)")
    for line in render_changes(changes, "text").splitlines()[:20]:
        click.echo(f"    {line}")


def _model(spec: Path, options: ClientOptions, generated: GeneratedPackage) -> Api:
    """The package's intermediate model (built again when the package came from the cache;
    before it is written, so that the names an earlier generation kept are told as such)."""
    from .pipeline import build

    if generated.api is not None:
        return generated.api
    return build(spec, replace(options, package=generated.package), display(spec))


def _echo_decisions(api: Api) -> None:
    """`generate -v`: the names a user may want to review and where each came from, and what
    was left out or repaired (each also a warning above)."""
    variables = sorted(
        {cred.env_var for scheme in api.security_schemes for cred in scheme.credentials}
        | {f"{api.env_prefix}_BASE_URL"}
    )
    click.echo(
        f"  package {api.package}, client {api.client_name} ({api.async_client_name}),"
        f" environment variables {', '.join(variables)}"
    )
    for decision in api.decisions:
        click.echo(f"  {decision}")
    for warning in api.warnings:
        if warning.kind in ("not-supported", "left-out"):
            click.echo(f"  left out: {warning}")
        elif warning.kind == "repaired":
            click.echo(f"  repaired: {warning}")


def write_and_report(
    generated: GeneratedPackage,
    spec: Path,
    options: ClientOptions,
    out: Path,
    *,
    verbose: bool,
    quiet: bool,
    progress: Progress,
) -> None:
    """Write one package and tell what happened: warnings, files, API changes, decisions
    (nothing with `quiet`)."""

    if quiet:
        write_package(out, generated)
        return
    for warning in generated.warnings:
        click.echo(f"clientgen: warning: {warning.located()}", err=True)
    previous = read_manifest(out / generated.package)
    api = _model(spec, options, generated) if verbose else None
    progress.start(f"{generated.package}: writing {display(out / generated.package)}")
    report = write_package(out, generated)
    written = len(report.added) + len(report.changed)
    progress.done(f"{generated.package}: wrote {written} of {plural(len(generated.files), 'file')}")
    summary = "up to date"
    if report.touched:
        summary = f"{len(report.added)} added, {len(report.changed)} changed, {len(report.removed)} removed"
    click.echo(f"{display(out / generated.package)}: {summary}")
    if api is not None:
        _echo_decisions(api)
    old_sha = previous.get("spec_sha256") if previous else None
    if isinstance(old_sha, str) and old_sha != generated.spec_sha256:
        _echo_api_changes(spec, options, old_sha, generated, previous or {})


def configured_jobs(
    config: Config, name: str | None, given: ClientOptions, templates: Path | None
) -> list[Job]:
    """The jobs of `generate` without SPEC: every client table, or the table `name`, each
    with the flags given on the command line."""

    return [
        (
            c.spec,
            replace(
                c.options,
                lenient=c.options.lenient or given.lenient,
                skip_unsupported=c.options.skip_unsupported or given.skip_unsupported,
                strict_keywords=c.options.strict_keywords or given.strict_keywords,
                idempotency_header=given.idempotency_header or c.options.idempotency_header,
                include_tags=given.include_tags or c.options.include_tags,
                include_paths=given.include_paths or c.options.include_paths,
                layout=given.layout or c.options.layout,
            ),
            config.output,
            templates or config.templates,
        )
        for c in select_client(config, None, name)
    ]


def run_jobs(jobs: list[Job], *, verbose: bool, quiet: bool) -> None:
    """Generate every package in memory, then write each and report (progress on a
    terminal, cleared before anything else is printed, errors included)."""
    progress = Progress.for_stream(sys.stderr, quiet=quiet)
    try:
        # Each package keeps the names its previous generation in `out` gave.
        jobs = [(s, replace(o, output=out), out, t) for s, o, out, t in jobs]
        results = [(generate_package(s, o, t, progress), s, o, out) for s, o, out, t in jobs]
        for generated, spec_path, options_used, out in results:
            write_and_report(
                generated,
                spec_path,
                options_used,
                out,
                verbose=verbose,
                quiet=quiet,
                progress=progress,
            )
    finally:
        progress.clear()


def compare(
    config: Config, spec: Path, generated: GeneratedPackage, progress: Progress, quiet: bool
) -> bool:
    """`check` for one package: whether it is stale (and, unless quiet, the diff and whether
    its spec changed since it was generated)."""

    directory = display(config.output / generated.package)
    progress.start(f"{generated.package}: comparing with {directory}")
    lines = diff_package(config.output, generated)
    progress.done(f"{generated.package}: compared with {directory}")
    if not lines or quiet:
        return bool(lines)
    click.echo("".join(lines), nl=False)
    previous = read_manifest(config.output / generated.package) or {}
    if previous.get("spec_sha256") != generated.spec_sha256:
        click.echo(
            f"clientgen: {display(spec)} changed since {directory} was generated"
            f" (spec sha256 {str(previous.get('spec_sha256'))[:12]} ->"
            f" {generated.spec_sha256[:12]})",
            err=True,
        )
    return True

"""The `clientgen` command line: argument handling and exit codes only.

Exit codes: 0 success (check: up to date), 1 check found stale files, 2 bad input.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .errors import ClientgenError

if TYPE_CHECKING:
    from .jobs import Job
    from .options import ClientOptions


def _no_cache(flag: bool) -> None:
    if flag:
        os.environ["CLIENTGEN_NO_CACHE"] = "1"


_QUIET = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Print only errors (check: and the verdict when stale); no progress, no summary.",
)

_STRICT_KEYWORDS = click.option(
    "--strict-keywords",
    is_flag=True,
    help="Fail on the schema keywords that only narrow what is valid (not, if/then/else)"
    " instead of typing the schema by its other keywords with a warning.",
)


def _fail(error: Exception) -> None:
    click.echo(f"clientgen: error: {error}", err=True)
    sys.exit(2)


class _Commands(click.Group):
    """The command group: an exception that is not the input's fault is reported as a bug."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get("CLIENTGEN_DEBUG"):
                raise
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())
            click.echo(
                f"clientgen: internal error: {detail} (a bug in clientgen, not in the document:"
                " please report it with the document; CLIENTGEN_DEBUG=1 shows the traceback)",
                err=True,
            )
            ctx.exit(3)


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
)
@click.version_option(__version__, prog_name="clientgen")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Generate typed Python API clients from OpenAPI 3.0 and 3.1 documents."""
    if ctx.invoked_subcommand is None:
        # No command is a usage error: the help and exit 2 on every click the range allows
        # (click 8.1 exits 0 here, 8.2 and later 2).
        click.echo(ctx.get_help())
        ctx.exit(2)


def _spec_options(
    spec: Path, given: ClientOptions, config_path: Path | None, client_config: str | None
) -> tuple[ClientOptions, Path | None]:
    """`generate SPEC`'s options: those given on the command line over, with --config or
    --client-config, the client table chosen for SPEC (and that configuration's templates)."""
    from .config import load_config, select_client
    from .options import ClientOptions

    base, templates = ClientOptions(), None
    if config_path is not None or client_config is not None:
        config = load_config(config_path)
        (chosen,) = select_client(config, spec, client_config)
        base, templates = chosen.options, config.templates
    options = replace(
        base,
        package=given.package or base.package,
        client_name=given.client_name or base.client_name,
        env_prefix=given.env_prefix or base.env_prefix,
        lenient=base.lenient or given.lenient,
        skip_unsupported=base.skip_unsupported or given.skip_unsupported,
        strict_keywords=base.strict_keywords or given.strict_keywords,
        idempotency_header=given.idempotency_header or base.idempotency_header,
        include_tags=given.include_tags or base.include_tags,
        include_paths=given.include_paths or base.include_paths,
        layout=given.layout or base.layout,
    )
    return options, templates


@main.command()
@click.argument("spec", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write the package into (with SPEC).",
)
@click.option("--package", help="Package name (default: from the document's title).")
@click.option("--client", "client_name", help="Client class name (default: from the package).")
@click.option(
    "--env-prefix", help="Environment variable prefix (default: the package in capitals)."
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="pyproject.toml to read (default: the nearest one; with SPEC, the client table whose"
    " spec is SPEC).",
)
@click.option(
    "--client-config",
    "client_config",
    metavar="NAME",
    help="Use the [tool.clientgen.clients.NAME] table only (with SPEC: for SPEC).",
)
@click.option("--lenient", is_flag=True, help="Drop invalid pieces of the document with a warning.")
@click.option(
    "--skip-unsupported",
    is_flag=True,
    help="Leave out models and operations that use an unsupported construct, with a warning.",
)
@_STRICT_KEYWORDS
@click.option(
    "--no-cache", is_flag=True, help="Format everything afresh (also CLIENTGEN_NO_CACHE=1)."
)
@click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Directory whose templates override the built-in ones by file name.",
)
@click.option(
    "--layout",
    type=click.Choice(["package", "project"]),
    help="'project' also writes a pyproject.toml around the package (pip install ./DIR/NAME).",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="List the decisions worth reviewing: names and where they came from, what was left out.",
)
@_QUIET
@click.option(
    "--idempotency-header",
    "idempotency_header",
    metavar="NAME",
    help="Send a fresh key in this header (say Idempotency-Key) on every POST and PATCH call, the"
    " same on each retry (operations that declare an idempotency header use their own).",
)
@click.option(
    "--include-tags",
    "include_tags",
    multiple=True,
    help="Only operations with this tag (repeatable).",
)
@click.option(
    "--include-paths",
    "include_paths",
    multiple=True,
    help="Only operations whose path matches this glob (repeatable).",
)
def generate(
    spec: Path | None,
    output: Path | None,
    package: str | None,
    client_name: str | None,
    env_prefix: str | None,
    config_path: Path | None,
    client_config: str | None,
    lenient: bool,
    skip_unsupported: bool,
    strict_keywords: bool,
    no_cache: bool,
    templates: Path | None,
    layout: str | None,
    idempotency_header: str | None,
    include_tags: tuple[str, ...],
    include_paths: tuple[str, ...],
    verbose: bool,
    quiet: bool,
) -> None:
    """Generate clients: every one configured in [tool.clientgen], or SPEC into -o DIR (with
    --config or --client-config, by its client table's settings; the options given here win)."""
    _no_cache(no_cache)
    from .config import is_header_name, load_config
    from .jobs import configured_jobs, run_jobs
    from .options import ClientOptions

    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose exclude each other")
    if idempotency_header is not None and not is_header_name(idempotency_header):
        raise click.BadParameter(
            f"{idempotency_header!r} is not a header name", param_hint="--idempotency-header"
        )
    given = ClientOptions(
        package=package,
        client_name=client_name,
        env_prefix=env_prefix,
        lenient=lenient,
        skip_unsupported=skip_unsupported,
        strict_keywords=strict_keywords,
        idempotency_header=idempotency_header,
        include_tags=include_tags,
        include_paths=include_paths,
        layout=layout or "",
    )
    jobs: list[Job]
    try:
        if spec is not None:
            if output is None:
                raise click.UsageError("SPEC needs -o/--output DIR")
            options, configured = _spec_options(spec, given, config_path, client_config)
            jobs = [(spec, options, output, templates or configured)]
        else:
            jobs = configured_jobs(load_config(config_path), client_config, given, templates)
        run_jobs(jobs, verbose=verbose, quiet=quiet)
    except (ClientgenError, OSError) as error:
        _fail(error)


@main.command()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="pyproject.toml to read (default: the nearest one).",
)
@click.option(
    "--no-cache", is_flag=True, help="Format everything afresh (also CLIENTGEN_NO_CACHE=1)."
)
@_STRICT_KEYWORDS
@_QUIET
def check(config_path: Path | None, no_cache: bool, strict_keywords: bool, quiet: bool) -> None:
    """Exit 0 if every configured client is up to date, 1 (with a diff) if not, 2 on bad input.

    With --quiet: nothing when up to date, only the verdict line when stale."""
    _no_cache(no_cache)
    from .config import load_config
    from .jobs import compare, generate_package
    from .progress import Progress

    try:
        config = load_config(config_path)
        stale = False
        progress = Progress.for_stream(sys.stderr, quiet=quiet)
        try:
            for client in config.clients:
                options = replace(
                    client.options,
                    output=config.output,
                    strict_keywords=client.options.strict_keywords or strict_keywords,
                )
                generated = generate_package(client.spec, options, config.templates, progress)
                stale = compare(config, client.spec, generated, progress, quiet) or stale
        finally:
            progress.clear()
    except (ClientgenError, OSError) as error:
        _fail(error)
    if stale:
        click.echo("clientgen: generated code is stale; run `clientgen generate`", err=True)
        sys.exit(1)
    if not quiet:
        click.echo("clientgen: generated code is up to date")


@main.command(name="ir")
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--package", help="Package name (default: from the document's title).")
@click.option("--client", "client_name", help="Client class name.")
def ir_command(spec: Path, package: str | None, client_name: str | None) -> None:
    """Print the intermediate model of SPEC as stable JSON (for template authors)."""
    from .ir.dump import ir_json
    from .options import ClientOptions
    from .pipeline import build

    try:
        options = ClientOptions(package=package, client_name=client_name)
        click.echo(ir_json(build(spec, options, str(spec))), nl=False)
    except (ClientgenError, OSError) as error:
        _fail(error)


@main.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Report format: grouped text, Markdown for pull requests, or stable JSON.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "any"]),
    help="Exit 1 when a breaking change (or any change) is found.",
)
@click.option("--package", help="Package name for both versions (default: from NEW's title).")
@click.option("--client", "client_name", help="Client class name for both versions.")
@click.option(
    "--lenient", is_flag=True, help="Drop invalid pieces of the documents with a warning."
)
@_STRICT_KEYWORDS
def diff(
    old: str,
    new: str,
    fmt: str,
    fail_on: str | None,
    package: str | None,
    client_name: str | None,
    lenient: bool,
    strict_keywords: bool,
) -> None:
    """Report API changes from OLD to NEW in terms of the generated client.

    OLD and NEW are documents, or PATH@REVISION for a file's content at a git revision
    (`specs/polyai.yaml@HEAD~1`; an existing path wins). Exit 0, 1 with --fail-on when such a
    change is found, 2 on bad input.
    """
    from .diff import api_changes, load_apis, render_changes
    from .options import ClientOptions
    from .pipeline import build

    try:
        options = ClientOptions(
            package=package,
            client_name=client_name,
            lenient=lenient,
            strict_keywords=strict_keywords,
        )
        old_api, new_api = load_apis(old, new, options, build=build)
        changes = api_changes(old_api, new_api)
    except (ClientgenError, OSError) as error:
        _fail(error)
        return
    for warning in (*old_api.warnings, *new_api.warnings):
        click.echo(f"clientgen: warning: {warning.located()}", err=True)
    click.echo(render_changes(changes, fmt), nl=False)
    breaking = sum(1 for change in changes if change.breaking)
    if (fail_on == "breaking" and breaking) or (fail_on == "any" and changes):
        found = f"{breaking} breaking" if fail_on == "breaking" else f"{len(changes)}"
        click.echo(f"clientgen: {found} API change(s) found", err=True)
        sys.exit(1)


def _identifier(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.isidentifier():
        raise click.BadParameter(f"{value!r} is not a Python identifier")
    return value


@main.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--package", callback=_identifier, help="Package name (default: from the document's title)."
)
@click.option(
    "--client",
    "client_name",
    callback=_identifier,
    help="Client class name (default: from the package).",
)
@click.option(
    "--env-prefix",
    callback=_identifier,
    help="Environment variable prefix (default: the package in capitals).",
)
@click.option(
    "-o",
    "--output",
    help="Where generated packages go, for a pyproject.toml without [tool.clientgen]"
    " (default: generated; an existing [tool.clientgen] output is kept).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="pyproject.toml to add to (default: the nearest one, else a new one here).",
)
@click.option("-y", "--yes", is_flag=True, help="Add the table without asking.")
def init(
    spec: Path,
    package: str | None,
    client_name: str | None,
    env_prefix: str | None,
    output: str | None,
    config_path: Path | None,
    yes: bool,
) -> None:
    """Add a [tool.clientgen.clients.NAME] table for SPEC to pyproject.toml, then generate it.

    The package, client class and environment prefix are the ones `generate` derives from the
    document (or the options); the table is shown and confirmed first (--yes: not asked).
    Exit 0 done, 1 declined, 2 bad input (pyproject.toml untouched)."""
    from . import init as setup
    from .config import find_pyproject, load_config
    from .jobs import configured_jobs, display, run_jobs
    from .options import ClientOptions

    pyproject = config_path or find_pyproject(Path.cwd()) or Path("pyproject.toml")
    given = ClientOptions(package=package, client_name=client_name, env_prefix=env_prefix)
    try:
        shown = display(pyproject)
        planned = setup.plan(
            spec, pyproject, display=display(spec), shown=shown, given=given, output=output
        )
        click.echo(planned.table, nl=False)
        if not yes:
            if not setup.stdin_is_interactive():
                raise ClientgenError(
                    f"not asking (stdin is not a terminal): pass --yes to add this table to"
                    f" {shown} and generate"
                )
            if not click.confirm(f"Add this table to {shown} and generate?", default=False):
                click.echo("clientgen: nothing written", err=True)
                sys.exit(1)
        setup.write(planned)
        click.echo(f"{shown}: added [tool.clientgen.clients.{planned.name}]")
        config = load_config(pyproject)
        run_jobs(
            configured_jobs(config, planned.name, ClientOptions(), None),
            verbose=False,
            quiet=False,
        )
    except (ClientgenError, OSError) as error:
        _fail(error)

"""`[tool.clientgen]` in pyproject.toml -> `Config`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomllib

from .errors import ClientgenError, SpecError
from .options import ClientOptions
from .spec.files import read_input


@dataclass(frozen=True)
class ClientConfig:
    """One configured client: where its spec is and what to call things."""

    spec: Path
    options: ClientOptions


@dataclass(frozen=True)
class Config:
    """The whole configuration, paths resolved against the pyproject.toml's directory."""

    root: Path
    output: Path
    clients: tuple[ClientConfig, ...]
    templates: Path | None = None
    pyproject: Path = field(default=Path("pyproject.toml"))


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start`."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None = None) -> Config:
    """Read `[tool.clientgen]`; errors name the file and the key."""
    pyproject = path or find_pyproject(Path.cwd())
    if pyproject is None:
        raise ClientgenError("no pyproject.toml found here or above; pass SPEC and -o DIR instead")
    try:
        data = tomllib.loads(read_input(pyproject).decode("utf-8"))
    except SpecError as exc:  # not a regular file, too large, or unreadable
        raise ClientgenError(f"{pyproject}: {exc.message}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ClientgenError(f"{pyproject}: cannot read: {exc}") from None
    section = data.get("tool", {}).get("clientgen")
    if not isinstance(section, dict):
        raise ClientgenError(f"{pyproject}: no [tool.clientgen] section")
    root = pyproject.parent
    clients_table = section.get("clients", {})
    if not isinstance(clients_table, dict) or not clients_table:
        raise ClientgenError(f"{pyproject}: [tool.clientgen.clients] lists no clients")
    clients: list[ClientConfig] = []
    for package, table in sorted(clients_table.items()):
        where = f"{pyproject}: [tool.clientgen.clients.{package}]"
        if not isinstance(table, dict):
            raise ClientgenError(f"{where} must be a table")
        if not package.isidentifier():
            raise ClientgenError(f"{where}: {package!r} is not a valid package name")
        spec = _string(table, "spec", where, required=True)
        methods = table.get("methods", {})
        if not isinstance(methods, dict) or not all(isinstance(v, str) for v in methods.values()):
            raise ClientgenError(
                f"{where}.methods must map operations to 'resource.method' strings"
            )
        clients.append(
            ClientConfig(
                spec=root / str(spec),
                options=ClientOptions(
                    package=package,
                    client_name=_string(table, "client", where),
                    env_prefix=_string(table, "env_prefix", where),
                    method_overrides=dict(methods),
                    lenient=bool(table.get("lenient", section.get("lenient", False))),
                    skip_unsupported=bool(
                        table.get("skip_unsupported", section.get("skip_unsupported", False))
                    ),
                    strict_keywords=bool(
                        table.get("strict_keywords", section.get("strict_keywords", False))
                    ),
                    include_tags=_strings(table, "include_tags", where),
                    include_paths=_strings(table, "include_paths", where),
                    idempotency_header=_header_name(
                        table.get("idempotency_header", section.get("idempotency_header")), where
                    ),
                    layout=_layout(table.get("layout", "package"), where),
                ),
            )
        )
    templates = section.get("templates")
    return Config(
        root=root,
        output=root / str(section.get("output", "generated")),
        clients=tuple(clients),
        templates=root / str(templates) if templates else None,
        pyproject=pyproject,
    )


def _strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ClientgenError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _header_name(value: object, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not is_header_name(value):
        raise ClientgenError(f"{where}: 'idempotency_header' must be a header name (a token)")
    return value


def is_header_name(value: str) -> bool:
    """Whether `value` is an HTTP header name (an RFC 9110 token)."""
    return bool(re.fullmatch(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+", value))


def _layout(value: object, where: str) -> str:
    if value not in ("package", "project"):
        raise ClientgenError(f'{where}: \'layout\' must be "package" or "project"')
    return str(value)


def _string(table: dict[str, Any], key: str, where: str, *, required: bool = False) -> str | None:
    value = table.get(key)
    if value is None:
        if required:
            raise ClientgenError(f"{where}: '{key}' is required")
        return None
    if not isinstance(value, str) or not value:
        raise ClientgenError(f"{where}: '{key}' must be a non-empty string")
    return value


def select_client(config: Config, spec: Path | None, name: str | None) -> tuple[ClientConfig, ...]:
    """The configured clients one `generate` uses: the table `name` (`--client-config`), else
    with a SPEC the one table whose `spec` is that file; every table without either.

    A name no table has, a SPEC no table (or more than one) names, is an error that says how
    to choose."""
    names = ", ".join(str(c.options.package) for c in config.clients)
    if name is not None:
        chosen = tuple(c for c in config.clients if c.options.package == name)
        if not chosen:
            raise ClientgenError(
                f"{config.pyproject}: no client table [tool.clientgen.clients.{name}]"
                f" (the tables: {names})"
            )
        return chosen
    if spec is None:
        return config.clients
    target = spec.resolve()
    chosen = tuple(c for c in config.clients if c.spec.resolve() == target)
    if not chosen:
        raise ClientgenError(
            f"{config.pyproject}: no client table has spec = {str(spec)!r};"
            f" pick one with --client-config NAME (the tables: {names})"
        )
    if len(chosen) > 1:
        tables = ", ".join(str(c.options.package) for c in chosen)
        raise ClientgenError(
            f"{config.pyproject}: more than one client table has spec = {str(spec)!r}"
            f" ({tables}); pick one with --client-config NAME"
        )
    return chosen

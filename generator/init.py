"""`clientgen init SPEC`: the `[tool.clientgen.clients.X]` table for SPEC, its names derived by
building the document exactly as `generate` would, appended to pyproject.toml as text.

tomllib only reads TOML, so the table is written by hand: every string a TOML basic string
(`toml_string`), the table appended after what is there (never rewritten), and the result read
back before anything is written: unless the file parses to what it held plus the new table, it
is left alone and the user told why.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomllib

from .errors import ClientgenError, SpecError
from .options import ClientOptions
from .pipeline import build
from .spec.files import read_input

DEFAULT_OUTPUT = "generated"


@dataclass(frozen=True)
class Plan:
    """What `init` will do: add `table` to `pyproject` (whose text is now `text`)."""

    pyproject: Path
    text: str
    """The file as it is ("" when there is none)."""
    name: str
    """The client table's name, which is the package name."""
    table: str
    """The text to add (with `[tool.clientgen]` and its output when the file has none)."""
    new_text: str
    """The file afterwards: `text`, a blank line, `table` (in the file's line endings)."""


def stdin_is_interactive() -> bool:
    """Whether a question can be asked (tests replace this)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # closed
        return False


def plan(
    spec: Path,
    pyproject: Path,
    *,
    display: str,
    shown: str,
    given: ClientOptions,
    output: str | None,
) -> Plan:
    """The table for `spec` (`display`: how errors name it) in `pyproject` (`shown` in errors),
    with `given`'s package, client and env prefix where set, else the generator's own.

    Raises `ClientgenError` (one line) for a document `generate` would refuse, an unreadable
    pyproject.toml, a client of the same name, or an `output` the file already sets otherwise."""
    text, data = _read(pyproject, shown)
    section = _section(data, shown)
    clients = section.get("clients", {}) if section is not None else {}
    if given.package is not None:
        _refuse_existing(given.package, clients, shown)
    if section is not None:
        configured = str(section.get("output", DEFAULT_OUTPUT))
        if output is not None and output != configured:
            raise ClientgenError(
                f"{shown}: [tool.clientgen] output is {configured!r}, shared by every client;"
                f" change it there, or drop --output {output}"
            )
    defaults = section or {}
    options = ClientOptions(
        package=given.package,
        client_name=given.client_name,
        env_prefix=given.env_prefix,
        lenient=bool(defaults.get("lenient", False)),
        skip_unsupported=bool(defaults.get("skip_unsupported", False)),
        strict_keywords=bool(defaults.get("strict_keywords", False)),
    )
    api = build(spec, options, display)  # the document's faults, located, as `generate`'s
    _refuse_existing(api.package, clients, shown)
    header = {"output": output or DEFAULT_OUTPUT} if section is None else {}
    relative = os.path.relpath(os.path.abspath(spec), os.path.abspath(pyproject.parent))
    values = {
        "spec": Path(relative).as_posix(),
        "client": api.client_name,
        "env_prefix": api.env_prefix,
    }
    lines = ["[tool.clientgen]"] if header else []
    lines += [f"{key} = {toml_string(value)}" for key, value in header.items()]
    lines += [""] if header else []
    lines.append(f"[tool.clientgen.clients.{toml_key(api.package)}]")
    lines += [f"{key} = {toml_string(value)}" for key, value in values.items()]
    table = "\n".join(lines) + "\n"
    new_text = append_table(text, table)
    _check_round_trip(data, new_text, header, api.package, values, shown)
    return Plan(pyproject=pyproject, text=text, name=api.package, table=table, new_text=new_text)


def write(planned: Plan) -> None:
    """Replace pyproject.toml by the planned text in one step (a failure leaves it as it was)."""
    target = planned.pyproject
    directory = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=".pyproject-", suffix=".toml", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(planned.new_text.encode("utf-8"))
        if target.exists():
            shutil.copymode(target, temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _read(pyproject: Path, shown: str) -> tuple[str, dict[str, Any]]:
    if not pyproject.exists():
        return "", {}
    try:
        text = read_input(pyproject).decode("utf-8")
        return text, tomllib.loads(text)
    except SpecError as exc:  # not a regular file, too large, or unreadable
        raise ClientgenError(f"{shown}: {exc.message}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ClientgenError(f"{shown}: cannot read: {exc}") from None


def _section(data: dict[str, Any], shown: str) -> dict[str, Any] | None:
    tool = data.get("tool", {})
    section = tool.get("clientgen") if isinstance(tool, dict) else None
    if section is not None and not isinstance(section, dict):
        raise ClientgenError(f"{shown}: tool.clientgen must be a table")
    return section


def _refuse_existing(name: str, clients: object, shown: str) -> None:
    if isinstance(clients, dict) and name in clients:
        raise ClientgenError(
            f"{shown}: [tool.clientgen.clients.{name}] exists already; to add another client"
            " for this document, name it with --package NAME"
        )


def _check_round_trip(
    data: dict[str, Any], new_text: str, header: dict[str, str], name: str, values: Any, shown: str
) -> None:
    """The new text must be UTF-8 and parse to the old data plus `header` (the keys of a new
    `[tool.clientgen]`) and the one client table `name` holding `values`."""
    expected = copy.deepcopy(data)
    try:
        new_text.encode("utf-8")
        after = tomllib.loads(new_text)
        section = expected.setdefault("tool", {}).setdefault("clientgen", {})
        section.update(header)
        section.setdefault("clients", {})[name] = values
    except (UnicodeEncodeError, tomllib.TOMLDecodeError, AttributeError, TypeError):
        after = None
    if after != expected:
        raise ClientgenError(
            f"{shown}: cannot add [tool.clientgen.clients.{name}] by appending to it (the file"
            " defines tool or tool.clientgen in a way a new table cannot extend); add it by hand"
        )


def append_table(text: str, table: str) -> str:
    """`text`, then a blank line, then `table` (`\\n` line ends, turned into the file's)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    if not text or text.endswith(newline * 2):
        separator = ""
    elif text.endswith("\n"):
        separator = newline
    else:
        separator = newline * 2
    return text + separator + table.replace("\n", newline)


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(value: str) -> str:
    """`value` as a TOML basic string: quotes, backslashes and control characters escaped."""
    out: list[str] = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_key(name: str) -> str:
    """A bare key where TOML allows one, else a quoted key."""
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else toml_string(name)

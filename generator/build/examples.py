"""Example values for the README's calls: the spec's own `example`/`examples` where they fit the
argument's type, else a placeholder made from the type."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

from .. import ir

NO_EXAMPLE: Any = None
"""What `spec_example` gives when the spec has none (a `null` example is no example either)."""


def _get(source: Any, key: str) -> Any:
    if source is None:
        return None
    if isinstance(source, Mapping) or (hasattr(source, "get") and not hasattr(source, key)):
        return source.get(key)
    return getattr(source, key, None)


def spec_example(*sources: Any) -> object:
    """The first example among `sources` (a parameter, then its schema, ...): its `example`,
    else the first of its `examples` (a list in a 3.1 schema, a map of Example objects on a
    parameter)."""
    for source in sources:
        value = _get(source, "example")
        if value is not None:
            return value
        examples = _get(source, "examples")
        if isinstance(examples, list) and examples and examples[0] is not None:
            return examples[0]
        if isinstance(examples, Mapping):
            for example in examples.values():
                value = _get(example, "value")
                if value is not None:
                    return value
    return NO_EXAMPLE


def fits(value: object, type_: ir.TypeRef, enum_values: tuple[object, ...] = ()) -> bool:
    """Whether a spec example is a value of a scalar argument type, as the README spells it (a
    plain literal): strings for str-like kinds, numbers, booleans, an enum's declared values."""
    kind = type_.kind
    if kind in ("str", "uuid"):
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "enum":
        return value in enum_values
    return False


def placeholder(type_: ir.TypeRef, wire_name: str) -> object:
    """A value of the argument's type made from its name, where the spec gives no example."""
    kind = type_.kind
    if kind in ("str", "any", "uuid"):
        return wire_name
    if kind == "int":
        return 0
    if kind == "float":
        return 0.0
    if kind == "bool":
        return True
    if kind == "file":  # a file to upload: its path (a str would be refused)
        return PurePosixPath(wire_name)
    if kind == "list":
        return [PurePosixPath(wire_name)] if type_.args and type_.args[0].kind == "file" else []
    if kind in ("dict", "model"):
        return {}
    if kind == "literal":
        return type_.value
    if kind == "base64":
        return wire_name.encode()
    if kind == "tuple":
        return tuple(placeholder(member, wire_name) for member in type_.args)
    if kind in ("enum", "null"):
        return None
    if kind == "bytes":
        return wire_name.encode()
    if kind == "datetime":
        return datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    if kind == "date":
        return datetime.date(2024, 1, 1)
    if kind == "time":
        return datetime.time(12, 0)
    return wire_name


def example_imports(values: Iterable[object]) -> tuple[str, ...]:
    """The import lines an example call with these argument values needs."""
    needed: set[str] = set()
    pending = list(values)
    while pending:
        value = pending.pop()
        if isinstance(value, PurePosixPath):
            needed.add("from pathlib import Path")
        elif isinstance(value, (datetime.date, datetime.time)):
            needed.add("import datetime")
        elif isinstance(value, (list, tuple)):
            pending.extend(value)
        elif isinstance(value, Mapping):
            pending.extend(value.values())
    return tuple(sorted(needed))

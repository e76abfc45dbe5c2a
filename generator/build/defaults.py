"""Schema defaults: whether a `default` is a value of its field's type, and which member of
the type it is a value of (`python/annotations` spells that member's Python value)."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .. import ir

_TEMPORAL: dict[str, TypeAdapter[Any]] = {
    "date": TypeAdapter(dt.date),
    "datetime": TypeAdapter(dt.datetime),
    "time": TypeAdapter(dt.time),
}
"""Text of a `date` / `date-time` / `time` default is read as the generated models read the wire."""

_TEXT = frozenset({"str", "bytes", "file", "base64"})


@dataclass(frozen=True)
class DefaultFit:
    """A default that is a value of its field's type."""

    value: Any
    """The default as the JSON value the spelling needs (an integral float of an integer field
    as an int, a date or date-time as its ISO text, a uuid in its canonical form)."""
    type: ir.TypeRef | None
    """The member of the field's type the default is a value of; None when the value is valid
    but not given to the field (a container of a typed field: absent reads as None)."""
    unread: bool = False
    """A string the field's format cannot read (a `date-time` default that is no date-time):
    valid (a format only annotates), but not given."""


def fit_default(
    type_: ir.TypeRef, value: Any, enum_values: Callable[[str], Sequence[Any] | None]
) -> DefaultFit | None:
    """How `value` fits `type_` (`enum_values`: an enum class's values), None when it does not.

    `null` fits every type and is never given (an absent optional field reads as None)."""
    if value is None:
        return DefaultFit(None, None)
    kind = type_.kind
    if kind == "union":
        fits = [fit_default(member, value, enum_values) for member in type_.args]
        found = [fit for fit in fits if fit is not None]
        given = [fit for fit in found if fit.type is not None]
        return next(iter(given or found), None)
    if kind in _FORMATS and isinstance(value, str):
        read = _FORMATS[kind](value)
        return DefaultFit(value, None, unread=True) if read is None else DefaultFit(read, type_)
    scalar = _scalar(kind, value)
    if scalar is not None:
        return DefaultFit(scalar[0], type_ if scalar[1] else None)
    if kind == "any":
        return DefaultFit(value, type_ if _finite(value) else None)
    if kind == "enum" and type_.name is not None:
        values = enum_values(type_.name)
        if values is None or value in values:
            return DefaultFit(value, type_)
        return None
    if kind == "literal":
        same = type(value) is type(type_.value) and value == type_.value
        return DefaultFit(value, type_) if same else None
    return None


def _scalar(kind: str, value: Any) -> tuple[Any, bool] | None:
    """(value, given) when `value` fits a primitive or container kind, else None."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind in _TEXT and isinstance(value, str):
        return value, kind == "str"
    if kind in _TEXT and isinstance(value, bool):
        # YAML 1.1's reading of `yes`/`no`/`on`/`off` (strings in YAML 1.2): valid, not given.
        return value, False
    if kind == "bool" and isinstance(value, bool):
        return value, True
    if kind == "int" and number and float(value).is_integer():
        return int(value), True
    if kind == "float" and number and math.isfinite(float(value)):
        return value, True
    if kind in ("list", "tuple") and isinstance(value, list):
        return value, False
    if kind in ("dict", "model", "alias") and isinstance(value, dict):
        return value, False
    return None


def _finite(value: Any) -> bool:
    """Whether JSON data holds no NaN or infinity (which no Python literal spells)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_finite(item) for item in value)
    if isinstance(value, dict):
        return all(_finite(item) for item in value.values())
    return True


def _temporal(kind: str) -> Callable[[str], str | None]:
    def read(text: str) -> str | None:
        try:
            return str(_TEMPORAL[kind].validate_python(text).isoformat())
        except ValidationError:
            return None

    return read


def _uuid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


_FORMATS: dict[str, Callable[[str], str | None]] = {
    **{kind: _temporal(kind) for kind in _TEMPORAL},
    "uuid": _uuid,
}
"""Kinds given by a format, and how each reads a default's text (its canonical text, or None)."""


def describe(value: Any) -> str:
    """A default as an error message quotes it (short, one line)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."

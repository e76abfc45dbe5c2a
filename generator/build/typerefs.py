"""Type references: the primitive types, and the constructors of lists, maps, unions,
literals and nullable types (structure only; `python/annotations` spells them)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import ir
from ..spec.schema_view import _Schema


def _primitive(kind: str, fmt: str | None) -> ir.TypeRef:
    if kind == "string":
        return _STRING_FORMATS.get(fmt or "", _STR)
    if kind == "integer":
        return ir.TypeRef(kind="int")
    if kind == "number":
        return ir.TypeRef(kind="float")
    if kind == "boolean":
        return ir.TypeRef(kind="bool")
    if kind == "null":
        return _NONE
    if kind == "array":
        return _list(_ANY)
    if kind == "object":
        return _dict(_ANY)
    return _ANY


_STR = ir.TypeRef(kind="str")
_BYTES = ir.TypeRef(kind="bytes")
"""A raw payload (a body or response that is not JSON): bytes on both sides."""
_FILE = ir.TypeRef(kind="file")
"""`format: binary`: bytes in Python; arguments take bytes, a binary file, or (filename,
content[, type])."""
_BASE64 = ir.TypeRef(kind="base64")
"""`format: byte`: bytes in Python, base64 text on the wire."""
_ANY = ir.TypeRef(kind="any")
_NONE = ir.TypeRef(kind="null", nullable=True)
_DATETIME = ir.TypeRef(kind="datetime")
_STRING_FORMATS = {
    "date-time": _DATETIME,
    "date": ir.TypeRef(kind="date"),
    "uuid": ir.TypeRef(kind="uuid"),
    "binary": _FILE,
    "byte": _BASE64,
}
"""The string formats that have a Python type of their own."""


def _literal_type(value: Any) -> ir.TypeRef | None:
    """`Literal[value]` for a string, integer or boolean const, None for null; other consts
    (numbers with a fraction, arrays, objects) cannot be a Literal: None is returned for them
    and the schema's other keywords type the value."""
    if value is None:
        return _NONE
    if not isinstance(value, (str, int)):
        return None
    return ir.TypeRef(kind="literal", value=value)


def _model_ref(name: str) -> ir.TypeRef:
    return ir.TypeRef(kind="model", name=name)


def _list(item: ir.TypeRef) -> ir.TypeRef:
    return ir.TypeRef(kind="list", args=(item,))


def _dict(value: ir.TypeRef) -> ir.TypeRef:
    return ir.TypeRef(kind="dict", args=(value,))


def _flattened(members: list[ir.TypeRef]) -> list[ir.TypeRef]:
    """Members with nested unions replaced by their own members."""
    flat: list[ir.TypeRef] = []
    for member in members:
        flat.extend(_flattened(list(member.args)) if member.kind == "union" else [member])
    return flat


def _union(members: list[ir.TypeRef]) -> ir.TypeRef:
    """The union of `members`; `Any` when one of them (or of their members) is `Any`."""
    if any(member.kind == "any" for member in _flattened(members)):
        return _ANY
    return ir.TypeRef(
        kind="union", args=tuple(members), nullable=any(m.nullable for m in members)
    )


def _nullable(type_: ir.TypeRef, nullable: bool) -> ir.TypeRef:
    if not nullable or type_.nullable or type_.kind == "any":
        return type_
    return replace(type_, nullable=True)


def _is_false_schema(obj: Any) -> bool:
    """`false`, or `{not: {}}` as `false` is spelled where the parser needs an object."""
    if obj is False:
        return True
    negated = getattr(obj, "schema_not", None)
    if negated is None or getattr(obj, "model_fields_set", None) != {"schema_not"}:
        return False
    return not negated.model_fields_set and not negated.model_extra


def _has_const(schema: _Schema) -> bool:
    """Whether the schema has `const` (which may be null)."""
    obj = schema.obj
    return "const" in (getattr(obj, "model_fields_set", None) or ()) or "const" in (
        getattr(obj, "model_extra", None) or {}
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None



"""Type references: the primitive types, and the constructors of lists, maps, unions,
literals and nullable types (structure only; `python/annotations` spells them)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import ir
from ..spec.schema_view import SchemaView


def primitive_type(kind: str, fmt: str | None) -> ir.TypeRef:
    if kind == "string":
        return STRING_FORMATS.get(fmt or "", STR)
    if kind == "integer":
        return ir.TypeRef(kind="int")
    if kind == "number":
        return ir.TypeRef(kind="float")
    if kind == "boolean":
        return ir.TypeRef(kind="bool")
    if kind == "null":
        return NONE
    if kind == "array":
        return list_of(ANY)
    if kind == "object":
        return dict_of(ANY)
    return ANY


STR = ir.TypeRef(kind="str")
BYTES = ir.TypeRef(kind="bytes")
"""A raw payload (a body or response that is not JSON): bytes on both sides."""
FILE = ir.TypeRef(kind="file")
"""`format: binary`: bytes in Python; arguments take bytes, a binary file, or (filename,
content[, type])."""
BASE64 = ir.TypeRef(kind="base64")
"""`format: byte`: bytes in Python, base64 text on the wire."""
ANY = ir.TypeRef(kind="any")
NONE = ir.TypeRef(kind="null", nullable=True)
DATETIME = ir.TypeRef(kind="datetime")
STRING_FORMATS = {
    "date-time": DATETIME,
    "date": ir.TypeRef(kind="date"),
    "uuid": ir.TypeRef(kind="uuid"),
    "binary": FILE,
    "byte": BASE64,
}
"""The string formats that have a Python type of their own."""


def literal_type(value: Any) -> ir.TypeRef | None:
    """`Literal[value]` for a string, integer or boolean const, None for null; other consts
    (numbers with a fraction, arrays, objects) cannot be a Literal: None is returned for them
    and the schema's other keywords type the value."""
    if value is None:
        return NONE
    if not isinstance(value, (str, int)):
        return None
    return ir.TypeRef(kind="literal", value=value)


def model_ref(name: str) -> ir.TypeRef:
    return ir.TypeRef(kind="model", name=name)


def list_of(item: ir.TypeRef) -> ir.TypeRef:
    return ir.TypeRef(kind="list", args=(item,))


def dict_of(value: ir.TypeRef) -> ir.TypeRef:
    return ir.TypeRef(kind="dict", args=(value,))


def _flattened(members: list[ir.TypeRef]) -> list[ir.TypeRef]:
    """Members with nested unions replaced by their own members."""
    flat: list[ir.TypeRef] = []
    for member in members:
        flat.extend(_flattened(list(member.args)) if member.kind == "union" else [member])
    return flat


def union_of(members: list[ir.TypeRef]) -> ir.TypeRef:
    """The union of `members`; `Any` when one of them (or of their members) is `Any`."""
    if any(member.kind == "any" for member in _flattened(members)):
        return ANY
    return ir.TypeRef(kind="union", args=tuple(members), nullable=any(m.nullable for m in members))


def nullable_type(type_: ir.TypeRef, nullable: bool) -> ir.TypeRef:
    if not nullable or type_.nullable or type_.kind == "any":
        return type_
    return replace(type_, nullable=True)


def is_false_schema(obj: Any) -> bool:
    """`false`, or `{not: {}}` as `false` is spelled where the parser needs an object."""
    if obj is False:
        return True
    negated = getattr(obj, "schema_not", None)
    if negated is None or getattr(obj, "model_fields_set", None) != {"schema_not"}:
        return False
    return not negated.model_fields_set and not negated.model_extra


def has_const(schema: SchemaView) -> bool:
    """Whether the schema has `const` (which may be null)."""
    obj = schema.obj
    return "const" in (getattr(obj, "model_fields_set", None) or ()) or "const" in (
        getattr(obj, "model_extra", None) or {}
    )


def spec_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None

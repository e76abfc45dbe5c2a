"""Type references: the primitive types and the constructors of lists, maps, unions, literals and nullable types."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import ir
from ..python.text import _union_parts
from ..render.filters import pystr
from ..spec.schema_view import _Schema


def _primitive(kind: str, fmt: str | None) -> ir.TypeRef:
    if kind == "string":
        if fmt == "date-time":
            return _DATETIME
        if fmt == "date":
            return ir.TypeRef(kind="date", annotation="_dt.date", param_annotation="_dt.date")
        if fmt == "uuid":
            return ir.TypeRef(
                kind="uuid", annotation="_uuid.UUID", param_annotation="_uuid.UUID | str"
            )
        if fmt == "binary":
            return _FILE
        if fmt == "byte":
            return _BASE64
        return _STR
    if kind == "integer":
        return ir.TypeRef(kind="int", annotation="int", param_annotation="int")
    if kind == "number":
        return ir.TypeRef(kind="float", annotation="float", param_annotation="float")
    if kind == "boolean":
        return ir.TypeRef(kind="bool", annotation="bool", param_annotation="bool")
    if kind == "null":
        return _NONE
    if kind == "array":
        return _list(_ANY)
    if kind == "object":
        return _dict(_ANY)
    return _ANY


_STR = ir.TypeRef(kind="str", annotation="str", param_annotation="str")


_BYTES = ir.TypeRef(kind="bytes", annotation="bytes", param_annotation="bytes")


_FILE = ir.TypeRef(kind="bytes", annotation="bytes", param_annotation="FileContent")
"""`format: binary`: arguments take bytes, a binary file, or (filename, content[, type])."""


_BASE64 = ir.TypeRef(kind="base64", annotation="Base64Bytes", param_annotation="bytes")
"""`format: byte`: bytes in Python, base64 text on the wire."""


_ANY = ir.TypeRef(kind="any", annotation="Any", param_annotation="Any")


_NONE = ir.TypeRef(kind="null", annotation="None", param_annotation="None", nullable=True)


_DATETIME = ir.TypeRef(kind="datetime", annotation="_dt.datetime", param_annotation="_dt.datetime")


def _literal_type(value: Any) -> ir.TypeRef | None:
    """`Literal[value]` for a string, integer or boolean const, None for null; other consts
    (numbers with a fraction, arrays, objects) cannot be a Literal: None is returned for them
    and the schema's other keywords type the value."""
    if value is None:
        return _NONE
    if not isinstance(value, (str, int)):
        return None
    spelled = f"Literal[{pystr(value) if isinstance(value, str) else repr(value)}]"
    return ir.TypeRef(kind="literal", annotation=spelled, param_annotation=spelled, value=value)


def _model_ref(name: str) -> ir.TypeRef:
    return ir.TypeRef(
        kind="model", annotation=name, param_annotation=f"{name} | {name}Param", name=name
    )


def _list(item: ir.TypeRef) -> ir.TypeRef:
    return ir.TypeRef(
        kind="list",
        annotation=f"list[{item.annotation}]",
        param_annotation=f"Sequence[{item.param_annotation}]",
        args=(item,),
    )


def _dict(value: ir.TypeRef) -> ir.TypeRef:
    return ir.TypeRef(
        kind="dict",
        annotation=f"dict[str, {value.annotation}]",
        param_annotation=f"Mapping[str, {value.param_annotation}]",
        args=(value,),
    )


def _union(members: list[ir.TypeRef]) -> ir.TypeRef:
    annotations: list[str] = []
    params: list[str] = []
    for member in members:
        for part in _union_parts(member.annotation):
            if part not in annotations:
                annotations.append(part)
        for part in _union_parts(member.param_annotation):
            if part not in params:
                params.append(part)
    if "Any" in annotations:
        return _ANY
    for spelled in (annotations, params):
        if "None" in spelled:
            spelled.remove("None")
            spelled.append("None")
    nullable = any(m.nullable for m in members)
    return ir.TypeRef(
        kind="union",
        annotation=" | ".join(annotations),
        param_annotation=" | ".join(params),
        args=tuple(members),
        nullable=nullable,
    )


def _nullable(type_: ir.TypeRef, nullable: bool) -> ir.TypeRef:
    if not nullable or type_.nullable or type_.kind == "any":
        return type_
    return replace(
        type_,
        annotation=f"{type_.annotation} | None",
        param_annotation=f"{type_.param_annotation} | None",
        nullable=True,
    )


_SERIALIZE_AS_ANY = r"SerializeAsAny[\1]"
"""A field holding a polymorphic base may hold a subclass: pydantic serializes it by the
field's type (dropping the subclass's own fields) unless it is marked SerializeAsAny."""


def _omittable(annotation: str) -> str:
    """The annotation of an argument that may be left out: `X | NotGiven` (None stays last)."""
    if annotation.endswith(" | None"):
        return annotation[: -len(" | None")] + " | NotGiven | None"
    return f"{annotation} | NotGiven"


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



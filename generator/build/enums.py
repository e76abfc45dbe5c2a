"""Enums: a schema's `enum` values -> an open enum class (or the primitive when the values do not fit one)."""

from __future__ import annotations

import math
from typing import Any

from .. import ir
from ..naming.registry import Namespace
from ..naming.reserved import RUNTIME_NAMES
from ..naming.words import class_name, constant_name
from ..spec.schema_view import SchemaView
from .context import Context
from .typerefs import NONE, nullable_type, primitive_type


class Enums(Context):
    """Enums: a schema's `enum` values -> an open enum class (or the primitive when the values do not fit one)."""

    def _enum_member(self, type_: ir.TypeRef, value: Any) -> str | None:
        if type_.kind != "enum" or type_.name not in self.enums:
            return None
        for member in self.enums[type_.name].members:
            if member.value == value:
                return f"{type_.name}.{member.name}"
        return None

    def _valid_default(self, type_: ir.TypeRef, value: Any) -> bool:
        """Whether a schema default may be emitted: it must be a value of the field's type
        (a default that does not match its schema is dropped, never pasted)."""
        if value is None:
            return False
        kind = type_.kind
        if kind == "enum" and type_.name in self.enums:
            return value in [member.value for member in self.enums[type_.name].members]
        if kind == "literal":
            return type(value) is type(type_.value) and value == type_.value
        if kind == "str":
            return isinstance(value, str)
        if kind == "bool":
            return isinstance(value, bool)
        if kind == "int":
            return isinstance(value, int) and not isinstance(value, bool)
        if kind == "float":
            return (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and not math.isnan(float(value))
            )
        return False  # containers: a mutable class default; absent reads as None instead

    def _enum(
        self, schema: SchemaView, values: list[Any], context: str, fixed_name: str | None
    ) -> ir.TypeRef:
        present = [value for value in values if value is not None]
        declared = schema.types[0] if len(schema.types) == 1 else None
        if declared == "string":
            present = [value for value in present if isinstance(value, str)]
        elif declared == "integer":
            present = [v for v in present if isinstance(v, int) and not isinstance(v, bool)]
        if not present:
            return (
                nullable_type(primitive_type(declared, None), schema.nullable) if declared else NONE
            )
        if all(isinstance(v, str) for v in present):
            base = "str"
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            base = "int"
        else:
            kind = schema.types[0] if schema.types else "any"
            return nullable_type(primitive_type(kind, None), schema.nullable)
        name = fixed_name or self._class_name(
            f"enum {schema.pointer}", class_name(context, reserved=RUNTIME_NAMES)
        )
        members: list[ir.EnumMember] = []
        member_names = Namespace({"_missing_", "mro"})
        seen: set[Any] = set()
        for value in present:
            if value in seen:
                continue
            seen.add(value)
            text = str(value)
            fallback = "VALUE" if base == "str" else "N"
            member = member_names.claim(constant_name(text, fallback=fallback))
            members.append(ir.EnumMember(name=member, value=value))
        self.enums[name] = ir.Enum(
            name=name,
            base=base,
            members=tuple(members),
            description=schema.get("description"),
            pointer=schema.pointer,
        )
        ref = ir.TypeRef(
            kind="enum",
            name=name,
        )
        return nullable_type(ref, schema.nullable)

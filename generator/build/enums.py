"""Enums: a schema's `enum` values -> an open enum class (or the primitive when the values do not fit one)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .. import ir
from ..naming.registry import Namespace
from ..naming.reserved import RUNTIME_NAMES
from ..naming.words import class_name, constant_name
from ..spec.schema_view import SchemaView
from .context import Context
from .defaults import DefaultFit, describe, fit_default
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

    def _default(self, type_: ir.TypeRef, value: Any, pointer: str) -> DefaultFit | None:
        """How a schema's `default` (at `pointer`) fits its field's type; a default that is no
        value of it is invalid (left out in lenient mode), never pasted."""
        if value is None:
            return None
        fit = fit_default(type_, value, self._enum_values)
        if fit is None:
            self._invalid(
                f"default {describe(value)} is not a value of the schema", pointer, "left out"
            )
        elif fit.unread:
            warning = self.spec.warning(
                "not-supported",
                f"default {describe(value)} is not a value of the field's format; the field has"
                " no default",
                pointer,
            )
            if warning not in self.warnings:
                self.warnings.append(warning)
        return fit

    def _enum_values(self, name: str) -> tuple[Any, ...] | None:
        enum = self.enums.get(name)
        return None if enum is None else tuple(member.value for member in enum.members)

    def _enum(
        self, schema: SchemaView, values: list[Any], context: str, fixed_name: str | None
    ) -> ir.TypeRef:
        declared = schema.types[0] if len(schema.types) == 1 else None
        present = self._declared_values(schema, values, declared)
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

    def _declared_values(
        self, schema: SchemaView, values: list[Any], declared: str | None
    ) -> list[Any]:
        """The enum's values that are of the schema's declared type (null aside); a value of
        another type is invalid (in lenient mode read as the declared type where it spells a
        value of it, `1` as '1' for a string, '2' as 2 for an integer; else left out)."""
        fits = _VALUE_FITS.get(declared or "")
        present: list[Any] = []
        for index, value in enumerate(values):
            if value is None:
                continue
            read = value
            if fits is not None and not fits(value):
                read = _read_as(declared, value)
                self._invalid(
                    f"enum value {describe(value)} is not of the schema's type '{declared}'",
                    f"{schema.pointer}/enum/{index}",
                    "the value is left out" if read is None else f"read as {describe(read)}",
                )
            if read is not None and (declared != "string" or isinstance(read, str)):
                present.append(read)
        return present


def _read_as(declared: str | None, value: Any) -> Any:
    """An enum value of the wrong type read as the declared type, where it spells one."""
    if declared == "string" and _is_number(value):
        return str(value)
    if declared == "integer" and isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,18}", value):
        return int(value)
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_VALUE_FITS: dict[str, Callable[[Any], bool]] = {
    # A boolean under `string` is YAML 1.1's reading of `yes`/`no`/`on`/`off` (strings in the
    # YAML 1.2 that OpenAPI names): not the document's fault; it is left out as before.
    "string": lambda value: isinstance(value, (str, bool)),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": _is_number,
    "boolean": lambda value: isinstance(value, bool),
}
"""Whether an enum value is of a declared primitive type."""

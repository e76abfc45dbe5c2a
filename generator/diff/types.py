"""Type compatibility, decided on the type structure (`ir.TypeRef`'s kind, name, args,
nullable and value; an enum's base from `ir.Enum.base`), never on how a type is spelled.

A type is compared as a `Shape`: its non-null members (unions flattened) and whether None is
one of its values. Inputs are compatible when the new shape accepts the old
(`accepts(new, old, ...)`), outputs when the old accepts the new (`accepts(old, new, ...)`).
A method's return is the shape of its success responses' types, None included where a
response has no content.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from .. import ir

_STRINGISH = frozenset({"str", "datetime", "date", "time", "uuid", "bytes"})
"""Kinds that are one JSON string with different `format`s."""

EnumBases = Mapping[str, str]
"""One version's enums: class name -> base ('str' or 'int')."""


def enum_bases(api: ir.Api) -> dict[str, str]:
    """Every enum of the version by name, with the type of its values."""
    return {enum.name: enum.base for enum in api.enums}


@dataclass(frozen=True)
class Shape:
    """The values of a type: those of its non-null `members`, None where `nullable`, and
    every value where `anything` (an `Any`)."""

    members: tuple[ir.TypeRef, ...]
    nullable: bool
    anything: bool = False


ANYTHING = Shape((), False, anything=True)
"""The shape of `Any` (the values of untyped additional properties)."""


def shape(type_: ir.TypeRef) -> Shape:
    """The type's members (unions flattened) and whether None is one of its values."""
    if type_.kind == "any":
        return ANYTHING
    if type_.kind == "null":
        return Shape((), True)
    if type_.kind == "union":
        return _union_shape([shape(arg) for arg in type_.args], type_.nullable)
    return Shape((type_,), type_.nullable)


def shape_without_null(type_: ir.TypeRef) -> Shape:
    """The type with its own `| None` left out (a field's nullability is reported on its
    own); None stays a value where a member of a union is nullable or is null itself."""
    if type_.kind in ("any", "null"):
        return shape(type_)
    if type_.kind == "union":
        return _union_shape([shape(arg) for arg in type_.args], False)
    return Shape((type_,), False)


def extra_shape(type_: ir.TypeRef | None) -> Shape:
    """The shape of a model's additional properties' values (`Any` where untyped)."""
    return ANYTHING if type_ is None else shape(type_)


def return_shape(op: ir.Operation) -> Shape:
    """The values the method returns: its success responses' types, and None where a
    response has no content (or none is documented)."""
    nullable = not op.responses or any(r.type is None for r in op.responses)
    return _union_shape([shape(r.type) for r in op.responses if r.type is not None], nullable)


def _union_shape(shapes: Iterable[Shape], nullable: bool) -> Shape:
    members: list[ir.TypeRef] = []
    anything = False
    for part in shapes:
        members.extend(part.members)
        nullable = nullable or part.nullable
        anything = anything or part.anything
    if anything:
        return ANYTHING
    return Shape(tuple(members), nullable)


# --------------------------------------------------------------------------------- equality


def type_key(type_: ir.TypeRef, bases: EnumBases) -> Hashable:
    """What tells two types apart: equal keys, the same type (an enum includes its base)."""
    return _shape_key(shape(type_), bases)


def key_without_null(type_: ir.TypeRef, bases: EnumBases) -> Hashable:
    """`type_key` of the type without its nullability."""
    return _members_key(shape(type_), bases)


def field_key(field: ir.Field, bases: EnumBases) -> Hashable:
    """What the model attribute's annotation is made of, as a reader sees it (a class by its
    name): the type without None, and whether the attribute may hold None."""
    return _members_key(shape(field.type), bases, read=True), field.reads_none


def extra_key(type_: ir.TypeRef | None, bases: EnumBases) -> Hashable:
    """`type_key` of a model's additional properties' values (`Any` where untyped)."""
    return _shape_key(extra_shape(type_), bases)


def return_key(op: ir.Operation, bases: EnumBases) -> Hashable:
    """What the method's return type is made of, as the client reads it (a class by its
    name): whether it streams, the success types, and whether None is returned (a stream
    never returns None)."""
    types = [r.type for r in op.responses if r.type is not None]
    if not types:
        return False, (), True
    found = _union_shape([shape(type_) for type_ in types], False)
    if found.anything:
        return op.stream, ("any",)  # `Any` holds None already
    no_content = any(r.type is None for r in op.responses) and not op.stream
    members = _members_key(found, bases, read=True)
    return op.stream, members, found.nullable or no_content


def _shape_key(found: Shape, bases: EnumBases, *, read: bool = False) -> Hashable:
    return _members_key(found, bases, read=read), found.nullable


def _members_key(found: Shape, bases: EnumBases, *, read: bool = False) -> Hashable:
    if found.anything:
        return ("any",)
    keys: list[Hashable] = []
    for member in found.members:
        key = _member_key(member, bases, read=read)
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def _member_key(type_: ir.TypeRef, bases: EnumBases, *, read: bool) -> Hashable:
    """One member's kind, name, enum base, literal value and arguments; where `read` (the
    type as a reader sees it) a class (model, enum, union alias) is its name alone."""
    if read and type_.kind in ("model", "enum", "alias"):
        return "class", type_.name
    base = bases.get(type_.name or "") if type_.kind == "enum" else None
    args = tuple(_shape_key(shape(arg), bases, read=read) for arg in type_.args)
    return type_.kind, type_.name, base, repr(type_.value), args


# --------------------------------------------------------------------------------- compatibility


def accepts(wide: Shape, narrow: Shape, narrow_bases: EnumBases) -> bool:
    """Whether every value of `narrow` is a value of `wide` (`narrow_bases`: the enums of the
    version `narrow` comes from)."""
    if wide.anything:
        return True
    if narrow.nullable and not wide.nullable:
        return False
    if narrow.anything:
        return False
    return all(any(_accepts_one(w, n, narrow_bases) for w in wide.members) for n in narrow.members)


def _accepts_one(wide: ir.TypeRef, narrow: ir.TypeRef, narrow_bases: EnumBases) -> bool:
    if wide.kind != narrow.kind:
        if wide.kind == "float" and narrow.kind == "int":
            return True
        # An open enum's values are plain strings (ints) to whoever reads or writes them.
        return narrow.kind == "enum" and narrow_bases.get(narrow.name or "") == wide.kind
    if wide.kind in ("list", "dict"):
        if wide.args and narrow.args:
            return accepts(shape(wide.args[0]), shape(narrow.args[0]), narrow_bases)
        return not wide.args
    if wide.kind in ("model", "enum"):
        return wide.name == narrow.name
    return True


def format_changed(old: Shape, new: Shape) -> bool:
    """The same JSON type with another `format` (str -> datetime, list[uuid] -> list[str])."""
    if len(old.members) != 1 or len(new.members) != 1:
        return False
    before, after = old.members[0], new.members[0]
    if before.kind != after.kind:
        return before.kind in _STRINGISH and after.kind in _STRINGISH
    if before.kind in ("list", "dict") and before.args and after.args:
        return format_changed(shape(before.args[0]), shape(after.args[0]))
    return False

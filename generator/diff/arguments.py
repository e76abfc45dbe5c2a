"""Rules for a method's arguments, whatever they come from (path, query, header and cookie
parameters, the fields of a flattened body, or one body argument): added, removed, required,
retyped, moved, renamed on the wire, deprecated, and the order of the positional ones."""

from __future__ import annotations

from dataclasses import dataclass

from .. import ir
from ..python.annotations import Spelling
from .types import accepts, format_changed, shape, type_key
from .versions import Versions, method, params_of


@dataclass(frozen=True)
class _Arg:
    """A method argument of any source: path, query, header, cookie, body field or body."""

    name: str
    location: str
    wire_name: str
    required: bool
    type: ir.TypeRef | None
    """None only where the model does not type it (a body field missing from its model)."""
    text: str
    """The type as the signature spells it (without `| NotGiven` where typed)."""
    deprecated: bool


def compare_arguments(v: Versions, old_op: ir.Operation, new_op: ir.Operation) -> None:
    """Each argument by name, then the order of the positional (path) ones."""
    old_args = _arguments(v.old_spelling, v.old, old_op)
    new_args = _arguments(v.new_spelling, v.new, new_op)
    call = method(new_op.call)
    for name in sorted(old_args.keys() | new_args.keys()):
        where = f"{call}({name})"
        old = old_args.get(name)
        new = new_args.get(name)
        if old is None and new is not None:
            added = "new required argument" if new.required else "new optional argument"
            v.add("argument-added", new.required, where, added, new=new.text)
        elif new is None and old is not None:
            v.add("argument-removed", True, where, "argument removed", old=old.text)
        elif old is not None and new is not None:
            _compare_argument(v, where, old, new)
    old_positional = [a.name for a in old_args.values() if a.location == "path"]
    new_positional = [a.name for a in new_args.values() if a.location == "path"]
    common = set(old_positional) & set(new_positional)
    kept_old = [name for name in old_positional if name in common]
    kept_new = [name for name in new_positional if name in common]
    if kept_old != kept_new:
        v.add(
            "argument-order-changed",
            True,
            call,
            "positional (path) arguments reordered",
            old=", ".join(kept_old),
            new=", ".join(kept_new),
        )


def _compare_argument(v: Versions, where: str, old: _Arg, new: _Arg) -> None:
    if old.required != new.required:
        if new.required:
            v.add(
                "argument-became-required",
                True,
                where,
                "argument became required",
                old="optional",
                new="required",
            )
        else:
            v.add(
                "argument-became-optional",
                False,
                where,
                "argument became optional",
                old="required",
                new="optional",
            )
    _compare_argument_type(v, where, old, new)
    if old.location != new.location:
        positional_lost = old.location == "path" and new.location != "path"
        v.add(
            "argument-location-changed",
            positional_lost,
            where,
            (
                "argument moved (no longer positional)"
                if positional_lost
                else "argument moved (the client sends it there)"
            ),
            old=old.location,
            new=new.location,
        )
    elif old.wire_name != new.wire_name:
        v.add(
            "argument-wire-name-changed",
            False,
            where,
            "argument sent under a new name (the client sends it)",
            old=old.wire_name,
            new=new.wire_name,
        )
    if new.deprecated and not old.deprecated:
        v.add("argument-deprecated", False, where, "argument deprecated")


def _compare_argument_type(v: Versions, where: str, old: _Arg, new: _Arg) -> None:
    if old.type is None or new.type is None:
        # Untyped on one side (the model lacks the body field): changed unless on both.
        if old.type is not new.type:
            v.add(
                "argument-type-changed",
                True,
                where,
                "argument type changed",
                old=old.text,
                new=new.text,
            )
        return
    if type_key(old.type, v.old_enums) == type_key(new.type, v.new_enums):
        return
    before, after = shape(old.type), shape(new.type)
    if format_changed(before, after):
        kind, breaking, message = "argument-format-changed", True, "argument format changed"
    elif accepts(after, before, v.old_enums):
        kind, breaking, message = "argument-type-changed", False, "argument type widened"
    else:
        kind, breaking, message = "argument-type-changed", True, "argument type changed"
    v.add(kind, breaking, where, message, old=old.text, new=new.text)


def _arguments(spelling: Spelling, api: ir.Api, op: ir.Operation) -> dict[str, _Arg]:
    """The method's arguments by name, positional (path) ones first in order."""
    args: dict[str, _Arg] = {}
    for param in params_of(op):
        args[param.arg] = _Arg(
            name=param.arg,
            location=param.location,
            wire_name=param.wire_name,
            required=param.required,
            type=param.type,
            text=spelling.request(param.type),
            deprecated=param.deprecated,
        )
    body = op.body
    if body is None:
        return args
    if body.arg is not None:
        args[body.arg] = _Arg(
            name=body.arg,
            location="body",
            wire_name="",
            required=body.required,
            type=body.type,
            text=spelling.request(body.type) if body.type is not None else "",
            deprecated=False,
        )
    model = next((m for m in api.models if m.name == body.model), None)
    fields = {f.name: f for f in model.fields} if model is not None else {}
    for body_field in body.fields:
        model_field = fields.get(body_field.field_name)
        args[body_field.arg] = _Arg(
            name=body_field.arg,
            location="body",
            wire_name=body_field.wire_name,
            required=body_field.required,
            type=model_field.type if model_field is not None else None,
            text=spelling.request(model_field.type) if model_field is not None else "",
            deprecated=model_field.deprecated if model_field is not None else False,
        )
    return args

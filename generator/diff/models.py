"""Rules for models and their fields, each change reported once on the model (never once per
method using it), and judged by the direction the model travels: a model the client sends
(an input) may widen, one it reads (an output) may narrow; one used both ways may do neither.
Body models only ever spread into a method's arguments are compared as those arguments."""

from __future__ import annotations

from dataclasses import dataclass

from .. import ir
from .types import (
    accepts,
    extra_key,
    extra_shape,
    field_key,
    format_changed,
    key_without_null,
    shape_without_null,
)
from .versions import Versions, is_component


@dataclass(frozen=True)
class _Direction:
    """Which ways a model travels: sent by the client (`inputs`), read by it (`outputs`)."""

    inputs: bool
    outputs: bool


def compare_models(v: Versions) -> None:
    """Models added, removed (component schemas only: inline classes follow their users),
    and each kept one compared."""
    old_models = {m.name: m for m in v.old.models}
    new_models = {m.name: m for m in v.new.models}
    for name in sorted(old_models.keys() | new_models.keys()):
        old = old_models.get(name)
        new = new_models.get(name)
        if old is None and new is not None:
            if name not in v.new_usage.flattened_only and is_component(new.pointer):
                v.add("model-added", False, name, "model added")
        elif new is None and old is not None:
            if name not in v.old_usage.flattened_only and is_component(old.pointer):
                v.add("model-removed", True, name, "model removed")
        elif old is not None and new is not None:
            if name in v.old_usage.flattened_only and name in v.new_usage.flattened_only:
                continue  # reported as the arguments it spreads into
            _compare_model(v, old, new)


def _direction(v: Versions, name: str) -> _Direction:
    inputs = name in v.old_usage.inputs or name in v.new_usage.inputs
    outputs = name in v.old_usage.outputs or name in v.new_usage.outputs
    if name in v.old_usage.flattened_only or name in v.new_usage.flattened_only:
        inputs = True
    if not inputs and not outputs:
        return _Direction(inputs=True, outputs=True)  # not used by any method: judged both ways
    return _Direction(inputs=inputs, outputs=outputs)


def _compare_model(v: Versions, old: ir.Model, new: ir.Model) -> None:
    name = new.name
    way = _direction(v, name)
    if old.param_name and not new.param_name:
        v.add("typeddict-removed", True, old.param_name, "TypedDict removed")
    elif new.param_name and not old.param_name:
        v.add("typeddict-added", False, new.param_name, "TypedDict added")
    old_fields = {f.name: f for f in old.fields}
    new_fields = {f.name: f for f in new.fields}
    for field_name in sorted(old_fields.keys() | new_fields.keys()):
        where = f"{name}.{field_name}"
        before = old_fields.get(field_name)
        after = new_fields.get(field_name)
        if before is None and after is not None:
            required = "required" if after.required else "optional"
            v.add(
                "field-added",
                way.inputs and after.required,
                where,
                f"{required} field added",
                new=v.new_spelling.field(after),
            )
        elif after is None and before is not None:
            v.add("field-removed", True, where, "field removed", old=v.old_spelling.field(before))
        elif before is not None and after is not None:
            _compare_field(v, where, before, after, way)
    if extra_key(old.extra_type, v.old_enums) != extra_key(new.extra_type, v.new_enums):
        before_shape, after_shape = extra_shape(old.extra_type), extra_shape(new.extra_type)
        breaking = (way.inputs and not accepts(after_shape, before_shape, v.old_enums)) or (
            way.outputs and not accepts(before_shape, after_shape, v.new_enums)
        )
        v.add(
            "model-extra-type-changed",
            breaking,
            name,
            "type of additional properties changed",
            old=v.old_spelling.type(old.extra_type) if old.extra_type else "Any",
            new=v.new_spelling.type(new.extra_type) if new.extra_type else "Any",
        )


def _compare_field(v: Versions, where: str, old: ir.Field, new: ir.Field, way: _Direction) -> None:
    if old.required != new.required:
        if new.required:
            v.add(
                "field-became-required",
                way.inputs,
                where,
                "field became required",
                old="optional",
                new="required",
            )
        else:
            # Reading code breaks where the attribute's annotation gains None.
            v.add(
                "field-became-optional",
                way.outputs and new.reads_none and not old.reads_none,
                where,
                "field became optional",
                old="required",
                new="optional",
            )
    if old.nullable != new.nullable:
        _compare_nullability(v, where, old, new, way)
    _compare_field_type(v, where, old, new, way)
    if old.wire_name != new.wire_name:
        v.add(
            "field-wire-name-changed",
            False,
            where,
            "field has a new wire name (the alias follows)",
            old=old.wire_name,
            new=new.wire_name,
        )
    if new.deprecated and not old.deprecated:
        v.add("field-deprecated", False, where, "field deprecated")


def _compare_nullability(
    v: Versions, where: str, old: ir.Field, new: ir.Field, way: _Direction
) -> None:
    # The annotation shows it unless the attribute could hold None already (an optional field).
    shown = field_key(old, v.old_enums) != field_key(new, v.new_enums)
    if new.nullable:
        v.add(
            "field-became-nullable",
            way.outputs and new.reads_none and not old.reads_none,
            where,
            (
                "field became nullable"
                if shown
                else "field became nullable (optional already: annotation unchanged)"
            ),
            old=v.old_spelling.field(old) if shown else "not nullable",
            new=v.new_spelling.field(new) if shown else "nullable",
        )
    else:
        v.add(
            "field-became-non-nullable",
            way.inputs,
            where,
            "field no longer nullable",
            old=v.old_spelling.field(old) if shown else "nullable",
            new=v.new_spelling.field(new) if shown else "not nullable",
        )


def _compare_field_type(
    v: Versions, where: str, old: ir.Field, new: ir.Field, way: _Direction
) -> None:
    """The type without None (a field's nullability is reported on its own)."""
    if key_without_null(old.type, v.old_enums) == key_without_null(new.type, v.new_enums):
        return
    before, after = shape_without_null(old.type), shape_without_null(new.type)
    old_text, new_text = v.old_spelling.without_none(old.type), v.new_spelling.without_none(
        new.type
    )
    if format_changed(before, after):
        v.add("field-format-changed", True, where, "field format changed", old_text, new_text)
        return
    breaking = (way.inputs and not accepts(after, before, v.old_enums)) or (
        way.outputs and not accepts(before, after, v.new_enums)
    )
    message = "field type changed" if breaking else "field type changed compatibly"
    v.add("field-type-changed", breaking, where, message, old=old_text, new=new_text)

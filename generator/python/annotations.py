"""The one place that writes Python type text: annotations spelled from the type structure."""

from __future__ import annotations

from .. import ir


def spell(type_: ir.TypeRef) -> str:
    """The response-side annotation (models, return types; enums open: `Role | str`)."""
    return type_.annotation


def spell_without_none(type_: ir.TypeRef) -> str:
    """The response-side annotation of the type without its own `| None` (a nullable type's
    non-null part; `None` itself stays `None`). Spelled from the structure: nullability is
    `type_.nullable`, not the text."""
    if not type_.nullable or type_.kind == "null":
        return type_.annotation
    return type_.annotation.removesuffix(" | None")


def spell_param(type_: ir.TypeRef) -> str:
    """The request-side annotation (arguments, TypedDicts: a model also as its TypedDict)."""
    return type_.param_annotation


def field_annotation(field: ir.Field) -> str:
    """A model attribute's annotation, `| None` included where the attribute may hold None."""
    return field.annotation


def extra_value_annotation(model: ir.Model) -> str:
    """The type of a model's additional properties' values: `Any` where the schema leaves
    them untyped."""
    return spell(model.extra_type) if model.extra_type is not None else "Any"


def argument_annotation(argument: ir.Parameter | ir.BodyArgument) -> str:
    """A method argument's annotation in the signature (`| NotGiven` when optional)."""
    return argument.annotation


def body_annotation(body: ir.RequestBody) -> str | None:
    """The annotation of a body given as one argument (None for a flattened body)."""
    return body.annotation


def return_annotation(operation: ir.Operation) -> str:
    """The sync method's return annotation."""
    return operation.return_annotation

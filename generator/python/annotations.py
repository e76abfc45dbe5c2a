"""The one place that writes Python type text: annotations spelled from the type structure.

The model holds types as structure (`ir.TypeRef`: kind, name, children, nullable, value); what
each lands as in the code is decided here, for the place it lands: the response side (models,
return types) or the request side (arguments and TypedDicts: a model is also accepted as its
TypedDict, a list as any sequence, an enum also as its base), with the rewrites of that place
(`SerializeAsAny[Base]` for a polymorphic base in a model field, `builtins.list` in a class
with a method named `list`, `| NotGiven` for an argument that may be left out, `Stream[...]`).
What spelling needs beyond a TypeRef is a `SpellContext` (the enums' bases, the polymorphic
bases, the models). Nothing here parses a Python type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from .. import ir
from ..render.filters import pyliteral, pystr

JSON_MEDIA = re.compile(r"^application/(.+\+)?json(;.*)?$|^\*/\*$")
"""Media types whose payload is parsed as JSON (into the schema's type)."""

_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
_NONE = "None"
QUALIFIED_MEMBERS = frozenset({"list"})
"""Method names that shadow a builtin in their class: its annotations spell `builtins.list`."""


@dataclass(frozen=True)
class SpellContext:
    """What spelling needs beyond a TypeRef."""

    enum_bases: Mapping[str, str] = field(default_factory=dict)
    """Enum class -> 'str' or 'int'."""
    polymorphic: frozenset[str] = frozenset()
    """Models with subtypes: model fields spell them `SerializeAsAny[...]`."""
    for_people: bool = False
    """Spell for a report people read (`datetime.date`), not for the generated code
    (`_dt.date`, as its modules import datetime)."""
    models: Mapping[str, ir.Model] = field(default_factory=dict)
    """Model class -> model (a flattened body's arguments take their fields' types)."""
    declaring: frozenset[str] = frozenset()
    """Models with a field typed by an enum: a union of one of them (or of an enum) with
    another member is chosen by the values its members list first (`ByDeclaredValues`)."""

    @classmethod
    def of(cls, api: ir.Api, *, for_people: bool = False) -> SpellContext:
        """The context of one package's model."""
        return replace(cls.of_types(api.models, api.enums), for_people=for_people)

    @classmethod
    def of_types(cls, models: Iterable[ir.Model], enums: Iterable[ir.Enum]) -> SpellContext:
        """The context of a package's models and enums (while the package is being built)."""
        models = tuple(models)
        return cls(
            enum_bases={enum.name: enum.base for enum in enums},
            polymorphic=frozenset(model.name for model in models if model.subtypes),
            models={model.name: model for model in models},
            declaring=frozenset(
                model.name
                for model in models
                if any(
                    member.kind == "enum"
                    for model_field in model.fields
                    for member in union_members([model_field.type])
                )
            ),
        )


class _Style(NamedTuple):
    """How one annotation is spelled: which side, and the rewrites of where it lands."""

    request: bool
    enum_bases: Mapping[str, str]
    qualify: bool = False
    """`builtins.list[...]` (a class with a method named `list`)."""
    wrap: frozenset[str] = frozenset()
    """Models spelled `SerializeAsAny[Model]` (in model fields)."""
    modules: tuple[str, str] = ("_dt", "_uuid")
    """How the `datetime` and `uuid` modules are named (the generated code imports them as
    `_dt` and `_uuid`; text for people says `datetime` and `uuid`)."""
    declaring: frozenset[str] | None = None
    """Where pydantic validates the spelled type (model fields, `cast_to`): the models whose
    unions are spelled `Annotated[..., ByDeclaredValues]` (see `by_declared_values`)."""


def _style(
    context: SpellContext,
    request: bool,
    *,
    qualify: bool = False,
    wrap: frozenset[str] = frozenset(),
    validated: bool = False,
) -> _Style:
    modules = ("datetime", "uuid") if context.for_people else ("_dt", "_uuid")
    declaring = context.declaring if validated and not context.for_people else None
    return _Style(
        request,
        context.enum_bases,
        qualify=qualify,
        wrap=wrap,
        modules=modules,
        declaring=declaring,
    )


_SCALARS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "str": (("str",), ("str",)),
    "int": (("int",), ("int",)),
    "float": (("float",), ("float",)),
    "bool": (("bool",), ("bool",)),
    "datetime": (("{dt}.datetime",), ("{dt}.datetime",)),
    "date": (("{dt}.date",), ("{dt}.date",)),
    "time": (("{dt}.time",), ("{dt}.time",)),
    "uuid": (("{uuid}.UUID",), ("{uuid}.UUID", "str")),
    "bytes": (("bytes",), ("bytes",)),
    "file": (("bytes",), ("FileTypes",)),
    "base64": (("Base64Bytes",), ("bytes",)),
    "any": (("Any",), ("Any",)),
    "null": ((_NONE,), (_NONE,)),
}
"""Kinds without structure: (response parts, request parts); `{dt}` and `{uuid}` stand for
how the datetime and uuid modules are named where the text lands."""


def union_members(members: Iterable[ir.TypeRef]) -> list[ir.TypeRef]:
    """The members of a union of `members`, nested unions flattened (not de-duplicated)."""
    flat: list[ir.TypeRef] = []
    for member in members:
        if member.kind == "union":
            flat.extend(union_members(member.args))
        else:
            flat.append(member)
    return flat


def absorbs(members: Iterable[ir.TypeRef]) -> bool:
    """Whether a union of `members` is `Any` (an `Any` member absorbs the others)."""
    return any(member.kind == "any" for member in union_members(members))


def adds_none(type_: ir.TypeRef) -> bool:
    """Whether a nullable type's `| None` is added to its own spelling (not a member's)."""
    if not type_.nullable or type_.kind in ("null", "any"):
        return False
    return type_.kind != "union" or not any(member.nullable for member in type_.args)


def by_declared_values(type_: ir.TypeRef, declaring: frozenset[str] | None) -> bool:
    """Whether a union is spelled `Annotated[A | B, ByDeclaredValues]`, so that its member is
    chosen by the values the members list first: one of two or more members is an (open)
    enum, or a model in `declaring` (a field typed by an enum), which would otherwise take
    values another member lists. None: the spelling is not validated (nothing is marked)."""
    if declaring is None or type_.kind != "union" or absorbs(type_.args):
        return False
    members = [member for member in union_members(type_.args) if member.kind != "null"]
    return len(members) > 1 and any(
        member.kind == "enum" or (member.kind == "model" and member.name in declaring)
        for member in members
    )


def _union_parts(members: Sequence[ir.TypeRef], style: _Style) -> list[str]:
    """The parts of a union: the members' parts in order, once each, `None` last."""
    if absorbs(members):
        return ["Any"]
    parts: list[str] = []
    for member in members:
        for part in _parts(member, style):
            if part not in parts:
                parts.append(part)
    if _NONE in parts:
        parts.remove(_NONE)
        parts.append(_NONE)
    return parts


def _join(type_: ir.TypeRef, style: _Style) -> str:
    return " | ".join(_parts(type_, style))


def _parts(type_: ir.TypeRef, style: _Style) -> list[str]:
    """The `|`-separated parts of a type's spelling."""
    kind = type_.kind
    parts: list[str]
    if kind in _SCALARS:
        response, request = _SCALARS[kind]
        dt, uuid = style.modules
        parts = [part.format(dt=dt, uuid=uuid) for part in (request if style.request else response)]
    elif kind == "union":
        parts = _union_parts(type_.args, style)
        if by_declared_values(type_, style.declaring):
            inner = " | ".join(part for part in parts if part != _NONE)
            marked = f"Annotated[{inner}, ByDeclaredValues]"
            parts = [marked, _NONE] if _NONE in parts else [marked]
    elif kind == "model":
        name = type_.name or ""
        if style.request:
            parts = [name, f"{name}Param"]
        else:
            parts = [f"SerializeAsAny[{name}]" if name in style.wrap else name]
    elif kind == "enum":
        name = type_.name or ""
        parts = [name, style.enum_bases[name]] if style.request else [name]
    elif kind == "alias":
        parts = _union_parts(type_.args, style) if style.request else [type_.name or ""]
    elif kind == "list":
        outer = "Sequence" if style.request else "builtins.list" if style.qualify else "list"
        parts = [f"{outer}[{_join(type_.args[0], style)}]"]
    elif kind == "dict":
        outer = "Mapping" if style.request else "dict"
        parts = [f"{outer}[str, {_join(type_.args[0], style)}]"]
    elif kind == "tuple":
        parts = [f"tuple[{', '.join(_join(member, style) for member in type_.args)}]"]
    elif kind == "literal":
        value = type_.value
        parts = [f"Literal[{pystr(value) if isinstance(value, str) else repr(value)}]"]
    else:
        raise ValueError(f"a type of unknown kind {kind!r}")
    return [*parts, _NONE] if adds_none(type_) else parts


def spell_type(type_: ir.TypeRef, context: SpellContext) -> str:
    """The response-side spelling of a type."""
    return _join(type_, _style(context, False))


def spell_type_param(type_: ir.TypeRef, context: SpellContext) -> str:
    """The request-side spelling of a type."""
    return " | ".join(_parts(type_, _style(context, True)))


def field_style(context: SpellContext) -> _Style:
    """How a model field's annotation is spelled (polymorphic bases `SerializeAsAny[...]`)."""
    return _style(context, False, wrap=context.polymorphic, validated=True)


def field_adds_none(model_field: ir.Field) -> bool:
    """Whether a field's annotation gets `| None` beyond its type's (absent reads as None)."""
    return model_field.reads_none and not model_field.type.nullable


def spell_field(model_field: ir.Field, context: SpellContext) -> str:
    """A model field's annotation (`| None` where absent or null reads as None)."""
    parts = _parts(model_field.type, field_style(context))
    return " | ".join([*parts, _NONE] if field_adds_none(model_field) else parts)


_FROM_TEXT = {
    "date": (0, "date.fromisoformat"),
    "datetime": (0, "datetime.fromisoformat"),
    "time": (0, "time.fromisoformat"),
    "uuid": (1, "UUID"),
}
"""Kinds whose default is a Python value built from its text: (module, constructor)."""


def spell_default(model_field: ir.Field, context: SpellContext) -> str | None:
    """The Python value of an optional field's default (None without one): an enum member, a
    date, date-time or uuid built from its text, a list or object made anew for each
    instance, else the JSON value as a literal."""
    if not model_field.has_default:
        return None
    if model_field.default_member is not None:
        return model_field.default_member
    if mutable_default(model_field):
        return f"Field(default_factory=lambda: {pyliteral(model_field.default)})"
    kind = model_field.default_type.kind if model_field.default_type else None
    if kind in _FROM_TEXT:
        module, constructor = _FROM_TEXT[kind]
        prefix = field_style(context).modules[module]
        return f"{prefix}.{constructor}({pystr(model_field.default)})"
    return pyliteral(model_field.default)


def mutable_default(model_field: ir.Field) -> bool:
    """Whether a field's default is a list or object (given by a `Field(default_factory=...)`)."""
    return model_field.has_default and isinstance(model_field.default, (list, dict))


def spell_field_param(model_field: ir.Field, context: SpellContext) -> str:
    """A model field's type in the model's TypedDict."""
    return spell_type_param(model_field.type, context)


def spell_extra(model: ir.Model, context: SpellContext) -> str | None:
    """The annotation of a model's `__pydantic_extra__` (None when extra keys are untyped or `Any`)."""
    extra = model.extra_type
    if extra is None or extra.kind == "any":
        return None
    return f"dict[str, {_join(extra, field_style(context))}]"


def spell_alias_target(alias: ir.TypeAliasDef, context: SpellContext) -> str:
    """What a type alias stands for."""
    return spell_type(alias.type, context)


def _omittable(parts: list[str]) -> str:
    """An argument that may be left out: `| NotGiven`, before a last `None`."""
    if len(parts) > 1 and parts[-1] == _NONE:
        return " | ".join([*parts[:-1], "NotGiven", _NONE])
    return " | ".join([*parts, "NotGiven"])


def _argument(parts: list[str], optional: bool) -> str:
    return _omittable(parts) if optional else " | ".join(parts)


def spell_parameter(
    parameter: ir.Parameter, context: SpellContext, *, qualify: bool = False
) -> str:
    """A parameter argument's annotation in the signature (`qualify`: as spelled in a class with a method
    named `list`, which `Operation.path_params` and `keyword_params` are)."""
    style = _style(context, True, qualify=qualify)
    return _argument(_parts(parameter.type, style), not parameter.required)


def body_field(body: ir.RequestBody, argument: ir.BodyArgument, context: SpellContext) -> ir.Field:
    """The body model's field a flattened body argument fills."""
    model = context.models[body.model or ""]
    return next(f for f in model.fields if f.name == argument.field_name)


def spell_body_argument(
    body: ir.RequestBody,
    argument: ir.BodyArgument,
    context: SpellContext,
    *,
    qualify: bool = False,
) -> str:
    """A flattened body argument's annotation (optional unless required or a constant)."""
    style = _style(context, True, qualify=qualify)
    parts = _parts(body_field(body, argument, context).type, style)
    return _argument(parts, not argument.required and not argument.has_default)


def spell_body(body: ir.RequestBody, context: SpellContext, *, qualify: bool = False) -> str | None:
    """The annotation of a body given as one argument (None for a flattened body)."""
    if body.type is None:
        return None
    style = _style(context, True, qualify=qualify)
    return _argument(_parts(body.type, style), not body.required)


class ReturnShape(NamedTuple):
    """What a method returns: the union of `members` (None when there is no content)."""

    members: tuple[ir.TypeRef, ...]
    """The success responses' distinct types, in status order."""
    nullable: bool
    """Some success response has no content (and the method does not stream)."""


def return_shape(operation: ir.Operation) -> ReturnShape:
    """The success types an operation's return annotation is spelled from."""
    members: list[ir.TypeRef] = []
    for response in operation.responses:
        if response.type is not None and response.type not in members:
            members.append(response.type)
    empty = any(response.type is None for response in operation.responses)
    return ReturnShape(tuple(members), empty and not operation.stream)


def _return_parts(operation: ir.Operation, style: _Style) -> list[str]:
    members, nullable = return_shape(operation)
    if not members:
        return [_NONE]
    if len(members) == 1:
        parts = _parts(members[0], style)
        needs_none = not members[0].nullable and members[0].kind != "any"
    else:
        parts = _union_parts(members, style)
        needs_none = not absorbs(members) and not any(member.nullable for member in members)
    return [*parts, _NONE] if nullable and needs_none else parts


def spell_cast_to(operation: ir.Operation, context: SpellContext) -> str | None:
    """The runtime type a response is parsed into (None for no content)."""
    if not return_shape(operation).members:
        return None
    return " | ".join(_return_parts(operation, _style(context, False, validated=True)))


def spell_return(operation: ir.Operation, context: SpellContext, *, qualify: bool = False) -> str:
    """A method's return annotation (`Stream[...]` for an event stream)."""
    spelled = " | ".join(_return_parts(operation, _style(context, False, qualify=qualify)))
    return f"Stream[{spelled}]" if operation.stream else spelled


def spell_async_return(
    operation: ir.Operation, context: SpellContext, *, qualify: bool = False
) -> str:
    """An async method's return annotation (`AsyncStream[...]` for a stream)."""
    spelled = " | ".join(_return_parts(operation, _style(context, False, qualify=qualify)))
    return f"AsyncStream[{spelled}]" if operation.stream else spelled


def by_status_types(operation: ir.Operation) -> tuple[tuple[str, ir.TypeRef | None], ...]:
    """(status, type) per success response, when they differ and the method does not stream."""
    if operation.stream or len({response.type for response in operation.responses}) < 2:
        return ()
    return tuple(
        (response.status.upper(), response.type)
        for response in operation.responses
        if response.status != "default"
    )


def spell_by_status(operation: ir.Operation, context: SpellContext) -> tuple[tuple[str, str], ...]:
    """Each success status's runtime type, where they differ."""
    style = _style(context, False, validated=True)
    return tuple(
        (status, _join(type_, style) if type_ is not None else _NONE)
        for status, type_ in by_status_types(operation)
    )


def qualifies_builtins(resource: ir.Resource) -> bool:
    """Whether a resource class's annotations spell `builtins.list` (a method shadows it)."""
    return any(operation.name in QUALIFIED_MEMBERS for operation in resource.operations)


class Spelling:
    """The spelling templates use: `py.field(field)`, `py.parameter(param)`, `py.returns(op)`.

    Bound to one package's `SpellContext`; `within(resource)` gives the spelling inside a
    resource class (where a method named `list` makes annotations spell `builtins.list`).
    """

    def __init__(self, context: SpellContext, *, qualify: bool = False) -> None:
        self.context = context
        self.qualify = qualify

    def within(self, resource: ir.Resource) -> Spelling:
        """The spelling inside `resource`'s class."""
        return Spelling(self.context, qualify=qualifies_builtins(resource))

    def type(self, type_: ir.TypeRef) -> str:
        """A type, response side (what a value read back is)."""
        return spell_type(type_, self.context)

    def request(self, type_: ir.TypeRef) -> str:
        """A type, request side (what an argument accepts)."""
        return spell_type_param(type_, self.context)

    def without_none(self, type_: ir.TypeRef) -> str:
        """A type, response side, without `None` among its values."""
        parts = [part for part in _parts(type_, _style(self.context, False)) if part != _NONE]
        return " | ".join(parts) or _NONE

    def field(self, model_field: ir.Field) -> str:
        """A model attribute's annotation."""
        return spell_field(model_field, self.context)

    def default(self, model_field: ir.Field) -> str | None:
        """A model attribute's default value (None: it has none)."""
        return spell_default(model_field, self.context)

    def field_param(self, model_field: ir.Field) -> str:
        """The key's type in the model's TypedDict."""
        return spell_field_param(model_field, self.context)

    def extra_keys(self, model: ir.Model) -> str | None:
        """`__pydantic_extra__`'s annotation (None when extra keys are untyped)."""
        return spell_extra(model, self.context)

    def alias_target(self, alias: ir.TypeAliasDef) -> str:
        """What a type alias stands for."""
        return spell_alias_target(alias, self.context)

    def parameter(self, parameter: ir.Parameter) -> str:
        """A parameter argument in the method signature."""
        return spell_parameter(parameter, self.context, qualify=self.qualify)

    def body_argument(self, body: ir.RequestBody, argument: ir.BodyArgument) -> str:
        """A flattened body argument in the method signature."""
        return spell_body_argument(body, argument, self.context, qualify=self.qualify)

    def body(self, body: ir.RequestBody) -> str | None:
        """A body given as one argument (None for a flattened body)."""
        return spell_body(body, self.context, qualify=self.qualify)

    def returns(self, operation: ir.Operation, *, is_async: bool = False) -> str:
        """The method's return annotation."""
        if is_async:
            return spell_async_return(operation, self.context, qualify=self.qualify)
        return spell_return(operation, self.context, qualify=self.qualify)

    def cast_to(self, operation: ir.Operation) -> str | None:
        """The runtime type a response is parsed into (None for no content)."""
        return spell_cast_to(operation, self.context)

    def by_status(self, operation: ir.Operation) -> tuple[tuple[str, str], ...]:
        """Each success status's runtime type, where they differ."""
        return spell_by_status(operation, self.context)

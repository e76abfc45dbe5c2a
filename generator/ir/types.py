"""Types: type references, and the models, enums and aliases the package defines."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TypeRef:
    """A type, as structure: its kind and, for containers and unions, its children.

    Never Python text: `python/annotations` spells it (the response side: models, return
    types, enums open as `Role | str`; the request side: a model also accepted as its
    TypedDict, a list as any sequence), for the place it lands.
    """

    kind: str
    """str, int, float, bool, datetime, date, time, uuid, bytes, file (`format: binary`: a
    file argument), base64 (`format: byte`), any, null, list, dict, model, enum, alias (a
    tagged union's name; `args` its members), union, literal (a `const`), tuple
    (`prefixItems`)."""
    name: str | None = None
    """Class name for kind model/enum/alias."""
    args: tuple[TypeRef, ...] = ()
    """Item type (list), value type (dict), members (union)."""
    nullable: bool = False
    value: str | int | bool | None = None
    """For kind literal: the constant."""


@dataclass(frozen=True)
class Field:
    """One property of a model."""

    name: str
    wire_name: str
    type: TypeRef
    required: bool
    nullable: bool
    has_alias: bool
    reads_none: bool
    """The attribute may hold None (the property may be null, or absent and not filled in):
    what readers of the model must handle; its annotation ends in `| None` exactly then."""
    description: str | None = None
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False
    default: object = None
    """The schema's default, emitted (as a literal) only when `has_default`."""
    has_default: bool = False
    """The default matches the field's type and the field is optional."""
    default_type: TypeRef | None = None
    """With `has_default`: the member of `type` the default is a value of (how it is spelled:
    a date, a uuid, an enum member, the JSON value itself)."""
    default_member: str | None = None
    """For an enum default: the member expression (`Speed.FAST`) emitted instead."""
    example: object = None
    """The spec's example of the property, for the README; None: none."""
    request_required: bool = False
    """Required in a request: the schema requires it and it is not readOnly (a required
    writeOnly property is, though the shared model, which responses use too, cannot require
    it)."""


@dataclass(frozen=True)
class Model:
    """A pydantic model, and (when requests use it) its TypedDict `param_name`."""

    name: str
    fields: tuple[Field, ...]
    description: str | None
    pointer: str
    """JSON pointer of the schema in the document."""
    param_name: str | None = None
    extra_type: TypeRef | None = None
    """Type of additional properties, when the schema types them."""
    recursive: bool = False
    constants: tuple[str, ...] = ()
    """Fields holding a required `const`: they default to it and count as set (so that they
    are sent) without the caller giving them."""
    base: str | None = None
    """Parent model class: the schema extends (allOf) a schema whose discriminator names it."""
    discriminator: str | None = None
    """Wire name of the property whose value names the subtype (for a model with `subtypes`)."""
    subtypes: tuple[tuple[str, str], ...] = ()
    """(tag, subclass): data validated as this model becomes the subclass its tag names
    (unknown tags stay this model)."""


@dataclass(frozen=True)
class EnumMember:
    """One member: a derived constant name and the raw value (escaped when rendered)."""

    name: str
    value: str | int | float | bool


@dataclass(frozen=True)
class Enum:
    """An enum class; fields typed by it stay open to values the spec does not list."""

    name: str
    base: str
    """'str' or 'int'."""
    members: tuple[EnumMember, ...]
    description: str | None
    pointer: str


@dataclass(frozen=True)
class UnionAlias:
    """A oneOf/anyOf with a discriminator: `name` is `A | B` to type checkers, and pydantic
    picks the member by the `property` tag (unknown tags fall back to trying each member)."""

    name: str
    property: str
    """Wire name of the discriminating property."""
    variants: tuple[tuple[str, str], ...]
    """(tag value, model class name)."""
    members: tuple[str, ...]
    description: str | None
    pointer: str


@dataclass(frozen=True)
class TypeAliasDef:
    """A component schema that names another type (it is only a `$ref`, or a `const`): its
    name is importable, as an alias of that type."""

    name: str
    type: TypeRef
    """The type it stands for."""
    description: str | None
    pointer: str

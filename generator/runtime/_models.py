"""Models: the base model, open enums, base64 bytes and the two kinds of tagged union."""

from __future__ import annotations

import base64
import binascii
import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, TypeAlias, Union

import pydantic


def _base64_decode(value: object) -> object:
    """Base64 text as the bytes it encodes (RFC 4648; line breaks, missing padding and the
    URL-safe alphabet are tolerated); bytes are the data itself and stay as they are."""
    if isinstance(value, str):
        text = "".join(value.split()).replace("-", "+").replace("_", "/")
        try:
            return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
        except binascii.Error:
            raise ValueError("not valid base64 text") from None
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    return value


def _base64_encode(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


Base64Bytes: TypeAlias = Annotated[
    bytes,
    pydantic.BeforeValidator(_base64_decode),
    pydantic.PlainSerializer(_base64_encode, return_type=str, when_used="json"),
]
"""`format: byte`: bytes, sent as standard base64 text (RFC 4648, one line, padded) and read
back from it. Text given for it is taken as base64 already."""


class BaseModel(pydantic.BaseModel):
    """Base of every generated model: unknown fields are kept and dumped back."""

    model_config = pydantic.ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
        use_attribute_docstrings=True,
    )

    def to_dict(
        self, *, by_alias: bool = True, exclude_unset: bool = True, exclude_none: bool = False
    ) -> dict[str, Any]:
        """The model as JSON data: with the API's field names (`by_alias=False`: the Python
        attribute names), fields never set left out (`exclude_unset=False`: with their
        defaults), `exclude_none=True` leaves out fields that are None. Unknown fields the API
        sent are kept."""
        return self.model_dump(
            mode="json", by_alias=by_alias, exclude_unset=exclude_unset, exclude_none=exclude_none
        )

    def to_json(
        self,
        *,
        indent: int | None = None,
        by_alias: bool = True,
        exclude_unset: bool = True,
        exclude_none: bool = False,
    ) -> str:
        """The model as a JSON string, compact unless `indent` is given; the other options are
        those of `to_dict`."""
        return self.model_dump_json(
            indent=indent, by_alias=by_alias, exclude_unset=exclude_unset, exclude_none=exclude_none
        )


class OpenStrEnum(str, enum.Enum):
    """A string enum that accepts values the spec did not list (the API may add some). A
    member prints as its value: `f"{status}"` is `ready`, not `Status.READY`."""

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, format_spec: str) -> str:
        return str.__format__(str.__str__(self), format_spec)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member


class OpenIntEnum(int, enum.Enum):
    """An integer enum that accepts values the spec did not list. A member prints as its
    value."""

    def __str__(self) -> str:
        return int.__repr__(self)

    def __format__(self, format_spec: str) -> str:
        return int.__format__(int(self), format_spec)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = str(value)
        member._value_ = value
        return member


@functools.cache
def _adapter(type_: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(type_)


def _union_args(type_: Any) -> tuple[Any, ...]:
    """The members of a union type (`A | B`, `Union[A, B]`), nested unions and None left out;
    a type that is not a union is its own one member."""
    if typing.get_origin(type_) is Annotated:
        return _union_args(typing.get_args(type_)[0])
    if typing.get_origin(type_) in (Union, types.UnionType):
        members: list[Any] = []
        for arg in typing.get_args(type_):
            members.extend(_union_args(arg))
        return tuple(members)
    return () if type_ is type(None) or type_ is None else (type_,)


def _listed(type_: Any) -> frozenset[Any] | None:
    """The values a type lists (an enum's members, a Literal's values; a union of such, None
    allowed besides), or None when it does not list them."""
    members = _union_args(type_)
    values: set[Any] = set()
    for member in members:
        if isinstance(member, type) and issubclass(member, enum.Enum):
            values.update(item.value for item in member)
        elif typing.get_origin(member) is Literal:
            values.update(typing.get_args(member))
        else:
            return None
    return frozenset(values) if members else None


@functools.cache
def _declared_fields(model: type[pydantic.BaseModel]) -> tuple[tuple[str, frozenset[Any]], ...]:
    """(wire name, values) of each field of a model whose type lists its values."""
    found: list[tuple[str, frozenset[Any]]] = []
    for name, info in model.model_fields.items():
        values = _listed(info.annotation)
        if values is not None:
            found.append((info.alias or name, values))
    return tuple(found)


def _is_listed(value: Any, values: frozenset[Any]) -> bool:
    """Whether `value` is one of `values`, as a JSON value (1 is not True, nor 1.0 "1")."""
    if isinstance(value, enum.Enum):
        value = value.value
    return any(type(value) is type(listed) and value == listed for listed in values)


def _declared_matches(member: Any, value: Any) -> int | None:
    """How many of the values `member` lists `value` holds (a model's listed fields, an enum
    or a Literal itself); None when it holds one that `member` does not list."""
    if isinstance(member, type) and issubclass(member, pydantic.BaseModel):
        if not isinstance(value, Mapping):
            return 0
        count = 0
        for key, listed in _declared_fields(member):
            if key in value:
                if not _is_listed(value[key], listed):
                    return None
                count += 1
        return count
    values = _listed(member)
    if values is None:
        return 0
    return 1 if _is_listed(value, values) else None


class ByDeclaredValues:
    """`Annotated[A | B, ByDeclaredValues]`: a union whose member is chosen by the values its
    members list first. Enums are open (a value the spec does not list is accepted), so an
    enum, or a model with an enum field, would take a value that another member lists; the
    members that list the values `value` holds (most first) are tried first, and only when
    none of them takes it does the union choose as it would without this (smart mode)."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: pydantic.GetCoreSchemaHandler
    ) -> Any:
        members = _union_args(source)

        def choose(value: Any, validate: Callable[[Any], Any]) -> Any:
            if any(isinstance(member, type) and type(value) is member for member in members):
                return validate(value)
            scored = [
                (_declared_matches(member, value), index) for index, member in enumerate(members)
            ]
            ranked = sorted((-count, index) for count, index in scored if count)
            for _, index in ranked:
                try:
                    return _adapter(members[index]).validate_python(value)
                except pydantic.ValidationError:
                    continue
            return validate(value)

        return pydantic.WrapValidator(choose).__get_pydantic_core_schema__(source, handler)


def tagged_union(property_name: str, variants: Mapping[str, Any], members: tuple[Any, ...]) -> Any:
    """The pydantic type of a discriminated union: the member named by the `property_name`
    tag, and for a tag the spec does not list, the first member that validates."""
    other = "__clientgen_other__"

    def tag_of(value: Any) -> str:
        if isinstance(value, Mapping):
            tag = value.get(property_name)
            return str(tag) if str(tag) in variants else other
        for tag, member in variants.items():
            if type(value) is member:
                return tag
        return other

    choices = [Annotated[member, pydantic.Tag(tag)] for tag, member in variants.items()]
    union: Any = Union  # subscripted with members known only at run time
    choices.append(Annotated[union[members], ByDeclaredValues, pydantic.Tag(other)])
    return Annotated[union[tuple(choices)], pydantic.Discriminator(tag_of)]


def subtype_validator(
    property_name: str, subtypes: Callable[[], Mapping[str, type[pydantic.BaseModel]]]
) -> Any:
    """A model validator for a base model whose `property_name` names its subclass: data
    validated as the base (or an intermediate class) becomes the subclass its tag names; an
    unknown tag stays the class asked for. `subtypes` is called when validating, so that it
    may name classes defined after the base."""

    def pick(cls: type[pydantic.BaseModel], data: Any, handler: Callable[[Any], Any]) -> Any:
        if isinstance(data, Mapping):
            subtype = subtypes().get(str(data.get(property_name)))
            if subtype is not None and subtype is not cls and issubclass(subtype, cls):
                return subtype.model_validate(data)
        return handler(data)

    return pydantic.model_validator(mode="wrap")(classmethod(pick))  # type: ignore[arg-type]


def _validation_summary(exc: pydantic.ValidationError) -> str:
    """The first three errors of a validation failure, each `location: message`."""
    parts = []
    for error in exc.errors()[:3]:
        location = ".".join(str(part) for part in error["loc"])
        parts.append(f"{location}: {error['msg']}" if location else error["msg"])
    more = exc.error_count() - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")

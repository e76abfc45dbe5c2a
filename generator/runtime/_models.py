"""Models: the base model, open enums, base64 bytes and the two kinds of tagged union."""

from __future__ import annotations

import base64
import binascii
import enum
import functools
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeAlias, Union

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

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON data with the API's field names; unset fields left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def to_json(self) -> str:
        """The model as a JSON string with the API's field names."""
        return self.model_dump_json(by_alias=True, exclude_unset=True)


class OpenStrEnum(str, enum.Enum):
    """A string enum that accepts values the spec did not list (the API may add some)."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member


class OpenIntEnum(int, enum.Enum):
    """An integer enum that accepts values the spec did not list."""

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
    choices.append(Annotated[union[members], pydantic.Tag(other)])
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

"""Example values for the README's calls: the spec's own `example`/`examples` where they fit the
argument's type, else a placeholder made from the type."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

from .. import ir

NO_EXAMPLE: Any = None
"""What `spec_example` gives when the spec has none (a `null` example is no example either)."""


def _get(source: Any, key: str) -> Any:
    if source is None:
        return None
    if isinstance(source, Mapping) or (hasattr(source, "get") and not hasattr(source, key)):
        return source.get(key)
    return getattr(source, key, None)


def spec_example(*sources: Any) -> object:
    """The first example among `sources` (a parameter, then its schema, ...): its `example`,
    else the first of its `examples` (a list in a 3.1 schema, a map of Example objects on a
    parameter)."""
    for source in sources:
        value = _get(source, "example")
        if value is not None:
            return value
        examples = _get(source, "examples")
        if isinstance(examples, list) and examples and examples[0] is not None:
            return examples[0]
        if isinstance(examples, Mapping):
            for example in examples.values():
                value = _get(example, "value")
                if value is not None:
                    return value
    for source in sources:  # no example: a string of the declared format, if it has one
        declared = _get(source, "format") or _get(source, "schema_format")  # openapi-pydantic's
        value = FORMAT_EXAMPLES.get(str(declared or ""))
        if value is not None:
            return value
    return NO_EXAMPLE


FORMAT_EXAMPLES = {
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "iri": "https://example.com/",
    "uri-reference": "https://example.com/",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
}
"""A value of each string format a validating server checks, for an argument the spec gives
no example of."""


def fits(value: object, type_: ir.TypeRef, enum_values: tuple[object, ...] = ()) -> bool:
    """Whether a spec example is a value of a scalar argument type, as the README spells it (a
    plain literal): strings for str-like kinds, numbers, booleans, an enum's declared values."""
    kind = type_.kind
    if kind in ("str", "uuid"):
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "enum":
        return value in enum_values
    return False


def placeholder(type_: ir.TypeRef, wire_name: str) -> object:
    """A value of the argument's type made from its name, where the spec gives no example."""
    kind = type_.kind
    if kind in ("str", "any", "uuid"):
        return wire_name
    if kind == "int":
        return 0
    if kind == "float":
        return 0.0
    if kind == "bool":
        return True
    if kind == "file":  # a file to upload: its path (a str would be refused)
        return PurePosixPath(wire_name)
    if kind == "list":
        return [PurePosixPath(wire_name)] if type_.args and type_.args[0].kind == "file" else []
    if kind in ("dict", "model"):
        return {}
    if kind == "literal":
        return type_.value
    if kind == "base64":
        return wire_name.encode()
    if kind == "tuple":
        return tuple(placeholder(member, wire_name) for member in type_.args)
    if kind in ("enum", "null"):
        return None
    if kind == "bytes":
        return wire_name.encode()
    if kind == "datetime":
        return datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    if kind == "date":
        return datetime.date(2024, 1, 1)
    if kind == "time":
        return datetime.time(12, 0)
    return wire_name


def example_imports(values: Iterable[object]) -> tuple[str, ...]:
    """The import lines an example call with these argument values needs."""
    needed: set[str] = set()
    pending = list(values)
    while pending:
        value = pending.pop()
        if isinstance(value, PurePosixPath):
            needed.add("from pathlib import Path")
        elif isinstance(value, (datetime.date, datetime.time)):
            needed.add("import datetime")
        elif isinstance(value, (list, tuple)):
            pending.extend(value)
        elif isinstance(value, Mapping):
            pending.extend(value.values())
    return tuple(sorted(needed))


class ExampleValues:
    """Example arguments of the types of one API: the spec's example where it fits, an enum's
    first value, a union's first member, a model's TypedDict with its required keys (and its
    discriminator's tag), one item in a list, else a placeholder of the type."""

    def __init__(
        self,
        models: Mapping[str, ir.Model],
        enums: Mapping[str, ir.Enum],
        aliases: Mapping[str, ir.UnionAlias],
    ) -> None:
        self.models = models
        self.enums = enums
        self.aliases = aliases

    def value(
        self, type_: ir.TypeRef, wire_name: str, example: object = None, depth: int = 0
    ) -> object:
        """An example value of `type_` for the argument `wire_name`."""
        enum = self.enums.get(type_.name or "") if type_.kind == "enum" else None
        values = tuple(member.value for member in enum.members) if enum else ()
        if example is not None and fits(example, type_, values):
            return example
        if enum is not None:
            return values[0]
        alias = self.aliases.get(type_.name or "") if type_.kind == "alias" else None
        if alias is not None and alias.variants:
            tag, model = alias.variants[0]
            return self.model(model, wire_name, depth, {alias.property: tag})
        members = [member for member in type_.args if member.kind != "null"]
        if type_.kind in ("union", "alias") and members:
            return self.value(members[0], wire_name, None, depth)
        if type_.kind == "model" and type_.name is not None and depth < 3:
            return self.model(type_.name, wire_name, depth, {})
        if type_.kind == "list" and members and members[0].kind != "file" and depth < 3:
            return [self.value(members[0], wire_name, None, depth + 1)]
        return placeholder(type_, wire_name)

    def tag(self, model: ir.Model, wire_name: str) -> object:
        """The tag value a model's discriminator property takes in an example (its first
        subtype's), or None where `wire_name` is not its discriminator."""
        if model.discriminator == wire_name and model.subtypes:
            return model.subtypes[0][0]
        return None

    def model(
        self, name: str, wire_name: str, depth: int, tags: Mapping[str, object]
    ) -> object:
        """A model's TypedDict: its required keys, a discriminator holding a tag."""
        model = self.models.get(name)
        if model is None:
            return {}
        example: dict[str, object] = {}
        for field in model.fields:
            tag = tags.get(field.wire_name, self.tag(model, field.wire_name))
            if tag is not None:
                example[field.name] = tag
            elif field.request_required:
                example[field.name] = self.value(
                    field.type, field.wire_name, field.example, depth + 1
                )
        return example

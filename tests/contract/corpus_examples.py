"""Example arguments for an operation of a generated client, valid for its document.

Values come from the document itself where it has them, and are made up from the schemas
where it does not:

* a parameter: its `example`, its `examples`, its media type's examples, then its schema;
* a request body: the media type's `example` / `examples`, then its schema;
* a schema: its own `example` / `examples`, `const`, the first `enum` value, a `default`,
  else a value built from the keywords (format-aware strings, lengths, bounds, simple
  patterns, the required properties of objects and, for the "full" call, the optional ones
  too, the first fitting branch of `oneOf` / `anyOf`, `allOf` merged, never `null`).

A spec's example is used only when it fits its schema (`problem` below, a JSON Schema subset
checker that knows what Prism checks): real documents carry examples that contradict their
own schemas, and sending those would test the document, not the client.

Argument names come from the generator's intermediate model (`generator.ir`): the parameters'
and body fields' Python names and wire names, the body model and types. Nothing here decides
a name.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
import re._constants as sre_c  # the regex parser, for values of simple `pattern`s
import re._parser as sre_p
import string
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from generator import ir
from generator.spec.pointers import ref_tokens
from generator.spec.refs import lookup

JSON_MEDIA = re.compile(r"^application/(.+\+)?json(;.*)?$|^\*/\*$", re.I)
"""The media types a generated client sends as JSON (as `generator/build.py` picks them)."""

JS_SAFE_INTEGER = 2**53 - 1
"""Integers beyond this are not exact in JavaScript; Prism's int64 check stops there."""
MAX_OPTIONAL_DEPTH = 3
"""The "full" call fills optional properties of objects nested at most this deep."""
MAX_DEPTH = 24
"""Deeper than this, only required properties (recursive schemas end here)."""

FORMAT_VALUES: dict[str, str] = {
    "date-time": "2024-05-06T07:08:09Z",
    "date": "2024-05-06",
    "time": "07:08:09Z",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com/path",
    "url": "https://example.com/path",
    "iri": "https://example.com/path",
    "uri-reference": "https://example.com/path",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "c3RyaW5n",
    "duration": "P1D",
}

_DATE_TIME = re.compile(
    r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$", re.ASCII
)
_FORMAT_CHECKS: dict[str, re.Pattern[str]] = {
    "date-time": _DATE_TIME,
    "date": re.compile(r"^\d{4}-\d\d-\d\d$", re.ASCII),
    "time": re.compile(r"^\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)?$", re.ASCII),
    "uuid": re.compile(r"^(urn:uuid:)?[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$", re.I),
    "email": re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    "uri": re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$"),
    "ipv4": re.compile(r"^(\d{1,3}\.){3}\d{1,3}$", re.ASCII),
    "ipv6": re.compile(r"^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$"),
    "byte": re.compile(r"^(?:[a-z0-9+/]{4})*(?:[a-z0-9+/]{2}==|[a-z0-9+/]{3}=)?$", re.I),
}
"""What Prism's validator (ajv-formats) checks, roughly: enough to reject bad examples."""


# -- schemas -----------------------------------------------------------------------


class Schemas:
    """Local `$ref`s, value checks and made-up values over one document's data."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.v31 = str(data.get("openapi", "")).startswith("3.1")

    def deref(self, node: Any, stack: tuple[str, ...] = ()) -> tuple[Any, tuple[str, ...]]:
        """Follow `$ref`s; the second value is the references followed (for recursion)."""
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            found, target = lookup(self.data, ref_tokens(ref)) if ref.startswith("#") else (0, 0)
            if not found:
                return {}, stack
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            stack = (*stack, ref)
            node = {**target, **siblings} if siblings and isinstance(target, dict) else target
            seen += 1
            if seen > 64:
                return {}, stack
        return node, stack

    def resolve(self, node: Any) -> Any:
        return self.deref(node)[0]

    # -- checking ----------------------------------------------------------------

    def problem(self, schema: Any, value: Any, where: str = "$", depth: int = 0) -> str | None:
        """Why `value` does not fit `schema` (None: it fits, as far as this checker knows)."""
        schema, _ = self.deref(schema)
        if not isinstance(schema, dict) or depth > 64:
            return None
        if value is None:
            if self._nullable(schema):
                return None
            if schema.get("enum") and None in schema["enum"]:
                return None
        types = self._types(schema)
        if types is not None and not any(_is_type(value, t) for t in types):
            return f"{where}: {value!r} is not of type {types}"
        if "const" in schema and not _same(value, schema["const"]):
            return f"{where}: {value!r} is not {schema['const']!r}"
        if isinstance(schema.get("enum"), list) and not any(
            _same(value, item) for item in schema["enum"]
        ):
            return f"{where}: {value!r} is not one of {schema['enum']!r}"
        if isinstance(value, str):
            found = self._string_problem(schema, value, where)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            found = self._number_problem(schema, value, where)
        elif isinstance(value, list):
            found = self._array_problem(schema, value, where, depth)
        elif isinstance(value, dict):
            found = self._object_problem(schema, value, where, depth)
        else:
            found = None
        if found:
            return found
        for sub in schema.get("allOf") or []:
            if found := self.problem(sub, value, where, depth + 1):
                return found
        if isinstance(schema.get("anyOf"), list) and not any(
            self.problem(sub, value, where, depth + 1) is None for sub in schema["anyOf"]
        ):
            return f"{where}: fits no anyOf branch"
        if isinstance(schema.get("oneOf"), list):
            fitting = sum(
                self.problem(sub, value, where, depth + 1) is None for sub in schema["oneOf"]
            )
            if fitting != 1:
                return f"{where}: fits {fitting} oneOf branches, not exactly one"
        if isinstance(schema.get("not"), dict) and not schema["not"]:
            return f"{where}: 'not: {{}}' allows nothing"
        return None

    def _nullable(self, schema: Mapping[str, Any]) -> bool:
        if schema.get("nullable") is True:
            return True
        types = schema.get("type")
        if types == "null" or (isinstance(types, list) and "null" in types):
            return True
        return any(
            self.resolve(sub).get("type") == "null"
            for key in ("anyOf", "oneOf")
            for sub in schema.get(key) or []
            if isinstance(self.resolve(sub), dict)
        )

    @staticmethod
    def _types(schema: Mapping[str, Any]) -> list[str] | None:
        types = schema.get("type")
        if isinstance(types, str):
            return [types]
        if isinstance(types, list) and types:
            return [str(t) for t in types]
        return None

    def _string_problem(self, schema: Mapping[str, Any], value: str, where: str) -> str | None:
        length = len(value)
        if isinstance(schema.get("minLength"), int) and length < schema["minLength"]:
            return f"{where}: shorter than {schema['minLength']}"
        if isinstance(schema.get("maxLength"), int) and length > schema["maxLength"]:
            return f"{where}: longer than {schema['maxLength']}"
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            try:
                if re.search(pattern, value) is None:
                    return f"{where}: {value!r} does not match {pattern!r}"
            except re.error:
                pass  # an ECMA-only pattern: not checked here
        check = _FORMAT_CHECKS.get(str(schema.get("format")))
        if check is not None and check.match(value) is None:
            return f"{where}: {value!r} is not a {schema['format']}"
        return None

    def _number_problem(self, schema: Mapping[str, Any], value: float, where: str) -> str | None:
        low, low_open, high, high_open = _bounds(schema)
        if low is not None and (value < low or (low_open and value == low)):
            return f"{where}: {value!r} below the minimum {low!r}"
        if high is not None and (value > high or (high_open and value == high)):
            return f"{where}: {value!r} above the maximum {high!r}"
        step = schema.get("multipleOf")
        if isinstance(step, (int, float)) and step > 0:
            ratio = value / step
            if abs(ratio - round(ratio)) > 1e-9:
                return f"{where}: {value!r} is not a multiple of {step!r}"
        return None

    def _array_problem(
        self, schema: Mapping[str, Any], value: list[Any], where: str, depth: int
    ) -> str | None:
        if isinstance(schema.get("minItems"), int) and len(value) < schema["minItems"]:
            return f"{where}: fewer than {schema['minItems']} items"
        if isinstance(schema.get("maxItems"), int) and len(value) > schema["maxItems"]:
            return f"{where}: more than {schema['maxItems']} items"
        if schema.get("uniqueItems") is True:
            keys = [repr(item) for item in value]
            if len(set(keys)) != len(keys):
                return f"{where}: items are not unique"
        items = schema.get("items")
        if isinstance(items, dict):
            for index, item in enumerate(value):
                if found := self.problem(items, item, f"{where}[{index}]", depth + 1):
                    return found
        return None

    def _object_problem(
        self, schema: Mapping[str, Any], value: dict[str, Any], where: str, depth: int
    ) -> str | None:
        for name in schema.get("required") or []:
            if isinstance(name, str) and name not in value:
                return f"{where}: missing required property {name!r}"
        props = schema.get("properties") or {}
        for name, item in value.items():
            if name in props:
                if found := self.problem(props[name], item, f"{where}.{name}", depth + 1):
                    return found
            elif schema.get("additionalProperties") is False and not schema.get(
                "patternProperties"
            ):
                return f"{where}: property {name!r} is not allowed"
            elif isinstance(schema.get("additionalProperties"), dict) and (
                found := self.problem(
                    schema["additionalProperties"], item, f"{where}.{name}", depth + 1
                )
            ):
                return found
        if isinstance(schema.get("minProperties"), int) and len(value) < schema["minProperties"]:
            return f"{where}: fewer than {schema['minProperties']} properties"
        if isinstance(schema.get("maxProperties"), int) and len(value) > schema["maxProperties"]:
            return f"{where}: more than {schema['maxProperties']} properties"
        return None

    # -- examples --------------------------------------------------------------

    def examples_of(self, holder: Mapping[str, Any]) -> Iterator[Any]:
        """The example values a parameter, media type or schema carries, in order."""
        if "example" in holder:
            yield holder["example"]
        examples = holder.get("examples")
        if isinstance(examples, list):  # a 3.1 schema
            yield from examples
        elif isinstance(examples, dict):  # Example objects (parameters, media types)
            for item in examples.values():
                example = self.resolve(item)
                if isinstance(example, dict) and "value" in example:
                    yield example["value"]

    def fitting_example(self, schema: Any, holders: list[Mapping[str, Any]]) -> Any:
        """The first example of the holders that fits `schema`; `_MISSING` if none does."""
        for holder in holders:
            for example in self.examples_of(holder):
                if example is not None and self.problem(schema, example) is None:
                    return copy.deepcopy(example)
        return _MISSING

    def object_properties(self, schema: Any) -> dict[str, Any]:
        """The properties of an object schema, `allOf` merged."""
        node = self.resolve(schema)
        if not isinstance(node, dict):
            return {}
        for key in ("oneOf", "anyOf"):  # a union of one member is that member (intercom)
            members = node.get(key)
            if isinstance(members, list) and len(members) == 1 and not node.get("properties"):
                return self.object_properties(members[0])
        props = (
            self._merged(node).get("properties") if node.get("allOf") else node.get("properties")
        )
        return dict(props) if isinstance(props, dict) else {}

    # -- making values up --------------------------------------------------------

    def value(self, schema: Any, *, full: bool = True) -> Any:
        """A value for `schema`: an example of the schema's own if one fits, else made up."""
        return self._value(schema, full, 0, ())

    def _value(self, schema: Any, full: bool, depth: int, stack: tuple[str, ...]) -> Any:
        node, new_stack = self.deref(schema, stack)
        if not isinstance(node, dict) or depth > MAX_DEPTH:
            return "string"
        recursive = len(set(new_stack)) < len(new_stack)
        example = self.fitting_example(node, [node])
        if example is not _MISSING:
            return example
        if "const" in node:
            return copy.deepcopy(node["const"])
        enum = [item for item in node.get("enum") or [] if item is not None]
        if enum:
            return copy.deepcopy(enum[0])
        default = node.get("default")
        usable = default is not None and not (full and isinstance(default, (dict, list)))
        if usable and self.problem(node, default) is None:  # a "full" object fills its own
            return copy.deepcopy(default)
        if node.get("allOf"):
            return self._value(self._merged(node), full, depth, new_stack)
        for key in ("oneOf", "anyOf"):
            if isinstance(node.get(key), list) and node[key]:
                return self._union_value(node, key, full, depth, new_stack)
        deeper = full and depth < MAX_OPTIONAL_DEPTH and not recursive and depth < MAX_DEPTH
        kind = self._kind(node)
        if kind == "string":
            return self._string(node)
        if kind in ("integer", "number"):
            return self._number(node, kind == "integer")
        if kind == "boolean":
            return True
        if kind == "array":
            return self._array(node, full, depth, new_stack)
        if kind == "object":
            return self._object(node, full and deeper, depth, new_stack)
        return "string"  # any value

    def _kind(self, node: Mapping[str, Any]) -> str | None:
        types = [t for t in self._types(node) or [] if t != "null"]
        if types:
            return types[0]
        if "properties" in node or "additionalProperties" in node or "required" in node:
            return "object"
        if "items" in node:
            return "array"
        if any(k in node for k in ("minLength", "maxLength", "pattern", "format")):
            return "string"
        if any(k in node for k in ("minimum", "maximum", "multipleOf")):
            return "number"
        return None

    def _merged(self, node: Mapping[str, Any]) -> dict[str, Any]:
        """`allOf` flattened into one schema (properties merged, `required` united)."""
        merged: dict[str, Any] = {k: v for k, v in node.items() if k != "allOf"}
        for sub in node.get("allOf") or []:
            part = self.resolve(sub)
            if not isinstance(part, dict):
                continue
            if part.get("allOf"):
                part = self._merged(part)
            for key, item in part.items():
                if key == "properties" and isinstance(item, dict):
                    props = dict(merged.get("properties") or {})
                    for name, prop in item.items():
                        props[name] = {"allOf": [props[name], prop]} if name in props else prop
                    merged["properties"] = props
                elif key == "required" and isinstance(item, list):
                    merged["required"] = list(dict.fromkeys([*merged.get("required", []), *item]))
                elif key in ("oneOf", "anyOf") and key in merged:
                    merged.setdefault("allOf", []).append({key: item})
                else:
                    merged.setdefault(key, item)
        return merged

    def _union_value(
        self, node: Mapping[str, Any], key: str, full: bool, depth: int, stack: tuple[str, ...]
    ) -> Any:
        base = {k: v for k, v in node.items() if k not in (key, "discriminator")}
        discriminator = node.get("discriminator")
        tag = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
        mapping = (discriminator or {}).get("mapping") or {} if tag else {}
        candidates: list[Any] = []
        branches = [b for b in node[key] if not _is_null_schema(self.resolve(b))] or node[key]
        for attempt_full in (full, False) if full else (False,):
            for branch in branches:
                schema = {"allOf": [base, branch]} if base else branch
                value = self._value(schema, attempt_full, depth, stack)
                if tag and isinstance(value, dict) and isinstance(branch, dict):
                    value = self._tagged(value, tag, branch, mapping)
                if self.problem(node, value) is None:
                    return value
                candidates.append(value)
        return candidates[0]

    def _tagged(
        self, value: dict[str, Any], tag: str, branch: Mapping[str, Any], mapping: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Set the discriminator property to the value that selects `branch`."""
        ref = branch.get("$ref")
        if not isinstance(ref, str):
            return value
        for name, target in mapping.items():
            if target == ref or (not target.startswith("#") and ref.endswith("/" + target)):
                return {**value, tag: name}
        resolved = self.resolve(branch)
        props = self._merged(resolved).get("properties") or {} if isinstance(resolved, dict) else {}
        tag_schema = self.resolve(props.get(tag, {}))
        if isinstance(tag_schema, dict) and ("enum" in tag_schema or "const" in tag_schema):
            return value  # the branch fixes the value itself
        return {**value, tag: ref.rsplit("/", 1)[-1]}

    def _string(self, node: Mapping[str, Any]) -> str:
        fmt = str(node.get("format", ""))
        text = FORMAT_VALUES.get(fmt, "string")
        pattern = node.get("pattern")
        if isinstance(pattern, str) and self._string_problem({"pattern": pattern}, text, "$"):
            made = pattern_value(pattern)
            if made is not None:
                text = made
        low = node.get("minLength")
        high = node.get("maxLength")
        if isinstance(low, int) and len(text) < low:
            text += "x" * (low - len(text))
        if isinstance(high, int) and len(text) > high:
            text = text[:high]
        return text

    @staticmethod
    def _number(node: Mapping[str, Any], integer: bool) -> int | float:
        low, low_open, high, _ = _bounds(node)  # (below an open maximum: `value >= high`)
        if integer:  # Prism (JavaScript) checks int64 within the safe integers (discord's
            # int64 bounds +-2**63: 'Request body property nonce must be >= -9007199254740991')
            low = None if low is None else max(low, -JS_SAFE_INTEGER)
            high = None if high is None else min(high, JS_SAFE_INTEGER)
        step = node.get("multipleOf")
        value: float = 1 if integer else 1.5
        if low is not None and high is not None:
            value = math.ceil(low) if integer else (low + high) / 2
            if integer and low_open and value == low:
                value += 1
        elif low is not None:
            value = (math.floor(low) + 1) if integer else low + 1.5
        elif high is not None and value >= high:
            value = (math.ceil(high) - 1) if integer else high - 1.5
        if isinstance(step, (int, float)) and step > 0:
            value = math.ceil(value / step) * step
            if low is not None and (value < low or (low_open and value == low)):
                value += step
        if integer or (isinstance(step, int) and float(value).is_integer()):
            return int(value)
        return float(value)

    def _array(
        self, node: Mapping[str, Any], full: bool, depth: int, stack: tuple[str, ...]
    ) -> list[Any]:
        items = node.get("items")
        low = node.get("minItems") if isinstance(node.get("minItems"), int) else 0
        high = node.get("maxItems") if isinstance(node.get("maxItems"), int) else None
        count = max(low, 1)
        if high is not None:
            count = min(count, high)
        if not isinstance(items, dict):
            return ["string"] * count
        first = self._value(items, full, depth + 1, stack)
        values = [first]
        while len(values) < count:
            values.append(_varied(first, len(values), self.resolve(items)))
        return values[:count]

    def _object(
        self, node: Mapping[str, Any], optional: bool, depth: int, stack: tuple[str, ...]
    ) -> dict[str, Any]:
        props: dict[str, Any] = node.get("properties") or {}
        required = [r for r in node.get("required") or [] if isinstance(r, str)]
        value: dict[str, Any] = {}
        for name, sub in props.items():
            resolved = self.resolve(sub)
            if isinstance(resolved, dict) and resolved.get("readOnly") is True:
                continue  # never sent in a request
            if name in required:
                value[name] = self._value(sub, optional, depth + 1, stack)
            elif optional:
                made = self._value(sub, optional, depth + 1, stack)
                if self.problem(sub, made) is None:  # no valid value: leave it out
                    value[name] = made
        for name in required:
            if name not in value and name not in props:
                extra = node.get("additionalProperties")
                value[name] = (
                    self._value(extra, optional, depth + 1, stack)
                    if isinstance(extra, dict)
                    else "string"
                )
        extra = node.get("additionalProperties")
        low = node.get("minProperties") if isinstance(node.get("minProperties"), int) else 0
        if isinstance(extra, dict) and extra and not props and (optional or len(value) < low):
            value.setdefault("key", self._value(extra, optional, depth + 1, stack))
        index = 0
        while len(value) < low:
            index += 1
            value.setdefault(f"key{index}", "string")
        return value


_MISSING: Any = object()


def _is_null_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


def _is_type(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return True


def _same(a: Any, b: Any) -> bool:
    """JSON equality (True is not 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _bounds(schema: Mapping[str, Any]) -> tuple[Any, bool, Any, bool]:
    """(minimum, exclusive?, maximum, exclusive?) in 3.0 or 3.1 spelling."""
    low, high = schema.get("minimum"), schema.get("maximum")
    low_open = high_open = False
    ex_low, ex_high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if ex_low is True:
        low_open = True
    elif isinstance(ex_low, (int, float)) and not isinstance(ex_low, bool):
        low, low_open = ex_low, True
    if ex_high is True:
        high_open = True
    elif isinstance(ex_high, (int, float)) and not isinstance(ex_high, bool):
        high, high_open = ex_high, True
    numeric = (int, float)
    return (
        low if isinstance(low, numeric) and not isinstance(low, bool) else None,
        low_open,
        high if isinstance(high, numeric) and not isinstance(high, bool) else None,
        high_open,
    )


def _varied(value: Any, index: int, items: Any) -> Any:
    """Another array item like `value` (for `minItems` > 1 with `uniqueItems`)."""
    enum = items.get("enum") if isinstance(items, dict) else None
    if isinstance(enum, list) and index < len(enum):
        return copy.deepcopy(enum[index])
    if isinstance(value, str):
        return f"{value}{index}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value + index
    return copy.deepcopy(value)


# -- patterns --------------------------------------------------------------------

_CHAR_CANDIDATES = "a1A-_.b2Bz9Z x@:/+" + string.ascii_letters + string.digits + string.punctuation


def pattern_value(pattern: str) -> str | None:
    """A string matching a simple regular expression (None when it cannot make one)."""
    try:
        parsed = sre_p.parse(pattern)
        text = _from_regex(list(parsed))
    except (re.error, _UnsupportedRegexError, RecursionError, TypeError, ValueError):
        return None
    try:
        return text if re.search(pattern, text) else None
    except re.error:
        return None


class _UnsupportedRegexError(Exception):
    pass


def _from_regex(items: list[tuple[Any, Any]]) -> str:
    out: list[str] = []
    for op, arg in items:
        if op is sre_c.LITERAL:
            out.append(chr(arg))
        elif op is sre_c.NOT_LITERAL:
            out.append("a" if chr(arg) != "a" else "b")
        elif op is sre_c.ANY:
            out.append("a")
        elif op is sre_c.IN:
            out.append(_char_in(arg))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
            low, high, sub = arg
            count = max(low, 1 if high != 0 else 0)
            out.append(_from_regex(list(sub)) * count)
        elif op is sre_c.SUBPATTERN:
            out.append(_from_regex(list(arg[-1])))
        elif op is getattr(sre_c, "ATOMIC_GROUP", None):
            out.append(_from_regex(list(arg)))
        elif op is sre_c.BRANCH:
            out.append(_from_regex(list(arg[1][0])))
        elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue
        else:
            raise _UnsupportedRegexError(str(op))
    return "".join(out)


def _char_in(items: list[tuple[Any, Any]]) -> str:
    negate = any(op is sre_c.NEGATE for op, _ in items)
    for char in _CHAR_CANDIDATES:
        if _in_class(char, items) != negate:
            return char
    raise _UnsupportedRegexError("character class")


def _in_class(char: str, items: list[tuple[Any, Any]]) -> bool:
    code = ord(char)
    for op, arg in items:
        if op is sre_c.LITERAL and code == arg:
            return True
        if op is sre_c.RANGE and arg[0] <= code <= arg[1]:
            return True
        if op is sre_c.CATEGORY:
            name = str(arg)
            checks = {
                "DIGIT": char.isdigit(),
                "WORD": char.isalnum() or char == "_",
                "SPACE": char.isspace(),
            }
            for key, result in checks.items():
                if name.endswith("NOT_" + key) and not result:
                    return True
                if name.endswith("_" + key) and "NOT_" not in name and result:
                    return True
    return False


# -- the arguments of one call ----------------------------------------------------


@dataclass
class Call:
    """One operation of a generated client and the arguments to call it with."""

    operation: ir.Operation
    args: dict[str, Any] = field(default_factory=dict)
    """Every argument ("full" call): Python argument name -> value."""
    required: frozenset[str] = frozenset()
    """The arguments of the call with only the required ones."""
    sources: dict[str, str] = field(default_factory=dict)
    """Where each value came from ('example', 'schema'), for failure messages."""
    omitted: dict[tuple[str, str], str] = field(default_factory=dict)
    """Optional arguments left out of the "full" call because no value is valid for their
    schema: (location, wire name) -> why."""
    problems: dict[str, str] = field(default_factory=dict)
    """Required arguments for which no valid value was found (the call is made anyway)."""
    arg_for: dict[tuple[str, str], str] = field(default_factory=dict)
    """(location, wire name) -> argument name, for every parameter and body field."""

    def kwargs(self, variant: str) -> dict[str, Any]:
        if variant == "full":
            return dict(self.args)
        return {name: value for name, value in self.args.items() if name in self.required}


def raw_operation(data: Mapping[str, Any], path: str, method: str) -> dict[str, Any]:
    item = data["paths"][path]
    op = item[method.lower()]
    assert isinstance(op, dict)
    return op


def plan_call(
    schemas: Schemas, api: ir.Api, op: ir.Operation, package: ModuleType | None = None
) -> Call:
    """The arguments to call `op` with; values converted to the types the client expects
    (datetimes, dates, UUIDs, enum members of `package`) where the IR says so."""
    call = Call(operation=op)
    item = schemas.resolve(schemas.data["paths"][op.path])
    raw = schemas.resolve(item[op.http_method.lower()])
    params: dict[tuple[str, str], dict[str, Any]] = {}
    for holder in (item, raw):
        for item_or_ref in holder.get("parameters") or []:
            param = schemas.resolve(item_or_ref)
            if isinstance(param, dict) and "name" in param and "in" in param:
                params[(str(param["in"]), _param_key(str(param["in"]), str(param["name"])))] = param
    for param in (*op.path_params, *op.keyword_params):
        call.arg_for[(param.location, param.wire_name)] = param.arg
        spec_param = params.get((param.location, _param_key(param.location, param.wire_name)))
        assert spec_param is not None, f"{param.location} parameter {param.wire_name!r} not found"
        value, source, schema = _param_value(schemas, spec_param)
        if param.location == "query":
            value = _query_array_for_prism(schemas, schema, value)
        problem = schemas.problem(schema, value) or _text_problem(schemas, schema, value)
        if problem and not param.required:
            call.omitted[(param.location, param.wire_name)] = problem
            continue
        if problem:
            call.problems[param.arg] = problem
        call.args[param.arg] = convert(value, param.type, package)
        call.sources[param.arg] = source
        if param.required:
            call.required |= {param.arg}
    if op.body is not None:
        _plan_body(schemas, api, op, raw, call, package)
    return call


def _param_key(location: str, name: str) -> str:
    return name.lower() if location == "header" else name


def _param_value(schemas: Schemas, param: Mapping[str, Any]) -> tuple[Any, str, Any]:
    schema = param.get("schema")
    holders: list[Mapping[str, Any]] = [param]
    content = param.get("content")
    if schema is None and isinstance(content, dict) and content:
        media = schemas.resolve(next(iter(content.values())))
        schema = media.get("schema")
        holders.append(media)
    schema = schema or {"type": "string"}
    example = schemas.fitting_example(schema, holders)
    if example is not _MISSING:
        return example, "example", schema
    return schemas.value(schema), "schema", schema


def _text_problem(schemas: Schemas, schema: Any, value: Any) -> str | None:
    """Why a parameter value cannot pass Prism as text, where the schema alone allows it.

    Path, query, header and cookie values are text; Prism converts them by the schema's
    `type` before checking. Without a `type`, the text '0' never equals an `enum` member 0.
    """
    node = schemas.resolve(schema)
    if not isinstance(node, dict) or isinstance(value, str) or "type" in node:
        return None
    members = node.get("enum")
    if isinstance(members, list) and members and not any(isinstance(m, str) for m in members):
        return f"the enum {members!r} has no text members and the schema no type"
    return None


def _query_array_for_prism(schemas: Schemas, schema: Any, value: Any) -> Any:
    """Two items, not one, for a query array that is a branch of `anyOf`/`oneOf`.

    Prism reads a query parameter as an array only when its schema says `type: array` at the
    top: under `anyOf: [{type: array}, {type: 'null'}]` one value (`sources=api`, correct
    form/explode) is a string to it ('Request query parameter sources must be array').
    Repeated keys (`sources=api&sources=playground`) are an array, valid the same. Likewise
    under `type: [array, 'null']` or `type: array, nullable: true` (svix: 'Request query
    parameter event_types must be array,null').
    """
    node = schemas.resolve(schema)
    if not (isinstance(value, list) and len(value) == 1 and isinstance(node, dict)):
        return value
    nullable = node.get("nullable") is True
    if node.get("type") == "array" and not nullable:
        return value
    branches = [schemas.resolve(b) for k in ("anyOf", "oneOf") for b in node.get(k) or []]
    array = next((b for b in branches if isinstance(b, dict) and b.get("type") == "array"), None)
    if (isinstance(node.get("type"), list) and "array" in node["type"]) or (
        node.get("type") == "array" and nullable
    ):
        array = node  # `type: [array, 'null']`, or `nullable` (svix): the same
    if array is None or (isinstance(array.get("maxItems"), int) and array["maxItems"] < 2):
        return value
    items = schemas.resolve(array.get("items"))
    longer = [*value, _varied(value[0], 1, items)]
    return longer if schemas.problem(schema, longer) is None else value


def _plan_body(
    schemas: Schemas,
    api: ir.Api,
    op: ir.Operation,
    raw: Mapping[str, Any],
    call: Call,
    package: ModuleType | None,
) -> None:
    body = op.body
    assert body is not None
    request_body = schemas.resolve(raw.get("requestBody") or {})
    content = request_body.get("content") or {}
    # (a body declared as '*/*' is sent as application/json)
    declared = body.content_type if body.content_type in content else "*/*"
    media = schemas.resolve(content.get(declared) or {})
    schema = media.get("schema") or {}
    value = schemas.fitting_example(schema, [media])
    source = "example"
    if value is _MISSING:
        value, source = schemas.value(schema), "schema"
    if problem := schemas.problem(schema, value):
        call.problems["<body>"] = problem
    if body.arg is not None:
        call.args[body.arg] = convert(value, body.type, package)
        call.sources[body.arg] = source
        if body.required:
            call.required |= {body.arg}
        return
    assert isinstance(value, dict), f"flattened body needs an object, made {value!r}"
    model = next((m for m in api.models if m.name == body.model), None)
    types = {f.name: f.type for f in model.fields} if model is not None else {}
    props = schemas.object_properties(schema)
    for arg in body.fields:
        call.arg_for[("body", arg.wire_name)] = arg.arg
        prop = props.get(arg.wire_name, {})
        arg_source = source
        if arg.wire_name not in value:
            made = schemas.value(prop)
            if arg.required:  # e.g. a readOnly property the signature requires all the same
                value[arg.wire_name] = made
                arg_source = "schema"
            elif problem := schemas.problem(prop, made):
                call.omitted[("body", arg.wire_name)] = problem
                continue
            elif problem := schemas.problem(schema, {**value, arg.wire_name: made}):
                call.omitted[("body", arg.wire_name)] = f"breaks the body: {problem}"
                continue
            else:  # an example without this optional field: the "full" call sets it too
                value[arg.wire_name] = made
                arg_source = "schema"
        if (problem := schemas.problem(prop, value[arg.wire_name])) and not arg.required:
            call.omitted[("body", arg.wire_name)] = problem
            continue
        if problem:
            call.problems[arg.arg] = problem
        call.args[arg.arg] = convert(value[arg.wire_name], types.get(arg.field_name), package)
        call.sources[arg.arg] = arg_source
        if arg.required:  # required by the signature (a field of the body model)
            call.required |= {arg.arg}


def convert(value: Any, type_: ir.TypeRef | None, package: ModuleType | None) -> Any:
    """JSON data as the argument type the generated signature names, where that differs."""
    if type_ is None or value is None:
        return value
    try:
        if type_.kind == "datetime" and isinstance(value, str):
            return dt.datetime.fromisoformat(value)
        if type_.kind == "date" and isinstance(value, str):
            return dt.date.fromisoformat(value)
        if type_.kind == "time" and isinstance(value, str):
            return dt.time.fromisoformat(value)
        if type_.kind == "uuid" and isinstance(value, str):
            return uuid.UUID(value)
    except ValueError:
        return value
    if type_.kind == "enum" and package is not None and type_.name:
        enum_class = getattr(package, type_.name, None)
        if enum_class is not None:
            return enum_class(value)
    if type_.kind == "list" and isinstance(value, list) and type_.args:
        return [convert(item, type_.args[0], package) for item in value]
    if type_.kind == "dict" and isinstance(value, dict) and type_.args:
        return {key: convert(item, type_.args[0], package) for key, item in value.items()}
    return value


def credentials(api: ir.Api) -> dict[str, str]:
    """A dummy value for every credential of every security scheme (constructor arguments)."""
    found: dict[str, str] = {}
    for scheme in api.security_schemes:
        for credential in scheme.credentials:
            found[credential.arg] = f"test-{credential.arg.replace('_', '-')}"
    return found

"""Stage 3, resolve: local `$ref`s, checked on the raw document and followed on the parsed one.

`check_refs` walks the loaded mapping once and fails on the first reference that points nowhere,
outside the document, or only at other references in a loop (a recursive *schema* is fine: it
has structure between its references). `Resolver` then follows references on the
openapi-pydantic objects for the builder, by the same JSON pointers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .load import LoadedSpec
from .pointers import join_pointer, ref_tokens
from .vocabulary import DATA_KEYWORDS

NAMED_MAPS = {
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "responses",
    "schemas",
    "parameters",
    "examples",
    "headers",
    "requestBodies",
    "securitySchemes",
    "links",
    "callbacks",
    "content",
    "paths",
    "mapping",
    "variables",
    "encoding",
    "webhooks",
}
"""Mappings whose keys are names chosen by the author (a property may be called `default`)."""


def iter_refs(data: Any) -> Iterator[tuple[str, str]]:
    """Yield (pointer of the `$ref` site, reference text) for every `$ref` in the document."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    seen: set[int] = set()
    while stack:
        node, tokens = stack.pop()
        if isinstance(node, dict):
            if id(node) in seen:
                continue
            seen.add(id(node))
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield join_pointer((*tokens, "$ref")), ref
            named = bool(tokens) and tokens[-1] in NAMED_MAPS
            for key in sorted(node, reverse=True):
                if key == "$ref" or (not named and (key in DATA_KEYWORDS or key.startswith("x-"))):
                    continue
                stack.append((node[key], (*tokens, key)))
        elif isinstance(node, list):
            if id(node) in seen:
                continue
            seen.add(id(node))
            for index in range(len(node) - 1, -1, -1):
                stack.append((node[index], (*tokens, str(index))))


def lookup(data: Any, tokens: list[str]) -> tuple[bool, Any]:
    """Follow `tokens` through plain mappings and lists: (found, value)."""
    node = data
    for token in tokens:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False, None
    return True, node


def check_refs(spec: LoadedSpec) -> None:
    """Raise SpecError for the first dangling, external or purely cyclic `$ref`."""
    for site, ref in iter_refs(spec.data):
        if not ref.startswith("#"):
            raise spec.error(
                f"external $ref '{ref}' is not supported; only references inside the document"
                " ('#/...') are",
                site,
            )
        chain = [ref]
        target = ref
        while True:
            found, value = lookup(spec.data, ref_tokens(target))
            if not found:
                raise spec.error(f"dangling $ref '{target}': nothing at that JSON pointer", site)
            if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
                break
            target = value["$ref"]
            if not target.startswith("#"):
                break  # reported when the walk reaches that site
            if target in chain:
                names = " -> ".join(_source_of(spec, ref) for ref in [*chain, target])
                raise spec.error(f"cyclic $ref: {names}", site)
            chain.append(target)


def _source_of(spec: LoadedSpec, ref: str) -> str:
    """A local `$ref` as its author wrote the place: `file#/pointer` for a part of a bundled
    document that comes from another file, the reference itself otherwise."""
    origin, pointer = spec.origin(join_pointer(ref_tokens(ref)))
    return ref if origin is spec else f"{origin.path}#{pointer}"


class Resolver:
    """Follows references on the parsed (openapi-pydantic) document."""

    def __init__(self, document: BaseModel, spec: LoadedSpec) -> None:
        self._document = document
        self._spec = spec
        self._cache: dict[str, Any] = {}

    def ref_of(self, obj: Any) -> str | None:
        """The reference text when `obj` is a reference (3.0 `Reference`, 3.1 Schema `$ref`)."""
        ref = getattr(obj, "ref", None)
        if isinstance(ref, str):
            return ref
        extra = getattr(obj, "model_extra", None)
        if isinstance(extra, dict) and isinstance(extra.get("$ref"), str):
            return str(extra["$ref"])
        return None

    def resolve(self, obj: Any, expected: str | None = None, pointer: str = "") -> Any:
        """`obj` itself, or the object its reference chain ends at.

        With `expected` (the OpenAPI object it must be: 'Parameter', 'Response', ...), a chain
        that ends at another kind of object is a located error at `pointer`, the place that
        holds `obj`: a `$ref` to a schema where a parameter belongs is the document's fault.
        """
        seen: list[str] = []
        while (ref := self.ref_of(obj)) is not None:
            if ref in seen:
                raise self._spec.error(f"cyclic $ref: {' -> '.join([*seen, ref])}", "")
            seen.append(ref)
            obj = self.target(ref)
        if expected is not None and seen and type(obj).__name__ != expected:
            found = type(obj).__name__ if isinstance(obj, BaseModel) else "plain value"
            raise self._spec.error(
                f"$ref '{seen[0]}' points at a {_kind_words(found)},"
                f" where {_kind_words(expected, article=True)} belongs",
                pointer,
            )
        return obj

    def target(self, ref: str) -> Any:
        """The parsed object a reference text points at."""
        if ref in self._cache:
            return self._cache[ref]
        node: Any = self._document
        for token in ref_tokens(ref):
            node = _step(node, token)
            if node is _MISSING:
                raise self._spec.error(f"dangling $ref '{ref}'", join_pointer(ref_tokens(ref)))
        self._cache[ref] = node
        return node


_MISSING = object()


def _kind_words(class_name: str, *, article: bool = False) -> str:
    """'RequestBody' -> 'request body' ('a request body' with `article`)."""
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", class_name).lower()
    if not article:
        return words
    return f"{'an' if words[:1] in 'aeiou' else 'a'} {words}"


def _step(node: Any, token: str) -> Any:
    if isinstance(node, dict):
        return node.get(token, _MISSING)
    if isinstance(node, list):
        return node[int(token)] if token.isdigit() and int(token) < len(node) else _MISSING
    if isinstance(node, BaseModel):
        for name, info in type(node).model_fields.items():
            if token in (info.alias, name):
                return getattr(node, name)
        extra = node.model_extra or {}
        return extra.get(token, _MISSING)
    return _MISSING

"""Lenient mode: repair or drop the faulty pieces of a slightly invalid document.

Real documents are often slightly broken (a dangling `$ref`, `required: true` on a schema).
The default stays strict. In lenient mode each faulty piece is dropped (or, for a schema,
replaced by "any value") with a warning naming it and its JSON pointer; the rest generates.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..errors import SpecError, SpecWarning
from .load import LoadedSpec
from .parse import OpenAPIDocument, data_path, model_for, parse_document
from .pointers import join_pointer, ref_tokens, split_pointer
from .refs import iter_refs, lookup
from .vocabulary import BOOLEAN_SCHEMA_SLOTS, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_SLOTS

MAX_REPAIRS = 500
"""A document needing more repairs than this is too broken to generate from."""

_SCHEMA_SLOTS = SCHEMA_SLOTS | BOOLEAN_SCHEMA_SLOTS | {"schema"}
"""Keys whose value is one schema (a parameter's or media type's `schema` too)."""
_SCHEMA_MAPS = SCHEMA_MAPS | {"definitions", "schemas"}
"""Keys whose value maps names to schemas (draft-04 `definitions`, `components.schemas`)."""


def repair_refs(spec: LoadedSpec, warnings: list[SpecWarning]) -> None:
    """Drop every `$ref` that is dangling, external or cyclic (in place)."""
    for site, ref in list(iter_refs(spec.data)):
        problem = _ref_problem(spec.data, ref)
        if problem is None:
            continue
        tokens = split_pointer(site)[:-1]
        _drop(spec, tokens, warnings, f"{problem} $ref '{ref}'")


def _ref_problem(data: Any, ref: str) -> str | None:
    seen: list[str] = []
    target = ref
    while True:
        if not target.startswith("#"):
            return "external"
        found, value = lookup(data, ref_tokens(target))
        if not found:
            return "dangling"
        if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
            return None
        if target in seen:
            return "cyclic"
        seen.append(target)
        target = value["$ref"]


def parse_lenient(spec: LoadedSpec, warnings: list[SpecWarning]) -> OpenAPIDocument:
    """Parse, dropping each piece the OpenAPI model rejects until the rest is valid."""
    for _ in range(MAX_REPAIRS):
        try:
            return parse_document(spec)
        except SpecError:
            pass
        errors = _validation_errors(spec)
        if not errors:
            break
        for tokens, message in errors:
            if not _stringify(spec, tokens, warnings, message):
                _drop(spec, tokens, warnings, message)
    return parse_document(spec)


def _stringify(
    spec: LoadedSpec, tokens: list[str], warnings: list[SpecWarning], problem: str
) -> bool:
    """Write a number or boolean where a string belongs as that string (a server variable's
    `default: 80` is '80'); whether it was one. Repairing beats dropping: a dropped server
    variable leaves its `{name}` in the URL, and the client could not be constructed."""
    if not tokens or not problem.endswith("Input should be a valid string"):
        return False
    found, parent = lookup(spec.data, tokens[:-1])
    key = tokens[-1]
    if isinstance(parent, list) and key.isdigit() and int(key) < len(parent):
        value = parent[int(key)]
    elif isinstance(parent, dict) and key in parent:
        value = parent[key]
    else:
        return False
    if not found or not isinstance(value, (int, float)):
        return False
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    if isinstance(parent, list):
        parent[int(key)] = text
    else:
        parent[key] = text
    warnings.append(
        spec.warning("repaired", f"{problem}: wrote {value!r} as {text!r}", join_pointer(tokens))
    )
    return True


def _validation_errors(spec: LoadedSpec) -> list[tuple[list[str], str]]:
    model, data = model_for(spec)
    try:
        model.model_validate(data)
    except ValidationError as exc:
        found: dict[str, tuple[list[str], str]] = {}
        for error in exc.errors():
            if error["type"] == "missing" and "Reference" in [str(part) for part in error["loc"]]:
                continue  # the value is not a reference; the other union member's error counts
            tokens = data_path(spec.data, error["loc"])
            if not tokens:
                continue
            message = error["msg"]
            if error["type"] == "missing":
                message = f"required field '{error['loc'][-1]}' is missing"
            found.setdefault(join_pointer(tokens), (tokens, f"invalid piece: {message}"))
        # Only the deepest pieces: dropping one must not remove the parent of another.
        pointers = sorted(found)
        deepest = [p for p in pointers if not any(o.startswith(p + "/") for o in pointers)]
        return [found[p] for p in deepest]
    return []


def _drop(spec: LoadedSpec, tokens: list[str], warnings: list[SpecWarning], problem: str) -> None:
    """Remove the value at `tokens` (a schema becomes `{}`, any value), and say so."""
    if not tokens:
        return
    found, parent = lookup(spec.data, tokens[:-1])
    if not found:
        return
    key = tokens[-1]
    grandparent_key = tokens[-2] if len(tokens) > 1 else ""
    is_schema = (
        key in _SCHEMA_SLOTS or grandparent_key in _SCHEMA_MAPS or grandparent_key in SCHEMA_LISTS
    )
    if isinstance(parent, dict) and key in parent:
        if is_schema:
            parent[key] = {}
        else:
            del parent[key]
    elif isinstance(parent, list) and key.isdigit() and int(key) < len(parent):
        if is_schema:
            parent[int(key)] = {}
        else:
            parent.pop(int(key))
    else:
        return
    done = "replaced the schema with 'any value'" if is_schema else "left it out"
    warnings.append(spec.warning("repaired", f"{problem}: {done}", join_pointer(tokens)))

"""Request bodies: flattened into arguments, or one `body` argument; the key tables of TypedDict arguments."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .. import ir
from ..naming.registry import Namespace
from ..naming.rules import claim_argument
from ..spec.pointers import escape_token
from .models import Models
from .typerefs import BYTES, STR, spec_text

JSON_MEDIA_TYPES = re.compile(r"^application/(.+\+)?json(;.*)?$|^\*/\*$")


WIRE_KEY_DEPTH = 4
"""Levels of nested TypedDicts whose keys a query object's key table covers."""


def pick_content_type(content: Mapping[str, Any]) -> str:
    keys = list(content)
    for key in keys:
        if JSON_MEDIA_TYPES.match(key.lower()):
            return key
    for preferred in ("application/x-www-form-urlencoded", "multipart/form-data"):
        if preferred in keys:
            return preferred
    return keys[0]


def pruned_wire_keys(table: dict[str, ir.WireKey] | None) -> tuple[ir.WireKey, ...]:
    """The entries of a key table that change something: a renamed key, or nested renames."""
    return tuple(
        entry for entry in (table or {}).values() if entry.key != entry.wire_name or entry.nested
    )


class Bodies(Models):
    """Request bodies: flattened into arguments, or one `body` argument; the key tables of TypedDict arguments."""

    def _key_table(self, type_: ir.TypeRef, seen: frozenset[str]) -> dict[str, ir.WireKey] | None:
        """Every key of the TypedDict an argument of `type_` accepts (attribute name -> wire name
        and nested keys), looking through lists and unions; None where it accepts none.

        A key that union members map differently is left out (sent as given: it cannot be told
        which member a dict is meant as). Nested TypedDicts are followed `WIRE_KEY_DEPTH` levels
        deep and a model is not expanded inside itself, so that a recursive model or a wide
        graph of models cannot make the table (written out in full per parameter) grow without
        bound; deeper keys are sent as given. OpenAPI defines the serialization of the first
        level only: deeper objects are written in the `simple` style.
        """
        if type_.kind == "list" and type_.args:
            return self._key_table(type_.args[0], seen)
        if type_.kind == "union":
            tables = [t for m in type_.args if (t := self._key_table(m, seen)) is not None]
            if not tables:
                return None
            merged: dict[str, ir.WireKey] = {}
            clashes: set[str] = set()
            for table in tables:
                for key, entry in table.items():
                    if merged.setdefault(key, entry) != entry:
                        clashes.add(key)
            return {key: entry for key, entry in merged.items() if key not in clashes}
        if type_.kind != "model" or not type_.name or type_.name in seen:
            return None
        if len(seen) >= WIRE_KEY_DEPTH:
            return None
        model = self.models.get(type_.name)
        if model is None:
            return None
        inner = seen | {model.name}
        return {
            f.name: ir.WireKey(
                key=f.name,
                wire_name=f.wire_name,
                nested=pruned_wire_keys(self._key_table(f.type, inner)),
            )
            for f in model.fields
        }

    def _body(
        self, operation: Any, pointer: str, context: str, args: Namespace
    ) -> ir.RequestBody | None:
        if operation.requestBody is None:
            return None
        body = self.resolver.resolve(operation.requestBody, "RequestBody", f"{pointer}/requestBody")
        content = dict(body.content or {})
        if not content:
            return None
        declared = pick_content_type(content)
        media = content[declared]
        body_pointer = f"{pointer}/requestBody/content/{escape_token(declared)}/schema"
        schema_obj = media.media_type_schema
        required = bool(body.required)
        # `*/*` accepts anything, and is no Content-Type to send: a body with a schema is sent
        # as what it is read as (JSON), one without as bytes.
        content_type = declared
        if declared == "*/*":
            content_type = (
                "application/json" if schema_obj is not None else "application/octet-stream"
            )
        if schema_obj is None:
            return ir.RequestBody(
                content_type=content_type,
                required=required,
                model=None,
                arg="body",
                type=BYTES,
                description=spec_text(body.description),
            )
        body_type = self._type_of(schema_obj, body_pointer, f"{context}Request")
        is_binary = not (
            JSON_MEDIA_TYPES.match(content_type)
            or content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
        )
        if is_binary:
            text = content_type.startswith("text/")
            if body_type.kind in ("str", "bytes", "file", "base64", "any"):
                body_type = STR if text else BYTES
        model = (
            self.models.get(body_type.name or "")
            if body_type.kind == "model" and not body_type.nullable
            else None
        )
        if model is not None and not model.recursive and model.fields and not is_binary:
            fields = _flattened(model, content_type, args)
            return ir.RequestBody(
                content_type=content_type,
                required=required,
                model=model.name,
                fields=tuple(fields),
                description=spec_text(body.description),
                files=_file_parts(model, fields) if content_type.startswith("multipart/") else (),
            )
        arg = args.claim("body")
        return ir.RequestBody(
            content_type=content_type,
            required=required,
            model=None,
            arg=arg,
            type=body_type,
            description=spec_text(body.description),
        )


def _file_parts(model: ir.Model, fields: list[ir.BodyArgument]) -> tuple[ir.FilePart, ...]:
    """The arguments of a multipart body that are files (`format: binary`), or arrays of
    files: the runtime sends them as file parts, and refuses a str for one."""
    types = {model_field.name: model_field.type for model_field in model.fields}
    parts: list[ir.FilePart] = []
    for body_field in fields:
        type_ = types[body_field.field_name]
        array = type_.kind == "list" and len(type_.args) == 1
        if (type_.args[0] if array else type_).kind == "file":
            parts.append(ir.FilePart(wire_name=body_field.key, arg=body_field.arg, array=array))
    return tuple(parts)


def _flattened(model: ir.Model, content_type: str, args: Namespace) -> list[ir.BodyArgument]:
    """The body model's writable fields as method arguments, required ones first."""
    fields: list[ir.BodyArgument] = []
    ordered = sorted(model.fields, key=lambda f: not f.request_required)
    for body_field in ordered:
        if body_field.read_only:
            continue
        arg = claim_argument(args, body_field.wire_name, "body")
        constant = body_field.name in model.constants
        fields.append(
            ir.BodyArgument(
                arg=arg,
                field_name=body_field.name,
                wire_name=body_field.wire_name,
                required=body_field.request_required,
                description=body_field.description,
                key=(
                    body_field.wire_name
                    if content_type.startswith("multipart/")
                    else body_field.name
                ),
                default=body_field.default if constant else None,
                has_default=constant,
            )
        )
    return fields

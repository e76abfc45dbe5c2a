"""Operations -> methods: parameters, bodies and responses put together, examples, docstrings."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from .. import ir
from ..naming import (
    METHOD_RESERVED,
    Namespace,
    class_name,
    constant_name,
    pascal,
)
from ..naming.rules import _claim_arg
from ..python.text import _rewrite_code
from .bodies import _pruned
from .responses import _accept, _by_status
from .security import Security, _credential_headers
from .typerefs import _ANY, _escape, _omittable, _text

_BUILTIN_LIST = re.compile(r"(?<![\w.])list\[")


def _qualify_builtins(op: ir.Operation) -> ir.Operation:
    """The operation with `list[...]` spelled `builtins.list[...]` in its signature."""

    def fix(annotation: str) -> str:
        return _rewrite_code(annotation, _BUILTIN_LIST, "builtins.list[")

    body = op.body
    if body is not None:
        body = replace(
            body,
            fields=tuple(replace(f, annotation=fix(f.annotation)) for f in body.fields),
            annotation=fix(body.annotation) if body.annotation else None,
        )

    def params(items: tuple[ir.Parameter, ...]) -> tuple[ir.Parameter, ...]:
        return tuple(replace(p, annotation=fix(p.annotation)) for p in items)

    return replace(
        op,
        return_annotation=fix(op.return_annotation),
        async_return_annotation=fix(op.async_return_annotation),
        path_params=params(op.path_params),
        keyword_params=params(op.keyword_params),
        body=body,
    )




def _param_doc(param: Any, schema: Any) -> str | None:
    """A parameter's description, saying when it is deprecated and what its default is."""
    parts = [_text(param.description) or ""]
    default = getattr(schema, "default", None) if schema is not None else None
    if default is not None and isinstance(default, (str, int, float, bool)):
        parts.append(f"Default: {default!r}.")
    if param.deprecated:
        parts.insert(0, "Deprecated.")
    text = " ".join(part for part in parts if part)
    return text or None


def _documented_args(
    path_params: list[ir.Parameter], keyword: list[ir.Parameter], body: ir.RequestBody | None
) -> tuple[tuple[str, str], ...]:
    documented = [(p.arg, p.description) for p in [*path_params, *keyword] if p.description]
    if body is not None:
        documented.extend((f.arg, f.description) for f in body.fields if f.description)
        if body.arg and body.description:
            documented.append((body.arg, body.description))
    return tuple((arg, text) for arg, text in documented if text)


def _path_position(path: str, param: Any) -> int:
    marker = "{" + str(param.name) + "}"
    position = path.find(marker)
    return position if position >= 0 else len(path) + 1


def _example_value(type_: ir.TypeRef, wire_name: str) -> object:
    kind = type_.kind
    if kind in ("str", "any", "uuid"):
        return wire_name
    if kind == "int":
        return 0
    if kind == "float":
        return 0.0
    if kind == "bool":
        return True
    if kind == "list":
        return []
    if kind in ("dict", "model"):
        return {}
    if kind == "literal":
        return type_.value
    if kind == "base64":
        return wire_name.encode()
    if kind == "tuple":
        return tuple(_example_value(member, wire_name) for member in type_.args)
    if kind == "enum":
        return None
    return wire_name


class Operations(Security):
    """Operations -> methods: parameters, bodies and responses put together, examples, docstrings."""

    def _operation(
        self,
        operation: Any,
        item: Any,
        path: str,
        method: str,
        name: str,
        call: str,
        schemes: tuple[ir.SecurityScheme, ...],
    ) -> ir.Operation:
        pointer = f"/paths/{_escape(path)}/{method}"
        context = class_name("_".join(call.split(".")))
        args = Namespace(METHOD_RESERVED)
        # parameters: path-level first, overridden by operation-level (name, in)
        merged: dict[tuple[str, str], tuple[Any, str]] = {}
        for source, params in (
            ("", getattr(item, "parameters", None)),
            (f"/{method}", operation.parameters),
        ):
            for index, raw in enumerate(params or []):
                param_pointer = f"/paths/{_escape(path)}{source}/parameters/{index}"
                param = self.resolver.resolve(raw, "Parameter", param_pointer)
                merged[(param.name, str(getattr(param.param_in, "value", param.param_in)))] = (
                    param,
                    param_pointer,
                )
        skipped = _credential_headers(schemes)
        by_location: dict[str, list[ir.Parameter]] = {
            "path": [],
            "query": [],
            "header": [],
            "cookie": [],
        }
        ordered = sorted(merged.values(), key=lambda pair: _path_position(path, pair[0]))
        for param, param_pointer in ordered:
            location = str(getattr(param.param_in, "value", param.param_in))
            wire = param.name
            if location == "header" and wire.lower() in {
                "accept",
                "content-type",
                "authorization",
            } | skipped.get("header", set()):
                continue
            if location in ("query", "cookie") and wire in skipped.get(location, set()):
                continue
            param_type = _ANY
            schema = getattr(param, "param_schema", None)
            if schema is not None:
                param_type = self._type_of(
                    schema, f"{param_pointer}/schema", f"{context}{pascal(wire)}"
                )
            elif getattr(param, "content", None):
                media = next(iter(param.content.values()))
                if media.media_type_schema is not None:
                    param_type = self._type_of(
                        media.media_type_schema,
                        f"{param_pointer}/content",
                        f"{context}{pascal(wire)}",
                    )
            required = bool(param.required) or location == "path"
            arg = _claim_arg(args, wire, location)
            style = getattr(param, "style", None)
            explode = getattr(param, "explode", None)
            style_text = (
                str(getattr(style, "value", style))
                if style
                else ("simple" if location in ("path", "header") else "form")
            )
            by_location[location].append(
                ir.Parameter(
                    arg=arg,
                    wire_name=wire,
                    location=location,
                    type=param_type,
                    required=required,
                    annotation=(
                        param_type.param_annotation
                        if required
                        else _omittable(param_type.param_annotation)
                    ),
                    description=_param_doc(param, schema),
                    deprecated=bool(param.deprecated),
                    style=style_text,
                    explode=bool(explode) if explode is not None else style_text == "form",
                    wire_keys=(
                        _pruned(self._key_table(param_type, frozenset()))
                        if location == "query"
                        else ()
                    ),
                )
            )
        body = self._body(operation, pointer, context, args)
        responses, cast_to, return_annotation, stream = self._responses(operation, pointer, context)
        async_return_annotation = return_annotation
        if stream:
            async_return_annotation = f"AsyncStream[{return_annotation}]"
            return_annotation = f"Stream[{return_annotation}]"
        errors = self._errors(operation, pointer, context)
        keyword = [p for loc in ("query", "header", "cookie") for p in by_location[loc]]
        keyword.sort(key=lambda p: not p.required)
        security = self._security(operation.security) if operation.security is not None else None
        return ir.Operation(
            name=name,
            http_method=method.upper(),
            path=path,
            operation_id=operation.operationId,
            summary=_text(operation.summary),
            description=_text(operation.description),
            deprecated=bool(operation.deprecated),
            path_params=tuple(by_location["path"]),
            query_params=tuple(by_location["query"]),
            header_params=tuple(by_location["header"]),
            cookie_params=tuple(by_location["cookie"]),
            body=body,
            responses=responses,
            errors=errors,
            return_annotation=return_annotation,
            async_return_annotation=async_return_annotation,
            stream=stream,
            # (a "media type" without a slash, such as cloudflare's 'undefined', is none)
            accept=_accept(responses),
            by_status=_by_status(responses) if not stream else (),
            cast_to=cast_to,
            security=security,
            call=call,
            endpoint="_" + constant_name(call.replace(".", "_")),
            examples=self._examples(by_location["path"], keyword, body),
            keyword_params=tuple(keyword),
            styled_query=tuple(
                p for p in by_location["query"] if (p.style, p.explode) != ("form", True)
            ),
            keyed_query=tuple(p for p in by_location["query"] if p.wire_keys),
            documented_args=_documented_args(by_location["path"], keyword, body),
        )

    def _examples(
        self,
        path_params: list[ir.Parameter],
        keyword: list[ir.Parameter],
        body: ir.RequestBody | None,
    ) -> tuple[ir.ExampleArgument, ...]:
        examples: list[ir.ExampleArgument] = []
        for param in [*path_params, *keyword]:
            if param.required:
                examples.append(
                    ir.ExampleArgument(param.arg, self._example_value(param.type, param.wire_name))
                )
        if body is not None:
            for body_field in body.fields:
                if body_field.required:
                    model = self.models[body.model or ""]
                    model_field = next(f for f in model.fields if f.name == body_field.field_name)
                    examples.append(
                        ir.ExampleArgument(
                            body_field.arg,
                            self._example_value(model_field.type, body_field.wire_name),
                        )
                    )
            if body.arg and body.required and body.type is not None:
                examples.append(
                    ir.ExampleArgument(body.arg, self._example_value(body.type, "body"))
                )
        return tuple(examples)

    def _example_value(self, type_: ir.TypeRef, wire_name: str) -> object:
        if type_.kind == "enum" and type_.name in self.enums:
            return self.enums[type_.name].members[0].value
        return _example_value(type_, wire_name)

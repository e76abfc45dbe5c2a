"""Operations -> methods: parameters, bodies and responses put together, examples, docstrings."""

from __future__ import annotations

from typing import Any

from .. import ir
from ..naming.registry import Namespace
from ..naming.reserved import METHOD_RESERVED
from ..naming.words import class_name, constant_name
from ..spec.pointers import escape_token
from .examples import ExampleValues, example_imports
from .parameters import Parameters, is_idempotency_header
from .responses import accept_header
from .typerefs import spec_text


def _documented_args(
    path_params: list[ir.Parameter], keyword: list[ir.Parameter], body: ir.RequestBody | None
) -> tuple[tuple[str, str], ...]:
    documented = [(p.arg, p.description) for p in [*path_params, *keyword] if p.description]
    if body is not None:
        documented.extend((f.arg, f.description) for f in body.fields if f.description)
        if body.arg and body.description:
            documented.append((body.arg, body.description))
    return tuple((arg, text) for arg, text in documented if text)


def _with_required(
    alternatives: tuple[tuple[str, ...], ...], required: tuple[str, ...]
) -> tuple[tuple[str, ...], ...]:
    """Each alternative with the `required` schemes added (once each); an alternative that
    then needs all another needs and more is left out (the other is enough)."""
    merged = [
        alternative + tuple(key for key in required if key not in alternative)
        for alternative in alternatives or ((),)
    ]
    kept: list[tuple[str, ...]] = []
    for index, keys in enumerate(merged):
        covered = any(
            set(other) < set(keys) or (set(other) == set(keys) and other_index < index)
            for other_index, other in enumerate(merged)
        )
        if not covered:
            kept.append(keys)
    return tuple(kept)


def _credential_args(
    alternatives: tuple[tuple[str, ...], ...], schemes: tuple[ir.SecurityScheme, ...]
) -> tuple[tuple[str, ...], ...]:
    """The client arguments of each alternative (a basic scheme has two)."""
    args = {scheme.key: tuple(c.arg for c in scheme.credentials) for scheme in schemes}
    return tuple(
        tuple(arg for key in alternative for arg in args.get(key, ()))
        for alternative in alternatives
    )


class Operations(Parameters):
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
        pointer = f"/paths/{escape_token(path)}/{method}"
        context = class_name("_".join(call.split(".")))
        args = Namespace(METHOD_RESERVED)
        by_location = self._parameters(operation, item, path, method, context, args, schemes)
        body = self._body(operation, pointer, context, args)
        responses, stream = self._responses(operation, pointer, context)
        errors = self._errors(operation, pointer, context)
        keyword = [p for loc in ("query", "header", "cookie") for p in by_location[loc]]
        keyword.sort(key=lambda p: not p.required)
        security = self._security(operation.security) if operation.security is not None else None
        required = self._required_credentials(operation, item, path, method, schemes)
        if required:
            security = _with_required(
                security if security is not None else self._document_security(), required
            )
        examples = self._examples(by_location["path"], keyword, body)
        declared_key = [p.wire_name for p in by_location["header"] if is_idempotency_header(p.wire_name)]
        return ir.Operation(
            name=name,
            http_method=method.upper(),
            path=path,
            operation_id=operation.operationId,
            summary=spec_text(operation.summary),
            description=spec_text(operation.description),
            deprecated=bool(operation.deprecated),
            path_params=tuple(by_location["path"]),
            query_params=tuple(by_location["query"]),
            header_params=tuple(by_location["header"]),
            cookie_params=tuple(by_location["cookie"]),
            body=body,
            responses=responses,
            errors=errors,
            stream=stream,
            # (a "media type" without a slash, such as cloudflare's 'undefined', is none)
            accept=accept_header(responses),
            security=security,
            call=call,
            endpoint="_" + constant_name(call.replace(".", "_")),
            examples=examples,
            example_imports=example_imports(example.value for example in examples),
            keyword_params=tuple(keyword),
            styled_query=tuple(
                p for p in by_location["query"] if (p.style, p.explode) != ("form", True)
            ),
            keyed_query=tuple(p for p in by_location["query"] if p.wire_keys),
            documented_args=_documented_args(by_location["path"], keyword, body),
            credentials=_credential_args(
                security if security is not None else self._document_security(), schemes
            ),
            idempotency_header=(
                declared_key[0]
                if declared_key
                else self.options.idempotency_header if method in ("post", "patch") else None
            ),
        )

    def _document_security(self) -> tuple[tuple[str, ...], ...]:
        return self._security(getattr(self.doc, "security", None)) or ()

    def _examples(
        self,
        path_params: list[ir.Parameter],
        keyword: list[ir.Parameter],
        body: ir.RequestBody | None,
    ) -> tuple[ir.ExampleArgument, ...]:
        """The arguments of the README's example call: every required one (and a flattened
        body's discriminator, with a tag), each an example value of its type."""
        values = ExampleValues(self.models, self.enums, self.aliases)
        examples = [
            ir.ExampleArgument(param.arg, values.value(param.type, param.wire_name, param.example))
            for param in [*path_params, *keyword]
            if param.required
        ]
        if body is not None:
            model = self.models.get(body.model or "")
            for body_field in body.fields:
                model_field = next(
                    (f for f in model.fields if f.name == body_field.field_name), None
                ) if model else None
                if model is None or model_field is None:
                    continue
                tag = values.tag(model, body_field.wire_name)
                if tag is not None:
                    examples.append(ir.ExampleArgument(body_field.arg, tag))
                elif body_field.required:
                    value = values.value(model_field.type, body_field.wire_name, model_field.example)
                    examples.append(ir.ExampleArgument(body_field.arg, value))
            if body.arg and body.required and body.type is not None:
                examples.append(ir.ExampleArgument(body.arg, values.value(body.type, "body")))
        return tuple(examples)

"""Parameters: path, query, header and cookie parameters -> method arguments."""

from __future__ import annotations

import re
from typing import Any

from .. import ir
from ..naming.registry import Namespace
from ..naming.rules import claim_argument
from ..naming.words import pascal
from ..spec.pointers import escape_token
from .bodies import pruned_wire_keys
from .examples import spec_example
from .security import Security, credential_headers
from .typerefs import ANY, spec_text

_TRANSPORT_HEADERS = frozenset({"accept", "content-type", "authorization"})
"""Headers the runtime sets itself: never method arguments."""

_IDEMPOTENCY_HEADER = re.compile(r"(?:x[-_])?idempotency[-_]?key", re.IGNORECASE)
"""A header parameter of this name (`Idempotency-Key`, `X-Idempotency-Key`) is the operation's
idempotency key: optional, the client fills it with a fresh key per call when not given."""


def is_idempotency_header(wire_name: str) -> bool:
    """Whether a header parameter is an idempotency key."""
    return _IDEMPOTENCY_HEADER.fullmatch(wire_name) is not None


class Parameters(Security):
    """The parameters stage: an operation's parameters, merged and typed, by location."""

    def _parameters(
        self,
        operation: Any,
        item: Any,
        path: str,
        method: str,
        context: str,
        args: Namespace,
        schemes: tuple[ir.SecurityScheme, ...],
    ) -> dict[str, list[ir.Parameter]]:
        """The operation's arguments by location, path parameters in path order; credentials
        the auth classes send are left out."""
        skipped = credential_headers(schemes)
        by_location: dict[str, list[ir.Parameter]] = {
            "path": [],
            "query": [],
            "header": [],
            "cookie": [],
        }
        merged = self._merged_parameters(operation, item, path, method)
        ordered = sorted(merged, key=lambda pair: _path_position(path, pair[0]))
        for param, param_pointer in ordered:
            location = str(getattr(param.param_in, "value", param.param_in))
            wire = param.name
            if location == "header" and wire.lower() in _TRANSPORT_HEADERS | skipped.get(
                "header", set()
            ):
                continue
            if location in ("query", "cookie") and wire in skipped.get(location, set()):
                continue
            by_location[location].append(
                self._parameter(param, param_pointer, location, context, args)
            )
        return by_location

    def _required_credentials(
        self,
        operation: Any,
        item: Any,
        path: str,
        method: str,
        schemes: tuple[ir.SecurityScheme, ...],
    ) -> tuple[str, ...]:
        """The security schemes whose parameter the operation declares as required (an API
        key header the spec also lists among the parameters): those credentials are not
        arguments, but the operation needs every one of them."""
        keys: list[str] = []
        for param, _ in self._merged_parameters(operation, item, path, method):
            if not param.required:
                continue
            location = str(getattr(param.param_in, "value", param.param_in))
            for scheme in schemes:
                if (
                    scheme.kind == "api_key"
                    and scheme.location == location
                    and scheme.parameter_name is not None
                    and (
                        scheme.parameter_name.lower() == param.name.lower()
                        if location == "header"
                        else scheme.parameter_name == param.name
                    )
                    and scheme.key not in keys
                ):
                    keys.append(scheme.key)
        return tuple(keys)

    def _merged_parameters(
        self, operation: Any, item: Any, path: str, method: str
    ) -> list[tuple[Any, str]]:
        """Path-level parameters first, overridden by operation-level ones (by name and in)."""
        merged: dict[tuple[str, str], tuple[Any, str]] = {}
        for source, params in (
            ("", getattr(item, "parameters", None)),
            (f"/{method}", operation.parameters),
        ):
            for index, raw in enumerate(params or []):
                param_pointer = f"/paths/{escape_token(path)}{source}/parameters/{index}"
                param = self.resolver.resolve(raw, "Parameter", param_pointer)
                merged[(param.name, str(getattr(param.param_in, "value", param.param_in)))] = (
                    param,
                    param_pointer,
                )
        return list(merged.values())

    def _parameter(
        self, param: Any, param_pointer: str, location: str, context: str, args: Namespace
    ) -> ir.Parameter:
        wire = param.name
        param_type = ANY
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
        description = _param_doc(param, schema)
        if location == "header" and is_idempotency_header(wire):
            required = False  # the client makes one when it is not given
            description = " ".join(
                part
                for part in (
                    description,
                    "When not given, a fresh key (a random UUID) is sent, the same on every retry.",
                )
                if part
            )
        arg = claim_argument(args, wire, location)
        style = getattr(param, "style", None)
        explode = getattr(param, "explode", None)
        style_text = (
            str(getattr(style, "value", style))
            if style
            else ("simple" if location in ("path", "header") else "form")
        )
        return ir.Parameter(
            arg=arg,
            wire_name=wire,
            location=location,
            type=param_type,
            required=required,
            description=description,
            example=spec_example(param, schema),
            deprecated=bool(param.deprecated),
            style=style_text,
            explode=bool(explode) if explode is not None else style_text == "form",
            wire_keys=(
                pruned_wire_keys(self._key_table(param_type, frozenset()))
                if location == "query"
                else ()
            ),
        )


def _param_doc(param: Any, schema: Any) -> str | None:
    """A parameter's description, saying when it is deprecated and what its default is."""
    parts = [spec_text(param.description) or ""]
    default = getattr(schema, "default", None) if schema is not None else None
    if default is not None and isinstance(default, (str, int, float, bool)):
        parts.append(f"Default: {default!r}.")
    if param.deprecated:
        parts.insert(0, "Deprecated.")
    text = " ".join(part for part in parts if part)
    return text or None


def _path_position(path: str, param: Any) -> int:
    marker = "{" + str(param.name) + "}"
    position = path.find(marker)
    return position if position >= 0 else len(path) + 1

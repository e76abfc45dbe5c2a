"""Stage 2, parse: the loaded mapping -> openapi-pydantic's 3.0 or 3.1 document model."""

from __future__ import annotations

import re
import warnings
from typing import Any

from openapi_pydantic.v3 import v3_0, v3_1
from pydantic import ValidationError

from ..errors import SpecError
from .load import LoadedSpec
from .pointers import join_pointer
from .vocabulary import SCHEMA_DATA_KEYWORDS, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_SLOTS

OpenAPIDocument = v3_0.OpenAPI | v3_1.OpenAPI

SUPPORTED = "OpenAPI 3.0.x and 3.1.x"
_VERSION = re.compile(r"^3\.(0|1)\.(\d+)$")
_LATEST_PATCH = {"0": "3.0.4", "1": "3.1.1"}
"""openapi-pydantic lists the patch versions it knows; later patches parse as the latest one."""


def parse_document(spec: LoadedSpec) -> OpenAPIDocument:
    """Validate the document against the OpenAPI model for its declared version."""
    model, data = model_for(spec)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return model.model_validate(data)  # type: ignore[no-any-return]
    except ValidationError as exc:
        raise _located(spec, exc) from None


def model_for(spec: LoadedSpec) -> tuple[Any, dict[str, Any]]:
    """The openapi-pydantic model for the document's version, and the data to validate."""
    data = spec.data
    if "swagger" in data and "openapi" not in data:
        raise spec.error(
            f"Swagger {data.get('swagger')} is not supported; convert it to OpenAPI 3"
            f" (supported: {SUPPORTED})",
            "/swagger",
        )
    version = data.get("openapi")
    if version is None:
        raise spec.error(f"no 'openapi' version field; supported: {SUPPORTED}", "")
    match = _VERSION.match(str(version))
    if not isinstance(version, str) or match is None:
        raise spec.error(
            f"unsupported OpenAPI version {version!r}; supported: {SUPPORTED}", "/openapi"
        )
    minor = match.group(1)
    model: Any = v3_0.OpenAPI if minor == "0" else v3_1.OpenAPI
    allowed: Any = model.model_fields["openapi"].annotation
    if version not in getattr(allowed, "__args__", ()):
        data = {**data, "openapi": _LATEST_PATCH[minor]}
    if minor == "1":
        data = object_schemas(data)
    return model, data


def object_schemas(node: Any) -> Any:
    """`node` with each boolean schema (3.1) where openapi-pydantic needs an object spelled as
    one: `true` as `{}` (any value) and `false` as `{"not": {}}` (no value). Copies only what
    changes; the loaded document is not modified."""
    if isinstance(node, list):
        items = [object_schemas(item) for item in node]
        return items if any(a is not b for a, b in zip(items, node, strict=True)) else node
    if not isinstance(node, dict):
        return node
    changed: dict[str, Any] = {}
    for key, value in node.items():
        if key in SCHEMA_DATA_KEYWORDS or (isinstance(key, str) and key.startswith("x-")):
            continue
        new = object_schemas(value)
        if key in SCHEMA_SLOTS:
            new = _as_object(new)
        elif key in SCHEMA_MAPS and isinstance(new, dict):
            new = _changed({k: _as_object(v) for k, v in new.items()}, new)
        elif key in SCHEMA_LISTS and isinstance(new, list):
            new = _changed([_as_object(v) for v in new], new)
        if new is not value:
            changed[key] = new
    return {**node, **changed} if changed else node


def _as_object(schema: Any) -> Any:
    if schema is True:
        return {}
    if schema is False:
        return {"not": {}}
    return schema


def _changed(new: Any, old: Any) -> Any:
    """`new` where any member differs from `old`'s, else `old` itself."""
    pairs = (
        zip(new.values(), old.values(), strict=True)
        if isinstance(new, dict)
        else zip(new, old, strict=True)
    )
    return new if any(a is not b for a, b in pairs) else old


def _located(spec: LoadedSpec, exc: ValidationError) -> SpecError:
    """The validation error whose location reaches deepest into the document."""
    best: tuple[int, str, str] | None = None
    for error in exc.errors():
        tokens = data_path(spec.data, error["loc"])
        message = f"{error['msg']}"
        if error["type"] == "missing":
            message = f"required field '{error['loc'][-1]}' is missing"
        candidate = (len(tokens), join_pointer(tokens), message)
        if best is None or candidate[0] > best[0]:
            best = candidate
    assert best is not None
    _, pointer, message = best
    return spec.error(f"not a valid OpenAPI document: {message}", pointer)


def data_path(data: Any, loc: tuple[int | str, ...]) -> list[str]:
    """Keep the parts of a pydantic error location that exist in the raw document.

    Pydantic adds union member names ('Reference', 'Schema', ...) to locations; they are not
    keys of the document and are skipped.
    """
    tokens: list[str] = []
    node = data
    for part in loc:
        key = str(part)
        if isinstance(node, dict) and key in node:
            node = node[key]
            tokens.append(key)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            tokens.append(key)
    return tokens

"""Document shapes the later stages cannot take as they stand: checked (strict) or repaired
(--lenient) on the loaded mapping, before it is parsed.

- `components/pathItems` in a 3.0 document (3.1 defines it; other tools tolerate it in 3.0):
  each path item that refers to one is written out in place, with a warning.
- A path template's `{name}` that no path parameter declares: an error, or (lenient) a required
  string path parameter declared on the operation.
- allOf cycles (A includes B, B includes A: no schema can be both): an error located at the
  `$ref` that closes the cycle, or (lenient) that `$ref` cut.
- A missing `info` or (3.0) `paths` (lenient): supplied.

Every function takes the raw data as loaded, so it must take any value where a mapping is
expected (the parser reports what is malformed).
"""

from __future__ import annotations

import copy
import re
from pathlib import PurePath
from typing import Any

from ..errors import SpecWarning
from .load import LoadedSpec
from .pointers import join_pointer, ref_tokens
from .refs import lookup

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE = re.compile(r"\{([^{}/%\s]+)\}")
"""A path template expression. The grammar allows any name without braces; one with spaces or
`%` (`{{ x }}`, `{% y %}`: a template language's syntax as text) is taken as the literal text it
is, which the client sends percent-encoded, not as a parameter the author forgot."""
_MAX_CHAIN = 64
"""Longest `$ref` chain followed here (longer ones are reported by the `$ref` check)."""


def check_shapes(spec: LoadedSpec, warnings: list[SpecWarning], *, lenient: bool) -> None:
    """Check (strict) or repair (lenient) the shapes above, in place; warnings are appended."""
    data = spec.data
    if lenient:
        _supply_top_level(spec, warnings)
    _inline_path_item_refs(spec, warnings)
    paths = data.get("paths")
    if isinstance(paths, dict):
        for path, item in paths.items():
            if isinstance(item, dict):
                _check_path_parameters(spec, str(path), item, warnings, lenient=lenient)
    _check_all_of_cycles(spec, warnings, lenient=lenient)


def _resolved(data: Any, node: Any) -> tuple[Any, str | None]:
    """`node`, or what its local `$ref` chain ends at, and that target's pointer."""
    pointer: str | None = None
    for _ in range(_MAX_CHAIN):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node, pointer
        ref = node["$ref"]
        if not ref.startswith("#"):
            return None, None
        found, node = lookup(data, ref_tokens(ref))
        if not found:
            return None, None
        pointer = join_pointer(ref_tokens(ref))
    return None, None


# ------------------------------------------------------------------------- info and paths


def _supply_top_level(spec: LoadedSpec, warnings: list[SpecWarning]) -> None:
    data = spec.data
    title = PurePath(spec.path).stem or "client"
    if not isinstance(data.get("info"), dict):
        data["info"] = {"title": title, "version": "0.0.0"}
        warnings.append(
            spec.warning(
                "repaired",
                f"no 'info': supplied one (title {title!r}, version '0.0.0')",
                "/info",
            )
        )
    info = data["info"]
    for key, value in (("title", title), ("version", "0.0.0")):
        if not isinstance(info.get(key), str):
            info[key] = value
            warnings.append(spec.warning("repaired", f"no info.{key}: supplied {value!r}", "/info"))
    if "paths" not in data and str(data.get("openapi", "")).startswith("3.0"):
        data["paths"] = {}
        warnings.append(
            spec.warning("repaired", "no 'paths': supplied none (no operations)", "/paths")
        )


# ------------------------------------------------------------------------ components/pathItems


def _inline_path_item_refs(spec: LoadedSpec, warnings: list[SpecWarning]) -> None:
    """In a 3.0 document, write out each path item that refers to `components/pathItems`."""
    data = spec.data
    paths = data.get("paths")
    if not str(data.get("openapi", "")).startswith("3.0") or not isinstance(paths, dict):
        return
    for path, item in list(paths.items()):
        ref = item.get("$ref") if isinstance(item, dict) else None
        if not (isinstance(ref, str) and ref.startswith("#/components/pathItems/")):
            continue
        target, _ = _resolved(data, item)
        if not isinstance(target, dict):
            continue  # dangling: the $ref check reports it
        written = copy.deepcopy(target)
        written.update({key: value for key, value in item.items() if key != "$ref"})
        paths[path] = written
        warnings.append(
            spec.warning(
                "extension",
                f"$ref '{ref}': 'components/pathItems' is OpenAPI 3.1; used as written there",
                join_pointer(["paths", str(path), "$ref"]),
            )
        )


# ------------------------------------------------------------------------ path parameters


def _declared_path_names(data: Any, *lists: Any) -> set[str] | None:
    """The names of the path parameters in `lists`, or None when one cannot be read here (an
    external `$ref`: the `$ref` check reports it)."""
    names: set[str] = set()
    for params in lists:
        for raw in params if isinstance(params, list) else []:
            param, _ = _resolved(data, raw)
            if param is None:
                return None
            if isinstance(param, dict) and param.get("in") == "path":
                names.add(str(param.get("name")))
    return names


def _check_path_parameters(
    spec: LoadedSpec, path: str, item: dict[str, Any], warnings: list[SpecWarning], *, lenient: bool
) -> None:
    """Every `{name}` of the path template is a declared path parameter of each operation."""
    template = list(dict.fromkeys(_TEMPLATE.findall(path)))
    if not template:
        return
    resolved, _ = _resolved(spec.data, item)
    if not isinstance(resolved, dict):
        return
    for method in HTTP_METHODS:
        operation = resolved.get(method)
        if not isinstance(operation, dict) or "$ref" in operation:
            continue
        declared = _declared_path_names(
            spec.data, resolved.get("parameters"), operation.get("parameters")
        )
        if declared is None:
            continue
        missing = [name for name in template if name not in declared]
        if not missing:
            continue
        pointer = join_pointer(["paths", path, method])
        names = ", ".join(f"'{{{name}}}'" for name in missing)
        problem = f"path template '{path}' has {names}, which no path parameter declares"
        if not lenient:
            raise spec.error(f"{problem} (declare it on the path item or the operation)", pointer)
        if resolved is not item:  # a shared path item ($ref, 3.1): repair this path's copy
            resolved = copy.deepcopy(resolved)
            item.clear()
            item.update(resolved)
            operation = resolved[method]
        params = operation.get("parameters")
        if not isinstance(params, list):
            params = operation["parameters"] = []
        for name in missing:
            params.append(
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            )
        warnings.append(
            spec.warning("repaired", f"{problem}: declared it as a required string", pointer)
        )


# ------------------------------------------------------------------------ allOf cycles


def _check_all_of_cycles(spec: LoadedSpec, warnings: list[SpecWarning], *, lenient: bool) -> None:
    """Walk the allOf parts of every component schema through their `$ref`s; a part that
    leads back to a schema on the walk closes a cycle."""
    components = spec.data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        return
    done: set[str] = set()
    for name in list(schemas):
        pointer = join_pointer(["components", "schemas", str(name)])
        if pointer not in done:
            _walk_all_of(spec, pointer, schemas[name], done, warnings, lenient=lenient)


def _walk_all_of(
    spec: LoadedSpec,
    start: str,
    node: Any,
    done: set[str],
    warnings: list[SpecWarning],
    *,
    lenient: bool,
) -> None:
    """Depth first, without recursion: each frame is (pointer, schema, next allOf index)."""
    on_walk: list[str] = [start]
    frames: list[tuple[str, Any, int]] = [(start, node, 0)]
    while frames:
        pointer, schema, index = frames.pop()
        parts = schema.get("allOf") if isinstance(schema, dict) else None
        if not isinstance(parts, list) or index >= len(parts):
            done.add(pointer)
            on_walk.remove(pointer)
            continue
        frames.append((pointer, schema, index + 1))
        part_pointer = f"{pointer}/allOf/{index}"
        part = parts[index]
        target, target_pointer = _resolved(spec.data, part)
        if target_pointer is None:  # an inline part (or a dangling $ref, reported elsewhere)
            target_pointer = part_pointer
            if target is None:
                continue
        if target_pointer in on_walk:
            cycle = [*on_walk[on_walk.index(target_pointer) :], target_pointer]
            words = " -> ".join(f"#{p}" for p in cycle)
            message = f"allOf cycle: {words} (a schema cannot include itself)"
            if not lenient:
                raise spec.error(message, f"{part_pointer}/$ref")
            parts[index] = {}
            warnings.append(
                spec.warning("repaired", f"{message}: cut it here", f"{part_pointer}/$ref")
            )
            continue
        if target_pointer not in done:
            on_walk.append(target_pointer)
            frames.append((target_pointer, target, 0))

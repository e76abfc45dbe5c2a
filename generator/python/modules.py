"""Module layout of a generated package: models grouped into modules (strongly connected components), and what each module imports."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TypeVar

from .. import ir
from ..naming.registry import Namespace
from ..naming.reserved import MODULE_RESERVED
from ..naming.words import identifier
from .order import all_order, import_order
from .text import _names_in


def module_name(name: str, limit: int = 80) -> str:
    """A module (file) name of at most `limit` characters: a longer one keeps its start and
    gets a short digest of the whole, so that it stays distinct and stable."""
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[: limit - 9].rstrip('_')}_{digest}"


def _annotation_uses(annotations: Iterable[str]) -> set[str]:
    """Import needs of annotations: 'datetime', 'uuid', 'Any', 'Mapping', 'Sequence'."""
    uses: set[str] = set()
    for annotation in annotations:
        if "_dt." in annotation:
            uses.add("datetime")
        if "_uuid." in annotation:
            uses.add("uuid")
        names = _names_in(annotation)
        uses.update(
            names
            & {
                "Any",
                "Literal",
                "Mapping",
                "Sequence",
                "FileContent",
                "Base64Bytes",
                "SerializeAsAny",
            }
        )
    return uses


def _model_modules(
    models: tuple[ir.Model, ...],
    enums: tuple[ir.Enum, ...],
    aliases: tuple[ir.UnionAlias, ...] = (),
    type_aliases: tuple[ir.TypeAliasDef, ...] = (),
) -> tuple[tuple[ir.ModelModule, ...], tuple[tuple[str, str], ...]]:
    """Group classes into modules, one per strongly connected component of their references,
    so that using one class loads only what it needs."""
    by_name: dict[str, ir.Model | ir.Enum | ir.UnionAlias | ir.TypeAliasDef] = {
        m.name: m for m in models
    }
    by_name.update({e.name: e for e in enums})
    by_name.update({a.name: a for a in aliases})
    by_name.update({a.name: a for a in type_aliases})
    edges = _reference_edges(by_name)
    components = _strongly_connected(sorted(by_name), edges)
    module_names = Namespace(MODULE_RESERVED, fold_case=True)
    module_of: dict[str, str] = {}
    named: list[tuple[str, list[str]]] = []
    for component in components:
        module = module_names.claim(module_name(identifier(min(component), fallback="models")))
        named.append((module, component))
        for name in component:
            module_of[name] = module
    # Bucket every class by its module once (models keep their dependency order).
    models_in = _by_module(models, module_of)
    enums_in = _by_module(enums, module_of)
    aliases_in = _by_module(aliases, module_of)
    type_aliases_in = _by_module(type_aliases, module_of)
    known = set(by_name) | {f"{m.name}Param" for m in models if m.param_name}
    modules: list[ir.ModelModule] = []
    locations: list[tuple[str, str]] = []
    for module, _component in named:
        module_models = tuple(models_in.get(module, ()))
        module_enums = tuple(enums_in.get(module, ()))
        module_aliases = tuple(aliases_in.get(module, ()))
        module_type_aliases = tuple(type_aliases_in.get(module, ()))
        imported = _sibling_imports(
            module, module_models, module_aliases, module_type_aliases, module_of, by_name, known
        )
        exports = [m.name for m in module_models] + [
            m.param_name for m in module_models if m.param_name
        ]
        exports += [e.name for e in module_enums] + [a.name for a in module_aliases]
        exports += [a.name for a in module_type_aliases]
        for name in exports:
            locations.append((name, module))
        module_order = import_order(imported)
        defined_here = {m.name for m in module_models}
        aliases_last = any(defined_here.intersection(a.members) for a in module_aliases) or any(
            _names_in(a.target) & defined_here for a in module_type_aliases
        )
        modules.append(
            ir.ModelModule(
                module=module,
                models=module_models,
                enums=module_enums,
                aliases=module_aliases,
                type_aliases=module_type_aliases,
                imports=tuple((m, import_order(imported[m])) for m in module_order),
                uses=_with_stdlib(
                    _model_uses(module_models, module_enums)
                    + (("TYPE_CHECKING", "TypeAlias", "tagged_union") if module_aliases else ())
                    + (
                        ("TypeAlias", *_annotation_uses(a.target for a in module_type_aliases))
                        if module_type_aliases
                        else ()
                    )
                ),
                exports=all_order(exports),
                import_names=import_order(exports),
                aliases_last=aliases_last,
            )
        )
    position = {name: index for index, name in enumerate(import_order(m.module for m in modules))}
    modules.sort(key=lambda m: position[m.module])
    return tuple(modules), tuple(sorted(locations))


_STDLIB_USES = frozenset(
    {
        "builtins",
        "datetime",
        "uuid",
        "warnings",
        "Mapping",
        "Sequence",
        "cached_property",
        "TYPE_CHECKING",
        "Annotated",
        "Any",
        "Literal",
        "TypeAlias",
        "TypedDict",
        "cast",
    }
)
"""Uses that are imported from the standard library (their own import block)."""


def _with_stdlib(uses: tuple[str, ...]) -> tuple[str, ...]:
    """`uses`, sorted, plus 'stdlib' when a module imports anything from the standard library
    (so that templates know whether that import block, and its blank line, exists)."""
    found = set(uses)
    if found & _STDLIB_USES:
        found.add("stdlib")
    return tuple(sorted(found))


def _strongly_connected(nodes: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively; components in a deterministic order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child_index = work.pop()
            if child_index == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = edges.get(node, [])
            if child_index < len(children):
                work.append((node, child_index + 1))
                child = children[child_index]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            for child in children:
                if child in on_stack and index.get(child, -1) > index[node]:
                    low[node] = min(low[node], low[child])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(sorted(component))
    return result


def _model_uses(models: tuple[ir.Model, ...], enums: tuple[ir.Enum, ...]) -> tuple[str, ...]:
    annotations: list[str] = []
    uses: set[str] = set()
    for model in models:
        uses.add("BaseModel")
        annotations.extend(f.annotation for f in model.fields)
        if model.extra_annotation:
            annotations.append(model.extra_annotation)
        if any(f.has_alias or f.deprecated for f in model.fields):
            uses.update({"Annotated", "Field"})
        if model.constants:
            uses.add("Any")
        if model.subtypes:
            uses.add("subtype_validator")
        if any(_secret_looking_default(f.name, f.default, f.has_default) for f in model.fields):
            uses.add("noqa-S105")
        if model.param_name:
            uses.add("TypedDict")
            annotations.extend(f.param_annotation for f in model.fields)
            if any(f.required for f in model.fields):
                uses.update({"TYPE_CHECKING", "Required"})
    for enum in enums:
        uses.add("OpenStrEnum" if enum.base == "str" else "OpenIntEnum")
        if any(_LOOKS_SECRET.search(member.name) for member in enum.members):
            uses.add("noqa-S105")
    return tuple(sorted(uses | _annotation_uses(annotations)))


_LOOKS_SECRET = re.compile(r"(^|_)(PAS+WO?R?D|PASS(PHRASE)?|PWD|TOKEN|SECRETE?)($|_)")
"""Names ruff's S105 takes for hard-coded passwords."""


def _secret_looking_default(name: str, default: object, has_default: bool) -> bool:
    """A text default of a name ruff takes for a password (`token_type = "Bearer"`, S105 and
    S107): a constant of the API, which the module says in a noqa."""
    return has_default and isinstance(default, str) and bool(_LOOKS_SECRET.search(name.upper()))


def _with_imports(module: ir.ResourceModule, known: set[str]) -> ir.ResourceModule:
    """The module with the model names and other imports its code uses."""
    annotations: list[str] = []
    uses: set[str] = set()
    names: set[str] = set()
    for resource in module.classes:
        if resource.children:
            uses.update({"cached_property", "TYPE_CHECKING"})
        for op in resource.operations:
            uses.add("operations")
            annotations.append(op.return_annotation)
            annotations.extend(p.annotation for p in (*op.path_params, *op.keyword_params))
            if op.cast_to:
                uses.add("cast")
                annotations.append(op.cast_to)
            # Evaluated when the module loads: each status's own type, which the return
            # annotation need not spell (`A | B` for 200 and `Any` for 202 return `Any`).
            annotations.extend(type_ for _, type_ in op.by_status)
            if op.stream:
                uses.add("stream")
            if "builtins." in op.return_annotation or "builtins." in op.async_return_annotation:
                uses.add("builtins")
            if op.deprecated:
                uses.add("warnings")
            if op.body is not None:
                annotations.extend(f.annotation for f in op.body.fields)
                if any(
                    _secret_looking_default(f.arg, f.default, f.has_default) for f in op.body.fields
                ):
                    uses.add("noqa-S107")
                if op.body.annotation:
                    annotations.append(op.body.annotation)
                if op.body.type is not None:
                    annotations.append(op.body.type.annotation)
                if op.body.model:
                    names.add(op.body.model)
            names.update(model for _, model in op.errors)
    for annotation in annotations:
        names.update(_names_in(annotation) & known)
    uses |= _annotation_uses(annotations)
    return replace(module, model_imports=import_order(names), uses=_with_stdlib(tuple(uses)))


def _collect_models(type_: ir.TypeRef, into: set[str]) -> None:
    stack = [type_]
    while stack:
        current = stack.pop()
        if current.kind in ("model", "enum", "alias") and current.name:
            into.add(current.name)
        stack.extend(current.args)


def _dependency_order(models: dict[str, ir.Model]) -> list[ir.Model]:
    """Models sorted by name, each after the models its fields use (cycles broken by name)."""
    ordered: list[ir.Model] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in placed or name in visiting or name not in models:
            return
        visiting.add(name)
        deps: set[str] = set()
        if models[name].base is not None:
            deps.add(models[name].base)  # type: ignore[arg-type]
        for model_field in models[name].fields:
            _collect_models(model_field.type, deps)
        if models[name].extra_type is not None:
            _collect_models(models[name].extra_type, deps)  # type: ignore[arg-type]
        for dep in sorted(deps):
            visit(dep)
        visiting.discard(name)
        placed.add(name)
        ordered.append(models[name])

    for name in sorted(models):
        visit(name)
    return ordered


_Definition = ir.Model | ir.Enum | ir.UnionAlias | ir.TypeAliasDef
_Item = TypeVar("_Item", ir.Model, ir.Enum, ir.UnionAlias, ir.TypeAliasDef)


def _by_module(items: Iterable[_Item], module_of: dict[str, str]) -> dict[str, list[_Item]]:
    """Definitions grouped by the module they go to, in their given order."""
    grouped: dict[str, list[_Item]] = {}
    for item in items:
        grouped.setdefault(module_of[item.name], []).append(item)
    return grouped


def _reference_edges(by_name: dict[str, _Definition]) -> dict[str, list[str]]:
    """For each class: the other classes of the package it refers to."""
    edges: dict[str, list[str]] = {}
    for name, item in by_name.items():
        deps: set[str] = set()
        if isinstance(item, ir.UnionAlias):
            deps.update(item.members)
        if isinstance(item, ir.TypeAliasDef):
            deps.update(_names_in(item.target))
        if isinstance(item, ir.Model):
            if item.base is not None:
                deps.add(item.base)
            deps.update(subtype for _, subtype in item.subtypes)
            for model_field in item.fields:
                _collect_models(model_field.type, deps)
            if item.extra_type is not None:
                _collect_models(item.extra_type, deps)
        edges[name] = sorted(dep for dep in deps if dep in by_name and dep != name)
    return edges


def _sibling_imports(
    module: str,
    module_models: tuple[ir.Model, ...],
    module_aliases: tuple[ir.UnionAlias, ...],
    module_type_aliases: tuple[ir.TypeAliasDef, ...],
    module_of: dict[str, str],
    by_name: dict[str, _Definition],
    known: set[str],
) -> dict[str, set[str]]:
    """Names a module imports from its sibling modules, by module."""
    annotations: list[str] = [" | ".join(a.members) for a in module_aliases]
    annotations.extend(a.target for a in module_type_aliases)
    for model in module_models:
        annotations.extend(f.annotation for f in model.fields)
        if model.extra_annotation:
            annotations.append(model.extra_annotation)
        if model.param_name:
            annotations.extend(f.param_annotation for f in model.fields)
    imported: dict[str, set[str]] = {}
    for annotation in annotations:
        for name in _names_in(annotation) & known:
            owner = module_of.get(name.removesuffix("Param") if name not in by_name else name)
            if owner is not None and owner != module:
                imported.setdefault(owner, set()).add(name)
    return imported

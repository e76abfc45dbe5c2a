"""Module layout of a generated package: models grouped into modules (strongly connected
components of their references), and the import plan of each module."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from typing import TypeVar

from .. import ir
from ..naming.registry import Namespace
from ..naming.reserved import MODULE_RESERVED
from ..naming.words import identifier
from .annotations import SpellContext
from .imports import Needs, model_module_plan, resource_module_plan
from .order import all_order, import_order


def module_name(name: str, limit: int = 80) -> str:
    """A module (file) name of at most `limit` characters: a longer one keeps its start and
    gets a short digest of the whole, so that it stays distinct and stable."""
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[: limit - 9].rstrip('_')}_{digest}"


def group_model_modules(
    models: tuple[ir.Model, ...],
    enums: tuple[ir.Enum, ...],
    aliases: tuple[ir.UnionAlias, ...] = (),
    type_aliases: tuple[ir.TypeAliasDef, ...] = (),
) -> tuple[tuple[ir.ModelModule, ...], tuple[tuple[str, str], ...]]:
    """Group classes into modules, one per strongly connected component of their references,
    so that using one class loads only what it needs; each module imports what its code uses
    (`imports.model_module_plan`)."""
    by_name: dict[str, _Definition] = {m.name: m for m in models}
    by_name.update({e.name: e for e in enums})
    by_name.update({a.name: a for a in aliases})
    by_name.update({a.name: a for a in type_aliases})
    components = _strongly_connected(sorted(by_name), _reference_edges(by_name))
    module_names = Namespace(MODULE_RESERVED, fold_case=True)
    module_of: dict[str, str] = {}
    for component in components:
        claimed = module_names.claim(module_name(identifier(min(component), fallback="models")))
        for name in component:
            module_of[name] = claimed
    # Bucket every class by its module once (models keep their dependency order).
    models_in = _by_module(models, module_of)
    enums_in = _by_module(enums, module_of)
    aliases_in = _by_module(aliases, module_of)
    type_aliases_in = _by_module(type_aliases, module_of)
    modules = [
        _model_module(
            claimed,
            tuple(models_in.get(claimed, ())),
            tuple(enums_in.get(claimed, ())),
            tuple(aliases_in.get(claimed, ())),
            tuple(type_aliases_in.get(claimed, ())),
        )
        for claimed in dict.fromkeys(module_of[min(c)] for c in components)
    ]
    locations = {name: module.module for module in modules for name in module.exports}
    context = SpellContext.of_types(models, enums)
    planned = []
    for module in modules:
        plan = model_module_plan(module, context, locations)
        planned.append(replace(module, imports=plan.imports, uses=plan.uses))
    position = {name: index for index, name in enumerate(import_order(m.module for m in planned))}
    planned.sort(key=lambda m: position[m.module])
    return tuple(planned), tuple(sorted(locations.items()))


def _model_module(
    module: str,
    models: tuple[ir.Model, ...],
    enums: tuple[ir.Enum, ...],
    aliases: tuple[ir.UnionAlias, ...],
    type_aliases: tuple[ir.TypeAliasDef, ...],
) -> ir.ModelModule:
    """One module under models/, its imports not planned yet."""
    exports = [m.name for m in models] + [m.param_name for m in models if m.param_name]
    exports += [e.name for e in enums] + [a.name for a in aliases]
    exports += [a.name for a in type_aliases]
    defined_here = {m.name for m in models}
    aliases_last = any(defined_here.intersection(a.members) for a in aliases) or any(
        _spelled_names(a.type) & defined_here for a in type_aliases
    )
    return ir.ModelModule(
        module=module,
        models=models,
        enums=enums,
        aliases=aliases,
        type_aliases=type_aliases,
        imports=(),
        uses=(),
        exports=all_order(exports),
        import_names=import_order(exports),
        aliases_last=aliases_last,
    )


def _spelled_names(type_: ir.TypeRef) -> set[str]:
    """The class names the response-side spelling of a type refers to."""
    needs = Needs()
    needs.response(type_)
    return needs.names


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


def _collect_models(type_: ir.TypeRef, into: set[str]) -> None:
    stack = [type_]
    while stack:
        current = stack.pop()
        if current.kind in ("model", "enum", "alias") and current.name:
            into.add(current.name)
        stack.extend(current.args)


def dependency_order(models: dict[str, ir.Model]) -> list[ir.Model]:
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
            deps.update(_spelled_names(item.type))
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


def with_imports(
    module: ir.ResourceModule, context: SpellContext, known: set[str]
) -> ir.ResourceModule:
    """The module with the model names and other imports its code uses."""
    plan = resource_module_plan(module, context, known)
    return replace(module, model_imports=plan.model_imports, uses=plan.uses)

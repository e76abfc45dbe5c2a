"""The two versions under comparison: their models, which models each reads and writes, and
the changes found so far; with the walks over the intermediate model the rules share."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import ir
from ..python.annotations import SpellContext, Spelling
from .changes import KINDS, Change
from .types import enum_bases

_SCHEMA_COMPONENT = re.compile(r"^/components/schemas/[^/]+$")


class Usage:
    """Which models and enums one version reads and writes."""

    def __init__(self, api: ir.Api) -> None:
        self.models = {model.name: model for model in api.models}
        self.inputs: set[str] = set()
        self.outputs: set[str] = set()
        flattened: set[str] = set()
        request: list[ir.TypeRef] = []
        response: list[ir.TypeRef] = []
        error_models: list[str] = []
        for op in operations_of(api).values():
            request.extend(p.type for p in params_of(op))
            if op.body is not None:
                if op.body.type is not None:
                    request.append(op.body.type)
                if op.body.model is not None and op.body.model in self.models:
                    flattened.add(op.body.model)
                    request.extend(f.type for f in self.models[op.body.model].fields)
            response.extend(r.type for r in op.responses if r.type is not None)
            error_models.extend(name for _, name in op.errors)
        self._walk(request, (), self.inputs)
        self._walk(response, error_models, self.outputs)
        self.flattened_only = flattened - self.inputs - self.outputs
        """Body models only ever spread into arguments: their changes are argument changes."""

    def _walk(self, roots: Iterable[ir.TypeRef], names: Iterable[str], into: set[str]) -> None:
        """Add to `into` every model and enum reachable from the types and the model names."""
        stack = list(roots)
        pending = list(names)
        while stack or pending:
            if pending:
                name = pending.pop()
            else:
                type_ = stack.pop()
                stack.extend(type_.args)
                if type_.kind not in ("model", "enum") or not type_.name:
                    continue
                name = type_.name
            if name in into:
                continue
            into.add(name)
            model = self.models.get(name)
            if model is not None:
                stack.extend(f.type for f in model.fields)
                if model.extra_type is not None:
                    stack.append(model.extra_type)


class Versions:
    """The old and new version of one API, and the changes the rules find between them."""

    def __init__(self, old: ir.Api, new: ir.Api) -> None:
        self.old = old
        self.new = new
        self.old_usage = Usage(old)
        self.new_usage = Usage(new)
        self.old_spelling = Spelling(SpellContext.of(old, for_people=True))
        self.new_spelling = Spelling(SpellContext.of(new, for_people=True))
        """How each version spells its types in the report."""
        self.old_enums = enum_bases(old)
        self.new_enums = enum_bases(new)
        """Each version's enums by name, with the type of their values."""
        self.changes: list[Change] = []

    def add(
        self,
        kind: str,
        breaking: bool,
        location: str,
        message: str,
        old: str | None = None,
        new: str | None = None,
    ) -> None:
        assert kind in KINDS, kind
        self.changes.append(Change(kind, breaking, location, message, old, new))


def operations_of(api: ir.Api) -> dict[str, ir.Operation]:
    """Every operation by its call path ('workers.deployments.chat.create')."""
    found: dict[str, ir.Operation] = {}
    for module in api.resources:
        for resource in module.classes:
            for op in resource.operations:
                found[op.call] = op
    return found


def params_of(op: ir.Operation) -> tuple[ir.Parameter, ...]:
    """The operation's path, query, header and cookie parameters, path ones first."""
    return (*op.path_params, *op.query_params, *op.header_params, *op.cookie_params)


def method(call: str) -> str:
    """How client code names a method: 'client.pets.list'."""
    return f"client.{call}"


def is_component(pointer: str) -> bool:
    """A component schema's own class; inline classes follow the field or method using them."""
    return bool(_SCHEMA_COMPONENT.match(pointer))

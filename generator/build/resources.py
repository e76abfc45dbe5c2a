"""The resource tree: paths and tags -> nested resources with methods, one module each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import ir
from ..naming.registry import Namespace
from ..naming.reserved import (
    CLIENT_METHODS,
    CLIENT_RESERVED,
    MEMBER_NAMES_ALLOWED,
    MODULE_RESERVED,
    PYTHON_NAMES,
)
from ..naming.rules import (
    ACTION_VERBS,
    FILE_EXTENSION,
    HTTP_METHODS,
    METHOD_ORDER,
    PREFIX_SEGMENT,
    extension_names,
    operation_verb,
    resource_class_names,
    verb_resource,
)
from ..naming.words import class_name, identifier, snake
from ..python.modules import module_name
from ..python.order import import_order
from ..spec.pointers import escape_token
from .left_out import operation_left_out, path_item_left_out
from .operations import Operations


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    entries: list[tuple[str, Any, str, Any, str, str]] = field(default_factory=list)
    """(method name, operation, path, path item, HTTP method, where the name came from)."""


class Resources(Operations):
    """The resource tree: paths and tags -> nested resources with methods, one module each."""

    def _resources(self, schemes: tuple[ir.SecurityScheme, ...]) -> tuple[ir.ResourceModule, ...]:
        entries: list[tuple[list[str], str, Any, str, Any, str, str]] = []
        paths = self.doc.paths or {}
        for path, item in paths.items():
            item = self.resolver.resolve(  # noqa: PLW2901 - a path item may be a $ref
                item, "PathItem", f"/paths/{escape_token(path)}"
            )
            included = False
            for method in HTTP_METHODS:
                operation = getattr(item, method, None)
                if operation is None or not self.options.includes(path, operation.tags or []):
                    continue
                included = True
                self.warnings.extend(operation_left_out(self.spec, self.doc, path, method, operation))
                resource_path, method_name, source = self._place(path, method, operation)
                entries.append((resource_path, method_name, operation, path, item, method, source))
            if included:
                self.warnings.extend(path_item_left_out(self.spec, self.doc, path, item))
        # Priority for a contested name: GET before POST ..., then path order.
        entries.sort(key=lambda e: (e[0], e[1], METHOD_ORDER[e[5]], e[3]))
        tree = _Node()
        for resource_path, method_name, operation, path, item, method, source in entries:
            node = tree
            for segment in resource_path:
                node = node.children.setdefault(segment, _Node())
            node.entries.append((method_name, operation, path, item, method, source))
        top_names = Namespace(CLIENT_RESERVED | CLIENT_METHODS | PYTHON_NAMES)
        modules: list[ir.ResourceModule] = []
        module_names = Namespace(MODULE_RESERVED, fold_case=True)
        top: list[ir.Resource] = []
        for segment in sorted(tree.children):
            attr = top_names.claim(identifier(segment, reserved=CLIENT_RESERVED | CLIENT_METHODS))
            top.append(
                self._resource(tree.children[segment], [attr], attr, schemes, modules, module_names)
            )
        self.top_resources = tuple(top)
        return tuple(sorted(modules, key=lambda m: m.module))

    def _overridden(self, path: str, method: str, operation: Any) -> bool:
        """Whether the configuration names this operation's method (`method_overrides`)."""
        return self._override_key(path, method, operation) is not None

    def _override_key(self, path: str, method: str, operation: Any) -> str | None:
        """The `method_overrides` key that names this operation's method, if one does."""
        overrides = self.options.method_overrides
        if f"{method.upper()} {path}" in overrides:
            return f"{method.upper()} {path}"
        if operation.operationId and operation.operationId in overrides:
            return str(operation.operationId)
        return None

    def _place(self, path: str, method: str, operation: Any) -> tuple[list[str], str, str]:
        """Resource path, method name and where they came from (README: 'Naming rules').

        In order: an override in the configuration; for a method an earlier generation
        recorded, its recorded place (names stay put); the naming extensions; a verb-first
        operationId where the path rules give only a generic verb; the path rules. A place
        other than the path rules' is recorded (`place method ...`) for the next generation."""
        override = self.options.method_overrides.get(f"{method.upper()} {path}")
        if override is None and operation.operationId:
            override = self.options.method_overrides.get(operation.operationId)
        if override:
            parts = [snake(p) for p in override.split(".") if snake(p)]
            if len(parts) >= 2:
                return parts[:-1], parts[-1], "path rule"  # the source is told by _methods
        resource, verb, by_action = self._path_rule(path, method, operation)
        key = f"method {method.upper()} {path}"
        place, name, source = self._by_the_rules(resource, verb, by_action, operation)
        if key in self.kept_names:
            recorded = self.kept_names.get(f"place {key}", "").split(".")
            kept_place = recorded if all(snake(p) == p and p for p in recorded) else resource
            if kept_place != place:  # (a kept name other than `name` is told by _methods)
                source = (
                    "kept from the previous generation; by the rules now"
                    f" {'.'.join([*place, name])!r} ({source})"
                )
                place, name = kept_place, verb
        if place != resource:
            self.names[f"place {key}"] = ".".join(place)
        return place, name, source

    def _by_the_rules(
        self, resource: list[str], verb: str, by_action: bool, operation: Any
    ) -> tuple[list[str], str, str]:
        """Resource path, method name and their source for an operation no earlier generation
        named: the naming extensions, else a verb-first operationId where the path rules give
        only a generic verb, else the path rules (`resource`, `verb`)."""
        operation_id = operation.operationId
        group, name, extensions = extension_names(getattr(operation, "model_extra", None))
        specific = None if by_action else operation_verb(operation_id)
        if extensions:
            return group or resource, name or specific or verb, f"{extensions} in the spec"
        if specific is not None and specific != verb:
            source = (
                f"operationId {operation_id!r}: its verb {specific!r} rather than"
                f" the path rule's {'.'.join([*resource, verb])!r}"
            )
            return verb_resource(resource, operation_id), specific, source
        return resource, verb, "path rule"

    def _path_rule(self, path: str, method: str, operation: Any) -> tuple[list[str], str, bool]:
        """Resource path and method name by the path rules alone, and whether an action
        segment (`/chat/create`) named the method."""
        segments = [s for s in path.split("/") if s]
        statics: list[str] = []
        leading = True
        for segment in segments:
            if "{" in segment:
                leading = False
                continue
            if leading and PREFIX_SEGMENT.match(segment):
                continue
            leading = False
            word = snake(FILE_EXTENSION.sub("", segment))
            if word:
                statics.append(word)
        ends_with_param = bool(segments) and "{" in segments[-1]
        if statics and not ends_with_param and statics[-1] in ACTION_VERBS and len(statics) >= 2:
            return statics[:-1], statics[-1], True
        if not statics:
            tags = getattr(operation, "tags", None) or []
            statics = [snake(tags[0]) or "root"] if tags else ["root"]
        verb = {
            "get": "retrieve" if ends_with_param else "list",
            "post": "update" if ends_with_param else "create",
            "put": "update",
            "patch": "update",
            "delete": "delete",
        }.get(method, method)
        return statics, verb, False

    def _resource(
        self,
        node: _Node,
        path: list[str],
        attr: str,
        schemes: tuple[ir.SecurityScheme, ...],
        modules: list[ir.ResourceModule],
        module_names: Namespace,
    ) -> ir.Resource:
        """One resource and, recursively, its children; each gets a module of its own."""
        member_reserved = PYTHON_NAMES - MEMBER_NAMES_ALLOWED
        names = Namespace(member_reserved)
        operations = self._methods(node, path, names, member_reserved, schemes)
        children: list[ir.Resource] = []
        for child in sorted(node.children):
            child_attr = names.claim(identifier(child, reserved=PYTHON_NAMES))
            children.append(
                self._resource(
                    node.children[child],
                    [*path, child_attr],
                    child_attr,
                    schemes,
                    modules,
                    module_names,
                )
            )
        order = import_order(child.module for child in children)
        children.sort(key=lambda child: order.index(child.module))
        base = self._resource_class_name(path)
        derived = resource_class_names(base)
        _, async_name, raw_name, async_raw_name, streaming_name, async_streaming_name = derived
        resource = ir.Resource(
            attr=attr,
            path=".".join(path),
            module=module_names.claim(module_name("_".join(path))),
            class_name=base,
            async_class_name=async_name,
            raw_class_name=raw_name,
            async_raw_class_name=async_raw_name,
            streaming_class_name=streaming_name,
            async_streaming_class_name=async_streaming_name,
            import_names=import_order(derived),
            operations=tuple(operations),
            children=tuple(children),
        )
        modules.append(
            ir.ResourceModule(
                module=resource.module,
                root=resource,
                classes=(resource,),
                model_imports=(),  # planned from the finished operations (with_imports)
            )
        )
        return resource

    def _methods(
        self,
        node: _Node,
        path: list[str],
        names: Namespace,
        member_reserved: frozenset[str],
        schemes: tuple[ir.SecurityScheme, ...],
    ) -> list[ir.Operation]:
        """The resource's operations as methods, named in `names` (kept names first)."""
        operations: list[ir.Operation] = []
        # Methods an earlier generation named keep their names; newcomers take what is left.
        # (A method the configuration names explicitly is named by the configuration.)
        kept: dict[str, str] = {}
        for _, operation, op_path, _, method, _ in node.entries:
            key = f"method {method.upper()} {op_path}"
            if not self._overridden(op_path, method, operation):
                kept_name = self._kept(key, names)
                if kept_name is not None:
                    kept[key] = kept_name
        for method_name, operation, op_path, item, method, rule in node.entries:
            key = f"method {method.upper()} {op_path}"
            name = method_name
            override = self._override_key(op_path, method, operation)
            source = rule if override is None else f"override {override!r} in the configuration"
            if key in kept:
                name = kept[key]
                if name != method_name:  # the path rule's name is not what the name is
                    source = "kept from the previous generation"
                    if operation.operationId and name == identifier(operation.operationId):
                        source = f"operationId {operation.operationId!r}: the path rule's {method_name!r} was taken"
            else:
                if name in names and operation.operationId:
                    name = identifier(operation.operationId)
                    source = f"operationId {operation.operationId!r}: the path rule's {method_name!r} was taken"
                wanted = name
                name = names.claim(identifier(name, reserved=member_reserved))
                if name != wanted:
                    source += f", made a unique identifier from {wanted!r}"
            self.names[key] = name
            call = ".".join([*path, name])
            with self.transaction(f"operation {method.upper()} {op_path}"):
                operations.append(
                    self._operation(operation, item, op_path, method, name, call, schemes)
                )
                self.decisions.append(f"{method.upper()} {op_path} -> {call} ({source})")
        return operations

    def _resource_class_name(self, path: list[str]) -> str:
        """The resource's class name (its async and raw-response twins are claimed with it)."""
        key = f"resource {'.'.join(path)}"
        if key in self._kept_classes:
            base = self._class_name(key, "")
        else:
            preferred = class_name("_".join(path))
            if preferred in self.class_names:
                preferred = f"{preferred}Resource"
            base = preferred
            counter = 2
            while not all(n not in self.class_names for n in resource_class_names(base)):
                base = f"{preferred}_{counter}"
                counter += 1
            base = self._class_name(key, base)
            for derived in resource_class_names(base)[1:]:
                self.class_names.claim(derived)
        return base

"""allOf inheritance: which model extends which, polymorphic bases and their subtypes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import ir
from ..spec.pointers import schema_component, schema_pointer, split_pointer
from ..spec.schema_view import SchemaView
from .schemas import Schemas
from .unions import mapped_component


def _narrows(own: ir.Field, inherited: ir.Field) -> bool:
    """Whether a subclass may declare `own` where its base declares `inherited`."""
    if own.name != inherited.name:
        return False
    if own.reads_none == inherited.reads_none and replace(own.type, nullable=False) == replace(
        inherited.type, nullable=False
    ):
        return True  # the same annotation
    # A const in the subtype where the base has the plain type (`kind: Literal['lion']`).
    return (
        own.type.kind == "literal"
        and not own.type.nullable
        and inherited.type.kind in ("str", "int", "bool")
        and not inherited.type.nullable
    )


class Inheritance(Schemas):
    """allOf inheritance: which model extends which, polymorphic bases and their subtypes."""

    def _extensions(self, component: str) -> list[str]:
        """Components whose allOf names `component` directly (its subtypes), sorted."""
        if self._extended_by is None:
            self._extended_by = {}
            for child, obj in sorted(self._components("schemas").items()):
                schema, target = self._schema(obj, "")
                if target is not None:
                    continue
                for part in schema.get("allOf") or []:
                    _, parent = self._schema(part, "")
                    if parent is not None and parent != child:
                        self._extended_by.setdefault(parent, []).append(child)
        return self._extended_by.get(component, [])

    def _polymorphic_base(self, schema: SchemaView) -> tuple[str, str] | None:
        """(component, property) when the schema is a component whose discriminator picks
        among the components that extend it with allOf (the OpenAPI inheritance pattern)."""
        component = schema_component(split_pointer(schema.pointer))
        discriminator = schema.get("discriminator")
        if component is None or discriminator is None or schema.get("oneOf") or schema.get("anyOf"):
            return None
        if not self._extensions(component):
            return None
        return component, str(discriminator.propertyName)

    def _hierarchy_root(self, component: str, depth: int = 0) -> str | None:
        """The discriminated base a component is, or extends through a chain of allOf parts
        (`Lizard: allOf[Reptile, ...]`, `Reptile: allOf[Pet]`, Pet discriminated): Pet."""
        obj = self._components("schemas").get(component)
        if obj is None or depth > 32:
            return None
        schema, target = self._schema(obj, schema_pointer(component))
        if target is not None:
            return None  # only a $ref: an alias, not a level of the chain
        if self._polymorphic_base(schema) is not None:
            return component
        for part in schema.get("allOf") or []:
            _, parent = self._schema(part, "")
            if parent is not None and parent != component:
                root = self._hierarchy_root(parent, depth + 1)
                if root is not None:
                    return root
        return None

    def _extends_hierarchy(self, schema: SchemaView) -> bool:
        component = schema_component(split_pointer(schema.pointer))
        return component is not None and self._hierarchy_root(component) not in (None, component)

    def _descendants(self, component: str) -> list[str]:
        """Components that extend `component` through allOf, directly or through each other
        (level by level, each level sorted)."""
        found: list[str] = []
        level = [component]
        while level:
            following: list[str] = []
            for parent in level:
                for child in self._extensions(parent):
                    if child != component and child not in found and child not in following:
                        following.append(child)
            found.extend(following)
            level = following
        return found

    def _subtypes(self, component: str, discriminator: Any) -> list[tuple[str, str]]:
        """(tag, component) for each subtype, at any depth of its allOf chain: the mapping's
        entries that name one, and the others by their schema name."""
        children = self._descendants(component)
        variants: list[tuple[str, str]] = []
        for tag, target in dict(getattr(discriminator, "mapping", None) or {}).items():
            child = mapped_component(str(target))
            if child in children:
                variants.append((str(tag), child))
        mapped = {child for _, child in variants}
        variants.extend((child, child) for child in children if child not in mapped)
        return variants

    def _base_of(self, schema: SchemaView, name: str) -> str | None:
        """The model class a schema extends: the first allOf part that is a discriminated base
        or extends one."""
        for index, part in enumerate(schema.get("allOf") or []):
            part_schema, parent = self._schema(part, f"{schema.pointer}/allOf/{index}")
            if parent is None or parent not in self._component_names:
                continue
            parent_schema, _ = self._schema(
                self._components("schemas")[parent], part_schema.pointer
            )
            if self._hierarchy_root(parent) is None:
                continue
            if parent in self._building:
                # The base is being built (it builds its subtypes last): it is a model, and
                # referring to it here is not a recursion.
                if self._becomes_model(parent_schema.obj):
                    return self._component_names[parent]
                continue
            parent_type = self._component_type(parent, part_schema.pointer)
            if parent_type.kind == "model" and parent_type.name != name:
                return parent_type.name
        return None

    def _link_subtypes(self) -> None:
        """Give each polymorphic base its subtypes, at any depth of their allOf chains, and
        each class between them the subtypes below it (a field that holds one of these classes
        is then spelled `SerializeAsAny[...]`, so that a subtype is serialized with its own
        fields).

        A subtype whose fields do not all keep the base's types (an allOf part that redefines
        an inherited property) cannot be a subclass: it stays a model of its own (and so do the
        classes below it), and the base does not turn into it."""
        linked: set[str] = set()
        for name, (property_name, variants) in self._polymorphic.items():
            subtypes = [
                (tag, child)
                for tag, component in variants
                if (child := self._component_names[component]) in self.models
                and self._descends(child, name)
            ]
            linked.update(child for _, child in subtypes)
            for owner in (name, *(child for _, child in subtypes)):
                below = tuple(
                    (tag, child)
                    for tag, child in subtypes
                    if child != owner and self._descends(child, owner)
                )
                if below:
                    self.models[owner] = replace(
                        self.models[owner], discriminator=property_name, subtypes=below
                    )
        for model in list(self.models.values()):
            if model.base is not None and model.name not in linked:
                self.models[model.name] = replace(model, base=None)

    def _descends(self, child: str, ancestor: str) -> bool:
        """Whether model `child` extends `ancestor` through its chain of bases, every class on
        the way keeping the types of the fields it inherits."""
        seen: set[str] = set()
        current = child
        while current != ancestor:
            model = self.models.get(current)
            if model is None or model.base is None or current in seen:
                return False
            seen.add(current)
            parent = self.models.get(model.base)
            if parent is None:
                return False
            own = {f.wire_name: f for f in model.fields}
            if not all(f.wire_name in own and _narrows(own[f.wire_name], f) for f in parent.fields):
                return False
            current = model.base
        return True

"""oneOf/anyOf with a discriminator: tagged union aliases, and discriminators a const tells."""

from __future__ import annotations

from typing import Any, NamedTuple

from .. import ir
from ..naming.reserved import RUNTIME_NAMES
from ..naming.words import class_name
from ..spec.pointers import ref_tokens, schema_component
from ..spec.schema_view import SchemaView
from .enums import Enums
from .typerefs import has_const, spec_text


class Member(NamedTuple):
    """One member of a oneOf/anyOf: its type, its schema as written, and the component it
    refers to (None for an inline member)."""

    type: ir.TypeRef
    obj: Any
    component: str | None


def _tag_values(schema: SchemaView) -> list[str]:
    """The values a discriminator property's schema allows, where it lists them: its `const`,
    or its `enum` (strings and integers, as the tags they are on the wire)."""
    values = [schema.get("const")] if has_const(schema) else list(schema.get("enum") or [])
    return [
        str(value)
        for value in values
        if isinstance(value, (str, int)) and not isinstance(value, bool)
    ]


def mapped_component(target: str) -> str:
    """The component a discriminator mapping value names: a `$ref` to a schema component, or
    (as the specification allows) the component's name itself."""
    return schema_component(ref_tokens(target)) or target


class Unions(Enums):
    """oneOf/anyOf with a discriminator: tagged union aliases, and discriminators a const tells."""

    def _declared_tags(self, obj: Any, property_name: str, depth: int = 0) -> list[str]:
        """The tags a member schema declares for the discriminator property: the `const` or
        `enum` of that property, on the member or on one of its allOf parts."""
        if depth > 16:
            return []
        schema, component = self._schema(obj, "")
        if component is not None:
            target = self._components("schemas").get(component)
            return self._declared_tags(target, property_name, depth + 1)
        if isinstance(schema.obj, bool) or schema.obj is None:
            return []
        prop = (schema.get("properties") or {}).get(property_name)
        if prop is not None:
            prop_schema, prop_component = self._schema(prop, "")
            if prop_component is not None:
                target = self._components("schemas").get(prop_component)
                prop_schema, _ = self._schema(target, "")
            if not isinstance(prop_schema.obj, bool) and (values := _tag_values(prop_schema)):
                return values
        for part in schema.get("allOf") or []:
            if found := self._declared_tags(part, property_name, depth + 1):
                return found
        return []

    def _discriminated_variants(
        self, discriminator: Any, members: list[Member]
    ) -> list[tuple[str, str]] | None:
        """(tag, class) of a discriminated oneOf/anyOf, or None when a member has no tag to
        tell (then it is a plain union).

        A member's tags: the mapping's entries that name it; the values its schema declares
        for the property (`const`, `enum`); for a `$ref` member the mapping does not name, the
        component's name (the specification's implicit mapping). A declared or implicit tag
        that two members claim tells neither."""
        property_name = str(discriminator.propertyName)
        mapping = dict(getattr(discriminator, "mapping", None) or {})
        explicit: dict[str, str] = {}
        for tag, target in mapping.items():
            component = mapped_component(str(target))
            for member in members:
                if member.component == component and member.type.name:
                    explicit[str(tag)] = member.type.name
        mapped = set(explicit.values())
        implicit: dict[str, set[str]] = {}
        for member in members:
            name = member.type.name or ""
            tags = self._declared_tags(member.obj, property_name)
            if member.component is not None and name not in mapped:
                tags = [*tags, member.component]
            for tag in tags:
                if tag not in explicit:
                    implicit.setdefault(tag, set()).add(name)
        variants = list(explicit.items())
        variants.extend((tag, next(iter(names))) for tag, names in implicit.items() if len(names) == 1)
        if {member.type.name for member in members} - {name for _, name in variants}:
            return None
        return variants

    def _const_discriminator(
        self, members: list[ir.TypeRef]
    ) -> tuple[str, list[tuple[str, str]]] | None:
        """A property that holds a different `const` in every member model (`kind: 'circle'`
        / `kind: 'square'`): (wire name, [(tag, class)]) to discriminate by, if there is one."""
        models = [self.models.get(member.name or "") for member in members]
        if any(model is None for model in models):
            return None  # a member still being built (recursion): no discriminator
        first = models[0]
        assert first is not None
        for candidate in first.fields:
            variants: list[tuple[str, str]] = []
            for model in models:
                assert model is not None
                found = next((f for f in model.fields if f.wire_name == candidate.wire_name), None)
                if found is None or found.type.kind != "literal" or found.type.nullable:
                    break
                variants.append((str(found.type.value), model.name))
            else:
                if len({tag for tag, _ in variants}) == len(variants):
                    return candidate.wire_name, variants
        return None

    def _tagged_union(
        self,
        property_name: str,
        variants: list[tuple[str, str]],
        members: list[ir.TypeRef],
        schema: SchemaView,
        context: str,
        fixed_name: str | None,
    ) -> ir.TypeRef:
        """A oneOf/anyOf with a discriminator: a named alias that picks the member by the tag
        in `property_name` (`variants`: tag -> class)."""
        name = fixed_name or self._class_name(
            f"alias {schema.pointer}", class_name(context, reserved=RUNTIME_NAMES)
        )
        self.aliases[name] = ir.UnionAlias(
            name=name,
            property=property_name,
            variants=tuple(variants),
            members=tuple(m.name or "" for m in members),
            description=spec_text(schema.get("description")),
            pointer=schema.pointer,
        )
        return ir.TypeRef(
            kind="alias",
            name=name,
            args=tuple(members),
        )

    def _refers_back(self, component: str | None) -> bool:
        """Whether a oneOf/anyOf member that is `component` refers back to the union it is a
        member of, through unions and references alone (`A: {oneOf: [$ref A, ...]}`): no value
        is ever described by it. A model referring back is a recursion, and fine."""
        if component is None or component not in self._building:
            return False
        schemas = self._components("schemas")
        if self._becomes_model(schemas.get(component)):
            return False
        stack, seen = [schemas.get(component)], {component}
        while stack:
            schema, target = self._schema(stack.pop(), "")
            if target is not None:
                if target == component:
                    return True
                if target not in seen and target in schemas:
                    seen.add(target)
                    stack.append(schemas[target])
            elif not isinstance(schema.obj, bool) and schema.obj is not None:
                stack.extend([*(schema.get("oneOf") or []), *(schema.get("anyOf") or [])])
        return False

    def _becomes_model(self, obj: Any) -> bool:
        """Whether a schema is generated as a model class (`Schemas._becomes_model`)."""
        raise NotImplementedError

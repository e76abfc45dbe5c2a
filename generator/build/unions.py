"""oneOf/anyOf with a discriminator: tagged union aliases, and discriminators a const tells."""

from __future__ import annotations

from typing import Any

from .. import ir
from ..naming.reserved import RUNTIME_NAMES
from ..naming.words import class_name
from ..spec.pointers import ref_tokens, schema_component
from ..spec.schema_view import SchemaView
from .enums import Enums
from .typerefs import spec_text


def mapped_variants(discriminator: Any, member_components: dict[str, str]) -> list[tuple[str, str]]:
    """(tag, class) of a discriminator: its mapping's entries that name a member, else the
    members' schema names."""
    mapping = dict(getattr(discriminator, "mapping", None) or {})
    if not mapping:
        return list(member_components.items())
    variants: list[tuple[str, str]] = []
    for tag, target in mapping.items():
        component = mapped_component(str(target))
        class_ = member_components.get(component)
        if class_ is not None:
            variants.append((str(tag), class_))
    return variants


def mapped_component(target: str) -> str:
    """The component a discriminator mapping value names: a `$ref` to a schema component, or
    (as the specification allows) the component's name itself."""
    return schema_component(ref_tokens(target)) or target


class Unions(Enums):
    """oneOf/anyOf with a discriminator: tagged union aliases, and discriminators a const tells."""

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

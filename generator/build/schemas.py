"""Schemas -> type references: components, inline schemas, arrays, maps, tuples, aliases."""

from __future__ import annotations

from typing import Any

from .. import ir
from ..spec.schema_view import SchemaView, only_annotates
from .typerefs import (
    ANY,
    NONE,
    dict_of,
    has_const,
    is_false_schema,
    list_of,
    literal_type,
    model_ref,
    nullable_type,
    primitive_type,
    spec_text,
    union_of,
)
from .unions import Member, Unions


class Schemas(Unions):
    """Schemas -> type references: components, inline schemas, arrays, maps, tuples, aliases."""

    def _model(self, schema: SchemaView, context: str, fixed_name: str | None) -> ir.TypeRef:
        """The model an object schema becomes: provided by the models stage (`Models._model`),
        which builds on this one; a schema's type and its model recurse through this method."""
        raise NotImplementedError

    def _merged_member(
        self, shared: SchemaView, member: Any, pointer: str, context: str
    ) -> ir.TypeRef | None:
        """A oneOf/anyOf member with the properties written beside it merged in: provided by
        the models stage (`Models._merged_member`)."""
        raise NotImplementedError

    def _extends_hierarchy(self, schema: SchemaView) -> bool:
        """Whether a component extends a discriminated base, directly or through another
        component that does (then even an allOf of that one part is a subclass, not an alias):
        provided by the inheritance stage (`Inheritance._extends_hierarchy`)."""
        raise NotImplementedError

    def _type_of(self, obj: Any, pointer: str, context: str) -> ir.TypeRef:
        """The TypeRef for a schema at `pointer`; inline models and enums are named `context`."""
        schema, component = self._schema(obj, pointer)
        if component is not None:
            return self._component_type(component, schema.pointer)
        if schema.pointer in self._by_pointer:
            return self._by_pointer[schema.pointer]
        building = self._building_inline.get(schema.pointer)
        if building is not None:
            self._recursive.add(str(building.name))
            return building
        result = self._new_type(schema, context)
        self._by_pointer[schema.pointer] = result
        return result

    def _component_type(self, name: str, pointer: str) -> ir.TypeRef:
        if pointer in self._by_pointer:
            return self._by_pointer[pointer]
        if name not in self._component_names:
            raise self._error(f"dangling $ref '#{pointer}'", pointer)
        if name in self._building:
            # A reference back to a component being built: a model is referred to by name;
            # anything else (a list or map alias of itself) cannot be named, so it is Any.
            if not self._becomes_model(self._components("schemas")[name]):
                return ANY
            self._recursive.add(name)
            return model_ref(self._component_names[name])
        self._building.add(name)
        try:
            schemas = self._components("schemas")
            schema, target = self._schema(schemas[name], pointer)
            if target is not None:
                result = self._component_type(target, schema.pointer)
                self._type_alias(self._component_names[name], result, schemas[name], pointer)
            else:
                result = self._new_type(schema, name, fixed_name=self._component_names[name])
                if result.kind == "literal":
                    self._type_alias(self._component_names[name], result, schema.obj, pointer)
        finally:
            self._building.discard(name)
        self._by_pointer[pointer] = result
        return result

    def _becomes_model(self, obj: Any) -> bool:
        """Whether a schema is generated as a model class (it has properties to hold)."""
        schema, component = self._schema(obj, "")
        if component is not None:
            return self._becomes_model(self._components("schemas")[component])
        if (
            isinstance(schema.obj, bool)
            or schema.get("enum")
            or schema.get("oneOf")
            or schema.get("anyOf")
        ):
            return False
        all_of = schema.get("allOf") or []
        if len(all_of) == 1 and not schema.get("properties"):
            return self._becomes_model(all_of[0])
        return bool(schema.get("properties") or all_of)

    def _new_type(
        self, schema: SchemaView, context: str, fixed_name: str | None = None
    ) -> ir.TypeRef:
        self._check_supported(schema)
        obj = schema.obj
        if isinstance(obj, bool):
            return nullable_type(ANY, schema.nullable) if obj else NONE
        all_of = schema.get("allOf")
        one_of = schema.get("oneOf") or schema.get("anyOf")
        enum = schema.get("enum")
        const = schema.get("const")
        if all_of:
            # Parts that only annotate (`{description: ...}`, `{readOnly: true}`, `{default:
            # ...}`) do not change the type: an allOf of one type and annotations is that type.
            # `required` beside the allOf is no annotation: it makes a model of its own, whose
            # merged properties it requires.
            typed = [i for i, part in enumerate(all_of) if not only_annotates(part)]
            if len(typed) == 1 and not schema.get("properties") and not schema.get("required"):
                index = typed[0]
                if (
                    len(all_of) == 1 or not self._becomes_model(all_of[index])
                ) and not self._extends_hierarchy(schema):
                    inner = self._type_of(all_of[index], f"{schema.pointer}/allOf/{index}", context)
                    return self._named_alias(inner, schema, fixed_name)
            return self._model(schema, context, fixed_name)
        if one_of:
            return self._one_of(schema, one_of, context, fixed_name)
        if has_const(schema):
            literal = literal_type(const)
            if literal is not None:
                return nullable_type(literal, schema.nullable)
        if enum:
            return self._enum(schema, enum, context, fixed_name)
        kind = schema.types[0] if len(schema.types) == 1 else None
        if len(schema.types) > 1:
            members = [primitive_type(t, None) for t in schema.types]
            return nullable_type(union_of(members), schema.nullable)
        if kind == "array" or (
            kind is None and (schema.get("items") is not None or schema.get("prefixItems"))
        ):
            if schema.get("prefixItems"):
                return nullable_type(self._prefix_items(schema, context), schema.nullable)
            items = schema.get("items")
            item = (
                self._type_of(items, f"{schema.pointer}/items", f"{context}Item")
                if items is not None and items is not True
                else ANY
            )
            return nullable_type(list_of(item), schema.nullable)
        if kind == "object" or (
            kind is None
            and (
                schema.get("properties") or schema.get("additionalProperties") not in (None, False)
            )
        ):
            if schema.get("properties"):
                return self._model(schema, context, fixed_name)
            additional = schema.get("additionalProperties")
            value = ANY
            if additional not in (None, True, False):
                value = self._type_of(
                    additional, f"{schema.pointer}/additionalProperties", f"{context}Value"
                )
            return nullable_type(dict_of(value), schema.nullable)
        if kind is None:
            return NONE if schema.only_null else ANY
        return nullable_type(
            primitive_type(kind, schema.get("schema_format") or schema.get("format")),
            schema.nullable,
        )

    def _one_of(
        self, schema: SchemaView, one_of: list[Any], context: str, fixed_name: str | None
    ) -> ir.TypeRef:
        """A oneOf/anyOf: the union of its members' types (null makes it nullable), a tagged
        union when a discriminator (or a const every member model holds) tells them apart.
        `properties` and `required` written beside it apply to every member: each object member
        is a model of its own properties and those (`Models._merged_member`)."""
        key = "oneOf" if schema.get("oneOf") else "anyOf"
        members: list[Member] = []
        nullable = schema.nullable
        shared = schema.get("properties") or schema.get("required")
        for index, member in enumerate(one_of):
            pointer = f"{schema.pointer}/{key}/{index}"
            _, member_component = self._schema(member, "")
            if self._refers_back(member_component):
                self._invalid(
                    f"{key} member refers only to the schema it is a member of",
                    pointer,
                    "the member is left out",
                )
                continue
            merged = None
            if shared:
                merged = self._merged_member(
                    schema, member, pointer, context if member_component else f"{context}Variant{index + 1}"
                )
            member_type = merged or self._type_of(member, pointer, f"{context}Variant{index + 1}")
            if member_type.kind == "null":
                nullable = True
            elif member_type not in [m.type for m in members]:
                members.append(Member(member_type, member, member_component))
        if not members:
            return NONE if nullable else ANY
        types = [member.type for member in members]
        union = types[0] if len(types) == 1 else union_of(types)
        discriminator = schema.get("discriminator")
        if len(types) > 1 and all(m.kind == "model" for m in types):
            if discriminator is not None:
                variants = self._discriminated_variants(discriminator, members)
                if variants is not None:
                    union = self._tagged_union(
                        str(discriminator.propertyName), variants, types, schema, context, fixed_name
                    )
            elif (by_const := self._const_discriminator(types)) is not None:
                union = self._tagged_union(*by_const, types, schema, context, fixed_name)
        return nullable_type(union, nullable)

    def _prefix_items(self, schema: SchemaView, context: str) -> ir.TypeRef:
        """`prefixItems` (3.1): `tuple[A, B]` when the array has exactly one item per prefix
        schema (closed by `items: false` or `maxItems`, and `minItems` reaching the prefix).
        Any other length cannot be spelled as a tuple for Python 3.10 (no `*tuple[C, ...]`), so
        it is a list of the union of every item type (each item is one of them: sound, if less
        precise), `list[Any]` when the items after the prefix are free."""
        prefix = list(schema.get("prefixItems") or [])
        members = [
            self._type_of(
                item, f"{schema.pointer}/prefixItems/{index}", f"{context}Item{index + 1}"
            )
            for index, item in enumerate(prefix)
        ]
        items = schema.get("items")
        closed = items is False or is_false_schema(items)
        max_items = schema.get("maxItems")
        min_items = schema.get("minItems") or 0
        if min_items >= len(members) and (
            closed or (max_items is not None and max_items <= len(members))
        ):
            return ir.TypeRef(kind="tuple", args=tuple(members))
        if not closed and (max_items is None or max_items > len(members)):
            rest = (
                ANY
                if items is None or items is True
                else self._type_of(items, f"{schema.pointer}/items", f"{context}Item")
            )
            members.append(rest)
        unique = list(dict.fromkeys(members))
        return list_of(unique[0] if len(unique) == 1 else union_of(unique))

    def _flag(self, obj: Any, keyword: str, depth: int = 0) -> bool:
        """Whether a boolean keyword (readOnly, writeOnly) holds for a schema: set on it, on
        the component it refers to, or on one of its allOf parts."""
        if depth > 8 or isinstance(obj, bool):
            return False
        schema, component = self._schema(obj, "")
        if component is not None:
            return self._flag(self._components("schemas").get(component), keyword, depth + 1)
        if isinstance(schema.obj, bool) or schema.obj is None:
            return False
        if schema.get(keyword):
            return True
        return any(self._flag(part, keyword, depth + 1) for part in schema.get("allOf") or [])

    def _named_alias(
        self, inner: ir.TypeRef, schema: SchemaView, fixed_name: str | None
    ) -> ir.TypeRef:
        """A component that is only a reference (or allOf of one) is the referenced type."""
        result = nullable_type(inner, schema.nullable)
        if fixed_name is not None:
            self._type_alias(fixed_name, result, schema.obj, schema.pointer)
        return result

    def _type_alias(self, name: str, target: ir.TypeRef, obj: Any, pointer: str) -> None:
        """Export a component that stands for another type under its own name, where that type
        is one the package names (a class or a union alias) or a Literal: an alias of a
        primitive or a container stays unnamed, like the primitive's own component."""
        if target.name == name or not (target.name or target.kind == "literal"):
            return
        self.type_aliases[name] = ir.TypeAliasDef(
            name=name,
            type=target,
            description=spec_text(getattr(obj, "description", None)),
            pointer=pointer,
        )

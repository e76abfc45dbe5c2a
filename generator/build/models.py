"""Object schemas -> pydantic models (fields, defaults, constants, additional properties)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import ir
from ..naming.registry import Namespace
from ..naming.reserved import MODEL_MODULE_NAMES, PYDANTIC_RESERVED
from ..naming.words import identifier, pascal
from ..python.modules import dependency_order
from ..spec.pointers import escape_token, schema_pointer
from ..spec.schema_view import SchemaView
from .defaults import DefaultFit
from .examples import spec_example
from .inheritance import Inheritance
from .typerefs import has_const, model_ref, nullable_type, spec_text


class Models(Inheritance):
    """Object schemas -> pydantic models (fields, defaults, constants, additional properties)."""

    def _model(
        self,
        schema: SchemaView,
        context: str,
        fixed_name: str | None,
    ) -> ir.TypeRef:
        name = fixed_name or self._claim_model_name(context, schema.pointer)
        polymorphic = self._polymorphic_base(schema)
        if polymorphic is not None:
            component, property_name = polymorphic
            self._polymorphic[name] = (
                property_name,
                self._subtypes(component, schema.get("discriminator")),
            )
        base = self._base_of(schema, name)
        properties: dict[str, tuple[Any, str]] = {}
        required: set[str] = set()
        self._check_parts(schema)
        self._collect(schema, properties, required)
        self._define_model(name, schema, properties, required, base=base)
        if polymorphic is not None:
            for _, child in self._polymorphic[name][1]:
                self._component_type(child, schema_pointer(child))
        return nullable_type(model_ref(name), schema.nullable)

    def _merged_member(
        self, shared: SchemaView, member: Any, pointer: str, context: str
    ) -> ir.TypeRef | None:
        """A oneOf/anyOf member with the `properties` and `required` written beside the
        oneOf/anyOf, which apply to every member: a model of the shared properties and the
        member's (None when the member is not an object schema: they do not apply to it)."""
        member_schema, component = self._schema(member, pointer)
        if component is not None:
            member_schema, _ = self._schema(
                self._components("schemas")[component], member_schema.pointer
            )
        if not _object_like(member_schema):
            return None
        self._check_supported(member_schema)
        name = self._claim_model_name(f"{context}{component or ''}", pointer)
        properties: dict[str, tuple[Any, str]] = {}
        required: set[str] = set()
        clashes: set[str] = set()
        self._collect(shared, properties, required, clashes)
        self._collect(member_schema, properties, required, clashes)
        description = member_schema.get("description") or shared.get("description")
        self._define_model(
            name, member_schema, properties, required, pointer=pointer, description=description
        )
        return nullable_type(model_ref(name), member_schema.nullable)

    def _define_model(
        self,
        name: str,
        schema: SchemaView,
        properties: dict[str, tuple[Any, str]],
        required: set[str],
        *,
        base: str | None = None,
        pointer: str | None = None,
        description: Any = None,
    ) -> None:
        """Register model `name` with `properties` (wire name -> (schema, pointer)), its
        additional properties typed by `schema` (at `pointer`, default the schema's)."""
        additional: Any = schema.get("additionalProperties")
        for missing in sorted(required - set(properties)):
            # Required but not described: a field of any type, so that it can be sent.
            properties[missing] = (True, f"{schema.pointer}/required")
        # While its fields are built, a schema that refers back to itself (through a component:
        # `items: {allOf: [{$ref: Node}, ...]}` inside Node) is this model.
        building = pointer or schema.pointer
        self._building_inline[building] = nullable_type(model_ref(name), schema.nullable)
        try:
            fields, constants = self._fields(name, properties, required)
        finally:
            self._building_inline.pop(building, None)
        extra_type = None
        if additional not in (None, True, False):
            extra_type = self._type_of(
                additional, f"{schema.pointer}/additionalProperties", f"{name}Value"
            )
        self.models[name] = ir.Model(
            name=name,
            fields=tuple(fields),
            description=spec_text(description or schema.get("description")),
            pointer=pointer or schema.pointer,
            param_name=f"{name}Param",
            extra_type=extra_type,
            base=base,
            constants=tuple(constants),
        )

    def _fields(
        self, name: str, properties: dict[str, tuple[Any, str]], required: set[str]
    ) -> tuple[list[ir.Field], list[str]]:
        """The fields of model `name`, and the names of those that hold a constant."""
        attributes = _attribute_names(properties)
        fields: list[ir.Field] = []
        constants: list[str] = []
        for wire_name, (prop, pointer) in properties.items():
            field = self._field(name, wire_name, prop, pointer, attributes[wire_name], required)
            if _holds_constant(field, wire_name in required):
                constants.append(field.name)
            fields.append(field)
        return fields, constants

    def _collect(
        self,
        schema: SchemaView,
        properties: dict[str, tuple[Any, str]],
        required: set[str],
        clashes: set[str] | None = None,
    ) -> None:
        """The properties and `required` of a schema and its allOf parts. A property declared
        again with types no value has is invalid (repaired: it takes any value, whatever later
        parts say; `clashes` holds such properties)."""
        clashes = set() if clashes is None else clashes
        for prop_name, prop in (schema.get("properties") or {}).items():
            pointer = f"{schema.pointer}/properties/{escape_token(prop_name)}"
            if prop_name in clashes:
                continue
            clash = prop_name in properties and self._clashes(
                prop_name, properties[prop_name][0], prop, pointer
            )
            if clash:
                clashes.add(prop_name)
            properties[prop_name] = (True if clash else prop, pointer)
        required.update(schema.get("required") or [])
        for index, part in enumerate(schema.get("allOf") or []):
            part_schema, component = self._schema(part, f"{schema.pointer}/allOf/{index}")
            if component is not None:
                part_schema, _ = self._schema(
                    self._components("schemas")[component], part_schema.pointer
                )
            if part_schema.obj is not schema.obj:
                self._check_supported(part_schema)
                self._collect(part_schema, properties, required, clashes)

    def _declared_types(self, obj: Any) -> frozenset[str] | None:
        """The types a schema declares (`object` for one with properties, `null` when it is
        nullable), None when it declares none."""
        schema, component = self._schema(obj, "")
        if component is not None:
            schema, _ = self._schema(self._components("schemas").get(component), "")
        if isinstance(schema.obj, bool) or schema.obj is None:
            return None
        types = set(schema.types)
        if not types and schema.get("properties"):
            types.add("object")
        if not types:
            return None
        return frozenset(types | ({"null"} if schema.nullable else set()))

    def _clashes(self, name: str, earlier: Any, later: Any, pointer: str) -> bool:
        """Whether a property declared again (by an allOf part) leaves no value (invalid)."""
        first, second = self._declared_types(earlier), self._declared_types(later)
        if first is None or second is None or meet(first, second):
            return False
        self._invalid(
            f"property '{name}' is {_listed(first)} in one allOf part and {_listed(second)} in"
            " another: no value is both",
            pointer,
            "it takes any value",
        )
        return True

    def _check_parts(self, schema: SchemaView) -> None:
        """The types an allOf's parts (and the schema itself) declare must leave some value."""
        found = self._declared_types(schema.obj)
        for index, part in enumerate(schema.get("allOf") or []):
            types = self._declared_types(part)
            if types is None:
                continue
            if found is not None and not meet(found, types):
                self._invalid(
                    f"allOf part of type {_listed(types)} where another part is of type"
                    f" {_listed(found)}: no value is both",
                    f"{schema.pointer}/allOf/{index}",
                    "the type is taken from the other parts",
                )
                continue
            found = types if found is None else meet(found, types)

    def _finish_models(
        self, resources: tuple[ir.ResourceModule, ...]
    ) -> tuple[tuple[ir.Model, ...], tuple[ir.Enum, ...]]:
        """Mark recursion and which models need a TypedDict (reachable from request arguments)."""
        request_types: list[ir.TypeRef] = []
        for module in resources:
            for resource in module.classes:
                for op in resource.operations:
                    for param in (*op.path_params, *op.keyword_params):
                        request_types.append(param.type)
                    if op.body is not None:
                        if op.body.type is not None:
                            request_types.append(op.body.type)
                        if op.body.model is not None:
                            for body_field in self.models[op.body.model].fields:
                                request_types.append(body_field.type)
        needs_param: set[str] = set()
        stack = list(request_types)
        while stack:
            type_ = stack.pop()
            stack.extend(type_.args)
            if type_.kind == "model" and type_.name and type_.name not in needs_param:
                needs_param.add(type_.name)
                model = self.models.get(type_.name)
                if model is not None:
                    stack.extend(f.type for f in model.fields)
        self._link_subtypes()
        models = tuple(
            replace(
                model,
                param_name=model.param_name if model.name in needs_param else None,
                recursive=model.name in self._recursive,
            )
            for model in dependency_order(self.models)
        )
        enums = tuple(self.enums[name] for name in sorted(self.enums))
        return models, enums

    def _field(
        self,
        model: str,
        wire_name: str,
        prop: Any,
        pointer: str,
        attr: str,
        required: set[str],
    ) -> ir.Field:
        """One property of model `model` as a field named `attr`."""
        prop_schema, _ = self._schema(prop, pointer)
        field_type = self._type_of(prop, pointer, f"{model}{pascal(wire_name) or 'Value'}")
        read_only = self._flag(prop, "readOnly")
        write_only = self._flag(prop, "writeOnly")
        # readOnly fields are absent from requests and writeOnly ones from responses: the
        # shared model cannot require either.
        is_required = wire_name in required and not (read_only or write_only)
        fit = self._default(field_type, prop_schema.get("default"), f"{prop_schema.pointer}/default")
        reads_none = field_type.nullable or field_type.kind == "null"
        if is_required and field_type.kind == "literal" and not field_type.nullable:
            # A required const: the model fills it in (and counts it as set, so that it is
            # sent); callers never have to repeat it.
            is_required = False
            fit = DefaultFit(field_type.value, field_type)
        elif not is_required and not field_type.nullable:
            reads_none = True  # absent reads as None
        if is_required or fit is None or fit.type is None:
            fit = DefaultFit(None, None)
        return ir.Field(
            name=attr,
            wire_name=wire_name,
            type=field_type,
            required=is_required,
            nullable=field_type.nullable,
            has_alias=attr != wire_name,
            reads_none=reads_none,
            description=spec_text(prop_schema.get("description")),
            deprecated=bool(prop_schema.get("deprecated")),
            read_only=read_only,
            write_only=write_only,
            default=fit.value,
            has_default=fit.type is not None,
            default_type=fit.type,
            default_member=None if fit.type is None else self._enum_member(fit.type, fit.value),
            example=spec_example(prop_schema),
            request_required=is_required or (write_only and wire_name in required),
        )


def meet(first: frozenset[str], second: frozenset[str]) -> frozenset[str]:
    """The JSON types both sets allow (an integer is a number)."""
    both = set(first & second)
    if ("integer" in first and "number" in second) or ("number" in first and "integer" in second):
        both.add("integer")
    return frozenset(both)


def _listed(types: frozenset[str]) -> str:
    return " or ".join(f"'{name}'" for name in sorted(types - {"null"}) or ["null"])


def _object_like(schema: SchemaView) -> bool:
    """Whether a schema describes an object (or does not say, and holds nothing that makes it
    another kind of value): properties written beside a oneOf/anyOf apply to it."""
    if isinstance(schema.obj, bool) or schema.only_null or schema.types not in ([], ["object"]):
        return False
    shaping = ("enum", "oneOf", "anyOf", "items", "prefixItems")
    return not has_const(schema) and all(schema.get(word) is None for word in shaping)


def _holds_constant(field: ir.Field, listed_required: bool) -> bool:
    """The field holds a required `const`, which the model fills in (and counts as set)."""
    return (
        listed_required
        and not (field.read_only or field.write_only)
        and field.type.kind == "literal"
        and not field.type.nullable
    )


def _attribute_names(properties: dict[str, tuple[Any, str]]) -> dict[str, str]:
    """Attribute name per property. An attribute must not be spelled like another property's
    wire name: with populate_by_name, pydantic would take that key for both fields. Properties
    whose wire name is already their attribute name claim it first."""
    reserved = PYDANTIC_RESERVED | MODEL_MODULE_NAMES
    names = Namespace(reserved)
    own = {
        wire for wire in properties if identifier(wire, reserved=reserved, fallback="field") == wire
    }
    for wire in sorted(own):
        names.claim(wire)
    taken_by_wire = set(properties) - own
    attributes: dict[str, str] = {}
    for wire_name in properties:
        if wire_name in own:
            attributes[wire_name] = wire_name
        else:
            attributes[wire_name] = names.claim(
                identifier(wire_name, reserved=reserved | taken_by_wire | own, fallback="field")
            )
    return attributes

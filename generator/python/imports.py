"""The import plan of a generated module, computed from the type structure.

What a module defines, which classes it refers to (and so imports from sibling modules or from
`models`), and which standard-library, typing and runtime names its code needs: walked from the
TypeRefs of its fields, parameters, bodies and responses, never read back from annotation text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .. import ir
from .annotations import (
    SpellContext,
    absorbs,
    body_field,
    by_declared_values,
    by_status_types,
    field_style,
    mutable_default,
    qualifies_builtins,
    return_shape,
)
from .order import import_order

STDLIB_USES = frozenset(
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

LOOKS_SECRET = re.compile(r"(^|_)(PAS+WO?R?D|PASS(PHRASE)?|PWD|TOKEN|SECRETE?)($|_)")
"""Names ruff's S105 takes for hard-coded passwords."""

_SCALAR_USES = {
    "any": "Any",
    "literal": "Literal",
    "datetime": "datetime",
    "date": "datetime",
    "time": "datetime",
    "uuid": "uuid",
}
"""What a kind's spelling imports on either side."""
_RESPONSE_USES = {**_SCALAR_USES, "base64": "Base64Bytes"}
_REQUEST_USES = {**_SCALAR_USES, "list": "Sequence", "dict": "Mapping", "file": "FileTypes"}


@dataclass
class Needs:
    """What spelled annotations need: class names they refer to, and names to import."""

    names: set[str] = field(default_factory=set)
    uses: set[str] = field(default_factory=set)

    def response(
        self,
        type_: ir.TypeRef,
        *,
        wrap: frozenset[str] = frozenset(),
        qualify: bool = False,
        declaring: frozenset[str] | None = None,
    ) -> None:
        """Add what the response-side spelling of `type_` needs (`wrap`: models spelled
        `SerializeAsAny[...]`; `qualify`: lists spelled `builtins.list[...]`; `declaring`:
        where pydantic validates it, the models that make a union `ByDeclaredValues`)."""
        kind = type_.kind
        if kind == "union" and absorbs(type_.args):
            self.uses.add("Any")
            return
        if by_declared_values(type_, declaring):
            self.uses.update({"Annotated", "ByDeclaredValues"})
        if kind in _RESPONSE_USES:
            self.uses.add(_RESPONSE_USES[kind])
        if kind in ("model", "enum", "alias") and type_.name:
            self.names.add(type_.name)
            if kind == "model" and type_.name in wrap:
                self.uses.add("SerializeAsAny")
        if kind == "list" and qualify:
            self.uses.add("builtins")
        if kind != "alias":
            for member in type_.args:
                self.response(member, wrap=wrap, qualify=qualify, declaring=declaring)

    def request(self, type_: ir.TypeRef) -> None:
        """Add what the request-side spelling of `type_` needs."""
        kind = type_.kind
        if kind in _REQUEST_USES:
            self.uses.add(_REQUEST_USES[kind])
        if kind in ("model", "enum") and type_.name:
            self.names.add(type_.name)
            if kind == "model":
                self.names.add(f"{type_.name}Param")
        for member in type_.args:
            self.request(member)

    def returns(
        self,
        operation: ir.Operation,
        *,
        qualify: bool = False,
        declaring: frozenset[str] | None = None,
    ) -> None:
        """Add what an operation's return annotation (and its `cast_to`, validated:
        `declaring`) needs."""
        members = return_shape(operation).members
        if len(members) > 1 and absorbs(members):
            self.uses.add("Any")
            return
        for member in members:
            self.response(member, qualify=qualify)
            self.response(member, declaring=declaring)


def with_stdlib(uses: Iterable[str]) -> tuple[str, ...]:
    """`uses`, sorted, plus 'stdlib' when a module imports anything from the standard library
    (so that templates know whether that import block, and its blank line, exists)."""
    found = set(uses)
    if found & STDLIB_USES:
        found.add("stdlib")
    return tuple(sorted(found))


def secret_looking_default(name: str, default: object, has_default: bool) -> bool:
    """A text default of a name ruff takes for a password (`token_type = "Bearer"`, S105 and
    S107): a constant of the API, which the module says in a noqa."""
    return has_default and isinstance(default, str) and bool(LOOKS_SECRET.search(name.upper()))


def _model_needs(model: ir.Model, context: SpellContext, needs: Needs) -> None:
    """What one model class (and its TypedDict) needs."""
    style = field_style(context)
    needs.uses.add("BaseModel")
    for model_field in model.fields:
        needs.response(model_field.type, wrap=style.wrap, declaring=style.declaring)
    if model.extra_type is not None and model.extra_type.kind != "any":
        needs.response(model.extra_type, wrap=style.wrap, declaring=style.declaring)
    if any(f.has_alias or f.deprecated for f in model.fields):
        needs.uses.update({"Annotated", "Field"})
    if any(mutable_default(f) for f in model.fields):
        needs.uses.add("Field")
    if model.constants:
        needs.uses.add("Any")
    if model.subtypes:
        needs.uses.add("subtype_validator")
    if any(secret_looking_default(f.name, f.default, f.has_default) for f in model.fields):
        needs.uses.add("noqa-S105")
    if model.param_name:
        needs.uses.add("TypedDict")
        for model_field in model.fields:
            needs.request(model_field.type)
        if any(f.request_required for f in model.fields):
            needs.uses.update({"TYPE_CHECKING", "Required"})


def model_module_needs(module: ir.ModelModule, context: SpellContext) -> Needs:
    """Everything a module under models/ refers to and uses (before filtering by known names)."""
    needs = Needs()
    for model in module.models:
        _model_needs(model, context, needs)
    for enum in module.enums:
        needs.uses.add("OpenStrEnum" if enum.base == "str" else "OpenIntEnum")
        if any(LOOKS_SECRET.search(member.name) for member in enum.members):
            needs.uses.add("noqa-S105")
    if module.aliases:
        needs.uses.update({"TYPE_CHECKING", "TypeAlias", "tagged_union"})
    for alias in module.aliases:
        needs.names.update(alias.members)
    if module.type_aliases:
        needs.uses.add("TypeAlias")
    for type_alias in module.type_aliases:
        needs.response(type_alias.type)
    return needs


@dataclass(frozen=True)
class ModelModulePlan:
    """The imports of one module under models/."""

    imports: tuple[tuple[str, tuple[str, ...]], ...]
    """(sibling module, names) in import order."""
    uses: tuple[str, ...]
    """Other names to import, sorted ('stdlib' when any comes from the standard library)."""


def model_module_plan(
    module: ir.ModelModule, context: SpellContext, locations: Mapping[str, str]
) -> ModelModulePlan:
    """The import plan of a module under models/ (`locations`: class name -> its module)."""
    needs = model_module_needs(module, context)
    imported: dict[str, set[str]] = {}
    for name in needs.names:
        owner = locations.get(name)
        if owner is not None and owner != module.module:
            imported.setdefault(owner, set()).add(name)
    return ModelModulePlan(
        imports=tuple((owner, import_order(imported[owner])) for owner in import_order(imported)),
        uses=with_stdlib(needs.uses),
    )


def _body_needs(body: ir.RequestBody, context: SpellContext, needs: Needs) -> None:
    """What a request body's arguments need."""
    for argument in body.fields:
        needs.request(body_field(body, argument, context).type)
    if any(secret_looking_default(f.arg, f.default, f.has_default) for f in body.fields):
        needs.uses.add("noqa-S107")
    if body.type is not None:
        needs.request(body.type)
        needs.response(body.type)
    if body.model:
        needs.names.add(body.model)


def operation_needs(
    operation: ir.Operation, context: SpellContext, needs: Needs, *, qualify: bool = False
) -> None:
    """What one method needs (`qualify`: its class spells `builtins.list`)."""
    needs.uses.add("operations")
    needs.returns(operation, qualify=qualify, declaring=context.declaring)
    for parameter in (*operation.path_params, *operation.keyword_params):
        needs.request(parameter.type)
    if return_shape(operation).members:
        needs.uses.add("cast")
    for _, type_ in by_status_types(operation):
        if type_ is not None:
            needs.response(type_, declaring=context.declaring)
    if operation.stream:
        needs.uses.add("stream")
    if operation.deprecated:
        needs.uses.add("warnings")
    if operation.body is not None:
        _body_needs(operation.body, context, needs)
    needs.names.update(model for _, model in operation.errors)


@dataclass(frozen=True)
class ResourceModulePlan:
    """The imports of one module under resources/."""

    model_imports: tuple[str, ...]
    """Names imported from models, in import order."""
    uses: tuple[str, ...]
    """Other names to import, sorted ('stdlib' when any comes from the standard library)."""


def resource_module_plan(
    module: ir.ResourceModule, context: SpellContext, known: Iterable[str]
) -> ResourceModulePlan:
    """The import plan of a module under resources/ (`known`: the names models exports that
    methods may refer to)."""
    needs = Needs()
    for resource in module.classes:
        needs.uses.add("cached_property")  # every resource's own response views
        if resource.children:
            needs.uses.add("TYPE_CHECKING")
        qualify = qualifies_builtins(resource)
        for operation in resource.operations:
            operation_needs(operation, context, needs, qualify=qualify)
    return ResourceModulePlan(
        model_imports=import_order(needs.names & set(known)),
        uses=with_stdlib(needs.uses),
    )

"""The Python spelling of types (`generator.python.annotations`) and the import plan
(`generator.python.imports`), on type structures built by hand: one rule per test."""

from __future__ import annotations

from generator import ir
from generator.python.annotations import (
    SpellContext,
    Spelling,
    spell_field,
    spell_type,
    spell_type_param,
)
from generator.python.imports import Needs

STR = ir.TypeRef(kind="str")
INT = ir.TypeRef(kind="int")
ANY = ir.TypeRef(kind="any")
PET = ir.TypeRef(kind="model", name="Pet")
ROLE = ir.TypeRef(kind="enum", name="Role")
CONTEXT = SpellContext(enum_bases={"Role": "str"})


def _list(item: ir.TypeRef) -> ir.TypeRef:
    return ir.TypeRef(kind="list", args=(item,))


def _union(*members: ir.TypeRef, nullable: bool = False) -> ir.TypeRef:
    return ir.TypeRef(kind="union", args=members, nullable=nullable)


def _field(type_: ir.TypeRef, *, required: bool) -> ir.Field:
    return ir.Field(
        name="f",
        wire_name="f",
        type=type_,
        required=required,
        nullable=type_.nullable,
        has_alias=False,
        reads_none=type_.nullable or not required,
    )


def test_each_side_spells_containers_models_and_enums_its_own_way() -> None:
    type_ = _list(ir.TypeRef(kind="dict", args=(_union(PET, ROLE),)))
    assert spell_type(type_, CONTEXT) == "list[dict[str, Pet | Role]]"
    assert spell_type_param(type_, CONTEXT) == "Sequence[Mapping[str, Pet | PetParam | Role | str]]"


def test_a_union_is_flat_once_each_and_none_last() -> None:
    nested = _union(_union(STR, INT, nullable=True), STR, INT)
    assert spell_type(nested, CONTEXT) == "str | int | None"


def test_any_absorbs_a_union() -> None:
    assert spell_type(_union(STR, _union(INT, ANY)), CONTEXT) == "Any"


def test_a_file_and_raw_bytes_differ_only_on_the_request_side() -> None:
    file, raw = ir.TypeRef(kind="file"), ir.TypeRef(kind="bytes")
    assert (spell_type(file, CONTEXT), spell_type_param(file, CONTEXT)) == ("bytes", "FileTypes")
    assert (spell_type(raw, CONTEXT), spell_type_param(raw, CONTEXT)) == ("bytes", "bytes")


def test_a_literal_value_is_an_escaped_string_literal() -> None:
    literal = ir.TypeRef(kind="literal", value='a"] | None')
    assert spell_type(literal, CONTEXT) == "Literal['a\"] | None']"


def test_an_optional_field_reads_none_and_a_polymorphic_base_is_serialized_as_any() -> None:
    context = SpellContext(polymorphic=frozenset({"Pet"}))
    assert spell_field(_field(PET, required=False), context) == "SerializeAsAny[Pet] | None"
    assert spell_field(_field(PET, required=True), context) == "SerializeAsAny[Pet]"


def test_arguments_may_be_left_out_and_a_list_method_qualifies_the_builtin() -> None:
    op = ir.Operation(
        name="list",
        http_method="GET",
        path="/pets",
        operation_id=None,
        summary=None,
        description=None,
        deprecated=False,
        path_params=(),
        query_params=(),
        header_params=(),
        cookie_params=(),
        body=None,
        responses=(ir.Response("200", None, "application/json", _list(PET)),),
        errors=(),
        security=None,
        call="pets.list",
        stream=False,
    )
    resource = ir.Resource(
        "pets", "pets", "pets", "Pets", "AsyncPets", "R", "AR", "S", "AS", (), (op,), ()
    )
    spelling = Spelling(CONTEXT).within(resource)
    optional = ir.Parameter(
        arg="tags",
        wire_name="tags",
        location="query",
        type=_union(STR, nullable=True),
        required=False,
    )
    assert spelling.parameter(optional) == "str | NotGiven | None"
    assert spelling.returns(op) == "builtins.list[Pet]"
    assert spelling.cast_to(op) == "list[Pet]"
    streamed = ir.Operation(**{**op.__dict__, "stream": True, "name": "watch"})
    assert Spelling(CONTEXT).returns(streamed, is_async=True) == "AsyncStream[list[Pet]]"


def test_a_literal_value_never_adds_an_import() -> None:
    """Imports come from the type structure: `_dt.` inside a Literal value is text, not a
    use of datetime (the string-based planner imported datetime for it)."""
    needs = Needs()
    needs.response(ir.TypeRef(kind="literal", value="_dt.datetime"))
    assert needs.uses == {"Literal"}
    needs.response(ir.TypeRef(kind="date"))
    assert needs.uses == {"Literal", "datetime"}

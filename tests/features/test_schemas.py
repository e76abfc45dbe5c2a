"""Schemas: allOf, oneOf/anyOf, discriminator, const, enums, nullable (3.0 and 3.1), recursion,
free-form objects, additionalProperties, prefixItems, formats, default, readOnly/writeOnly,
deprecated, and component schemas that are only a `$ref`.

Each test generates nothing itself: the session fixture generated `specs/<feature>.yaml` once;
the test drives the client through a mock transport and checks the request and the parsed value.
"""

from __future__ import annotations

import base64
import datetime as dt
import inspect
import typing
import uuid
import warnings

import pytest
from feature_harness import MODES, FeatureSet, Mode, Recorder, json_of, reply

# --------------------------------------------------------------------------------------- allOf


def test_allof_model_has_the_properties_of_every_part(features: FeatureSet) -> None:
    f = features.feature("allof")
    dog, request = f.call("getDog", "d1", answer=reply(200, {"id": 1, "name": "Rex", "bark": True}))
    assert request.url.path == "/dogs/d1"
    assert isinstance(dog, f.module.Dog)
    assert (dog.id, dog.name, dog.bark, dog.tag) == (1, "Rex", True, None)


@pytest.mark.parametrize("missing", ["id", "name", "bark"])
def test_allof_required_of_every_part_is_enforced(features: FeatureSet, missing: str) -> None:
    f = features.feature("allof")
    body = {"id": 1, "name": "Rex", "bark": True}
    del body[missing]
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("getDog", "d1", answer=reply(200, body))


def test_allof_of_an_allof_collects_three_levels(features: FeatureSet) -> None:
    f = features.feature("allof")
    body = {"id": 2, "name": "Bit", "bark": False, "ageWeeks": 9}
    puppy, _ = f.call("getPuppy", "p1", answer=reply(200, body))
    assert isinstance(puppy, f.module.Puppy)
    assert (puppy.id, puppy.name, puppy.bark, puppy.age_weeks) == (2, "Bit", False, 9)
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("getPuppy", "p1", answer=reply(200, {"id": 2, "name": "Bit", "ageWeeks": 9}))


def test_allof_part_that_only_adds_required_makes_an_inherited_property_required(
    features: FeatureSet,
) -> None:
    f = features.feature("allof")
    pet, _ = f.call("getTaggedPet", "t1", answer=reply(200, {"id": 1, "name": "A", "tag": "x"}))
    assert pet.tag == "x"
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("getTaggedPet", "t1", answer=reply(200, {"id": 1, "name": "A"}))


def test_allof_request_body_takes_every_part_as_arguments(features: FeatureSet) -> None:
    f = features.feature("allof")
    params = f.signature("createDog").parameters
    required = {name for name, p in params.items() if p.default is p.empty}
    assert {"id", "name", "bark"} <= required
    assert "tag" in params
    answer = reply(201, {"id": 1, "name": "Rex", "bark": True})
    dog, request = f.call("createDog", id=1, name="Rex", bark=True, answer=answer)
    assert json_of(request) == {"id": 1, "name": "Rex", "bark": True}
    assert isinstance(dog, f.module.Dog)


# ------------------------------------------------------------------------------ oneOf / anyOf


def test_oneof_response_parses_into_the_matching_member(features: FeatureSet) -> None:
    f = features.feature("unions")
    dog, _ = f.call("getPet", "p1", answer=reply(200, {"barks": True, "name": "Rex"}))
    cat, _ = f.call("getPet", "p2", answer=reply(200, {"meows": True}))
    assert isinstance(dog, f.module.Dog)
    assert isinstance(cat, f.module.Cat)


def test_oneof_response_matching_no_member_is_a_validation_error(features: FeatureSet) -> None:
    f = features.feature("unions")
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("getPet", "p1", answer=reply(200, {"name": "neither"}))


def test_oneof_request_body_accepts_a_model_or_a_dict(features: FeatureSet) -> None:
    f = features.feature("unions")
    _, request = f.call("createPet", body=f.module.Dog(barks=True, name="Rex"))
    assert json_of(request) == {"barks": True, "name": "Rex"}
    _, request = f.call("createPet", body={"meows": False})
    assert json_of(request) == {"meows": False}


def test_anyof_of_primitives_keeps_the_json_type(features: FeatureSet) -> None:
    f = features.feature("unions")
    text, _ = f.call("getIdentifier", "k", answer=reply(200, "7"))
    number, _ = f.call("getIdentifier", "k", answer=reply(200, 7))
    assert (text, number) == ("7", 7)
    assert isinstance(text, str)
    assert isinstance(number, int)


def test_anyof_of_inline_objects_parses_the_matching_variant(features: FeatureSet) -> None:
    f = features.feature("unions")
    owner, _ = f.call(
        "getOwner", "o1", answer=reply(200, {"name": "Ann", "contact": {"phone": "1"}})
    )
    assert owner.contact.phone == "1"
    assert not hasattr(owner.contact, "email")


# ------------------------------------------------------------------------------ discriminator


def test_discriminator_with_mapping_picks_the_member_by_tag(features: FeatureSet) -> None:
    f = features.feature("discriminator")
    dog, _ = f.call("getPet", "p1", answer=reply(200, {"petType": "dog", "name": "Rex"}))
    cat, _ = f.call("getPet", "p2", answer=reply(200, {"petType": "cat", "name": "Tom"}))
    assert isinstance(dog, f.module.Dog)
    assert isinstance(cat, f.module.Cat)


def test_discriminator_in_an_array_tags_every_item(features: FeatureSet) -> None:
    f = features.feature("discriminator")
    body = [{"petType": "dog", "name": "Rex"}, {"petType": "cat", "name": "Tom"}]
    pets, _ = f.call("listPets", answer=reply(200, body))
    assert [type(p) for p in pets] == [f.module.Dog, f.module.Cat]


def test_discriminator_without_mapping_uses_schema_names(features: FeatureSet) -> None:
    f = features.feature("discriminator")
    square, _ = f.call("getShape", "s1", answer=reply(200, {"kind": "Square", "size": 2}))
    circle, _ = f.call("getShape", "s2", answer=reply(200, {"kind": "Circle", "size": 1}))
    assert isinstance(square, f.module.Square)
    assert isinstance(circle, f.module.Circle)


def test_discriminator_on_an_allof_base_picks_the_subtype(features: FeatureSet) -> None:
    f = features.feature("discriminator")
    body = {"kind": "lion", "name": "Leo", "maneColor": "gold"}
    animal, _ = f.call("getAnimal", "a1", answer=reply(200, body))
    assert isinstance(animal, f.module.Lion)
    assert animal.mane_color == "gold"


def test_discriminator_on_an_allof_base_keeps_the_base_for_an_unknown_tag(
    features: FeatureSet,
) -> None:
    f = features.feature("discriminator")
    body = {"kind": "zebra", "name": "Zed", "stripes": 40}
    animal, _ = f.call("getAnimal", "a1", answer=reply(200, body))
    assert type(animal) is f.module.Animal
    assert animal.to_dict() == body
    eagle, _ = f.call("getAnimal", "a2", answer=reply(200, {"kind": "eagle", "name": "E"}))
    assert type(eagle) is f.module.Eagle
    assert issubclass(f.module.Lion, f.module.Animal)


def test_discriminator_on_an_allof_base_request_body_is_flattened(features: FeatureSet) -> None:
    f = features.feature("discriminator")
    assert {"kind", "name"} <= set(f.signature("createAnimal").parameters)
    lion = {"kind": "lion", "name": "Leo", "maneColor": "gold"}
    animal, request = f.call(
        "createAnimal",
        kind="lion",
        name="Leo",
        extra_body={"maneColor": "gold"},
        answer=reply(201, lion),
    )
    assert json_of(request) == lion
    assert type(animal) is f.module.Lion


def test_discriminator_on_an_allof_base_without_mapping_uses_schema_names(
    features: FeatureSet,
) -> None:
    f = features.feature("discriminator")
    car, _ = f.call("getVehicle", "v1", answer=reply(200, {"vehicleType": "Car", "doors": 4}))
    assert type(car) is f.module.Car
    assert car.doors == 4
    bike, _ = f.call("getVehicle", "v2", answer=reply(200, {"vehicleType": "Bike", "gears": 3}))
    assert type(bike) is f.module.Bike


def test_discriminator_on_an_allof_base_in_fields_parses_and_sends_subtypes(
    features: FeatureSet,
) -> None:
    f = features.feature("discriminator")
    m = f.module
    lion = {"kind": "lion", "name": "Leo", "maneColor": "gold"}
    eagle = {"kind": "eagle", "name": "Ed", "wingspan": 2.5}
    other = {"kind": "zebra", "name": "Zed"}
    zoo, request = f.call(
        "createZoo",
        star=m.Lion(kind="lion", name="Leo", mane_color="gold"),
        animals=[eagle, other],
        answer=reply(201, {"star": lion, "animals": [eagle, other]}),
    )
    # A subtype in a field typed by its base is sent with its own fields.
    assert json_of(request) == {"star": lion, "animals": [eagle, other]}
    assert [type(a) for a in (zoo.star, *zoo.animals)] == [m.Lion, m.Eagle, m.Animal]
    assert zoo.to_dict() == {"star": lion, "animals": [eagle, other]}


# -------------------------------------------------------------------------------------- const


def test_const_property_holds_its_value(features: FeatureSet) -> None:
    f = features.feature("const")
    circle, _ = f.call("getCircle", "c1", answer=reply(200, {"kind": "circle", "size": 1.5}))
    assert circle.kind == "circle"
    assert circle.size == 1.5


def test_const_property_rejects_another_value(features: FeatureSet) -> None:
    f = features.feature("const")
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("getCircle", "c1", answer=reply(200, {"kind": "square", "size": 1.5}))


def test_const_property_tells_union_members_apart(features: FeatureSet) -> None:
    f = features.feature("const")
    square, _ = f.call("getShape", "s1", answer=reply(200, {"kind": "square", "size": 2}))
    assert isinstance(square, f.module.Square)


def test_const_request_property_is_sent_without_being_passed(features: FeatureSet) -> None:
    f = features.feature("const")
    _, request = f.call("createEvent", name="launch")
    assert json_of(request) == {"type": "event", "name": "launch"}


@pytest.mark.parametrize("mode", MODES)
async def test_const_argument_defaults_to_the_const_and_may_be_given(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("const")
    param = f.signature("createEvent").parameters["type"]
    assert param.default == "event"
    _, request = await f.acall(mode, "createEvent", name="launch", type="event")
    assert json_of(request) == {"type": "event", "name": "launch"}


def test_const_in_nested_request_values_is_filled_in(features: FeatureSet) -> None:
    f = features.feature("const")
    events = [{"name": "a"}, f.module.Event(name="b")]
    answer = reply(200, {"version": 2, "events": []})
    _, request = f.call("createBatch", events=events, answer=answer)
    # Integer const filled in at the top; string consts in the nested dict and model; the
    # optional boolean const is not sent unless given.
    assert json_of(request) == {
        "version": 2,
        "events": [{"type": "event", "name": "a"}, {"type": "event", "name": "b"}],
    }
    _, request = f.call("createBatch", events=[], final=True, answer=answer)
    assert json_of(request) == {"version": 2, "final": True, "events": []}
    assert f.module.Event(name="c").to_dict() == {"type": "event", "name": "c"}


def test_integer_and_boolean_consts_are_enforced_in_responses(features: FeatureSet) -> None:
    f = features.feature("const")
    batch, _ = f.call("createBatch", events=[], answer=reply(200, {"version": 2, "events": []}))
    assert (batch.version, batch.final) == (2, None)
    for wrong in ({"version": 3}, {"version": True}, {"version": 2, "final": False}):
        with pytest.raises(f.module.APIResponseValidationError):
            f.call("createBatch", events=[], answer=reply(200, {"events": [], **wrong}))


# -------------------------------------------------------------------------------------- enums


def test_enums_of_strings_and_integers_are_classes(features: FeatureSet) -> None:
    m = features.feature("enums").module
    assert m.Status.ACTIVE.value == "active"
    assert m.Status("pending-review").value == "pending-review"
    assert [member.value for member in m.Status] == ["active", "inactive", "pending-review"]
    assert [member.value for member in m.Priority] == [1, 2, 3]
    assert issubclass(m.Priority, int)
    assert m.Priority(2) == 2


def test_enums_parse_known_values_as_members(features: FeatureSet) -> None:
    f = features.feature("enums")
    tasks, _ = f.call("listTasks", answer=reply(200, [{"status": "active", "priority": 1}]))
    assert tasks[0].status is f.module.Status.ACTIVE
    assert tasks[0].priority is f.module.Priority(1)


def test_enums_accept_values_the_spec_does_not_list_in_responses(features: FeatureSet) -> None:
    f = features.feature("enums")
    body = [{"status": "archived", "priority": 9, "labels": ["bug", "chore"]}]
    tasks, _ = f.call("listTasks", answer=reply(200, body))
    assert tasks[0].status == "archived"
    assert tasks[0].priority == 9
    assert tasks[0].labels == ["bug", "chore"]


def test_enums_are_sent_by_value(features: FeatureSet) -> None:
    f = features.feature("enums")
    m = f.module
    _, request = f.call(
        "listTasks", status=m.Status.PENDING_REVIEW, priority=m.Priority(2), answer=reply(200, [])
    )
    assert request.url.params.multi_items() == [("status", "pending-review"), ("priority", "2")]
    answer = reply(201, {"status": "active", "priority": 3})
    _, request = f.call(
        "createTask", status=m.Status.ACTIVE, priority=3, labels=["bug"], answer=answer
    )
    assert json_of(request) == {"status": "active", "priority": 3, "labels": ["bug"]}


# ----------------------------------------------------------------------------------- nullable

NULL_PET = {
    "name": "Rex",
    "nickname": None,
    "age": None,
    "owner": None,
    "tags": None,
    "color": None,
    "previousOwner": None,
}
"""Every field of both nullable specs' Pet (3.0 has `color`, 3.1 `previousOwner`) set to null."""


@pytest.mark.parametrize("spec", ["nullable30", "nullable31"])
def test_nullable_fields_accept_null(features: FeatureSet, spec: str) -> None:
    f = features.feature(spec)
    pet, _ = f.call("getPet", "p1", answer=reply(200, NULL_PET))
    assert (pet.nickname, pet.age, pet.owner, pet.tags) == (None, None, None, None)


@pytest.mark.parametrize("spec", ["nullable30", "nullable31"])
def test_nullable_scalar_and_array_fields_parse_values(features: FeatureSet, spec: str) -> None:
    f = features.feature(spec)
    body = {**NULL_PET, "nickname": "R", "age": 3, "tags": ["a"], "color": "red"}
    pet, _ = f.call("getPet", "p1", answer=reply(200, body))
    assert (pet.nickname, pet.age, pet.tags) == ("R", 3, ["a"])


NULL_MEMBER_IS_ANY = (
    "3.1 `{type: 'null'}` as a oneOf/anyOf member is typed Any (not None), and Any swallows "
    "the union: `oneOf/anyOf: [{$ref: Owner}, {type: 'null'}]` becomes Any, so an owner comes "
    "back as a raw dict; expected `Owner | None`"
)


@pytest.mark.parametrize(
    ("spec", "wire", "attr"),
    [
        pytest.param("nullable30", "owner", "owner", id="3.0-allOf-ref-nullable"),
        pytest.param(
            "nullable31",
            "owner",
            "owner",
            id="3.1-oneOf-ref-null",
        ),
        pytest.param(
            "nullable31",
            "previousOwner",
            "previous_owner",
            id="3.1-anyOf-ref-null",
        ),
    ],
)
def test_nullable_reference_parses_to_the_model_or_none(
    features: FeatureSet, spec: str, wire: str, attr: str
) -> None:
    f = features.feature(spec)
    pet, _ = f.call("getPet", "p1", answer=reply(200, {**NULL_PET, wire: {"name": "Ann"}}))
    assert isinstance(getattr(pet, attr), f.module.Owner)
    assert getattr(pet, attr).name == "Ann"
    pet, _ = f.call("getPet", "p1", answer=reply(200, {**NULL_PET, wire: None}))
    assert getattr(pet, attr) is None


def test_nullable_31_top_level_oneof_null_response(features: FeatureSet) -> None:
    f = features.feature("nullable31")
    answer = reply(200, content=b"null", headers={"content-type": "application/json"})
    owner, _ = f.call("getPetOwner", "p1", answer=answer)
    assert owner is None
    owner, _ = f.call("getPetOwner", "p1", answer=reply(200, {"name": "Ann"}))
    assert isinstance(owner, f.module.Owner)


@pytest.mark.parametrize("spec", ["nullable30", "nullable31"])
def test_nullable_request_field_sends_null_and_omits_not_given(
    features: FeatureSet, spec: str
) -> None:
    f = features.feature(spec)
    _, request = f.call("updatePet", "p1", nickname=None)
    assert json_of(request) == {"nickname": None}
    _, request = f.call("updatePet", "p1", nickname="R")
    assert json_of(request) == {"nickname": "R"}
    _, request = f.call("updatePet", "p1")
    assert "nickname" not in (json_of(request) if request.content else {})


def test_nullable_31_oneof_ref_or_null_request_field(features: FeatureSet) -> None:
    f = features.feature("nullable31")
    _, request = f.call("updatePet", "p1", owner=None)
    assert json_of(request) == {"owner": None}
    _, request = f.call("updatePet", "p1", owner={"name": "Ann"})
    assert json_of(request) == {"owner": {"name": "Ann"}}


# ---------------------------------------------------------------------------------- recursion


def test_recursive_schema_parses_nested_levels(features: FeatureSet) -> None:
    f = features.feature("recursive")
    body = {
        "value": 1,
        "parent": {"value": 0},
        "children": [{"value": 2, "children": [{"value": 3, "children": []}]}],
    }
    tree, _ = f.call("getTree", "t1", answer=reply(200, body))
    node = f.module.TreeNode
    assert isinstance(tree, node)
    assert isinstance(tree.parent, node)
    assert isinstance(tree.children[0].children[0], node)
    assert tree.children[0].children[0].value == 3


def test_mutually_recursive_schemas_parse_nested_levels(features: FeatureSet) -> None:
    f = features.feature("recursive")
    body = {
        "name": "Acme",
        "ceo": {"name": "Ann", "employer": {"name": "Acme"}},
        "employees": [{"name": "Bob", "employer": {"name": "Acme", "employees": []}}],
    }
    company, _ = f.call("getCompany", "c1", answer=reply(200, body))
    assert isinstance(company.ceo, f.module.Person)
    assert isinstance(company.ceo.employer, f.module.Company)
    assert company.employees[0].employer.employees == []


def test_a_discriminated_union_inside_a_recursive_group_parses_by_its_tag(
    features: FeatureSet,
) -> None:
    """The alias `Node` and the classes it names live in one module (they refer to each other)."""
    f = features.feature("recursive_tagged")
    body = {
        "type": "branch",
        "children": [
            {"type": "leaf", "value": "a", "parent": {"type": "branch", "children": []}},
            {"type": "branch", "children": [{"type": "leaf", "value": "b"}]},
        ],
    }
    tree, _ = f.call("listNodes", answer=reply(200, body))
    assert isinstance(tree, f.module.Branch)
    leaf, branch = tree.children
    assert isinstance(leaf, f.module.Leaf) and leaf.value == "a"
    assert isinstance(leaf.parent, f.module.Branch)
    assert isinstance(branch, f.module.Branch)
    assert isinstance(branch.children[0], f.module.Leaf) and branch.children[0].value == "b"


def test_recursive_schema_in_a_request_accepts_dicts_and_models(features: FeatureSet) -> None:
    f = features.feature("recursive")
    nested = {"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]}
    answer = reply(201, {"value": 1})
    _, request = f.call("createTree", root=nested, answer=answer)
    assert json_of(request) == {"root": nested}
    node = f.module.TreeNode
    model = node(value=1, children=[node(value=2)])
    _, request = f.call("createTree", root=model, answer=answer)
    assert json_of(request) == {"root": {"value": 1, "children": [{"value": 2}]}}


# ------------------------------------------------------------- free-form, additionalProperties


def test_free_form_object_response_is_the_json_object(features: FeatureSet) -> None:
    f = features.feature("freeform")
    body = {"a": [1, {"b": None}], "c": "d"}
    settings, _ = f.call("getSettings", answer=reply(200, body))
    assert settings == body


def test_free_form_and_additional_properties_fields(features: FeatureSet) -> None:
    f = features.feature("freeform")
    body = {
        "title": "T",
        "metadata": {"x": [1, 2], "y": {"z": None}},
        "labels": {"k": True},
        "counts": {"a": 1, "b": 2},
        "anything": [1, "two"],
    }
    doc, _ = f.call("getDocument", "d1", answer=reply(200, body))
    assert doc.metadata == {"x": [1, 2], "y": {"z": None}}
    assert doc.labels == {"k": True}
    assert doc.counts == {"a": 1, "b": 2}
    assert doc.anything == [1, "two"]


def test_additional_properties_schema_types_the_values(features: FeatureSet) -> None:
    f = features.feature("freeform")
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("getDocument", "d1", answer=reply(200, {"title": "T", "counts": {"a": "many"}}))


def test_additional_properties_schema_next_to_properties_types_extra_keys(
    features: FeatureSet,
) -> None:
    f = features.feature("freeform")
    doc, _ = f.call(
        "getDocument", "d1", answer=reply(200, {"title": "T", "primary": {"label": "x"}})
    )
    assert isinstance((doc.model_extra or {}).get("primary"), f.module.Tag)


def test_additional_properties_schema_next_to_properties_round_trips(
    features: FeatureSet,
) -> None:
    f = features.feature("freeform")
    body = {"title": "T", "primary": {"label": "x", "color": "red"}, "counts": {"a": 1}}
    doc, _ = f.call("getDocument", "d1", answer=reply(200, body))
    assert doc.__pydantic_extra__["primary"].label == "x"
    assert doc.to_dict() == body
    made = f.module.Document(title="T", primary=f.module.Tag(label="y"), other={"label": "z"})
    assert isinstance(made.model_extra["other"], f.module.Tag)
    assert made.to_dict() == {"title": "T", "primary": {"label": "y"}, "other": {"label": "z"}}
    with pytest.raises(f.module.APIResponseValidationError, match="primary"):
        f.call("getDocument", "d1", answer=reply(200, {"title": "T", "primary": {"name": "x"}}))


def test_free_form_request_field_is_sent_as_given(features: FeatureSet) -> None:
    f = features.feature("freeform")
    metadata = {"a": [1, {"b": None}], "c": {"d": "e"}}
    _, request = f.call("createDocument", title="T", metadata=metadata)
    assert json_of(request) == {"title": "T", "metadata": metadata}


# -------------------------------------------------------------------------------- prefixItems


def test_prefix_items_is_a_typed_tuple(features: FeatureSet) -> None:
    f = features.feature("prefixitems")
    entry, _ = f.call("getEntry", "e1", answer=reply(200, ["a", 1]))
    assert entry == ("a", 1)
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("getEntry", "e1", answer=reply(200, ["a", "b"]))


def test_prefix_items_length_rules_pick_a_tuple_or_a_list(features: FeatureSet) -> None:
    f = features.feature("prefixitems")
    fields = f.module.Layout.model_fields
    spelled = {name: str(info.annotation) for name, info in fields.items()}
    assert spelled["closed"] == "tuple[str, int] | None"
    # Lengths that a Python 3.10 tuple cannot spell are lists of the union of the item types.
    assert spelled["short"] == "list[str | int] | None"
    assert spelled["open"] == "list[str | bool] | None"
    assert spelled["free"] == "list[typing.Any] | None"
    body = {"closed": ["a", 1], "short": ["a"], "open": ["a", True, False], "free": ["a", 1, {}]}
    layout, _ = f.call("getLayout", "l1", answer=reply(200, body))
    assert layout.closed == ("a", 1)
    assert (layout.short, layout.open, layout.free) == (["a"], ["a", True, False], ["a", 1, {}])
    for wrong in ({"closed": ["a"]}, {"closed": ["a", 1, 2]}, {"open": ["a", []]}):
        with pytest.raises(f.module.APIResponseValidationError):
            f.call("getLayout", "l1", answer=reply(200, wrong))


def test_prefix_items_request_value_is_sent_as_an_array(features: FeatureSet) -> None:
    f = features.feature("prefixitems")
    _, request = f.call("createShape", origin=(1.5, 2.0))
    assert json_of(request) == {"origin": [1.5, 2.0]}


# ------------------------------------------------------------------------------------ formats

RECORD_ID = uuid.UUID("12345678-1234-5678-1234-567812345678")
RECORD = {
    "id": str(RECORD_ID),
    "createdAt": "2024-01-02T03:04:05Z",
    "day": "2024-01-02",
    "big": 9007199254740993,
    "link": "https://example.test/a?b=1",
    "payload": "aGVsbG8=",
}


def test_formats_parse_to_python_types(features: FeatureSet) -> None:
    f = features.feature("formats")
    record, _ = f.call("getRecord", RECORD_ID, answer=reply(200, RECORD))
    assert record.id == RECORD_ID
    assert record.created_at == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    assert record.day == dt.date(2024, 1, 2)
    assert record.big == 9007199254740993
    assert isinstance(record.big, int)
    assert str(record.link) == "https://example.test/a?b=1"


def test_format_byte_response_is_decoded(features: FeatureSet) -> None:
    f = features.feature("formats")
    record, _ = f.call("getRecord", RECORD_ID, answer=reply(200, RECORD))
    assert record.payload == b"hello"


def test_formats_are_sent_in_wire_form(features: FeatureSet) -> None:
    f = features.feature("formats")
    since = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    _, request = f.call(
        "getRecord", RECORD_ID, since=since, on_date=dt.date(2024, 1, 2), answer=reply(200, RECORD)
    )
    assert request.url.path == f"/records/{RECORD_ID}"
    assert dt.datetime.fromisoformat(request.url.params["since"]) == since
    assert request.url.params["onDate"] == "2024-01-02"


def test_formats_in_a_request_body(features: FeatureSet) -> None:
    f = features.feature("formats")
    created = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    _, request = f.call(
        "createRecord", created_at=created, day=dt.date(2024, 1, 2), payload="aGVsbG8="
    )
    sent = json_of(request)
    assert dt.datetime.fromisoformat(sent["createdAt"]) == created
    assert sent["day"] == "2024-01-02"


def test_format_byte_request_is_base64_encoded(features: FeatureSet) -> None:
    f = features.feature("formats")
    created = dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc)
    _, request = f.call(
        "createRecord", created_at=created, day=dt.date(2024, 1, 2), payload=b"hello"
    )
    assert json_of(request)["payload"] == "aGVsbG8="


def test_format_byte_is_one_line_of_standard_base64(features: FeatureSet) -> None:
    # pydantic's own Base64Bytes writes MIME base64 (a line break every 76 characters) in the
    # lowest supported pydantic (2.7): the generated type must not.
    f = features.feature("formats")
    data = bytes(range(256)) * 2
    created = dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc)
    _, request = f.call("createRecord", created_at=created, day=dt.date(2024, 1, 2), payload=data)
    assert json_of(request)["payload"] == base64.b64encode(data).decode()
    record, _ = f.call("getRecord", RECORD_ID, answer=reply(200, {**RECORD, "payload": "+/8="}))
    assert record.payload == b"\xfb\xff"
    assert record.to_dict()["payload"] == "+/8="


def test_format_byte_response_tolerates_line_breaks_and_missing_padding(
    features: FeatureSet,
) -> None:
    f = features.feature("formats")
    for text in ("aGVs\nbG8=", "aGVsbG8", "aGVs bG8="):
        record, _ = f.call("getRecord", RECORD_ID, answer=reply(200, {**RECORD, "payload": text}))
        assert record.payload == b"hello"
    with pytest.raises(f.module.APIResponseValidationError, match="base64"):
        f.call("getRecord", RECORD_ID, answer=reply(200, {**RECORD, "payload": "a*b="}))


def test_format_binary_response_is_bytes(features: FeatureSet) -> None:
    f = features.feature("formats")
    data = b"\x00\x01\xfe\xff"
    answer = reply(200, content=data, headers={"content-type": "application/octet-stream"})
    result, _ = f.call("downloadRecordFile", RECORD_ID, answer=answer)
    assert result == data


# ------------------------------------------------------------------------------------ default


def test_default_fills_absent_response_fields(features: FeatureSet) -> None:
    f = features.feature("defaults")
    settings, _ = f.call("getSettings", answer=reply(200, {}))
    assert (settings.page_size, settings.mode, settings.verbose) == (20, "fast", False)


def test_default_query_parameter_is_not_sent_when_left_out(features: FeatureSet) -> None:
    f = features.feature("defaults")
    _, request = f.call("getSettings", answer=reply(200, {}))
    assert request.url.query == b""
    _, request = f.call("getSettings", limit=5, answer=reply(200, {}))
    assert request.url.query == b"limit=5"


def test_default_of_a_parameter_is_documented(features: FeatureSet) -> None:
    f = features.feature("defaults")
    doc = f.method(f.client(Recorder()), "getSettings").__doc__ or ""
    assert "limit" in doc
    assert "10" in doc


# -------------------------------------------------------------------------- readOnly/writeOnly


def test_read_only_properties_are_not_arguments(features: FeatureSet) -> None:
    f = features.feature("readwrite")
    params = f.signature("createUser").parameters
    assert "email" in params
    assert "password" in params
    assert "id" not in params
    assert "created_at" not in params


def test_read_only_required_properties_do_not_block_a_request(features: FeatureSet) -> None:
    f = features.feature("readwrite")
    answer = reply(201, {"id": "u1", "email": "a@b.c", "createdAt": "2024-01-02T00:00:00Z"})
    user, request = f.call("createUser", email="a@b.c", password="pw", answer=answer)
    assert json_of(request) == {"email": "a@b.c", "password": "pw"}
    assert user.id == "u1"


def test_write_only_required_properties_are_required_in_requests(features: FeatureSet) -> None:
    """A request needs a required writeOnly property (the server reads it), so it is a required
    argument (and a Required key of a TypedDict), though the model (read back too) cannot
    require it."""
    f = features.feature("readwrite")
    params = f.signature("createUser").parameters
    assert params["password"].default is inspect.Parameter.empty
    assert params["email"].default is inspect.Parameter.empty
    (user,) = [model for model in f.api.models if model.name == "User"]
    required = {field.name: field.request_required for field in user.fields}
    assert required == {"id": False, "email": True, "password": True, "created_at": False}


def test_write_only_required_properties_are_optional_in_responses(features: FeatureSet) -> None:
    f = features.feature("readwrite")
    body = {"id": "u1", "email": "a@b.c", "createdAt": "2024-01-02T00:00:00Z"}
    user, _ = f.call("getUser", "u1", answer=reply(200, body))
    assert user.email == "a@b.c"
    assert user.password is None


# --------------------------------------------------------------------------------- deprecated


@pytest.mark.parametrize("mode", MODES)
async def test_deprecated_operation_warns_on_call(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("deprecated")
    with pytest.warns(DeprecationWarning, match="deprecated"):
        items, _ = await f.acall(mode, "listLegacyItems", answer=reply(200, [{"name": "a"}]))
    assert items[0].name == "a"


def test_deprecated_operation_is_documented(features: FeatureSet) -> None:
    f = features.feature("deprecated")
    doc = f.method(f.client(Recorder()), "listLegacyItems").__doc__ or ""
    assert "deprecated" in doc.lower()


def test_operation_that_is_not_deprecated_does_not_warn(features: FeatureSet) -> None:
    f = features.feature("deprecated")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        f.call("listItems", answer=reply(200, []))


def test_deprecated_parameter_is_documented(features: FeatureSet) -> None:
    f = features.feature("deprecated")
    doc = f.method(f.client(Recorder()), "listItems").__doc__ or ""
    entry = next(line for line in doc.splitlines() if "old_filter" in line)
    assert "deprecated" in entry.lower()


def test_deprecated_property_is_documented(features: FeatureSet) -> None:
    f = features.feature("deprecated")
    info = f.module.Item.model_fields["old_name"]
    assert info.deprecated or "deprecated" in (info.description or "").lower()


# ------------------------------------------------------------- components that are only a $ref


@pytest.mark.parametrize("spec", ["refalias30", "refalias31"])
def test_ref_only_component_parses_as_its_target(features: FeatureSet, spec: str) -> None:
    f = features.feature(spec)
    pet, _ = f.call("getPet", "p1", answer=reply(200, {"name": "Rex"}))
    assert isinstance(pet, f.module.Pet)
    pets, _ = f.call("listPets", answer=reply(200, [{"name": "Rex"}]))
    assert isinstance(pets[0], f.module.Pet)


@pytest.mark.parametrize("spec", ["refalias30", "refalias31"])
def test_ref_only_component_of_a_primitive(features: FeatureSet, spec: str) -> None:
    f = features.feature(spec)
    name, _ = f.call("getPetName", "p1", answer=reply(200, "Rex"))
    assert name == "Rex"


@pytest.mark.parametrize("spec", ["refalias30", "refalias31"])
def test_ref_only_component_as_request_body(features: FeatureSet, spec: str) -> None:
    f = features.feature(spec)
    _, request = f.call("createPet", name="Rex")
    assert json_of(request) == {"name": "Rex"}


@pytest.mark.parametrize("spec", ["refalias30", "refalias31"])
def test_ref_only_component_name_is_importable(features: FeatureSet, spec: str) -> None:
    m = features.feature(spec).module
    assert issubclass(m.PetAlias, m.Pet)
    assert issubclass(m.PetAliasAlias, m.Pet)


def test_allof_of_one_ref_component_name_is_importable(features: FeatureSet) -> None:
    m = features.feature("refalias30").module
    assert m.PetWrapped is m.Pet
    assert m.models.PetWrapped is m.Pet


def test_const_component_name_is_a_literal_alias(features: FeatureSet) -> None:
    m = features.feature("const").module
    assert typing.get_origin(m.EventType) is typing.Literal
    assert typing.get_args(m.EventType) == ("event",)


def test_every_ref_is_read_by_one_codec(features: FeatureSet) -> None:
    """Each token of a `$ref` is ~-decoded, then percent-decoded (as json-schema-ref-parser,
    Prism's resolver, reads it): `a~1b` and `a%2Fb` name the component `a/b`, `x%7E1y` names
    `x~1y`. The reference check and the builder read refs with the same code, so what the one
    accepts the other finds (the builder used to percent-decode first: `x%7E1y` passed the
    check and then failed to build)."""
    f = features.feature("ref_escapes")
    body = {
        "plain": {"id": "1"},
        "encoded": {"id": "2"},
        "spaced": {"qty": 3},
        "tilde": {"flag": True},
    }
    items, _ = f.call("listItems", answer=reply(200, body))
    assert type(items.plain) is f.module.AB and items.plain.id == "1"
    assert type(items.encoded) is f.module.AB and items.encoded.id == "2"
    assert type(items.spaced) is f.module.LineItem and items.spaced.qty == 3
    assert type(items.tilde) is f.module.X1Y and items.tilde.flag is True


# ------------------------------------------------------------------------- required beside allOf


def test_required_beside_allof_requires_the_merged_properties(features: FeatureSet) -> None:
    """`{required: [domain, type], allOf: [$ref: Domain]}`: the `required` is no annotation of
    Domain (whose properties are all optional) but a narrower schema: a model of its own whose
    listed properties are required arguments, and a call with only those sends them."""
    f = features.feature("allof_required")
    params = f.signature("createDomain").parameters
    assert params["domain"].default is inspect.Parameter.empty
    assert params["type"].default is inspect.Parameter.empty
    assert params["ttl"].default is not inspect.Parameter.empty
    answer = reply(200, {"domain": "example.org", "type": "master"})
    _, request = f.call("createDomain", domain="example.org", type="master", answer=answer)
    assert json_of(request) == {"domain": "example.org", "type": "master"}

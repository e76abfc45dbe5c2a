"""oneOf/anyOf and allOf hierarchies at run time: the member or subtype a payload parses as.

Issue 14's shapes, each from a feature spec of our own, driven sync and async through
`httpx.MockTransport`:
- inline members of a discriminated oneOf without a mapping are tagged by the `const` (or
  one-value `enum`) of the tag property, `$ref` members by their schema name; a member with no
  tag to tell makes a plain union (`oneof_inline_tags`);
- `properties` and `required` beside oneOf/anyOf apply to every member (`oneof_shared_properties`);
- members told apart only by enum values (or a `const`) parse as the member whose declared
  values match; unknown values still parse (`oneof_enum_values`);
- every level of an allOf chain under a discriminated base is a subclass, tagged in the base's
  map (`allof_chain`).
"""

from __future__ import annotations

import pytest
from feature_harness import MODES, FeatureSet, Mode, json_of, reply

# ------------------------------------------------------------------ inline members, no mapping


@pytest.mark.parametrize("mode", MODES)
async def test_inline_members_are_tagged_by_their_const_or_one_value_enum(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("oneof_inline_tags")
    m = f.module
    click, _ = await f.acall(
        mode, "getEvent", "e1", answer=reply(200, {"kind": "click", "x": 1, "y": 2})
    )
    key, _ = await f.acall(
        mode, "getEvent", "e2", answer=reply(200, {"kind": "keypress", "key": "k"})
    )
    assert type(click) is m.EventVariant1
    assert (click.x, click.y) == (1, 2)
    assert type(key) is m.EventVariant2
    assert key.key == "k"


@pytest.mark.parametrize("mode", MODES)
async def test_inline_member_tag_picks_the_member_whose_fields_are_checked(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("oneof_inline_tags")
    with pytest.raises(f.module.APIResponseValidationError):
        # tagged click, but a keypress's fields: the click member's required x and y are missing
        await f.acall(mode, "getEvent", "e1", answer=reply(200, {"kind": "click", "key": "k"}))


@pytest.mark.parametrize("mode", MODES)
async def test_inline_tagged_union_request_body_is_sent(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("oneof_inline_tags")
    body = {"kind": "keypress", "key": "q"}
    made, request = await f.acall(mode, "createEvent", body=body, answer=reply(201, body))
    assert json_of(request) == body
    assert type(made) is f.module.EventVariant2


@pytest.mark.parametrize("mode", MODES)
async def test_ref_member_is_tagged_by_its_schema_name_beside_an_inline_const(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("oneof_inline_tags")
    m = f.module
    alert, _ = await f.acall(
        mode, "getNotice", "n1", answer=reply(200, {"kind": "Alert", "level": 3})
    )
    memo, _ = await f.acall(
        mode, "getNotice", "n2", answer=reply(200, {"kind": "memo", "text": "hi"})
    )
    assert type(alert) is m.Alert
    assert alert.level == 3
    assert type(memo) is m.NoticeVariant2
    assert memo.text == "hi"


@pytest.mark.parametrize("mode", MODES)
async def test_member_without_a_tag_makes_a_plain_union(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("oneof_inline_tags")
    m = f.module
    first, _ = await f.acall(mode, "getLoose", "l1", answer=reply(200, {"kind": "first", "a": 1}))
    other, _ = await f.acall(mode, "getLoose", "l2", answer=reply(200, {"kind": "zzz", "b": "x"}))
    assert type(first) is m.LooseVariant1
    assert type(other) is m.LooseVariant2
    aliases = {alias.name for module in f.api.model_modules for alias in module.aliases}
    assert "Event" in aliases
    assert "Loose" not in aliases


# ------------------------------------------------------------- properties beside oneOf/anyOf


@pytest.mark.parametrize("mode", MODES)
async def test_properties_beside_oneof_are_fields_of_every_member(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("oneof_shared_properties")
    card_body = {"id": "p1", "amount": 5, "cardNumber": "4111"}
    card, _ = await f.acall(mode, "getPayment", "p1", answer=reply(200, card_body))
    transfer_body = {"id": "p2", "amount": 7, "note": "rent", "iban": "DE00"}
    transfer, _ = await f.acall(mode, "getPayment", "p2", answer=reply(200, transfer_body))
    assert (card.id, card.amount, card.card_number) == ("p1", 5, "4111")
    assert (transfer.id, transfer.amount, transfer.note, transfer.iban) == ("p2", 7, "rent", "DE00")
    assert "amount" in type(card).model_fields
    assert "amount" in type(transfer).model_fields


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("missing", ["id", "amount"])
async def test_required_beside_oneof_is_enforced_in_every_member(
    features: FeatureSet, mode: Mode, missing: str
) -> None:
    f = features.feature("oneof_shared_properties")
    for body in (
        {"id": "p1", "amount": 5, "cardNumber": "4111"},
        {"id": "p", "amount": 1, "iban": "X"},
    ):
        del body[missing]
        with pytest.raises(f.module.APIResponseValidationError):
            await f.acall(mode, "getPayment", "p1", answer=reply(200, body))


@pytest.mark.parametrize("mode", MODES)
async def test_anyof_members_of_only_required_take_the_shared_properties(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("oneof_shared_properties")
    by_mail, _ = await f.acall(
        mode, "getContact", "c1", answer=reply(200, {"name": "Ann", "email": "a@x"})
    )
    by_phone, _ = await f.acall(
        mode, "getContact", "c2", answer=reply(200, {"name": "Bob", "phone": "1"})
    )
    assert (by_mail.name, by_mail.email) == ("Ann", "a@x")
    assert (by_phone.name, by_phone.phone) == ("Bob", "1")
    for body in ({"email": "a@x"}, {"name": "Cid"}):
        with pytest.raises(f.module.APIResponseValidationError):
            await f.acall(mode, "getContact", "c3", answer=reply(200, body))


@pytest.mark.parametrize("mode", MODES)
async def test_properties_beside_a_discriminated_oneof_keep_the_tags(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("oneof_shared_properties")
    parcel_body = {"type": "Parcel", "weight": 2.5, "size": "L"}
    parcel, _ = await f.acall(mode, "getShipment", "s1", answer=reply(200, parcel_body))
    letter, _ = await f.acall(
        mode, "getShipment", "s2", answer=reply(200, {"type": "Letter", "weight": 0.1})
    )
    assert (parcel.weight, parcel.size) == (2.5, "L")
    assert letter.weight == 0.1
    assert type(parcel).__name__ != type(letter).__name__
    with pytest.raises(f.module.APIResponseValidationError):
        await f.acall(mode, "getShipment", "s3", answer=reply(200, {"type": "Parcel", "size": "L"}))


@pytest.mark.parametrize("mode", MODES)
async def test_properties_beside_oneof_request_body_is_sent(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("oneof_shared_properties")
    body = {"id": "p1", "amount": 5, "cardNumber": "4111"}
    made, request = await f.acall(mode, "createPayment", body=body, answer=reply(201, body))
    assert json_of(request) == body
    assert made.amount == 5


# ------------------------------------------------------------------ members told by enum values


@pytest.mark.parametrize("mode", MODES)
async def test_enum_values_choose_the_member(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("oneof_enum_values")
    m = f.module
    answers = {"truck": m.Car, "ship": m.Boat, "boat": m.Boat, "plane": m.Plane}
    for kind, cls in answers.items():
        vehicle, _ = await f.acall(
            mode, "getVehicle", "v1", answer=reply(200, {"kind": kind, "name": "V"})
        )
        assert type(vehicle) is cls, kind


@pytest.mark.parametrize("mode", MODES)
async def test_a_value_no_member_declares_still_parses(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("oneof_enum_values")
    vehicle, _ = await f.acall(
        mode, "getVehicle", "v1", answer=reply(200, {"kind": "rocket", "name": "R"})
    )
    assert vehicle.kind == "rocket"
    assert vehicle.name == "R"


@pytest.mark.parametrize("mode", MODES)
async def test_enum_values_choose_the_member_in_fields(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("oneof_enum_values")
    m = f.module
    body = {
        "vehicles": [{"kind": "boat", "name": "B"}, {"kind": "car", "name": "C"}],
        "favourite": {"kind": "ship", "name": "S"},
    }
    garage, _ = await f.acall(mode, "getGarage", "g1", answer=reply(200, body))
    assert [type(v) for v in garage.vehicles] == [m.Boat, m.Car]
    assert type(garage.favourite) is m.Boat


@pytest.mark.parametrize("mode", MODES)
async def test_a_union_of_enums_parses_as_the_enum_that_lists_the_value(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("oneof_enum_values")
    m = f.module
    cool, _ = await f.acall(mode, "getColor", "c1", answer=reply(200, "green"))
    warm, _ = await f.acall(mode, "getColor", "c2", answer=reply(200, "red"))
    other, _ = await f.acall(mode, "getColor", "c3", answer=reply(200, "purple"))
    assert type(cool) is m.Cool
    assert type(warm) is m.Warm
    assert other == "purple"


# ------------------------------------------------------------------------- allOf chains


def test_every_level_of_an_allof_chain_is_a_subclass(features: FeatureSet) -> None:
    m = features.feature("allof_chain").module
    assert issubclass(m.Reptile, m.Pet)
    assert issubclass(m.Lizard, m.Reptile)
    assert m.Reptile is not m.Pet
    assert issubclass(m.Scaly, m.Animal)
    assert issubclass(m.Gecko, m.Scaly)


@pytest.mark.parametrize("mode", MODES)
async def test_a_subtype_two_levels_down_parses_by_its_schema_name(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("allof_chain")
    m = f.module
    body = {"petType": "Lizard", "name": "Liz", "scaleCount": 300}
    lizard, _ = await f.acall(mode, "getPet", "p1", answer=reply(200, body))
    assert type(lizard) is m.Lizard
    assert lizard.scale_count == 300
    reptile, _ = await f.acall(
        mode, "getPet", "p2", answer=reply(200, {"petType": "Reptile", "name": "R"})
    )
    assert type(reptile) is m.Reptile
    dog, _ = await f.acall(mode, "getPet", "p3", answer=reply(200, {"petType": "Dog", "name": "D"}))
    assert type(dog) is m.Dog
    from_middle, _ = await f.acall(mode, "getReptile", "r1", answer=reply(200, body))
    assert type(from_middle) is m.Lizard


@pytest.mark.parametrize("mode", MODES)
async def test_a_subtype_two_levels_down_has_its_fields_checked(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("allof_chain")
    with pytest.raises(f.module.APIResponseValidationError):
        await f.acall(mode, "getPet", "p1", answer=reply(200, {"petType": "Lizard", "name": "Liz"}))


@pytest.mark.parametrize("mode", MODES)
async def test_a_mapping_names_every_level_of_a_chain(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("allof_chain")
    m = f.module
    gecko, _ = await f.acall(
        mode, "getAnimal", "a1", answer=reply(200, {"kind": "gecko", "toes": 5})
    )
    scaly, _ = await f.acall(mode, "getAnimal", "a2", answer=reply(200, {"kind": "scaly"}))
    assert type(gecko) is m.Gecko
    assert gecko.toes == 5
    assert type(scaly) is m.Scaly
    with pytest.raises(f.module.APIResponseValidationError):
        await f.acall(mode, "getAnimal", "a3", answer=reply(200, {"kind": "gecko"}))

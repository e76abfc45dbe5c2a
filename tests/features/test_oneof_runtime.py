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

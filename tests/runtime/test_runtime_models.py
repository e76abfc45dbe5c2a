"""Models as themselves: the base model, open enums, base64 bytes, tagged unions, unions chosen
by declared values, and subtype validation."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

import pydantic
import pytest
from pydantic import Field

from generator.runtime import (
    Base64Bytes,
    BaseModel,
    ByDeclaredValues,
    OpenIntEnum,
    OpenStrEnum,
    subtype_validator,
    tagged_union,
)


class Cat(BaseModel):
    kind: str
    meows: bool


class Dog(BaseModel):
    kind: str
    barks: bool


Pet: Any = tagged_union("kind", {"cat": Cat, "dog": Dog}, (Cat, Dog))
PETS = pydantic.TypeAdapter(Pet)


def test_a_tagged_union_picks_the_member_its_tag_names() -> None:
    both = {"meows": True, "barks": True}
    assert type(PETS.validate_python({"kind": "dog", **both})) is Dog
    assert type(PETS.validate_python({"kind": "cat", **both})) is Cat


def test_a_tagged_union_with_its_tag_wrong_for_the_data_fails() -> None:
    with pytest.raises(pydantic.ValidationError):
        PETS.validate_python({"kind": "cat", "barks": True})


def test_an_unknown_tag_falls_back_to_the_member_that_validates() -> None:
    pet = PETS.validate_python({"kind": "fish", "barks": False})
    assert type(pet) is Dog
    assert pet.kind == "fish"
    with pytest.raises(pydantic.ValidationError):
        PETS.validate_python({"kind": "fish", "swims": True})


def test_a_tagged_union_takes_its_own_instances() -> None:
    dog = Dog(kind="dog", barks=True)
    assert PETS.validate_python(dog) is dog


class Animal(BaseModel):
    type: str
    _pick = subtype_validator("type", lambda: SUBTYPES)


class Bird(Animal):
    wings: int = 2


class Parrot(Bird):
    words: list[str] = Field(default_factory=list)


SUBTYPES: dict[str, type[pydantic.BaseModel]] = {"bird": Bird, "parrot": Parrot}


def test_the_base_becomes_the_subclass_its_tag_names() -> None:
    assert type(Animal.model_validate({"type": "parrot", "words": ["hi"]})) is Parrot
    assert type(Animal.model_validate({"type": "bird"})) is Bird
    assert type(Bird.model_validate({"type": "parrot"})) is Parrot


def test_an_unknown_subtype_tag_stays_the_class_asked_for() -> None:
    animal = Animal.model_validate({"type": "whale"})
    assert type(animal) is Animal
    assert type(Parrot.model_validate({"type": "bird"})) is Parrot


class Color(OpenStrEnum):
    RED = "red"


class Level(OpenIntEnum):
    LOW = 1


def test_open_enums_accept_values_the_spec_did_not_list() -> None:
    assert Color("red") is Color.RED
    teal = Color("teal")
    assert teal.value == "teal" and teal == "teal" and isinstance(teal, Color)
    assert Level(7).value == 7
    with pytest.raises(ValueError):
        Color(3)
    with pytest.raises(ValueError):
        Level(False)  # a bool is not an integer here (True would equal LOW)


def test_enum_members_print_as_their_value() -> None:
    assert (str(Color.RED), f"{Color.RED}", f"{Color.RED:>5}", format(Color.RED)) == (
        "red",
        "red",
        "  red",
        "red",
    )
    assert (str(Color("teal")), f"{Color('teal')}") == ("teal", "teal")
    assert (str(Level.LOW), f"{Level.LOW}", f"{Level.LOW:03d}", f"{Level(7)}") == (
        "1",
        "1",
        "001",
        "7",
    )
    assert repr(Color.RED) == "<Color.RED: 'red'>"


class Warm(OpenStrEnum):
    RED = "red"
    ORANGE = "orange"


class Cool(OpenStrEnum):
    BLUE = "blue"


class Car(BaseModel):
    kind: Warm
    wheels: int | None = None


class Boat(BaseModel):
    kind: Cool | None = None
    sails: int | None = None


class Plane(BaseModel):
    kind: Literal["plane"] = "plane"


VEHICLES = pydantic.TypeAdapter(Annotated[Car | Boat | Plane, ByDeclaredValues])


def test_a_union_by_declared_values_tries_the_members_that_list_the_value_first() -> None:
    assert type(VEHICLES.validate_python({"kind": "blue"})) is Boat
    assert type(VEHICLES.validate_python({"kind": "orange"})) is Car
    assert type(VEHICLES.validate_python({"kind": "plane"})) is Plane
    colors = pydantic.TypeAdapter(Annotated[Warm | Cool | None, ByDeclaredValues])
    assert colors.validate_python("blue") is Cool.BLUE
    assert colors.validate_python(None) is None


def test_a_union_by_declared_values_falls_back_to_the_open_enums() -> None:
    car = VEHICLES.validate_python({"kind": "teal"})
    assert type(car) is Car and car.kind == "teal"
    # Boat lists the value but cannot take the data: the union chooses as without the marker.
    assert type(VEHICLES.validate_python({"kind": "blue", "sails": "many"})) is Car
    with pytest.raises(pydantic.ValidationError):
        VEHICLES.validate_python({"kind": 3})


def test_a_union_by_declared_values_takes_its_own_instances() -> None:
    boat = Boat(kind=Cool.BLUE)
    assert VEHICLES.validate_python(boat) is boat


class Photo(BaseModel):
    file_name: str = Field(alias="fileName")
    data: Base64Bytes


@pytest.mark.parametrize("text", ["+/8=", "-_8", "+/\n8="])
def test_base64_bytes_read_standard_urlsafe_and_unpadded_text(text: str) -> None:
    assert Photo.model_validate({"fileName": "p", "data": text}).data == b"\xfb\xff"


def test_base64_bytes_are_sent_as_standard_base64() -> None:
    photo = Photo(fileName="p", data=b"\xfb\xff")
    assert photo.to_dict() == {"fileName": "p", "data": "+/8="}
    with pytest.raises(pydantic.ValidationError, match="base64"):
        Photo.model_validate({"fileName": "p", "data": "***"})


class Note(BaseModel):
    note_text: str = Field(alias="noteText")
    pinned: bool = False
    hint: ClassVar[str] = "not a field"


def test_the_base_model_keeps_unknown_fields_and_dumps_by_the_api_names() -> None:
    note = Note.model_validate({"noteText": "hi", "addedLater": 1})
    assert note.to_dict() == {"noteText": "hi", "addedLater": 1}
    assert note.to_json() == '{"noteText":"hi","addedLater":1}'
    assert Note(note_text="x").to_dict() == {"noteText": "x"}

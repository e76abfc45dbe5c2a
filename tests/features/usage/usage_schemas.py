"""What a user's code sees of the schema features: type-checked by mypy --strict together with
the generated feature packages (never run). A `# type: ignore[...]` marks a call mypy must
reject: mypy's warn_unused_ignores (part of --strict) fails the check if it accepts it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from feat_const import FeatConst
from feat_const.models import Circle, EventType, Square
from feat_discriminator import FeatDiscriminator
from feat_discriminator.models import Animal, Lion
from feat_formats import FeatFormats
from feat_formats.models import Record
from feat_freeform import FeatFreeform
from feat_freeform.models import Tag
from feat_prefixitems import FeatPrefixitems
from feat_refalias30.models import Pet as Pet30
from feat_refalias30.models import PetAlias as PetAlias30
from feat_refalias31 import PetAliasAlias as PetAliasAlias31
from feat_refalias31.models import Pet as Pet31
from typing_extensions import assert_type


def const(client: FeatConst) -> None:
    client.events.create(name="launch")
    client.events.create(name="launch", type="event")
    client.events.create(name="launch", type="other")  # type: ignore[arg-type]
    circle = client.circles.retrieve("c1")
    assert_type(circle.kind, Literal["circle"])
    assert_type(client.shapes.retrieve("s1"), Circle | Square)
    assert_type(Circle(size=1.0).kind, Literal["circle"])
    Circle(kind="square", size=1.0)  # type: ignore[arg-type]
    kind: EventType = "event"
    assert_type(kind, Literal["event"])


def prefix_items(client: FeatPrefixitems) -> None:
    assert_type(client.entries.retrieve("e1"), tuple[str, int])
    client.shapes.create(origin=(1.5, 2.0))
    client.shapes.create(origin=(1.5,))  # type: ignore[arg-type]


def format_byte(client: FeatFormats, record: Record) -> None:
    assert_type(record.payload, bytes)
    day = dt.date(2024, 1, 2)
    created = dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc)
    client.records.create(created_at=created, day=day, payload=b"hello")
    client.records.create(created_at=created, day=day, payload=1)  # type: ignore[arg-type]
    assert_type(client.records.retrieve(uuid.uuid4()).payload, bytes)


def typed_extra(client: FeatFreeform) -> str:
    document = client.documents.retrieve("d1")
    assert_type(document.__pydantic_extra__["primary"], Tag)
    return document.__pydantic_extra__["primary"].label


def allof_discriminator(client: FeatDiscriminator) -> str | None:
    animal = client.animals.retrieve("a1")
    assert_type(animal, Animal)
    client.zoos.create(star=Lion(kind="lion", name="Leo"), animals=[animal])
    if isinstance(animal, Lion):
        return animal.mane_color
    return None


def ref_aliases(alias30: PetAlias30, alias31: PetAliasAlias31) -> tuple[Pet30, Pet31]:
    return alias30, alias31

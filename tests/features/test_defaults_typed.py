"""Defaults of fields whose Python value is not the JSON value itself (`date`, `date-time`,
`uuid`), of untyped fields, and of anyOf fields: an absent property reads as its default, as
the right Python value; requests built without them do not send them (as other defaults)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from feature_harness import MODES, FeatureSet, Mode, json_of, reply

UTC = dt.timezone.utc


def test_absent_fields_read_as_their_typed_defaults(features: FeatureSet) -> None:
    f = features.feature("defaults_typed")
    schedule, _ = f.call("getSchedule", answer=reply(200, {"name": "s"}))
    assert schedule.starts_on == dt.date(2024, 1, 2)
    assert type(schedule.starts_on) is dt.date
    assert schedule.starts_at == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    plus_two = dt.timezone(dt.timedelta(hours=2))
    assert schedule.ends_at == dt.datetime(2024, 6, 30, 23, 0, tzinfo=plus_two)
    assert schedule.calendar == uuid.UUID("7c9e6679-7425-40de-944b-e07fc1f90ae7")
    assert isinstance(schedule.calendar, uuid.UUID)
    assert schedule.priority == 3
    assert schedule.options == {"retries": [1, 2]}
    assert schedule.size == 5
    assert schedule.label == "none"
    assert schedule.due == dt.date(2024, 5, 6)


def test_given_values_replace_the_defaults(features: FeatureSet) -> None:
    f = features.feature("defaults_typed")
    body = {"startsOn": "2025-02-03", "calendar": "00000000-0000-0000-0000-000000000001"}
    body.update({"priority": "high", "size": "big", "due": 7, "label": None})
    schedule, _ = f.call("getSchedule", answer=reply(200, body))
    assert schedule.starts_on == dt.date(2025, 2, 3)
    assert schedule.calendar == uuid.UUID(int=1)
    assert (schedule.priority, schedule.size, schedule.due, schedule.label) == (
        "high",
        "big",
        7,
        None,
    )


def test_a_mutable_default_is_not_shared(features: FeatureSet) -> None:
    m = features.feature("defaults_typed").module
    first, second = m.Schedule(), m.Schedule()
    first.options["retries"].append(3)
    assert second.options == {"retries": [1, 2]}
    assert m.Schedule().options == {"retries": [1, 2]}


@pytest.mark.parametrize("mode", MODES)
async def test_requests_built_without_them_do_not_send_them(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("defaults_typed")
    _, request = await f.acall(mode, "createSchedule", name="s", answer=reply(201, {}))
    assert json_of(request) == {"name": "s"}
    day = dt.date(2024, 9, 1)
    _, request = await f.acall(mode, "createSchedule", starts_on=day, answer=reply(201, {}))
    assert json_of(request) == {"startsOn": "2024-09-01"}
    model = f.module.Schedule(name="m")
    assert model.to_dict() == {"name": "m"}

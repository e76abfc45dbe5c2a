"""What a generated client checks at run time, and what it leaves to the server (README,
"What a client checks"): schema constraints are checked neither on responses nor on request
arguments; types and required fields of responses are; `null` for an optional field that is
not nullable is accepted as absent."""

from __future__ import annotations

import pytest
from feature_harness import MODES, FeatureSet, Mode, json_of, reply

OUT_OF_BOUNDS = {
    "name": "NOT-lower-case-and-far-too-long",
    "weight": 1000,
    "ratio": -0.3,
    "tags": ["a", "a", "b"],
    "extra": {"kept": True},
}
"""A label breaking maxLength, pattern, maximum, exclusiveMinimum, multipleOf, uniqueItems,
maxItems and additionalProperties: false, and nothing else."""


def test_response_constraints_are_not_enforced(features: FeatureSet) -> None:
    f = features.feature("constraints")
    label, _ = f.call("getLabel", "x", answer=reply(200, OUT_OF_BOUNDS))
    assert isinstance(label, f.module.Label)
    assert (label.name, label.weight, label.ratio, label.tags) == (
        "NOT-lower-case-and-far-too-long",
        1000,
        -0.3,
        ["a", "a", "b"],
    )
    assert label.model_extra == {"extra": {"kept": True}}


def test_response_types_and_required_fields_are_enforced(features: FeatureSet) -> None:
    f = features.feature("constraints")
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("getLabel", "x", answer=reply(200, {"weight": 1}))
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("getLabel", "x", answer=reply(200, {"name": "ok", "weight": "heavy"}))


def test_null_for_an_optional_field_that_is_not_nullable_reads_as_absent(
    features: FeatureSet,
) -> None:
    f = features.feature("constraints")
    label, _ = f.call("getLabel", "x", answer=reply(200, {"name": "ok", "note": None}))
    assert label.note is None


@pytest.mark.parametrize("mode", MODES)
async def test_request_arguments_out_of_bounds_are_sent_for_the_server_to_judge(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("constraints")
    body = {k: v for k, v in OUT_OF_BOUNDS.items() if k != "extra"}
    _, request = await f.acall(
        mode, "createLabel", **body, limit=99, answer=reply(201, {"name": "ok"})
    )
    assert request.url.params["limit"] == "99"
    assert json_of(request) == body
    _, request = await f.acall(mode, "getLabel", "toolong", answer=reply(200, {"name": "ok"}))
    assert request.url.path == "/labels/toolong"

"""Shapes real documents use (found by the corpus contract run against Prism): a `*/*` request
body, a response media type that is not one, `allOf` of one type plus annotations, `readOnly`
on a referenced schema, and a `required` name that `properties` does not describe."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from feature_harness import FeatureSet


def thing_fields(f: Any) -> dict[str, Any]:
    model = next(m for m in f.api.models if m.name == "Thing")
    return {field.wire_name: field for field in model.fields}


def test_a_star_star_body_is_sent_as_json(features: FeatureSet) -> None:
    f = features.feature("shapes")
    _, request = f.call("createThing", name="n", level=3)
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"name": "n", "level": 3}


def test_a_media_type_without_a_slash_is_not_sent_in_accept(features: FeatureSet) -> None:
    f = features.feature("shapes")
    _, request = f.call("createThing", name="n", level=3)
    assert "undefined" not in request.headers["accept"]


def test_all_of_one_type_and_annotations_is_that_type(features: FeatureSet) -> None:
    f = features.feature("shapes")
    thing = f.module.Thing.model_validate({"name": "n", "level": 1, "tags": ["a"]})
    assert thing.name == "n"
    assert thing.tags == ["a"]
    assert not hasattr(f.module, "ThingName")


def test_read_only_on_a_referenced_schema_is_not_required(features: FeatureSet) -> None:
    f = features.feature("shapes")
    fields = thing_fields(f)
    assert fields["id"].read_only and not fields["id"].required
    assert fields["tags"].read_only


def test_a_required_name_without_a_property_is_an_argument_and_sent(
    features: FeatureSet,
) -> None:
    f = features.feature("shapes")
    fields = thing_fields(f)
    assert fields["level"].required
    _, request = f.call("createThing", name="n", level={"any": "value"})
    assert json.loads(request.content)["level"] == {"any": "value"}


def test_blank_lines_in_a_row_in_a_description_carry_no_whitespace(
    features: FeatureSet,
) -> None:
    """Descriptions with several blank lines in a row (linode's) become docstrings whose blank
    lines are empty: ruff's W293 flags whitespace on them."""
    f = features.feature("blank_lines")
    package = Path(f.module.__file__).parent
    sources = {p.relative_to(package).as_posix(): p.read_text() for p in package.rglob("*.py")}
    assert "Blank lines in a row, with spaces on them." in "".join(sources.values())
    padded = [
        f"{name}:{number}"
        for name, text in sources.items()
        for number, line in enumerate(text.split("\n"), 1)
        if line and not line.strip()
    ]
    assert padded == []
    assert f.module.Schedule.__doc__.count("\n\n") >= 1

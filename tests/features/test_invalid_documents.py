"""Documents no value can satisfy, or with values of the wrong type: an unsatisfiable allOf
(a property of two types; an object and a string), oneOf/anyOf members that refer only to
themselves, enum values not of the declared type, and defaults that are no value of their
schema. Each is a one-line error located by file:line:col and JSON pointer (strict, the
default); with `--lenient` a 'repaired' warning naming the pointer, and a client that works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from feature_harness import ERROR_SPECS, ROOT, FeatureSet, reply

from generator.build import ClientOptions
from generator.errors import ClientgenError
from generator.pipeline import build
from generator.spec.load import load_spec

INVALID = {
    "allof_conflict": (
        "property 'id' is 'string' in one allOf part and 'integer' in another: no value is both",
        ["#/components/schemas/Item/allOf/1/properties/id"],
    ),
    "allof_object_string": (
        "allOf part of type 'string' where another part is of type 'object': no value is both",
        ["#/components/schemas/Label/allOf/1"],
    ),
    "self_union": (
        "anyOf member refers only to the schema it is a member of",
        ["#/components/schemas/Word/anyOf/0", "#/components/schemas/Value/oneOf/0"],
    ),
    "enum_type_mismatch": (
        "enum value 'two' is not of the schema's type 'integer'",
        [
            "#/components/schemas/Level/properties/rank/enum/1",
            "#/components/schemas/Level/properties/rank/enum/3",
            "#/components/schemas/Level/properties/size/enum/1",
        ],
    ),
    "default_wrong_type": (
        "default 'ten' is not a value of the schema",
        [
            "#/components/schemas/Page/properties/size/default",
            "#/components/schemas/Page/properties/since/default",
        ],
    ),
}
"""Spec -> (the strict error's message, the pointers of every lenient warning in order; the
strict error is at the first)."""


def _display(name: str) -> str:
    return (ERROR_SPECS / f"{name}.yaml").relative_to(ROOT).as_posix()


@pytest.mark.parametrize("name", sorted(INVALID))
def test_strict_mode_reports_a_located_one_line_error(name: str) -> None:
    message, pointers = INVALID[name]
    with pytest.raises(ClientgenError) as caught:
        build(ERROR_SPECS / f"{name}.yaml", ClientOptions(package="bad"), _display(name))
    line, col = load_spec(ERROR_SPECS / f"{name}.yaml").locate(pointers[0][1:]) or (0, 0)
    assert str(caught.value) == f"{_display(name)}:{line}:{col}: {message} (at {pointers[0]})"


@pytest.mark.parametrize("name", sorted(INVALID))
def test_lenient_mode_warns_with_the_pointer(features: FeatureSet, name: str) -> None:
    warnings = [w for w in features.api(f"lenient_{name}").warnings if w.kind == "repaired"]
    assert [w.pointer for w in warnings] == INVALID[name][1]
    assert str(warnings[0]).startswith(INVALID[name][0] + "; ")
    assert all(w.line is not None and w.col is not None for w in warnings)


def test_lenient_conflicting_property_takes_any_value(features: FeatureSet) -> None:
    f = features.feature("lenient_allof_conflict")
    for id_ in ("i1", 7):
        item, _ = f.call("getItem", "x", answer=reply(200, {"id": id_, "size": 1.5}))
        assert (item.id, item.size) == (id_, 1.5)
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("getItem", "x", answer=reply(200, {"name": "no id"}))
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("getItem", "x", answer=reply(200, {"id": 1, "size": "big"}))


def test_lenient_object_and_string_is_the_object(features: FeatureSet) -> None:
    f = features.feature("lenient_allof_object_string")
    label, _ = f.call("getLabel", answer=reply(200, {"text": "hi"}))
    assert isinstance(label, f.module.Label)
    assert label.text == "hi"


def test_lenient_self_referring_members_are_left_out(features: FeatureSet) -> None:
    f = features.feature("lenient_self_union")
    for value in (5, "five"):
        got, _ = f.call("getValue", answer=reply(200, value))
        assert got == value
    for token in (True, "word"):
        got, _ = f.call("getToken", answer=reply(200, token))
        assert got == token
    for wrong in ([1], {"a": 1}):
        with pytest.raises(f.module.APIResponseValidationError):
            f.call("getValue", answer=reply(200, wrong))
        with pytest.raises(f.module.APIResponseValidationError):
            f.call("getToken", answer=reply(200, wrong))


def test_lenient_enum_keeps_the_values_of_its_type(features: FeatureSet) -> None:
    f = features.feature("lenient_enum_type_mismatch")
    level, _ = f.call("getLevel", answer=reply(200, {"rank": 3, "name": "n"}))
    assert level.rank == 3
    assert isinstance(level.rank, f.module.LevelRank)
    # '4' spells an integer, 2 a string: read as the declared type; 'two' is left out.
    assert [member.value for member in f.module.LevelRank] == [1, 3, 4]
    assert [member.value for member in f.module.LevelSize] == ["small", "2"]
    warnings = [str(w) for w in f.api.warnings]
    assert warnings[1].startswith("enum value '4' is not of the schema's type 'integer'; read as 4")


def test_lenient_wrong_defaults_are_left_out(features: FeatureSet) -> None:
    f = features.feature("lenient_default_wrong_type")
    page, _ = f.call("getPage", answer=reply(200, {}))
    assert (page.size, page.since, page.until, page.title) == (None, None, None, "Untitled")


def test_a_default_its_format_cannot_read_is_valid_but_not_given(features: FeatureSet) -> None:
    """`format` only annotates: a string default that is no date-time is of the schema's type
    (no error, even in strict mode), but the field cannot hold it: a 'not-supported' warning."""
    pointer = "#/components/schemas/Page/properties/until/default"
    warnings = features.api("lenient_default_wrong_type").warnings
    assert [(w.kind, w.pointer) for w in warnings if w.kind != "repaired"] == [
        ("not-supported", pointer)
    ]


def test_the_command_line_refuses_strictly_and_repairs_leniently(tmp_path: Path) -> None:
    spec = _display("allof_conflict")
    message, pointers = INVALID["allof_conflict"]
    flags = {"strict": (), "lenient": ("--lenient",)}
    runs = {
        mode: subprocess.run(
            [
                *(sys.executable, "-m", "generator", "generate", spec),
                *("-o", str(tmp_path / mode), "--package", "conflict", "--no-cache", *extra),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        for mode, extra in flags.items()
    }
    strict, lenient = runs["strict"], runs["lenient"]
    assert strict.returncode == 2
    assert strict.stderr.startswith(f"clientgen: error: {spec}:")
    assert strict.stderr.endswith(f": {message} (at {pointers[0]})\n")
    assert not (tmp_path / "strict" / "conflict").exists()
    assert lenient.returncode == 0, lenient.stderr
    assert f": {message}; it takes any value (at {pointers[0]})" in lenient.stderr
    assert (tmp_path / "lenient" / "conflict" / "__init__.py").is_file()


def test_strict_mode_accepts_a_default_its_format_cannot_read(tmp_path: Path) -> None:
    spec = (ERROR_SPECS / "default_wrong_type.yaml").read_text(encoding="utf-8")
    valid = tmp_path / "format_default.yaml"
    valid.write_text(
        spec.replace("default: ten", "default: 10").replace("20240101", "'2024-01-01'")
    )
    api = build(valid, ClientOptions(package="fmt"), "format_default.yaml")
    assert [(w.kind, w.pointer) for w in api.warnings] == [
        ("not-supported", "#/components/schemas/Page/properties/until/default")
    ]
    fields = {f.wire_name: f for f in next(m for m in api.models if m.name == "Page").fields}
    assert (fields["size"].default, fields["since"].default) == (10, "2024-01-01")
    assert not fields["until"].has_default

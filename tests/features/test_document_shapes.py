"""Document shapes that used to give a client that is wrong at run time, or no client at all
(issue 14): an undeclared path template variable, numbers as server variable values, a missing
`info` or `paths`, an allOf that includes its own component from an array's items, 3.0
`components/pathItems`, and allOf cycles. Strict mode refuses the invalid ones with a located
one-line error; `--lenient` repairs them with a warning naming the pointer."""

from __future__ import annotations

from typing import Any

import pytest
from feature_harness import ERROR_SPECS, MODES, ROOT, FeatureSet, Mode, json_of, reply

from generator.build import ClientOptions
from generator.errors import ClientgenError
from generator.pipeline import build


def display(name: str) -> str:
    return (ERROR_SPECS / f"{name}.yaml").relative_to(ROOT).as_posix()


def strict_error(name: str) -> str:
    with pytest.raises(ClientgenError) as caught:
        build(ERROR_SPECS / f"{name}.yaml", ClientOptions(package="bad_input"), display(name))
    return str(caught.value)


def lenient_build(name: str) -> Any:
    options = ClientOptions(package="repaired", lenient=True)
    return build(ERROR_SPECS / f"{name}.yaml", options, display(name))


def key_line(name: str, text: str, occurrence: int = 1) -> int:
    """The line number of the `occurrence`-th line of an error spec that starts with `text`."""
    lines = (ERROR_SPECS / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if line.strip().startswith(text)]
    return found[occurrence - 1]


# --------------------------------------------------------------- undeclared path parameter

PET_PATH = "#/paths/~1owners~1{ownerId}~1pets~1{petName}/get"


def test_an_undeclared_path_parameter_is_a_located_error() -> None:
    text = strict_error("undeclared_path_param")
    line = key_line("undeclared_path_param", "get:")
    assert "\n" not in text
    assert text.startswith(f"{display('undeclared_path_param')}:{line}:5: "), text
    assert "'{petName}'" in text and "no path parameter declares" in text, text
    assert text.endswith(f"(at {PET_PATH})"), text


def test_lenient_declares_the_path_parameter_with_a_warning(features: FeatureSet) -> None:
    warnings = features.api("lenient_undeclared_path_param").warnings
    assert [(w.kind, w.pointer) for w in warnings] == [("repaired", PET_PATH)]
    assert "'{petName}'" in warnings[0].message
    assert warnings[0].line == key_line("undeclared_path_param", "get:")


@pytest.mark.parametrize("mode", MODES)
async def test_the_repaired_client_sends_the_value_in_the_path(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("lenient_undeclared_path_param")
    pet, request = await f.acall(mode, "getPet", 7, "Rex", answer=reply(200, {"name": "Rex"}))
    assert request.url.raw_path == b"/owners/7/pets/Rex"
    assert pet.name == "Rex"
    _, request = await f.acall(mode, "getOwner", 7)
    assert request.url.raw_path == b"/owners/7"


# --------------------------------------------------------------- server variable numbers


def test_numbers_as_server_variable_values_are_an_error_in_strict_mode() -> None:
    text = strict_error("server_variable_numbers")
    assert text.endswith("(at #/servers/0/variables/port/enum/0)"), text


def test_lenient_writes_server_variable_numbers_as_strings(features: FeatureSet) -> None:
    api = features.api("lenient_server_variable_numbers")
    assert {w.pointer for w in api.warnings} == {
        "#/servers/0/variables/port/enum/0",
        "#/servers/0/variables/port/enum/1",
        "#/servers/0/variables/port/default",
        "#/servers/0/variables/version/default",
    }
    assert all(w.kind == "repaired" for w in api.warnings)
    (server,) = api.servers
    assert [(v.name, v.default, v.enum) for v in server.variables] == [
        ("port", "80", ("80", "8080")),
        ("version", "2", ()),
    ]


def test_the_lenient_client_with_numeric_server_variables_can_be_built(
    features: FeatureSet, monkeypatch: Any
) -> None:
    f = features.feature("lenient_server_variable_numbers")
    monkeypatch.delenv(f"{f.api.env_prefix}_BASE_URL", raising=False)
    _, request = f.call("ping", client_options={"base_url": None})
    assert str(request.url) == "http://api.example.test/v2/ping"  # :80 is http's own port
    assert (request.url.scheme, request.url.port or 80) == ("http", 80)
    _, request = f.call(
        "ping", client_options={"base_url": None, "server_variables": {"port": "8080"}}
    )
    assert str(request.url) == "http://api.example.test:8080/v2/ping"


# --------------------------------------------------------------- missing info and paths


@pytest.mark.parametrize("name", ["missing_info", "missing_paths"])
def test_a_missing_info_or_paths_is_a_located_error_in_strict_mode(name: str) -> None:
    field = name.split("_")[1]
    assert strict_error(name) == (
        f"{display(name)}:1:1: not a valid OpenAPI document:"
        f" required field '{field}' is missing (at #)"
    )


def test_lenient_supplies_a_missing_info() -> None:
    api = lenient_build("missing_info")
    assert [(w.kind, w.pointer, w.line) for w in api.warnings] == [("repaired", "#/info", 1)]
    assert "'missing_info'" in api.warnings[0].message
    assert (api.title, api.version) == ("missing_info", "0.0.0")
    assert [op.operation_id for m in api.resources for op in _operations(m)] == ["ping"]


def test_lenient_supplies_missing_paths() -> None:
    api = lenient_build("missing_paths")
    assert [(w.kind, w.pointer) for w in api.warnings] == [("repaired", "#/paths")]
    assert [model.name for model in api.models] == ["Pet"]


# --------------------------------------------------------------- allOf of itself in items


@pytest.mark.parametrize("mode", MODES)
async def test_an_allof_of_its_own_component_in_items_parses_nested_data(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("allof_self_items")
    tree = {
        "name": "root",
        "children": [{"name": "a", "weight": 2, "children": [{"name": "b", "children": []}]}],
    }
    node, _ = await f.acall(mode, "getTree", answer=reply(200, tree))
    assert node.name == "root"
    child = node.children[0]
    assert (child.name, child.weight) == ("a", 2)
    assert child.children[0].name == "b"
    assert child.children[0].children == []
    with pytest.raises(f.module.APIResponseValidationError):
        await f.acall(mode, "getTree", answer=reply(200, {"name": "r", "children": [{}]}))


@pytest.mark.parametrize("mode", MODES)
async def test_an_allof_of_its_own_component_in_items_is_sent(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("allof_self_items")
    body = {"name": "root", "children": [{"name": "a", "children": [{"name": "b"}]}]}
    _, request = await f.acall(mode, "putTree", **body)
    assert json_of(request) == body


def test_an_allof_of_only_its_own_component_in_items_is_that_component(
    features: FeatureSet,
) -> None:
    f = features.feature("allof_self_items")
    leaf = f.module.Leaf.model_validate({"children": [{"children": [{}]}]})
    assert isinstance(leaf.children[0].children[0], f.module.Leaf)


# --------------------------------------------------------------- 3.0 components/pathItems


@pytest.mark.parametrize("mode", MODES)
async def test_a_3_0_document_with_path_item_components_generates(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("path_items30")
    pet, request = await f.acall(mode, "getPet", "p1", answer=reply(200, {"name": "Rex"}))
    assert request.url.path == "/pets/p1"
    assert pet.name == "Rex"
    pets, request = await f.acall(mode, "listPets", answer=reply(200, [{"name": "Rex"}]))
    assert request.url.path == "/pets"
    assert pets[0].name == "Rex"


def test_path_item_components_in_3_0_are_used_with_a_warning(features: FeatureSet) -> None:
    warnings = features.api("path_items30").warnings
    assert [(w.kind, w.pointer) for w in warnings] == [
        ("extension", "#/paths/~1pets~1{petId}/$ref")
    ]
    assert "OpenAPI 3.1" in warnings[0].message


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
def test_path_item_components_in_3_0_build_in_either_mode(lenient: bool) -> None:
    spec = ROOT / "tests/features/specs/path_items30.yaml"
    api = build(spec, ClientOptions(package="items", lenient=lenient), "path_items30.yaml")
    assert sorted(op.operation_id for m in api.resources for op in _operations(m)) == [
        "getPet",
        "listPets",
    ]


def _operations(module: Any) -> list[Any]:
    found: list[Any] = []
    for resource in module.classes:
        found.extend(resource.operations)
    return found


# --------------------------------------------------------------- allOf cycles


def test_an_allof_cycle_is_a_located_error() -> None:
    text = strict_error("allof_cycle")
    line = key_line("allof_cycle", "- $ref: '#/components/schemas/Dog'")
    assert "\n" not in text
    assert text.startswith(f"{display('allof_cycle')}:{line}:11: allOf cycle: "), text
    assert (
        "#/components/schemas/Dog -> #/components/schemas/Animal -> #/components/schemas/Dog"
        in text
    )
    assert text.endswith("(at #/components/schemas/Animal/allOf/0/$ref)"), text


def test_lenient_cuts_an_allof_cycle_with_a_warning() -> None:
    api = lenient_build("allof_cycle")
    assert [(w.kind, w.pointer) for w in api.warnings] == [
        ("repaired", "#/components/schemas/Animal/allOf/0/$ref")
    ]
    fields = {m.name: sorted(f.wire_name for f in m.fields) for m in api.models}
    assert fields["Dog"] == ["barks", "name"]
    assert fields["Animal"] == ["name"]


def test_lenient_leaves_out_a_server_whose_url_cannot_be_built() -> None:
    api = lenient_build("server_variable_undeclared")
    assert [(w.kind, w.pointer) for w in api.warnings] == [("repaired", "#/servers/0/url")]
    assert [server.url for server in api.servers] == ["https://api.example.test/v1"]


def test_a_chain_too_deep_to_build_is_refused_at_a_located_schema(tmp_path: Any) -> None:
    """A $ref chain longer than Python's recursion allows: a located one-line error at a schema
    of the chain, never a bare message without a place."""
    import json
    import re

    length = 1500
    schemas: dict[str, Any] = {
        f"Link{i}": {
            "type": "object",
            "properties": {"next": {"$ref": f"#/components/schemas/Link{i + 1}"}},
        }
        for i in range(length)
    }
    schemas[f"Link{length}"] = {"type": "string"}
    ok = {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Link0"}}},
    }
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Chain", "version": "1"},
        "paths": {"/links": {"get": {"operationId": "getLinks", "responses": {"200": ok}}}},
        "components": {"schemas": schemas},
    }
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    with pytest.raises(ClientgenError) as caught:
        build(path, ClientOptions(package="chain"), "chain.json")
    assert re.fullmatch(
        r"chain\.json:\d+:\d+: schemas nest or refer to each other too deeply to generate"
        r" \(at #/components/schemas/Link\d+\)",
        str(caught.value),
    ), str(caught.value)

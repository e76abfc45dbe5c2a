"""Naming at scale: `specs/naming_scale.yaml` has 100 operations and 48 schemas. Adding an
operation (and a schema) to it must not rename any existing method, class or argument.

Each test adds something to a copy of the document, builds the intermediate model of both
(what `clientgen ir` prints) the way a regeneration does (the new one keeps the names the old
one recorded in its manifest), and compares every name the old one has with the new one.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from feature_harness import ROOT, SPECS, FeatureSet

from generator.build import ClientOptions
from generator.ir.dump import ir_json
from generator.pipeline import build

BASE = SPECS / "naming_scale.yaml"
Document = dict[str, Any]


def load() -> Document:
    data = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def ir_of(document: Document, directory: Path, output: Path | None = None) -> dict[str, Any]:
    """The IR of `document`; with `output`, keeping the names recorded there (a regeneration)."""
    path = directory / "spec.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    options = ClientOptions(package="feat_naming", client_name="FeatNaming", output=output)
    data = json.loads(ir_json(build(path, options)))
    assert isinstance(data, dict)
    return data


def record(ir: dict[str, Any], output: Path) -> Path:
    """Write the manifest a generation of `ir` leaves in `output` (only its names matter)."""
    package = output / "feat_naming"
    package.mkdir(parents=True, exist_ok=True)
    manifest = {"names": dict(ir["names"])}
    (package / ".clientgen-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return output


def names(ir: dict[str, Any]) -> dict[str, str]:
    """Every user-visible name in an IR, keyed by what it names (stable across additions)."""
    found: dict[str, str] = {
        "client": ir["client_name"],
        "async client": ir["async_client_name"],
    }
    for scheme in ir["security_schemes"]:
        found[f"auth class {scheme['key']}"] = scheme["class_name"]
        for index, credential in enumerate(scheme["credentials"]):
            found[f"credential {scheme['key']}#{index}"] = credential["arg"]
            found[f"credential env {scheme['key']}#{index}"] = credential["env_var"]
    tops = ir.get("top_resources") or [module["root"] for module in ir["resources"]]
    for resource in tops:
        _resource_names(resource, [], found)
    for model in ir["models"]:
        found[f"model {model['pointer']}"] = model["name"]
        if model["param_name"]:
            found[f"typeddict {model['pointer']}"] = model["param_name"]
        for model_field in model["fields"]:
            found[f"field {model['pointer']}:{model_field['wire_name']}"] = model_field["name"]
    for enum in ir["enums"]:
        found[f"enum {enum['pointer']}"] = enum["name"]
        for member in enum["members"]:
            found[f"member {enum['pointer']}:{member['value']}"] = member["name"]
    return found


RESOURCE_KINDS = ("class_name", "async_class_name", "raw_class_name", "async_raw_class_name")


def _resource_names(
    resource: dict[str, Any], chain: list[dict[str, Any]], found: dict[str, str]
) -> None:
    """Names of a resource and its operations; resource classes are keyed by the operations
    they hold (through every level), so adding an operation does not change their keys."""
    chain = [*chain, resource]
    for op in resource["operations"]:
        key = f"{op['http_method']} {op['path']}"
        found[f"method {key}"] = op["call"]
        for kind in RESOURCE_KINDS:
            found[f"resource {kind}s reaching {key}"] = "/".join(r[kind] for r in chain)
        for location in ("path_params", "query_params", "header_params", "cookie_params"):
            for param in op[location]:
                found[f"arg {key} {param['location']}:{param['wire_name']}"] = param["arg"]
        body = op["body"]
        if body:
            if body["arg"]:
                found[f"arg {key} body"] = body["arg"]
            for body_field in body["fields"]:
                found[f"arg {key} body:{body_field['wire_name']}"] = body_field["arg"]
    for child in resource["children"]:
        _resource_names(child, chain, found)


def renamed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [
        f"{key}: {old!r} -> {after.get(key, '<gone>')!r}"
        for key, old in before.items()
        if after.get(key) != old
    ]


@pytest.fixture(scope="module")
def baseline_ir(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return ir_of(load(), tmp_path_factory.mktemp("base"))


@pytest.fixture(scope="module")
def baseline(baseline_ir: dict[str, Any]) -> dict[str, str]:
    return names(baseline_ir)


def _ok(description: str) -> dict[str, Any]:
    return {"description": description}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def add_new_resource(doc: Document) -> None:
    """A new resource with its own schema, plus a new action on an existing resource."""
    doc["components"]["schemas"]["Zebra"] = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string"}, "stripes": {"type": "integer"}},
    }
    doc["paths"]["/v1/zebras"] = {
        "get": {
            "operationId": "listZebras",
            "responses": {
                "200": _json({"type": "array", "items": {"$ref": "#/components/schemas/Zebra"}})
            },
        },
        "post": {
            "operationId": "createZebra",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"type": "object", "properties": {"name": {"type": "string"}}}
                    }
                },
            },
            "responses": {"201": _json({"$ref": "#/components/schemas/Zebra"})},
        },
    }
    doc["paths"]["/v1/pets/{petId}/archive"] = {
        "post": {
            "operationId": "archivePet",
            "parameters": [
                {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {"200": _json({"$ref": "#/components/schemas/Pet"})},
        },
    }


def add_operation_contesting_a_method_name(doc: Document) -> None:
    """`GET /api/pets/{petId}` is also `pets.retrieve`, and its path sorts before the old one."""
    doc["paths"]["/api/pets/{petId}"] = {
        "get": {
            "operationId": "getPetLegacy",
            "parameters": [
                {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {"200": _json({"$ref": "#/components/schemas/Pet"})},
        },
    }


def add_schema_named_like_an_inline_model(doc: Document) -> None:
    """A component whose name the inline body of `POST /v1/pets` already uses."""
    doc["components"]["schemas"]["PetsCreateRequest"] = {
        "type": "object",
        "properties": {"legacy": {"type": "boolean"}},
    }
    doc["paths"]["/v1/legacy-pets"] = {
        "post": {
            "operationId": "createLegacyPet",
            "requestBody": {
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/PetsCreateRequest"}
                    }
                }
            },
            "responses": {"204": _ok("Created")},
        },
    }


def add_schema_named_like_a_resource_class(doc: Document) -> None:
    """A component `Pets` (an array wrapper, as in the Petstore) next to `client.pets`."""
    doc["components"]["schemas"]["Pets"] = {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Pet"},
    }
    doc["paths"]["/v1/pet-batches"] = {
        "post": {
            "operationId": "createPetBatch",
            "requestBody": {
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"pets": {"$ref": "#/components/schemas/Pets"}},
                        }
                    }
                }
            },
            "responses": {"204": _ok("Created")},
        },
    }


def add_operation_with_a_new_security_scheme(doc: Document) -> None:
    """An admin operation secured by a second scheme."""
    doc["components"]["securitySchemes"]["adminKey"] = {
        "type": "apiKey",
        "in": "header",
        "name": "X-Admin-Key",
    }
    doc["paths"]["/v1/admin/audit"] = {
        "get": {
            "operationId": "getAudit",
            "security": [{"adminKey": []}],
            "responses": {"204": _ok("OK")},
        },
    }


ADDITIONS: list[Any] = [
    pytest.param(add_new_resource, id="new-resource-and-action"),
    pytest.param(add_operation_contesting_a_method_name, id="contested-method-name"),
    pytest.param(add_schema_named_like_an_inline_model, id="schema-named-like-inline-model"),
    pytest.param(add_schema_named_like_a_resource_class, id="schema-named-like-resource-class"),
    pytest.param(add_operation_with_a_new_security_scheme, id="operation-with-new-security-scheme"),
]
"""Additions to the spec; the last four contest a name an existing thing has."""

CONTESTED = ADDITIONS[1:]


@pytest.mark.parametrize("addition", ADDITIONS)
def test_adding_to_the_spec_renames_nothing(
    tmp_path: Path,
    baseline: dict[str, str],
    baseline_ir: dict[str, Any],
    addition: Callable[[Document], None],
) -> None:
    document = copy.deepcopy(load())
    addition(document)
    after = names(ir_of(document, tmp_path, record(baseline_ir, tmp_path / "out")))
    assert len(after) > len(baseline), "the addition added names"
    changes = renamed(baseline, after)
    assert not changes, "renamed:\n" + "\n".join(changes)


@pytest.mark.parametrize("addition", CONTESTED)
def test_without_the_recorded_names_the_rules_alone_decide(
    tmp_path: Path, baseline: dict[str, str], addition: Callable[[Document], None]
) -> None:
    """Generated afresh (no manifest), a contested name goes by the rules: the newcomer may
    win it. This is what the recorded names protect against."""
    document = copy.deepcopy(load())
    addition(document)
    assert renamed(baseline, names(ir_of(document, tmp_path)))


def test_regenerating_an_unchanged_spec_with_its_names_changes_nothing(
    tmp_path: Path, baseline_ir: dict[str, Any]
) -> None:
    again = ir_of(load(), tmp_path, record(baseline_ir, tmp_path / "out"))
    assert again == baseline_ir


def test_a_removed_operation_frees_its_name(tmp_path: Path, baseline_ir: dict[str, Any]) -> None:
    """Names of things the spec no longer has are not kept: a newcomer may take them."""
    document = copy.deepcopy(load())
    del document["paths"]["/v1/pets/{petId}"]["get"]
    add_operation_contesting_a_method_name(document)
    after = ir_of(document, tmp_path, record(baseline_ir, tmp_path / "out"))
    assert dict(after["names"])["method GET /api/pets/{petId}"] == "retrieve"
    assert "method GET /v1/pets/{petId}" not in dict(after["names"])


def test_a_kept_name_that_is_no_longer_valid_is_named_by_the_rules(
    tmp_path: Path, baseline_ir: dict[str, Any]
) -> None:
    """A manifest edited by hand (or from another generator version) cannot inject a name."""
    recorded = dict(baseline_ir["names"])
    recorded["method GET /v1/pets/{petId}"] = "import"
    recorded["model /components/schemas/Pet"] = "Pet; import os"
    recorded["credential bearerAuth#0"] = "self"
    output = tmp_path / "out"
    record({"names": recorded}, output)
    after = dict(ir_of(load(), tmp_path, output)["names"])
    assert after == dict(baseline_ir["names"])


def test_the_spec_is_large(baseline: dict[str, str]) -> None:
    methods = [key for key in baseline if key.startswith("method ")]
    models = [key for key in baseline if key.startswith("model ")]
    assert len(methods) == 100
    assert len(models) >= 48


def test_names_are_unique_where_they_share_a_namespace(baseline: dict[str, str]) -> None:
    classes = [
        name
        for key, name in baseline.items()
        if key.startswith(("model ", "typeddict ", "enum ", "auth class"))
    ]
    resources = {
        name.split("/")[-1] for key, name in baseline.items() if key.startswith("resource ")
    }
    assert len(classes) == len(set(classes))
    assert not resources & set(classes)
    calls = [name for key, name in baseline.items() if key.startswith("method ")]
    assert len(calls) == len(set(calls))


def test_crud_methods_follow_the_readme_naming_rules(baseline: dict[str, str]) -> None:
    expected = {
        "GET /v1/pets": "pets.list",
        "POST /v1/pets": "pets.create",
        "GET /v1/pets/{petId}": "pets.retrieve",
        "PATCH /v1/pets/{petId}": "pets.update",
        "DELETE /v1/pets/{petId}": "pets.delete",
        "POST /v1/pets/search": "pets.search",
        "POST /v1/orders/{orderId}/cancel": "orders.cancel",
        "GET /v1/invoices/{invoiceId}/lines": "invoices.lines.list",
    }
    actual = {key: baseline[f"method {key}"] for key in expected}
    assert actual == expected


def test_generated_package_of_the_large_spec_imports(features: FeatureSet) -> None:
    f = features.feature("naming_scale")
    assert len(f.operations()) == 100
    assert hasattr(f.module, "Pet")


def test_cli_ir_matches_the_intermediate_model(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "ir",
            str(BASE),
            "--package",
            "feat_naming",
            "--client",
            "FeatNaming",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert names(json.loads(result.stdout)) == names(ir_of(load(), tmp_path))

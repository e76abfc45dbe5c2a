"""Synthetic OpenAPI 3.0 documents of a chosen number of operations, for the scaling benchmark.

    .venv/bin/python bench/synthetic_spec.py 800 -o bench/work/synthetic-800.yaml

The document grows in whole "resources" of four operations each, every one with its own
schemas, so that operations and schemas grow together (one component schema per operation):

    GET    /widgets{k}          list      query limit, cursor, status (enum)  -> Widget{k}List
    POST   /widgets{k}          create    body Widget{k}Create                -> Widget{k}
    GET    /widgets{k}/{id}     retrieve  path id                             -> Widget{k}
    PATCH  /widgets{k}/{id}     update    body Widget{k}Update                -> Widget{k}

Widget{k} has a dozen fields of the common kinds (strings, integers, numbers, booleans, a
date-time, an inline enum, an array of strings, a free-form map, a nested inline object and a
`$ref` to the previous resource's model), which is about what a vendor chat API's models look
like. The output is deterministic: the same N gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

OPERATIONS_PER_RESOURCE = 4


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _model(k: int) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": {"type": "string", "description": f"Identifier of widget {k}."},
        "name": {"type": "string", "maxLength": 200},
        "description": {"type": "string", "nullable": True},
        "count": {"type": "integer", "format": "int64", "minimum": 0},
        "ratio": {"type": "number", "format": "double"},
        "enabled": {"type": "boolean", "default": True},
        "createdAt": {"type": "string", "format": "date-time"},
        "status": {"type": "string", "enum": ["active", "paused", "archived"]},
        "tags": {"type": "array", "items": {"type": "string"}},
        "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
        "settings": {
            "type": "object",
            "properties": {
                "retries": {"type": "integer"},
                "webhookUrl": {"type": "string", "format": "uri"},
            },
        },
    }
    if k > 0:
        properties["parent"] = _ref(f"Widget{k - 1}")
    return {
        "type": "object",
        "description": f"Widget number {k}.",
        "required": ["id", "name", "createdAt"],
        "properties": properties,
    }


def _create(k: int) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "description": {"type": "string"},
            "count": {"type": "integer"},
            "enabled": {"type": "boolean"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
            "status": {"type": "string", "enum": ["active", "paused"]},
        },
    }


def _update(k: int) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "description": {"type": "string", "nullable": True},
            "enabled": {"type": "boolean"},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    }


def _list(k: int) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["data"],
        "properties": {
            "data": {"type": "array", "items": _ref(f"Widget{k}")},
            "nextCursor": {"type": "string", "nullable": True},
            "total": {"type": "integer"},
        },
    }


def _error_responses() -> dict[str, Any]:
    return {
        "400": {"description": "Bad request", **_json(_ref("Error"))},
        "404": {"description": "Not found", **_json(_ref("Error"))},
    }


def build_spec(operations: int) -> dict[str, Any]:
    """An OpenAPI 3.0.3 document with `operations` operations (a multiple of four)."""
    if operations % OPERATIONS_PER_RESOURCE or operations <= 0:
        raise ValueError(f"operations must be a positive multiple of {OPERATIONS_PER_RESOURCE}")
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["message"],
            "properties": {"message": {"type": "string"}, "code": {"type": "string"}},
        }
    }
    for k in range(operations // OPERATIONS_PER_RESOURCE):
        tag = f"widgets{k}"
        schemas[f"Widget{k}"] = _model(k)
        schemas[f"Widget{k}Create"] = _create(k)
        schemas[f"Widget{k}Update"] = _update(k)
        schemas[f"Widget{k}List"] = _list(k)
        item_param = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
        ok_model = {"200": {"description": "OK", **_json(_ref(f"Widget{k}"))}}
        paths[f"/widgets{k}"] = {
            "get": {
                "operationId": f"listWidgets{k}",
                "tags": [tag],
                "summary": f"List widgets of kind {k}",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 20}},
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "status",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["active", "paused", "archived"]},
                    },
                ],
                "responses": {
                    "200": {"description": "OK", **_json(_ref(f"Widget{k}List"))},
                    **_error_responses(),
                },
            },
            "post": {
                "operationId": f"createWidget{k}",
                "tags": [tag],
                "summary": f"Create a widget of kind {k}",
                "requestBody": {"required": True, **_json(_ref(f"Widget{k}Create"))},
                "responses": {
                    "201": {"description": "Created", **_json(_ref(f"Widget{k}"))},
                    **_error_responses(),
                },
            },
        }
        paths[f"/widgets{k}/{{id}}"] = {
            "parameters": [item_param],
            "get": {
                "operationId": f"getWidget{k}",
                "tags": [tag],
                "summary": f"Retrieve a widget of kind {k}",
                "responses": {**ok_model, **_error_responses()},
            },
            "patch": {
                "operationId": f"updateWidget{k}",
                "tags": [tag],
                "summary": f"Update a widget of kind {k}",
                "requestBody": {"required": True, **_json(_ref(f"Widget{k}Update"))},
                "responses": {**ok_model, **_error_responses()},
            },
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": f"Synthetic {operations}", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
    }


def write_spec(operations: int, path: Path) -> Path:
    """Write the document as YAML (`.yaml`/`.yml`) or JSON (anything else)."""
    document = build_spec(operations)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix in (".yaml", ".yml"):
        import yaml  # noqa: PLC0415 - JSON output needs no PyYAML

        text = yaml.safe_dump(document, sort_keys=False, width=100)
    else:
        text = json.dumps(document, indent=2) + "\n"
    path.write_text(text, "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic OpenAPI document.")
    parser.add_argument("operations", type=int, help="number of operations (multiple of 4)")
    parser.add_argument("-o", "--output", type=Path, required=True, help=".yaml or .json file")
    args = parser.parse_args()
    path = write_spec(args.operations, args.output)
    print(f"{path}: {args.operations} operations, {args.operations + 1} schemas")


if __name__ == "__main__":
    main()

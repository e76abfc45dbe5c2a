"""Issue 15: the runtime model's own methods `to_dict` and `to_json` are reserved: a property
of that name becomes a renamed field (its wire name kept as the alias)."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.pipeline import build


def test_properties_named_like_model_methods_are_renamed(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {name: {"type": "string"} for name in ("to_dict", "to_json", "name")},
    }
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Names", "version": "1"},
        "servers": [{"url": "https://api.test"}],
        "paths": {
            "/things": {
                "get": {
                    "operationId": "list_things",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"Thing": schema}},
    }
    spec = tmp_path / "names.yaml"
    spec.write_text(yaml.safe_dump(document), encoding="utf-8")
    (model,) = [m for m in build(spec, None).models if m.name == "Thing"]
    names = {field.wire_name: field.name for field in model.fields}
    assert names["name"] == "name"
    assert names["to_dict"] not in ("to_dict", "to_json")
    assert names["to_json"] not in ("to_dict", "to_json")

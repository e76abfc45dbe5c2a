"""Issue 15: the client's own methods (`get`, `post`, `put`, `patch`, `delete`, `copy`, ...)
are reserved: a resource of the same name is renamed rather than hiding them."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.pipeline import build

METHODS = ("get", "post", "put", "patch", "delete", "copy", "with_options", "default_query")


def test_resources_named_like_client_methods_are_renamed(tmp_path: Path) -> None:
    paths = {
        f"/{name}/{{id}}": {
            "get": {
                "operationId": f"{name}_retrieve",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"204": {"description": "ok"}},
            }
        }
        for name in METHODS
    }
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Names", "version": "1"},
        "servers": [{"url": "https://api.test"}],
        "paths": paths,
    }
    spec = tmp_path / "names.yaml"
    spec.write_text(yaml.safe_dump(document), encoding="utf-8")
    attrs = {resource.attr for resource in build(spec, None).top_resources}
    assert len(attrs) == len(METHODS)
    assert not attrs & set(METHODS), attrs

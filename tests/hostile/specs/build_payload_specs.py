"""Writes payloads.yaml and payloads.json: injection payloads in every place spec text can land.

Run `python tests/hostile/specs/build_payload_specs.py` after changing it; the tests read the
two files it writes. Each payload, if it ever ran as code, would create a file named after the
place it came from in the directory `$HOSTILE_CANARY` (the tests check that directory stays
empty). Payloads carry no '/' and no ':' so that they can stand in URL paths as well.

Names that become file names (component schemas, inline models and enums named after a
property or parameter, static path segments) get the short one-line payload: long file names are
a separate finding (test_hostile_bugs.py), and would stop these specs generating at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent


def code(tag: str) -> str:
    """Python that creates $HOSTILE_CANARY/<tag> when run."""
    return (
        f"__import__('pathlib').Path(__import__('os').environ['HOSTILE_CANARY'], {tag!r}).touch()"
    )


def mix(tag: str, end: str = "\\") -> str:
    """Every way out of a string literal, docstring, comment or Markdown span, one per line."""
    return (
        f'"); {code(tag + ".dq")} #\n'
        f"'); {code(tag + '.sq')} #\n"
        f'"""\n{code(tag + ".tdq")}\n"""\n'
        f"'''\n{code(tag + '.tsq')}\n'''\n"
        f'\\"); {code(tag + ".bs")} #\n'
        f'\x00"); {code(tag + ".nul")} #\n'
        f'\u202e"); {code(tag + ".bidi")} #\u2066\u200f\n'
        f"\r{code(tag + '.cr')}\u2028{code(tag + '.ls')}\x85{code(tag + '.nel')}"
        f"\x0b{code(tag + '.vt')}\x0c{code(tag + '.ff')}\u2029{code(tag + '.ps')}\n"
        f"\x1b[31m<script>alert(1)<img src=x onerror=alert(1)> | `x` | \n"
        f"```python\n{code(tag + '.md')}\n```\n"
        f"{end}"
    )


def jinja(tag: str) -> str:
    """Template syntax (the spec is never a template) and format-string syntax."""
    return (
        "{{ cycler.__init__.__globals__.os.system('touch $HOSTILE_CANARY" + "\\\\" + tag + ".j') }}"
        "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}{# c #}"
        "{{ '%s' % 1 }} {" + code(tag + ".fmt") + "} %s %(x)s {0} {{"
    )


def one_line(tag: str) -> str:
    """A payload without line breaks (header names, media types)."""
    return f"\"'); {code(tag)} #"


ENUM_VALUES = [
    mix("enum.mix"),
    mix("enum.mixq", end='"'),
    jinja("enum.jinja"),
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\\\",
    "\x00",
    "\u2028",
    "\u202e",
    "",
    " ",
    "名前",
    "123",
    "None",
    "mro",
    "_missing_",
]


def schema_with_payloads(tag: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": mix(tag + ".desc"),
        "required": [one_line(tag + ".p0")],
        "properties": {
            one_line(tag + ".p0"): {
                "type": "string",
                "description": mix(tag + ".p0.desc", end='""'),
                "default": mix(tag + ".p0.default"),
                "example": mix(tag + ".p0.example"),
            },
            mix(tag + ".p1"): {"type": "integer", "default": code(tag + ".p1.default")},
            jinja(tag + ".p2"): {"type": "string", "default": jinja(tag + ".p2.default")},
            one_line(tag + ".p3"): {
                "type": "string",
                "enum": ENUM_VALUES,
                "default": jinja(tag + ".p3.default"),
            },
            "class": {"type": "boolean", "default": "__import__('os')", "description": '"'},
            "名前": {"type": "number", "default": [code(tag + ".p4.default")]},
            "": {"type": "string", "description": "\\"},
            "123": {"type": "string", "example": {"$ref": "#/nowhere", "x": code(tag + ".ex")}},
        },
        "example": {mix(tag + ".exkey"): mix(tag + ".exvalue")},
        "x-payload": mix(tag + ".extension"),
    }


def parameter(location: str, tag: str, name: str | None = None) -> dict[str, Any]:
    return {
        "name": name if name is not None else one_line(tag),
        "in": location,
        "required": location == "path",
        "description": mix(tag + ".desc"),
        "schema": {
            "type": "string",
            "enum": [mix(tag + ".enum"), "plain"],
            "default": mix(tag + ".default"),
        },
        "example": mix(tag + ".example"),
    }


def document() -> dict[str, Any]:
    ok = {"description": mix("resp.desc")}
    json_body = {
        "application/json": {
            "schema": {"$ref": "#/components/schemas/" + one_line("schema0").replace("~", "~0")},
            "example": {"x": mix("media.example")},
            "examples": {mix("media.examples.name"): {"value": mix("media.examples.value")}},
        }
    }
    item_param = one_line("param.path").replace("{", "").replace("}", "")
    return {
        "openapi": "3.0.3",
        "info": {
            "title": mix("title", end='"'),
            "description": mix("info.desc") + jinja("info.desc"),
            "version": mix("version", end="\\"),
            "contact": {"name": mix("contact")},
        },
        "servers": [
            {
                "url": "https://api.example.test/v1" + one_line("server0.url"),
                "description": mix("server0.desc"),
            },
            {
                "url": "https://{region}.example.test/",
                "description": jinja("server1.desc"),
                "variables": {
                    "region": {
                        "default": one_line("server1.var"),
                        "description": mix("server1.var.desc"),
                    }
                },
            },
            {
                "url": "/relative\n" + jinja("server2.url"),
                "description": "line\x0cfeed\u2028separator",
            },
        ],
        "tags": [{"name": one_line("tag0"), "description": mix("tag0.desc")}],
        "security": [{mix("scheme.header"): []}, {"bearerAuth": []}],
        "paths": {
            "/items/{"
            + item_param
            + "}": {
                "parameters": [parameter("path", "param.path", name=item_param)],
                "get": {
                    "operationId": mix("op.get.id"),
                    "summary": mix("op.get.summary", end='"'),
                    "description": mix("op.get.desc"),
                    "tags": [one_line("tag0")],
                    "parameters": [
                        parameter("query", "param.query"),
                        parameter("header", "param.header"),
                        parameter("cookie", "param.cookie"),
                        {
                            "name": mix("param.query2.name"),
                            "in": "query",
                            "description": jinja("param.query2.desc"),
                            "schema": {"type": "integer", "default": mix("param.query2.default")},
                        },
                    ],
                    "responses": {
                        "200": {"description": mix("resp200.desc"), "content": json_body},
                        "4XX": {"description": mix("resp4xx.desc"), "content": json_body},
                    },
                },
                "put": {
                    "operationId": jinja("op.put.id"),
                    "summary": jinja("op.put.summary"),
                    "requestBody": {
                        "description": mix("body.desc"),
                        "required": True,
                        "content": {
                            "application/json; x=\"'); "
                            + code("media.type")
                            + ' #"': {
                                "schema": {
                                    "$ref": "#/components/schemas/"
                                    + one_line("schema0").replace("~", "~0")
                                }
                            }
                        },
                    },
                    "responses": {"204": ok},
                },
            },
            "/"
            + one_line("path.segment")
            + "/{"
            + item_param
            + "}": {
                "get": {
                    "parameters": [parameter("path", "param.path2", name=item_param)],
                    "responses": {
                        "200": {
                            "description": mix("resp.vnd"),
                            "content": {
                                "application/vnd."
                                + one_line("media.vnd")
                                + "+json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"type": "string", "enum": ENUM_VALUES},
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/jinja/{{ x }}{% y %}"
            + one_line("path.jinja")
            + "/{{ z }}": {
                "post": {"summary": jinja("op.jinja.summary"), "responses": {"200": ok}}
            },
            "/dots/../%2e%2e/./weird chars ü 名前/{id}": {
                "delete": {
                    "operationId": "../../escape",
                    "parameters": [parameter("path", "param.dots", name="id")],
                    "responses": {"204": ok},
                }
            },
            "/clash": {"get": {"operationId": mix("op.clash1"), "responses": {"200": ok}}},
            "/clash.json": {"get": {"operationId": mix("op.clash2"), "responses": {"200": ok}}},
        },
        "components": {
            "schemas": {
                one_line("schema0"): schema_with_payloads("schema0"),
                "{{ schema1 }}{% x %}"
                + one_line("schema1"): {
                    "type": "string",
                    "enum": ENUM_VALUES,
                    "description": jinja("schema1.desc"),
                },
                "IntEnum"
                + one_line("schema2"): {
                    "type": "integer",
                    "enum": [0, -1, 2**63, 10**30],
                    "default": code("schema2.default"),
                },
                "\x00\u202e\u2028": {"type": "object", "properties": {"\x00": {"type": "string"}}},
            },
            "securitySchemes": {
                mix("scheme.header"): {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Key" + one_line("scheme.header.name"),
                    "description": mix("scheme.header.desc"),
                },
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": jinja("scheme.bearer.desc"),
                },
                jinja("scheme.query"): {
                    "type": "apiKey",
                    "in": "query",
                    "name": one_line("scheme.query.name"),
                },
            },
        },
    }


def main() -> None:
    doc = document()
    (HERE / "payloads.json").write_text(json.dumps(doc, indent=1, ensure_ascii=True) + "\n")
    header = (
        "# Injection payloads in every place spec text can land (written by"
        " build_payload_specs.py).\n"
    )
    text = yaml.safe_dump(doc, allow_unicode=False, sort_keys=False, width=4096)
    (HERE / "payloads.yaml").write_text(header + text)


if __name__ == "__main__":
    main()

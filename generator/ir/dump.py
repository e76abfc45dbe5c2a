"""`clientgen ir`: the intermediate model as stable JSON.

The JSON keeps its published shape: besides the structure, every type carries its spelling
(`annotation`, `param_annotation`; a field's, argument's and method's annotations, `cast_to`,
`by_status`, a type alias's `target`), written by `python/annotations` as the generated code
spells it. A `file` type (`format: binary`) is listed with kind `bytes`, as it always was.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from ..python.annotations import SpellContext, Spelling, spell_type_param
from . import (
    Api,
    BodyArgument,
    Field,
    Model,
    Operation,
    Parameter,
    RequestBody,
    Resource,
    TypeAliasDef,
    TypeRef,
)


def ir_json(api: Api) -> str:
    """The intermediate model as stable JSON."""
    data = _Dumper(Spelling(SpellContext.of(api))).value(api)
    data.pop("warnings", None)
    data.pop("decisions", None)
    return json.dumps(data, indent=2, sort_keys=True, default=str) + "\n"


class _Dumper:
    """Dataclasses -> JSON values, with the spelled annotations added where they belong."""

    def __init__(self, spelling: Spelling) -> None:
        self.spelling = spelling

    def value(self, obj: Any, body: RequestBody | None = None) -> Any:
        if isinstance(obj, (list, tuple)):
            return [self.value(item, body) for item in obj]
        if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
            return obj
        # Inside a resource class, annotations are spelled as that class spells them.
        dumper = _Dumper(self.spelling.within(obj)) if isinstance(obj, Resource) else self
        if isinstance(obj, RequestBody):
            body = obj
        data = {f.name: dumper.value(getattr(obj, f.name), body) for f in dataclasses.fields(obj)}
        data.update(self._spelled(obj, body))
        if isinstance(obj, TypeAliasDef):
            del data["type"]
        return data

    def _spelled(self, obj: Any, body: RequestBody | None) -> dict[str, Any]:
        spell = self.spelling
        if isinstance(obj, TypeRef):
            return {
                "kind": "bytes" if obj.kind == "file" else obj.kind,
                "annotation": spell.type(obj),
                "param_annotation": spell_type_param(obj, spell.context),
            }
        if isinstance(obj, Field):
            return {"annotation": spell.field(obj), "param_annotation": spell.field_param(obj)}
        if isinstance(obj, Model):
            return {"extra_annotation": spell.extra_keys(obj)}
        if isinstance(obj, TypeAliasDef):
            return {"target": spell.alias_target(obj)}
        if isinstance(obj, Parameter):
            return {"annotation": spell.parameter(obj)}
        if isinstance(obj, RequestBody):
            return {"annotation": spell.body(obj)}
        if isinstance(obj, BodyArgument) and body is not None:
            return {"annotation": spell.body_argument(body, obj)}
        if isinstance(obj, Operation):
            return {
                "return_annotation": spell.returns(obj),
                "async_return_annotation": spell.returns(obj, is_async=True),
                "cast_to": spell.cast_to(obj),
                "by_status": [list(pair) for pair in spell.by_status(obj)],
            }
        return {}

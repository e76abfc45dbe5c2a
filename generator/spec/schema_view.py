"""The schema view: one schema in either OpenAPI version, with the 3.0/3.1 differences normalized (they end here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .vocabulary import TYPE_NEUTRAL_KEYWORDS


@dataclass
class SchemaView:
    """A schema in either OpenAPI version, resolved, with the 3.0/3.1 differences normalized."""

    obj: Any
    pointer: str
    types: list[str]
    nullable: bool
    only_null: bool = False
    """`type: 'null'` (3.1): the value is always null."""

    def get(self, name: str) -> Any:
        value = getattr(self.obj, name, None)
        extra = getattr(self.obj, "model_extra", None)
        if value is None and extra:
            value = extra.get(name)
        return value


def only_annotates(part: Any) -> bool:
    """Whether an allOf part only annotates (no `$ref`, no keyword that shapes the type)."""
    if isinstance(part, bool) or getattr(part, "ref", None) is not None:
        return False
    fields = getattr(part, "model_fields_set", None)
    if fields is None:
        return False
    aliases = {name: (info.alias or name) for name, info in type(part).model_fields.items()}
    used = {aliases.get(name, name) for name in fields}
    used |= set(getattr(part, "model_extra", None) or {})
    return all(key in TYPE_NEUTRAL_KEYWORDS or key.startswith("x-") for key in used)

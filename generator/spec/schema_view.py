"""The schema view: one schema in either OpenAPI version, with the 3.0/3.1 differences normalized (they end here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class _Schema:
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

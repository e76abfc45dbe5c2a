"""Rules for enums: added, removed (component schemas only), their value type, and members by
value (added, removed, renamed). Generated enums are open, so a new value is not breaking."""

from __future__ import annotations

import json

from .. import ir
from .versions import Versions, is_component


def compare_enums(v: Versions) -> None:
    """Enums added or removed, and each kept one compared."""
    old_enums = {e.name: e for e in v.old.enums}
    new_enums = {e.name: e for e in v.new.enums}
    for name in sorted(old_enums.keys() | new_enums.keys()):
        old = old_enums.get(name)
        new = new_enums.get(name)
        if old is None and new is not None:
            if is_component(new.pointer):
                v.add("enum-added", False, name, "enum added")
        elif new is None and old is not None:
            if is_component(old.pointer):
                v.add("enum-removed", True, name, "enum removed")
        elif old is not None and new is not None:
            _compare_enum(v, old, new)


def _compare_enum(v: Versions, old: ir.Enum, new: ir.Enum) -> None:
    name = new.name
    if old.base != new.base:
        v.add("enum-type-changed", True, name, "enum value type changed", old.base, new.base)
    old_members = {_enum_key(m.value): m for m in old.members}
    new_members = {_enum_key(m.value): m for m in new.members}
    for key in sorted(old_members.keys() - new_members.keys()):
        member = old_members[key]
        v.add(
            "enum-value-removed",
            True,
            f"{name}.{member.name}",
            "enum value removed",
            old=_value_text(member.value),
        )
    for key in sorted(new_members.keys() - old_members.keys()):
        member = new_members[key]
        v.add(
            "enum-value-added",
            False,
            f"{name}.{member.name}",
            "enum value added",
            new=_value_text(member.value),
        )
    for key in sorted(old_members.keys() & new_members.keys()):
        if old_members[key].name != new_members[key].name:
            v.add(
                "enum-member-renamed",
                True,
                f"{name}.{old_members[key].name}",
                f"member for {_value_text(new_members[key].value)} renamed",
                old=old_members[key].name,
                new=new_members[key].name,
            )


def _enum_key(value: str | int | float | bool) -> tuple[str, str]:
    return type(value).__name__, repr(value)


def _value_text(value: str | int | float | bool) -> str:
    return json.dumps(value)

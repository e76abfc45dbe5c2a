"""The order ruff wants names in: `from x import (...)` lists and `__all__`."""

from __future__ import annotations

import re
from collections.abc import Iterable


def _natural(text: str) -> list[tuple[int, int, int | str]]:
    """Natural order as ruff's natord: numbers by value, but a run with a leading zero is
    compared digit by digit and sorts before runs without one."""
    key: list[tuple[int, int, int | str]] = []
    for part in re.split(r"(\d+)", text):
        if not part:
            continue
        if part.isdigit():
            key.append((0, 0, part) if part.startswith("0") else (0, 1, int(part)))
        else:
            key.append((1, 0, part))
    return key


def _kind(name: str) -> int:
    """isort's member types: CONSTANTS, then Classes, then everything else."""
    if len(name) > 1 and name.isupper():
        return 0
    return 1 if name[:1].isupper() else 2


def import_order(names: Iterable[str]) -> tuple[str, ...]:
    """Names in the order ruff's isort wants in `from x import (...)`: by kind, then
    case-insensitive natural order."""
    return tuple(sorted(set(names), key=lambda n: (_kind(n), _natural(n.lower()), _natural(n))))


def all_order(names: Iterable[str]) -> tuple[str, ...]:
    """Names in the order ruff wants in `__all__` (RUF022): by kind, then natural order."""
    return tuple(sorted(set(names), key=lambda n: (_kind(n), _natural(n))))

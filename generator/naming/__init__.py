"""Every Python name in the generated code is decided here.

Names are derived from spec text, never pasted: the text is split into ASCII words, joined in
the case the context needs, and checked against the names the context reserves (keywords,
pydantic's model attributes, the generated code's own names). Collisions are resolved by a
`Namespace`, which hands out names in the order it is asked and so is stable for a stable order.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Iterable

PYTHON_KEYWORDS = frozenset(keyword.kwlist)

PYDANTIC_RESERVED = frozenset(
    {
        "to_dict",
        "to_json",
        "model_config",
        "model_fields",
        "model_computed_fields",
        "model_extra",
        "model_fields_set",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "model_private",
        "dict",
        "json",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "from_orm",
        "construct",
        "copy",
        "schema",
        "schema_json",
        "validate",
        "update_forward_refs",
        "fields",
    }
)
"""Attributes of pydantic.BaseModel that a field must not shadow (`modelConfig` is the classic)."""

MODEL_MODULE_NAMES = frozenset(
    {"str", "int", "float", "bool", "bytes", "dict", "list", "object", "None", "True", "False"}
)
"""Names the model module's annotations use unqualified; a field of that name would shadow them."""

METHOD_RESERVED = frozenset(
    {
        "warnings",
        "builtins",
        "self",
        "extra_headers",
        "extra_query",
        "extra_body",
        "timeout",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "dict",
        "list",
        "object",
        "httpx",
        "NotGiven",
        "NOT_GIVEN",
        "models",
        "cast",
        "Any",
    }
)
"""Names a generated method's signature and body use; an argument of that name is renamed."""

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def ascii_text(text: str) -> str:
    """Fold to ASCII: accents dropped, other non-ASCII letters removed."""
    folded = unicodedata.normalize("NFKD", text)
    return folded.encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """Split text into words at case changes, digits and punctuation: 'getHTTPStatus2' ->
    ['get', 'HTTP', 'Status', '2']."""
    return _WORD.findall(ascii_text(text))


def snake(text: str) -> str:
    """'flowId' -> 'flow_id', 'X-API-KEY' -> 'x_api_key'; '' for text without letters/digits."""
    return "_".join(word.lower() for word in words(text))


def pascal(text: str) -> str:
    """'chat deployments' -> 'ChatDeployments'; keeps inner capitals of words ('successCriteria'
    -> 'SuccessCriteria')."""
    return "".join(
        (
            word[:1].upper() + word[1:].lower()
            if word.isupper() and len(word) > 1
            else word[:1].upper() + word[1:]
        )
        for word in words(text)
    )


def upper_snake(text: str) -> str:
    """'brainbase_labs' -> 'BRAINBASE_LABS'."""
    return snake(text).upper()


def identifier(text: str, *, reserved: Iterable[str] = (), fallback: str = "value") -> str:
    """A valid snake_case identifier for `text`, never a keyword or a reserved name.

    Leading digits get a prefix ('2fa' -> 'n_2fa'); a clash gets a trailing underscore.
    """
    name = snake(text) or fallback
    if name[0].isdigit():
        name = f"n_{name}"
    reserved_set = set(reserved)
    while name in PYTHON_KEYWORDS or name in reserved_set:
        name += "_"
    return name


def class_name(text: str, *, reserved: Iterable[str] = (), fallback: str = "Model") -> str:
    """A valid PascalCase class name for `text`."""
    name = text if re.fullmatch(r"[A-Z][A-Za-z0-9]*", text) else (pascal(text) or fallback)
    if name[0].isdigit():
        name = f"{fallback}{name}"
    reserved_set = set(reserved)
    while name in PYTHON_KEYWORDS or name in reserved_set:
        name += "_"
    return name


def constant_name(text: str, *, fallback: str = "VALUE") -> str:
    """An UPPER_SNAKE enum member or constant name."""
    name = upper_snake(text)
    if not name:
        name = fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if name in {"I", "O", "L"}:
        name += "_"  # ambiguous as names (E741)
    return name


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


class Namespace:
    """Hands out distinct names: the first to ask for one gets it, later ones get `_2`, `_3`...

    Comparison is case-insensitive for modules (file systems) when `fold_case` is set.
    """

    def __init__(self, taken: Iterable[str] = (), *, fold_case: bool = False) -> None:
        self._fold = fold_case
        self._taken = {self._key(name) for name in taken}

    def _key(self, name: str) -> str:
        return name.lower() if self._fold else name

    def claim(self, preferred: str, *, separator: str = "_") -> str:
        """`preferred` if free, else the first free `preferred{separator}N`, N >= 2."""
        name = preferred
        counter = 2
        while self._key(name) in self._taken:
            name = f"{preferred}{separator}{counter}"
            counter += 1
        self._taken.add(self._key(name))
        return name

    def __contains__(self, name: str) -> bool:
        return self._key(name) in self._taken

    def __copy__(self) -> Namespace:
        """An independent copy: names claimed in one are not taken in the other."""
        twin = Namespace(fold_case=self._fold)
        twin._taken = set(self._taken)
        return twin

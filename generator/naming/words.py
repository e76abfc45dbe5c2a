"""Words of spec text, and the Python names made of them (snake, Pascal, UPPER_SNAKE).

Names are derived from spec text, never pasted: the text is split into ASCII words, joined in
the case the context needs, and checked against the names the context reserves.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .reserved import PYTHON_KEYWORDS

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

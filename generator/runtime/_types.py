"""Argument types shared by the runtime and the generated code: `NOT_GIVEN`, the request
option aliases, `Endpoint` (one operation as the transport sees it) and `Credential`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

import httpx


class NotGiven:
    """The type of `NOT_GIVEN`: an argument left out (as opposed to an explicit None)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

Headers = Mapping[str, str]
Query = Mapping[str, object]
Body = Mapping[str, object]
Timeout = float | httpx.Timeout | None
WireKeys = Mapping[str, "tuple[str, WireKeys]"]
"""TypedDict key (the model's attribute name) -> (the API's property name, the same for the
TypedDict its value may be)."""
FileContent = bytes | IO[bytes] | tuple[str, bytes | IO[bytes]] | tuple[str, bytes | IO[bytes], str]
"""A file to upload: its bytes, a binary file object, or (filename, content[, content type])."""


class Credential(Protocol):
    """What the transport needs of a credential (the package's `_auth.Auth` classes)."""

    def apply(
        self, headers: dict[str, str], params: list[tuple[str, str]], cookies: list[str]
    ) -> None:
        """Add the credential to a request being built."""

    def secret_names(self) -> tuple[str, ...]:
        """Header names that carry the secret (redacted in logs)."""

    def secret_query_names(self) -> tuple[str, ...]:
        """Query parameter names that carry the secret (redacted in logs)."""


@dataclass(frozen=True)
class Endpoint:
    """What the runtime needs to know about one operation."""

    method: str
    path: str
    cast_to: Any = None
    body_type: Any = None
    body_flattened: bool = False
    body_required: bool = False
    content_type: str | None = None
    errors: Mapping[str, Any] = field(default_factory=dict)
    security: tuple[tuple[str, ...], ...] | None = None
    styles: Mapping[str, tuple[str, bool]] = field(default_factory=dict)
    """Query parameter name -> (style, explode) where not form/explode."""
    keys: Mapping[str, WireKeys] = field(default_factory=dict)
    """Query parameter name -> how its object's TypedDict keys are sent, where some differ."""
    stream: bool = False
    """The response is `text/event-stream`: events of type `cast_to`, read as they arrive."""
    accept: str = "application/json"
    """The media types of the success responses, for the Accept header."""
    by_status: Mapping[str, Any] = field(default_factory=dict)
    """Status -> type where the success responses differ (`cast_to` is their union)."""

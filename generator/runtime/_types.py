"""Argument types shared by the runtime and the generated code: `NOT_GIVEN`, the request
option aliases, `Endpoint` (one operation as the transport sees it) and `Credential`."""

from __future__ import annotations

import os
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
FileContent = bytes | IO[bytes] | os.PathLike[str]
"""The content of a file to upload: its bytes, a binary file object, or its path (opened when
the request is sent, and read in chunks)."""
FileTypes = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)
"""A file to upload: its content, or (filename, content[, content type]). The filename of a
path is its own name unless a tuple gives another."""


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
    files: Mapping[str, tuple[str, bool]] = field(default_factory=dict)
    """Multipart body: wire name of each binary field -> (its argument, whether it is an array
    of files)."""
    idempotency_header: str | None = None
    """A header that gets a fresh key per call when the caller gives none: the request is built
    once, so every retry of the call sends the same key."""

"""How paths and operations become resources and methods: HTTP methods, verbs, path segments."""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from typing import Any

from .registry import Namespace
from .reserved import METHOD_RESERVED
from .words import identifier, snake, words

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


METHOD_ORDER = {
    name: index
    for index, name in enumerate(
        ("get", "post", "put", "patch", "delete", "head", "options", "trace")
    )
}


PREFIX_SEGMENT = re.compile(r"^(api|v\d+[a-z0-9]*|\d{4}-\d{2}-\d{2})$", re.I)


FILE_EXTENSION = re.compile(r"\.(json|xml|csv|yaml|yml|txt)$", re.I)


ACTION_VERBS = frozenset(
    {
        "create",
        "list",
        "get",
        "retrieve",
        "update",
        "delete",
        "remove",
        "cancel",
        "search",
        "send",
        "start",
        "stop",
        "close",
        "open",
        "archive",
        "unarchive",
        "restore",
        "reset",
        "approve",
        "reject",
        "publish",
        "unpublish",
        "enable",
        "disable",
        "activate",
        "deactivate",
        "complete",
        "resume",
        "pause",
        "refresh",
        "verify",
        "validate",
        "test",
        "run",
        "execute",
        "import",
        "export",
        "upload",
        "download",
        "invite",
        "accept",
        "decline",
        "join",
        "leave",
        "submit",
        "sync",
        "clone",
        "copy",
        "move",
        "merge",
        "lock",
        "unlock",
        "subscribe",
        "unsubscribe",
        "assign",
        "unassign",
        "count",
        "preview",
        "transfer",
    }
)
"""A last static path segment that is one of these names the method (`/chat/create`)."""


GENERIC_VERBS = frozenset({"create", "list", "get", "retrieve", "update", "delete", "remove"})
"""Verbs that say no more than the HTTP method does (what the path rules give anyway)."""

OPERATION_ID_VERBS = ACTION_VERBS - GENERIC_VERBS
"""An operationId that starts with one of these names what its operation does, where the path
rules would say only list/create/retrieve/update/delete (`downloadDocument` -> `download`)."""


def operation_verb(operation_id: str | None) -> str | None:
    """The specific verb an operationId starts with ('downloadDocument' -> 'download'), if any."""
    first = words(operation_id or "")[:1]
    if first and first[0].lower() in OPERATION_ID_VERBS:
        return first[0].lower()
    return None


def _stem(word: str) -> str:
    """A crude singular, the same for a collection and its item ('invoices' ~ 'invoice')."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def verb_resource(resource: list[str], operation_id: str) -> list[str]:
    """The resource an operationId's verb acts on: the path's resources up to the last one the
    operationId's object names ('downloadDocument' on documents.content -> documents); all of
    them when it names none."""
    objects = {_stem(word.lower()) for word in words(operation_id)[1:]}
    for index in range(len(resource) - 1, -1, -1):
        if all(_stem(word) in objects for word in resource[index].split("_") if word):
            return resource[: index + 1]
    return resource


def extension_names(extensions: Mapping[str, Any] | None) -> tuple[list[str], str, str]:
    """(resource path, method name, the extensions used) from the naming extensions of other
    SDK generators; empty where the operation has none (or none that is usable).

    Fern: `x-fern-sdk-group-name` (a string, or a list for nested groups) and
    `x-fern-sdk-method-name`; Speakeasy: `x-speakeasy-group` (dotted for nested groups) and
    `x-speakeasy-name-override`. Fern's are read first."""
    extensions = extensions or {}
    used: list[str] = []
    group: list[str] = []
    for key in ("x-fern-sdk-group-name", "x-speakeasy-group"):
        value = extensions.get(key)
        if isinstance(value, str):
            parts = value.split(".") if key == "x-speakeasy-group" else [value]
        elif isinstance(value, list) and all(isinstance(part, str) for part in value):
            parts = value
        else:
            continue
        parts = [snake(part) for part in parts]
        if parts and all(parts):
            group = parts
            used.append(key)
            break
    method = ""
    for key in ("x-fern-sdk-method-name", "x-speakeasy-name-override"):
        value = extensions.get(key)
        if isinstance(value, str) and snake(value):
            method = snake(value)
            used.append(key)
            break
    return group, method, ", ".join(used)


GENERIC_API_WORD = "API"
"""The word an environment variable prefix and a credential both tend to have (`ACME_API` and
`api_key`): said once where they meet."""


def env_var(prefix: str, name: str) -> str:
    """The environment variable of credential `name`: `{prefix}_{NAME}`, with the word API not
    repeated where they meet ('ACME_DOCS_API' + 'api_key' -> 'ACME_DOCS_API_KEY')."""
    upper = name.upper()
    head, _, rest = upper.partition("_")
    if prefix.rpartition("_")[2].upper() == GENERIC_API_WORD and head == GENERIC_API_WORD and rest:
        upper = rest
    return f"{prefix}_{upper}"


def resource_class_names(base: str) -> tuple[str, str, str, str, str, str]:
    """The six classes of a resource: sync, async, their raw-response views, and their
    streaming-response views."""
    return (
        base,
        f"Async{base}",
        f"{base}WithRawResponse",
        f"Async{base}WithRawResponse",
        f"{base}WithStreamingResponse",
        f"Async{base}WithStreamingResponse",
    )


def free_identifier(name: str, names: Namespace) -> bool:
    """Whether a kept name can be used as it is: a public identifier nobody has claimed."""
    return (
        isinstance(name, str)
        and name.isidentifier()
        and not keyword.iskeyword(name)
        and not name.startswith("_")
        and name not in names
    )


def claim_argument(args: Namespace, wire: str, location: str) -> str:
    """An argument name for `wire`; on a clash the location tells them apart (`id_query`)."""
    preferred = identifier(wire, reserved=METHOD_RESERVED, fallback="param")
    if preferred in args:
        preferred = f"{preferred}_{location}"
    return args.claim(preferred)

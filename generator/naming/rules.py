"""How paths and operations become resources and methods: HTTP methods, verbs, path segments."""

from __future__ import annotations

import keyword
import re

from .registry import Namespace
from .reserved import METHOD_RESERVED
from .words import identifier

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

"""What the client leaves out of a document, each as a 'not-supported' warning naming it and
its JSON pointer: nothing is dropped silently (README: 'Command line')."""

from __future__ import annotations

from typing import Any

from ..errors import SpecWarning
from ..spec.load import LoadedSpec
from ..spec.pointers import escape_token

_BASE_URL = "calls go to the client's base URL"


def webhooks_left_out(spec: LoadedSpec, document: Any) -> list[SpecWarning]:
    """Webhooks (3.1): requests the API makes to the app, which a client does not receive."""
    return [
        spec.warning(
            "not-supported",
            f"webhook '{name}' is not supported and was left out (a client only sends requests)",
            f"/webhooks/{escape_token(name)}",
        )
        for name in sorted(getattr(document, "webhooks", None) or {})
    ]


def _own_servers(servers: Any, document: Any) -> bool:
    """Whether a path's or operation's `servers` name a URL the document's servers do not
    (servers that repeat the document's lose nothing when the client uses those)."""
    known = {server.url for server in getattr(document, "servers", None) or []}
    return any(server.url not in known for server in servers or [])


def path_item_left_out(spec: LoadedSpec, document: Any, path: str, item: Any) -> list[SpecWarning]:
    """A path item's own `servers`."""
    if not _own_servers(getattr(item, "servers", None), document):
        return []
    return [
        spec.warning(
            "not-supported",
            f"servers of path {path} are not supported and were left out ({_BASE_URL})",
            f"/paths/{escape_token(path)}/servers",
        )
    ]


def operation_left_out(
    spec: LoadedSpec, document: Any, path: str, method: str, operation: Any
) -> list[SpecWarning]:
    """An operation's callbacks, its own `servers`, and the `links` of its responses."""
    where = f"/paths/{escape_token(path)}/{method}"
    name = f"{method.upper()} {path}"
    found = [
        spec.warning(
            "not-supported",
            f"callback '{callback}' of {name} is not supported and was left out",
            f"{where}/callbacks/{escape_token(callback)}",
        )
        for callback in sorted(getattr(operation, "callbacks", None) or {})
    ]
    if _own_servers(getattr(operation, "servers", None), document):
        found.append(
            spec.warning(
                "not-supported",
                f"servers of {name} are not supported and were left out ({_BASE_URL})",
                f"{where}/servers",
            )
        )
    for status, response in (getattr(operation, "responses", None) or {}).items():
        if getattr(response, "links", None):
            found.append(
                spec.warning(
                    "not-supported",
                    f"links of {name} response {status} are not supported and were left out",
                    f"{where}/responses/{escape_token(status)}/links",
                )
            )
    return found

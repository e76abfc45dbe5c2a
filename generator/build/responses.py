"""Responses: success types, streams, status-dependent types and typed errors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import ir
from ..spec.pointers import escape_token
from .bodies import JSON_MEDIA_TYPES, Bodies, pick_content_type
from .typerefs import ANY, BYTES, STR, spec_text


def accept_header(responses: Iterable[ir.Response]) -> str:
    """The Accept header: the declared response media types (a "media type" without a slash,
    such as cloudflare's 'undefined', is none: then anything), JSON when none is declared."""
    declared = [r.content_type for r in responses if r.content_type]
    valid = [t for t in declared if "/" in t]
    if declared and not valid:
        return "*/*"
    return ", ".join(dict.fromkeys(valid)) or "application/json"


class Responses(Bodies):
    """Responses: success types, streams, status-dependent types and typed errors."""

    def _responses(
        self, operation: Any, pointer: str, context: str
    ) -> tuple[tuple[ir.Response, ...], bool]:
        """Success responses, and whether the method streams (events of their type)."""
        found: list[ir.Response] = []
        responses = dict(operation.responses or {})
        success = [
            status for status in responses if status.startswith("2") or status.upper() == "2XX"
        ]
        if not success and "default" in responses:
            success = ["default"]  # the only documented response describes success too
        stream = False
        for status in sorted(success):
            response = self.resolver.resolve(
                responses[status], "Response", f"{pointer}/responses/{escape_token(status)}"
            )
            content = dict(getattr(response, "content", None) or {})
            if not content or status == "204":
                found.append(
                    ir.Response(
                        status=status,
                        description=spec_text(response.description),
                        content_type=None,
                        type=None,
                    )
                )
                continue
            content_type = pick_content_type(content)
            media = content[content_type]
            suffix = "Response" if len(success) == 1 else f"Response{status}"
            schema_pointer = (
                f"{pointer}/responses/{status}/content/{escape_token(content_type)}/schema"
            )
            type_: ir.TypeRef
            if JSON_MEDIA_TYPES.match(content_type) or content_type.startswith("text/event-stream"):
                # JSON bodies parse into their schema's type; an event stream's schema types
                # each event's data.
                is_stream = content_type.startswith("text/event-stream")
                stream = stream or is_stream
                type_ = STR if is_stream else ANY
                if media.media_type_schema is not None:
                    type_ = self._type_of(
                        media.media_type_schema,
                        schema_pointer,
                        f"{context}{'Event' if is_stream else suffix}",
                    )
            elif content_type.startswith("text/"):
                type_ = STR
            else:
                type_ = BYTES
            found.append(
                ir.Response(
                    status=status,
                    description=spec_text(response.description),
                    content_type=content_type,
                    type=type_,
                )
            )
        if not any(response.type is not None for response in found):
            return tuple(found), False
        return tuple(found), stream

    def _errors(self, operation: Any, pointer: str, context: str) -> tuple[tuple[str, str], ...]:
        errors: list[tuple[str, str]] = []
        for status, raw in dict(operation.responses or {}).items():
            if status.startswith(("2", "1", "3")):
                continue
            response = self.resolver.resolve(
                raw, "Response", f"{pointer}/responses/{escape_token(status)}"
            )
            content = dict(getattr(response, "content", None) or {})
            json_types = [ct for ct in content if JSON_MEDIA_TYPES.match(ct)]
            if not json_types or content[json_types[0]].media_type_schema is None:
                continue
            type_ = self._type_of(
                content[json_types[0]].media_type_schema,
                f"{pointer}/responses/{status}/content/{escape_token(json_types[0])}/schema",
                f"{context}Error{status}",
            )
            if type_.kind != "model" or type_.name is None:
                continue
            errors.append((status.upper(), type_.name))
        return tuple(sorted(errors))

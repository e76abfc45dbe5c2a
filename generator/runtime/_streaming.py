"""Server-sent events: the line decoder and the sync and async streams of parsed events."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

import httpx
import pydantic

from ._errors import APIConnectionError, APIError, APIResponseValidationError, APITimeoutError
from ._models import _adapter, _validation_summary

_R = TypeVar("_R")


@dataclass
class ServerSentEvent:
    """One event of a `text/event-stream` response."""

    event: str | None = None
    data: str = ""
    id: str | None = None
    retry: int | None = None


class SSEDecoder:
    """Turns the lines of an event stream into events (the WHATWG rules, without reconnects)."""

    def __init__(self) -> None:
        self._event: str | None = None
        self._data: list[str] = []
        self._id: str | None = None
        self._retry: int | None = None

    def feed(self, line: str) -> ServerSentEvent | None:
        """Take one line (without its end); return an event when a blank line completes one."""
        if not line:
            if not self._data and self._event is None:
                return None
            event = ServerSentEvent(self._event, "\n".join(self._data), self._id, self._retry)
            self._event, self._data, self._retry = None, [], None
            return event
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\x00" not in value:
            self._id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None


_DONE = object()


def _event_value(response: httpx.Response, event: ServerSentEvent, item_type: Any) -> Any:
    if event.data == "[DONE]":
        return _DONE
    if item_type is str or item_type is None:
        return event.data
    try:
        data = json.loads(event.data)
    except ValueError:
        raise APIResponseValidationError(
            response, event.data, "event data is not valid JSON"
        ) from None
    except RecursionError as exc:
        raise APIResponseValidationError(
            response, event.data, "event data is nested too deeply"
        ) from exc
    try:
        return _adapter(item_type).validate_python(data)
    except pydantic.ValidationError as exc:
        raise APIResponseValidationError(response, data, _validation_summary(exc)) from None


def _failure(exc: httpx.HTTPError, request: httpx.Request) -> APIError:
    """The package's error for an httpx error while events arrive (never retried: events
    already yielded cannot be taken back)."""
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request)
    return APIConnectionError(request, f"The event stream failed: {type(exc).__name__}: {exc}")


class Stream(Generic[_R]):
    """The events of a streaming response, each parsed into its type; iterate once.

    Use it as a context manager (or exhaust it) so that the connection is released.
    """

    def __init__(self, response: httpx.Response, item_type: Any) -> None:
        self.response = response
        self._item_type = item_type

    def __iter__(self) -> Iterator[_R]:
        decoder = SSEDecoder()
        try:
            for line in self.response.iter_lines():
                event = decoder.feed(line)
                if event is None:
                    continue
                value = _event_value(self.response, event, self._item_type)
                if value is _DONE:
                    break
                yield cast(_R, value)
        except httpx.HTTPError as exc:
            raise _failure(exc, self.response.request) from exc
        finally:
            self.response.close()

    def close(self) -> None:
        """Release the connection without reading the rest of the stream."""
        self.response.close()

    def __enter__(self) -> Stream[_R]:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()


class AsyncStream(Generic[_R]):
    """The events of a streaming response (async), each parsed into its type; iterate once."""

    def __init__(self, response: httpx.Response, item_type: Any) -> None:
        self.response = response
        self._item_type = item_type

    async def __aiter__(self) -> AsyncIterator[_R]:
        decoder = SSEDecoder()
        try:
            async for line in self.response.aiter_lines():
                event = decoder.feed(line)
                if event is None:
                    continue
                value = _event_value(self.response, event, self._item_type)
                if value is _DONE:
                    break
                yield cast(_R, value)
        except httpx.HTTPError as exc:
            raise _failure(exc, self.response.request) from exc
        finally:
            await self.response.aclose()

    async def close(self) -> None:
        """Release the connection without reading the rest of the stream."""
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[_R]:
        return self

    async def __aexit__(self, *args: object) -> None:
        await self.close()

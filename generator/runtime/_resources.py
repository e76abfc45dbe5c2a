"""Bases of the generated resources, and the wrappers of their `with_raw_response` and
`with_streaming_response` views."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, ParamSpec, TypeVar, cast

from ._requests import RAW, RAW_RESPONSE_HEADER, STREAMED
from ._responses import APIResponse, AsyncAPIResponse
from ._transport import AsyncAPIClient, SyncAPIClient

_P = ParamSpec("_P")
_R = TypeVar("_R")
_Response = TypeVar("_Response", bound="APIResponse[Any]")
_AsyncResponse = TypeVar("_AsyncResponse", bound="AsyncAPIResponse[Any]")


def _marked(kwargs: dict[str, Any], mode: str) -> dict[str, Any]:
    """A call's keyword arguments, its `extra_headers` marked with how to return the response."""
    headers = dict(cast("Mapping[str, str] | None", kwargs.get("extra_headers")) or {})
    headers[RAW_RESPONSE_HEADER] = mode
    return {**kwargs, "extra_headers": headers}


def to_raw_response_wrapper(func: Callable[_P, _R]) -> Callable[_P, APIResponse[_R]]:
    """Wrap a method so that it returns the `APIResponse` instead of the parsed value."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_R]:
        return cast("APIResponse[_R]", func(*args, **_marked(kwargs, RAW)))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, Awaitable[APIResponse[_R]]]:
    """Wrap an async method so that it returns the `APIResponse` instead of the parsed value."""

    @functools.wraps(func)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_R]:
        return cast("APIResponse[_R]", await func(*args, **_marked(kwargs, RAW)))

    return wrapped


class ResponseContextManager(Generic[_Response]):
    """`with client.<resource>.with_streaming_response.<method>(...) as response:` sends the
    request on entering, and releases the connection on leaving, read or not."""

    def __init__(self, send: Callable[[], _Response]) -> None:
        self._send = send
        self._response: _Response | None = None

    def __enter__(self) -> _Response:
        self._response = self._send()
        return self._response

    def __exit__(self, *args: object) -> None:
        if self._response is not None:
            self._response.close()


class AsyncResponseContextManager(Generic[_AsyncResponse]):
    """`async with client.<resource>.with_streaming_response.<method>(...) as response:`."""

    def __init__(self, send: Callable[[], Awaitable[_AsyncResponse]]) -> None:
        self._send = send
        self._response: _AsyncResponse | None = None

    async def __aenter__(self) -> _AsyncResponse:
        self._response = await self._send()
        return self._response

    async def __aexit__(self, *args: object) -> None:
        if self._response is not None:
            await self._response.close()


def to_streamed_response_wrapper(
    func: Callable[_P, _R],
) -> Callable[_P, ResponseContextManager[APIResponse[_R]]]:
    """Wrap a method so that it returns a context manager of the `APIResponse`, its body unread."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> ResponseContextManager[APIResponse[_R]]:
        marked = _marked(kwargs, STREAMED)
        return ResponseContextManager(lambda: cast("APIResponse[_R]", func(*args, **marked)))

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, AsyncResponseContextManager[AsyncAPIResponse[_R]]]:
    """Wrap an async method so that it returns an async context manager of the
    `AsyncAPIResponse`, its body unread."""

    @functools.wraps(func)
    def wrapped(
        *args: _P.args, **kwargs: _P.kwargs
    ) -> AsyncResponseContextManager[AsyncAPIResponse[_R]]:
        marked = _marked(kwargs, STREAMED)

        async def send() -> AsyncAPIResponse[_R]:
            return cast("AsyncAPIResponse[_R]", await func(*args, **marked))

        return AsyncResponseContextManager(send)

    return wrapped


class SyncAPIResource:
    """Base of generated resources: holds the client."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncAPIResource:
    """Base of generated async resources: holds the client."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

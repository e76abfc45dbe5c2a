"""Bases of the generated resources, and the wrappers of their `with_raw_response` views."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import ParamSpec, TypeVar, cast

from ._requests import RAW_RESPONSE_HEADER
from ._responses import APIResponse
from ._transport import AsyncAPIClient, SyncAPIClient

_P = ParamSpec("_P")
_R = TypeVar("_R")


def to_raw_response_wrapper(func: Callable[_P, _R]) -> Callable[_P, APIResponse[_R]]:
    """Wrap a method so that it returns the `APIResponse` instead of the parsed value."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_R]:
        headers = dict(cast("Mapping[str, str] | None", kwargs.get("extra_headers")) or {})
        headers[RAW_RESPONSE_HEADER] = "true"
        kwargs["extra_headers"] = headers
        return cast("APIResponse[_R]", func(*args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, Awaitable[APIResponse[_R]]]:
    """Wrap an async method so that it returns the `APIResponse` instead of the parsed value."""

    @functools.wraps(func)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_R]:
        headers = dict(cast("Mapping[str, str] | None", kwargs.get("extra_headers")) or {})
        headers[RAW_RESPONSE_HEADER] = "true"
        kwargs["extra_headers"] = headers
        return cast("APIResponse[_R]", await func(*args, **kwargs))

    return wrapped


class SyncAPIResource:
    """Base of generated resources: holds the client."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncAPIResource:
    """Base of generated async resources: holds the client."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

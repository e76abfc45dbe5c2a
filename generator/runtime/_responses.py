"""Responses: the typed value of a success, the parsed body of an error, and `APIResponse`
(sync) and `AsyncAPIResponse` (async), the response before parsing."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from typing import Any, Generic, TypeVar, cast

import httpx
import pydantic

from ._errors import APIResponseValidationError
from ._limits import aread_body, read_body
from ._models import _adapter, _validation_summary
from ._streaming import AsyncStream, Stream, _failure
from ._types import Endpoint

_R = TypeVar("_R")


def _is_json(response: httpx.Response) -> bool:
    content_type = str(response.headers.get("content-type", "")).split(";")[0].strip().lower()
    return content_type.endswith(("/json", "+json"))


class _Response(Generic[_R]):
    """What the sync and async responses share: the httpx response, status, headers, URL, and
    how many retries came before it."""

    def __init__(
        self,
        response: httpx.Response,
        endpoint: Endpoint,
        retries_taken: int = 0,
        max_size: int | None = None,
    ) -> None:
        self.http_response = response
        self._endpoint = endpoint
        self._max_size = max_size
        self.retries_taken = retries_taken
        """How many times the request was retried before this response (0: the first try)."""

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url


class APIResponse(_Response[_R]):
    """A response before parsing: status, headers, `retries_taken`, and `parse()` for the typed
    value. From `with_raw_response` its body has been read; from `with_streaming_response` it
    is read only when asked: `read()`, `text()`, `json()`, `parse()` read it whole (within the
    client's `max_response_size`), `iter_bytes()`, `iter_text()`, `iter_lines()` and
    `stream_to_file()` chunk by chunk, so a large download never sits in memory."""

    def read(self) -> bytes:
        """The whole body (read now if it was not yet; then the connection is released)."""
        try:
            return self.http_response.content
        except httpx.ResponseNotRead:
            pass
        try:
            read_body(self.http_response, self._max_size, None)
        except httpx.HTTPError as exc:
            raise _failure(exc, self.http_response.request) from exc
        return self.http_response.content

    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> Any:
        self.read()
        return self.http_response.json()

    def parse(self) -> _R:
        """The response body as the operation's return type (an event stream's `Stream`)."""
        if self._endpoint.stream:
            return cast(_R, Stream[Any](self.http_response, self._endpoint.cast_to))
        self.read()
        return cast(_R, parse_response(self.http_response, self._endpoint))

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks (decoded as its `Content-Encoding` says), as they arrive."""
        try:
            yield from self.http_response.iter_bytes(chunk_size)
        except httpx.HTTPError as exc:
            raise _failure(exc, self.http_response.request) from exc

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        """The body as text in chunks, decoded with the response's charset."""
        try:
            yield from self.http_response.iter_text(chunk_size)
        except httpx.HTTPError as exc:
            raise _failure(exc, self.http_response.request) from exc

    def iter_lines(self) -> Iterator[str]:
        """The body as text, line by line (without line ends)."""
        try:
            yield from self.http_response.iter_lines()
        except httpx.HTTPError as exc:
            raise _failure(exc, self.http_response.request) from exc

    def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Write the body to `file` chunk by chunk (memory stays bounded by one chunk)."""
        with open(file, "wb") as out:
            for chunk in self.iter_bytes(chunk_size):
                out.write(chunk)

    def close(self) -> None:
        """Release the connection (the rest of an unread body is dropped)."""
        self.http_response.close()

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {self._endpoint.method} {self.url}>"


class AsyncAPIResponse(_Response[_R]):
    """An async client's response from `with_streaming_response`, its body read only when
    asked: as `APIResponse`, with awaitable reads and async iterators
    (`async for chunk in response.iter_bytes(): ...`)."""

    async def read(self) -> bytes:
        """The whole body (read now if it was not yet; then the connection is released)."""
        try:
            return self.http_response.content
        except httpx.ResponseNotRead:
            pass
        try:
            await aread_body(self.http_response, self._max_size)
        except httpx.HTTPError as exc:
            raise _failure(exc, self.http_response.request) from exc
        return self.http_response.content

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> Any:
        await self.read()
        return self.http_response.json()

    async def parse(self) -> _R:
        """The response body as the operation's return type (an event stream's `AsyncStream`)."""
        if self._endpoint.stream:
            return cast(_R, AsyncStream[Any](self.http_response, self._endpoint.cast_to))
        await self.read()
        return cast(_R, parse_response(self.http_response, self._endpoint))

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in chunks (decoded as its `Content-Encoding` says), as they arrive."""
        try:
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                yield chunk
        except httpx.HTTPError as exc:
            raise _failure(exc, self.http_response.request) from exc

    async def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        """The body as text in chunks, decoded with the response's charset."""
        try:
            async for chunk in self.http_response.aiter_text(chunk_size):
                yield chunk
        except httpx.HTTPError as exc:
            raise _failure(exc, self.http_response.request) from exc

    async def iter_lines(self) -> AsyncIterator[str]:
        """The body as text, line by line (without line ends)."""
        try:
            async for line in self.http_response.aiter_lines():
                yield line
        except httpx.HTTPError as exc:
            raise _failure(exc, self.http_response.request) from exc

    async def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Write the body to `file` chunk by chunk (memory stays bounded by one chunk)."""
        with open(file, "wb") as out:
            async for chunk in self.iter_bytes(chunk_size):
                out.write(chunk)

    async def close(self) -> None:
        """Release the connection (the rest of an unread body is dropped)."""
        await self.http_response.aclose()

    def __repr__(self) -> str:
        return f"<AsyncAPIResponse [{self.status_code}] {self._endpoint.method} {self.url}>"


def parse_response(response: httpx.Response, endpoint: Endpoint) -> Any:
    """The typed value of a successful response (None where the operation has no content)."""
    cast_to = endpoint.cast_to
    if endpoint.by_status:
        status = str(response.status_code)
        cast_to = endpoint.by_status.get(status, endpoint.by_status.get(f"{status[0]}XX", cast_to))
    if cast_to is None:
        return None
    if response.status_code != 204:
        if cast_to is str and not _is_json(response):
            return response.text
        if cast_to is bytes:
            return response.content
    if response.status_code == 204 or not response.content:
        # No content is fine where the operation declares a response without one (its type
        # then accepts None); anywhere else the body is missing.
        try:
            return _adapter(cast_to).validate_python(None)
        except pydantic.ValidationError:
            raise APIResponseValidationError(response, None, "response body is empty") from None
    try:
        data = response.json()
    except ValueError:
        raise APIResponseValidationError(
            response, response.text, "response body is not valid JSON"
        ) from None
    except RecursionError as exc:
        raise APIResponseValidationError(
            response, response.text, "response body is nested too deeply"
        ) from exc
    try:
        return _adapter(cast_to).validate_python(data)
    except pydantic.ValidationError as exc:
        raise APIResponseValidationError(response, data, _validation_summary(exc)) from None
    except RecursionError as exc:
        raise APIResponseValidationError(
            response, data, "response body is nested too deeply"
        ) from exc


def _error_body(response: httpx.Response, endpoint: Endpoint) -> Any:
    try:
        data = response.json()
    except (ValueError, RecursionError):  # not JSON, or nested too deeply to decode: the text
        return response.text
    status = str(response.status_code)
    model = (
        endpoint.errors.get(status)
        or endpoint.errors.get(f"{status[0]}XX")
        or endpoint.errors.get("DEFAULT")
    )
    if model is None:
        return data
    try:
        return _adapter(model).validate_python(data)
    except (pydantic.ValidationError, RecursionError):
        return data

"""Transport: the sync and async clients, with timeouts, retries and backoff, credentials,
logging, and building each request from an operation's arguments."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, TypeVar, cast

import anyio
import httpx

from ._encoding import (
    _check_header_value,
    _set_headers,
)
from ._errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    MissingCredentialsError,
    error_for_status,
)
from ._limits import (
    DeadlineExceeded,
    aread_body,
    capped_timeouts,
    check_options,
    deadline_of,
    enter,
    gate,
    read_body,
    release_stream,
)
from ._logs import setup_logging
from ._redirects import asend_following, send_following
from ._requests import RAW, RAW_RESPONSE_HEADER, STREAMED, RequestBuilder
from ._responses import APIResponse, AsyncAPIResponse, _error_body, parse_response
from ._retries import retry_delay, should_retry
from ._streaming import AsyncStream, Stream
from ._types import NOT_GIVEN, Body, Credential, Endpoint, Headers, NotGiven, Query, Timeout

_T = TypeVar("_T")
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100)
"""The connection pool of a client that creates its own httpx client. Not Stainless's 1,000: the
cost of httpcore's pool grows with the square of the connections it holds, so a burst through
1,000 connections is far slower than through 100 (bench/RESULTS.md, "Burst"); and every
connection is kept alive, since httpcore closes idle connections whenever it holds more
connections in all than the keep-alive limit."""
DEFAULT_MAX_RESPONSE_SIZE = 104_857_600
"""The largest body (decoded) read whole to be parsed: 100 MiB (streamed bodies: no limit)."""

setup_logging()


def _callers_timeout(
    http_client: httpx.Client | httpx.AsyncClient | None, timeout: Timeout | NotGiven
) -> Timeout | NotGiven:
    """A timeout not given is the caller's http client's, where it set one of its own."""
    # httpx's own default (5 s) is not a choice the caller made: ours applies instead
    if isinstance(timeout, NotGiven) and http_client and http_client.timeout != httpx.Timeout(5.0):
        return http_client.timeout
    return timeout


class BaseClient(RequestBuilder):
    """What the sync and async clients share: configuration, building requests (see
    `_requests`), retries."""

    def __init__(
        self,
        *,
        client_name: str,
        base_url: str | httpx.URL,
        credentials: Mapping[str, Credential | None],
        default_security: tuple[tuple[str, ...], ...],
        timeout: Timeout | NotGiven,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None = None,
        platform_headers: bool = True,
        check_credentials: bool = True,
        max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE,
        attempt_timeout: float | None = None,
    ) -> None:
        self._client_name = client_name
        self.base_url = httpx.URL(str(base_url).rstrip("/") + "/")
        self._credentials = {key: auth for key, auth in credentials.items() if auth is not None}
        self._default_security = default_security
        self.timeout: Timeout = DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else timeout
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self.max_retries = max_retries
        check_options(max_response_size, attempt_timeout)
        self.max_response_size = max_response_size
        self.attempt_timeout = attempt_timeout
        self._default_query: dict[str, object] = dict(default_query or {})
        self.platform_headers = platform_headers
        self._default_headers: dict[str, str] = {}
        _set_headers(self._default_headers, default_headers or {})  # one of each name
        for name, value in self._default_headers.items():
            _check_header_value(name, value)
        if (
            check_credentials
            and default_security
            and not any(self._satisfied(req) for req in default_security)
        ):
            raise MissingCredentialsError(self._missing_message(default_security))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={str(self.base_url)!r})"

    def _timeout(self, timeout: Timeout | NotGiven) -> httpx.Timeout:
        value = self.timeout if isinstance(timeout, NotGiven) else timeout
        return value if isinstance(value, httpx.Timeout) else httpx.Timeout(value)

    def _delay_after(
        self, exc: httpx.TransportError, request: httpx.Request, attempt: int
    ) -> float:
        """How long to wait before sending `request` again after it got no response (a
        timeout or a connection error); the typed error when no retry is left."""
        if isinstance(exc, httpx.PoolTimeout):
            # Our own pool is full, the server is not at fault: retrying amplifies the burst.
            raise APITimeoutError(
                request,
                "Timed out waiting for a free connection in the pool (not retried):"
                " lower the concurrency, or give a longer pool timeout or larger limits",
            ) from exc
        if attempt < self.max_retries:
            return retry_delay(attempt, None)
        if isinstance(exc, DeadlineExceeded):
            raise APITimeoutError(
                request,
                f"Request timed out: the attempt deadline (attempt_timeout={self.attempt_timeout}"
                " seconds) was exceeded",
            ) from exc
        if isinstance(exc, httpx.TimeoutException):
            raise APITimeoutError(request) from exc
        raise APIConnectionError(request, str(exc)) from exc

    @staticmethod
    def _failure(exc: httpx.HTTPError, request: httpx.Request) -> APIError:
        """The typed error for an httpx error that is not a transport error (not retried)."""
        if isinstance(exc, httpx.DecodingError):
            return APIConnectionError(request, f"The response body could not be decoded: {exc}")
        return APIConnectionError(request, f"{type(exc).__name__}: {exc}")

    @staticmethod
    def _unread(response: httpx.Response, endpoint: Endpoint, mode: str) -> bool:
        """Whether the body is left unread: an event stream parsed as it arrives, or any
        response from `with_streaming_response` (an error's body is always read)."""
        return response.status_code < 400 and (
            mode == STREAMED or (endpoint.stream and mode != RAW)
        )

    def _finish(
        self, response: httpx.Response, endpoint: Endpoint, mode: str, retries_taken: int
    ) -> Any:
        if response.status_code >= 400:
            raise error_for_status(response, _error_body(response, endpoint))
        if mode == STREAMED and self._is_async:
            return AsyncAPIResponse[Any](response, endpoint, retries_taken, self.max_response_size)
        if mode == STREAMED:
            return APIResponse[Any](response, endpoint, retries_taken, self.max_response_size)
        if mode == RAW:
            return APIResponse[Any](response, endpoint, retries_taken)
        if endpoint.stream:
            if self._is_async:
                return AsyncStream[Any](response, endpoint.cast_to)
            return Stream[Any](response, endpoint.cast_to)
        return parse_response(response, endpoint)

    @staticmethod
    def _low_level(
        method: str,
        path: str,
        cast_to: Any,
        body: object,
        query: Query | None,
        headers: Headers | None,
        timeout: Timeout | NotGiven,
    ) -> tuple[Endpoint, dict[str, Any]]:
        """The endpoint and arguments of a low-level call (`client.get(...)`, ...)."""
        raw = cast_to is httpx.Response  # the response itself: read, not parsed
        endpoint = Endpoint(method, "/" + path.lstrip("/"), cast_to=None if raw else cast_to)
        extra_headers = {**(headers or {}), **({RAW_RESPONSE_HEADER: RAW} if raw else {})}
        arguments = {"query": query, "body": body, "extra_headers": extra_headers}
        return endpoint, {**arguments, "timeout": timeout}


class SyncAPIClient(BaseClient):
    """The synchronous transport: one httpx.Client, retries with backoff."""

    _client: httpx.Client

    def __init__(self, *, http_client: httpx.Client | None, **options: Any) -> None:
        options["timeout"] = _callers_timeout(http_client, options.get("timeout", NOT_GIVEN))
        super().__init__(**options)
        self._owns_client = http_client is None
        self._client = http_client or httpx.Client(follow_redirects=True, limits=DEFAULT_LIMITS)

    def close(self) -> None:
        """Close the underlying connections (only when the client created them)."""
        if self._owns_client:
            self._client.close()

    def get(
        self,
        path: str,
        *,
        cast_to: type[_T],
        query: Query | None = None,
        headers: Headers | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> _T:
        """GET `path` (below the base URL) of an endpoint the spec lacks, with the client's
        credentials, default headers and query, retries and errors; the response parsed into
        `cast_to` (a model, `dict[str, Any]`, `bytes`, `str`, or `httpx.Response` itself)."""
        return self._call("GET", path, cast_to, NOT_GIVEN, query, headers, timeout)

    def post(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        headers: Headers | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> _T:
        """POST `path` with a JSON `body` (see `get`)."""
        return self._call("POST", path, cast_to, body, query, headers, timeout)

    def put(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        headers: Headers | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> _T:
        """PUT `path` with a JSON `body` (see `get`)."""
        return self._call("PUT", path, cast_to, body, query, headers, timeout)

    def patch(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        headers: Headers | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> _T:
        """PATCH `path` with a JSON `body` (see `get`)."""
        return self._call("PATCH", path, cast_to, body, query, headers, timeout)

    def delete(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        headers: Headers | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> _T:
        """DELETE `path` with a JSON `body` (see `get`)."""
        return self._call("DELETE", path, cast_to, body, query, headers, timeout)

    def _call(
        self,
        method: str,
        path: str,
        cast_to: type[_T],
        body: object,
        query: Query | None,
        headers: Headers | None,
        timeout: Timeout | NotGiven,
    ) -> _T:
        endpoint, arguments = self._low_level(method, path, cast_to, body, query, headers, timeout)
        result = self.request(endpoint, **arguments)
        return cast(_T, result.http_response if cast_to is httpx.Response else result)

    def request(
        self,
        endpoint: Endpoint,
        *,
        path: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        body: object = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Any:
        """Send one operation's request, retrying where it is safe, and parse the response."""
        request, mode = self._build_request(
            endpoint,
            path=path or {},
            query=query or {},
            headers=headers or {},
            cookies=cookies or {},
            body=body,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )
        timeouts = self._timeout(timeout).as_dict()
        attempt = 0
        while True:
            self._start_attempt(request, attempt)
            try:
                response, again = self._exchange(request, endpoint, mode, attempt, timeouts)
            except httpx.TransportError as exc:
                delay = self._delay_after(exc, request, attempt)
                self._log_retry(request, attempt, delay, type(exc).__name__)
                time.sleep(delay)
                attempt += 1
                continue
            except httpx.HTTPError as exc:
                raise self._failure(exc, request) from exc
            if again:
                delay = retry_delay(attempt, response)
                self._log_retry(request, attempt, delay, str(response.status_code))
                time.sleep(delay)
                attempt += 1
                continue
            return self._finish(response, endpoint, mode, attempt)

    def _exchange(
        self,
        request: httpx.Request,
        endpoint: Endpoint,
        mode: str,
        attempt: int,
        timeouts: dict[str, float | None],
    ) -> tuple[httpx.Response, bool]:
        """One attempt within `attempt_timeout`: send, follow redirects, read the body unless it
        is streamed; True when the response is to be retried (then it is closed, unread)."""
        deadline = deadline_of(self.attempt_timeout)
        capped = request.extensions["timeout"] = capped_timeouts(timeouts, deadline)
        response = send_following(self._client, request, self._secrets)
        if attempt < self.max_retries and should_retry(response):
            self._log_response(response)
            response.close()
            return response, True
        try:
            if self._unread(response, endpoint, mode):
                release_stream(capped, timeouts)
            else:
                read_body(response, self.max_response_size, deadline)
        finally:
            self._log_response(response)
        return response, False


class AsyncAPIClient(BaseClient):
    """The asynchronous transport: one httpx.AsyncClient, retries with backoff."""

    _client: httpx.AsyncClient
    _is_async = True

    def __init__(self, *, http_client: httpx.AsyncClient | None, **options: Any) -> None:
        options["timeout"] = _callers_timeout(http_client, options.get("timeout", NOT_GIVEN))
        super().__init__(**options)
        self._owns_client = http_client is None
        self._client = http_client or httpx.AsyncClient(
            follow_redirects=True, limits=DEFAULT_LIMITS
        )
        self._gate = gate(self._client, None if http_client else DEFAULT_LIMITS.max_connections)

    async def close(self) -> None:
        """Close the underlying connections (only when the client created them)."""
        if self._owns_client:
            await self._client.aclose()

    async def get(
        self,
        path: str,
        *,
        cast_to: type[_T],
        query: Query | None = None,
        headers: Headers | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> _T:
        """GET `path` (below the base URL) of an endpoint the spec lacks, with the client's
        credentials, default headers and query, retries and errors; the response parsed into
        `cast_to` (a model, `dict[str, Any]`, `bytes`, `str`, or `httpx.Response` itself)."""
        return await self._call("GET", path, cast_to, NOT_GIVEN, query, headers, timeout)

    async def post(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        headers: Headers | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> _T:
        """POST `path` with a JSON `body` (see `get`)."""
        return await self._call("POST", path, cast_to, body, query, headers, timeout)

    async def put(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        headers: Headers | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> _T:
        """PUT `path` with a JSON `body` (see `get`)."""
        return await self._call("PUT", path, cast_to, body, query, headers, timeout)

    async def patch(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        headers: Headers | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> _T:
        """PATCH `path` with a JSON `body` (see `get`)."""
        return await self._call("PATCH", path, cast_to, body, query, headers, timeout)

    async def delete(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: object = NOT_GIVEN,
        query: Query | None = None,
        headers: Headers | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> _T:
        """DELETE `path` with a JSON `body` (see `get`)."""
        return await self._call("DELETE", path, cast_to, body, query, headers, timeout)

    async def _call(
        self,
        method: str,
        path: str,
        cast_to: type[_T],
        body: object,
        query: Query | None,
        headers: Headers | None,
        timeout: Timeout | NotGiven,
    ) -> _T:
        endpoint, arguments = self._low_level(method, path, cast_to, body, query, headers, timeout)
        result = await self.request(endpoint, **arguments)
        return cast(_T, result.http_response if cast_to is httpx.Response else result)

    async def request(
        self,
        endpoint: Endpoint,
        *,
        path: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        body: object = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Any:
        """Send one operation's request, retrying where it is safe, and parse the response."""
        request, mode = self._build_request(
            endpoint,
            path=path or {},
            query=query or {},
            headers=headers or {},
            cookies=cookies or {},
            body=body,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )
        request.extensions["timeout"] = self._timeout(timeout).as_dict()
        attempt = 0
        while True:
            self._start_attempt(request, attempt)
            try:
                response, again = await self._exchange(request, endpoint, mode, attempt)
            except httpx.TransportError as exc:
                delay = self._delay_after(exc, request, attempt)
                self._log_retry(request, attempt, delay, type(exc).__name__)
                await anyio.sleep(delay)
                attempt += 1
                continue
            except httpx.HTTPError as exc:
                raise self._failure(exc, request) from exc
            if again:
                delay = retry_delay(attempt, response)
                self._log_retry(request, attempt, delay, str(response.status_code))
                await anyio.sleep(delay)
                attempt += 1
                continue
            return self._finish(response, endpoint, mode, attempt)

    async def _exchange(
        self, request: httpx.Request, endpoint: Endpoint, mode: str, attempt: int
    ) -> tuple[httpx.Response, bool]:
        """`_exchange_unbounded` past the gate (see `_limits`) and within `attempt_timeout`."""
        if self._gate is not None:
            await enter(self._gate, request)
        try:
            exchange = self._exchange_unbounded(request, endpoint, mode, attempt)
            if self.attempt_timeout is None:
                return await exchange
            try:
                with anyio.fail_after(self.attempt_timeout):  # any event loop httpx supports
                    return await exchange
            except TimeoutError as exc:
                raise DeadlineExceeded("attempt deadline exceeded", request=request) from exc
        finally:
            if self._gate is not None:
                self._gate.release()

    async def _exchange_unbounded(
        self, request: httpx.Request, endpoint: Endpoint, mode: str, attempt: int
    ) -> tuple[httpx.Response, bool]:
        """One attempt: send, follow redirects, read the body unless it is streamed; True when
        the response is to be retried (then it is closed, unread)."""
        response = await asend_following(self._client, request, self._secrets)
        if attempt < self.max_retries and should_retry(response):
            self._log_response(response)
            await response.aclose()
            return response, True
        try:
            if not self._unread(response, endpoint, mode):
                await aread_body(response, self.max_response_size)
        finally:
            self._log_response(response)
        return response, False

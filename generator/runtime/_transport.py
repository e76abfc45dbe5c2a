"""Transport: the sync and async clients, with timeouts, retries and backoff, credentials,
logging, and building each request from an operation's arguments."""

from __future__ import annotations

import datetime as _dt
import email.utils
import json
import logging
import os
import platform
import random
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import anyio
import httpx
import pydantic

from ._constants import ENV_PREFIX, PACKAGE, __version__
from ._encoding import (
    _check_header_value,
    _quote_query,
    _set_headers,
    _text_value,
    build_path,
    encode_body,
    encode_query,
)
from ._errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    MissingCredentialsError,
    RequestValidationError,
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
from ._redirects import asend_following, send_following
from ._responses import APIResponse, _error_body, parse_response
from ._streaming import AsyncStream, Stream
from ._types import NOT_GIVEN, Body, Credential, Endpoint, Headers, NotGiven, Query, Timeout

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
RETRYABLE_STATUS = frozenset({408, 409, 429})
RAW_RESPONSE_HEADER = "X-Clientgen-Raw-Response"
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100)
"""The connection pool of a client that creates its own httpx client. Not Stainless's 1,000: the
cost of httpcore's pool grows with the square of the connections it holds, so a burst through
1,000 connections is far slower than through 100 (bench/RESULTS.md, "Burst"); and every
connection is kept alive, since httpcore closes idle connections whenever it holds more
connections in all than the keep-alive limit."""
DEFAULT_MAX_RESPONSE_SIZE = 100 * 1024 * 1024
"""The largest body (decoded) read whole to be parsed: 100 MiB (streamed bodies: no limit)."""

logger = logging.getLogger(PACKAGE)


def _retry_after(response: httpx.Response | None) -> float | None:
    if response is None:
        return None
    header = response.headers.get("retry-after-ms")
    if header is not None:
        try:
            return float(header) / 1000.0
        except ValueError:
            pass
    header = response.headers.get("retry-after")
    if header is None:
        return None
    try:
        return float(header)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None  # neither seconds nor an HTTP date: ignore it, back off instead
    if parsed is None:
        return None
    return (parsed - _dt.datetime.now(parsed.tzinfo)).total_seconds()


def retry_delay(attempt: int, response: httpx.Response | None) -> float:
    """Seconds to wait before retry number `attempt` (0-based)."""
    after = _retry_after(response)
    # `Retry-After: 0` (or less, or absurdly long) is no reason to retry at once: back off.
    if after is not None and 0 < after <= MAX_RETRY_AFTER:
        return after
    # The exponent is capped: 2.0**1024 overflows, and the delay is capped long before.
    delay = min(INITIAL_RETRY_DELAY * (2.0 ** min(attempt, 32)), MAX_RETRY_DELAY)
    return delay * (1.0 - 0.25 * random.random())  # noqa: S311 - jitter, not a secret


def should_retry(response: httpx.Response) -> bool:
    """Whether a response status is worth another attempt."""
    hint = response.headers.get("x-should-retry")
    if hint == "true":
        return True
    if hint == "false":
        return False
    return response.status_code in RETRYABLE_STATUS or response.status_code >= 500


def _redacted(headers: Mapping[str, str], secret_names: frozenset[str]) -> dict[str, str]:
    return {k: ("<redacted>" if k.lower() in secret_names else v) for k, v in headers.items()}


def _setup_logging() -> None:
    level = os.environ.get(f"{ENV_PREFIX}_LOG", "").lower()
    if level in ("debug", "info"):
        logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(
                logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s")
            )
            logger.addHandler(handler)


_setup_logging()


def user_agent(client_name: str) -> str:
    return f"{client_name}/Python {__version__} ({PACKAGE}; clientgen; Python {platform.python_version()})"


def _encoded(params: httpx.QueryParams) -> list[str]:
    """Query parameters as `name=value` pieces, each name and value percent-encoded whole."""
    return [f"{_quote_query(k)}={_quote_query(v)}" for k, v in params.multi_items()]


def _overridden(pieces: list[str], winners: list[str]) -> list[str]:
    """`name=value` pieces (of a query string or a Cookie header), less those named in
    `winners`, followed by `winners`."""
    names = {piece.split("=", 1)[0] for piece in winners}
    return [piece for piece in pieces if piece.split("=", 1)[0] not in names] + winners


def _set_call_headers(headers: dict[str, str], extra_headers: Headers) -> bool:
    """Set a call's `extra_headers` over every other; whether it asked for the raw response."""
    raw = False
    for name, value in extra_headers.items():
        if name == RAW_RESPONSE_HEADER:
            raw = True
            continue
        _set_headers(headers, {name: value})
    return raw


def _callers_timeout(
    http_client: httpx.Client | httpx.AsyncClient | None, timeout: Timeout | NotGiven
) -> Timeout | NotGiven:
    """A timeout not given is the caller's http client's, where it set one of its own."""
    # httpx's own default (5 s) is not a choice the caller made: ours applies instead
    if isinstance(timeout, NotGiven) and http_client and http_client.timeout != httpx.Timeout(5.0):
        return http_client.timeout
    return timeout


class BaseClient:
    """What the sync and async clients share: configuration and building requests."""

    _client: httpx.Client | httpx.AsyncClient
    _credentials: Mapping[str, Credential]
    _default_security: tuple[tuple[str, ...], ...]

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

    def _satisfied(self, requirement: tuple[str, ...]) -> bool:
        return all(key in self._credentials for key in requirement)

    def _missing_message(self, security: tuple[tuple[str, ...], ...]) -> str:
        hints: list[str] = []
        for requirement in security:
            hints.append(" and ".join(self._credential_hint(key) for key in requirement))
        return "missing credentials: set " + "; or ".join(hints)

    def _credential_hint(self, key: str) -> str:
        return key

    def _secret_names(self) -> frozenset[str]:
        names = {"authorization", "cookie", "proxy-authorization"}
        for auth in self._credentials.values():
            names.update(name.lower() for name in auth.secret_names())
        return frozenset(names)

    def _build_request(self, endpoint: Endpoint, **arguments: Any) -> tuple[httpx.Request, bool]:
        """The request for a call (and whether it asked for the raw response); arguments that
        do not validate are a `RequestValidationError`, before anything is sent."""
        try:
            return self._assemble_request(endpoint, **arguments)
        except pydantic.ValidationError as exc:
            raise RequestValidationError(
                f"invalid arguments for {endpoint.method} {endpoint.path}: {exc}",
                list(exc.errors(include_url=False)),
            ) from exc

    def _assemble_request(
        self,
        endpoint: Endpoint,
        *,
        path: Mapping[str, object],
        query: Mapping[str, object],
        headers: Mapping[str, object],
        cookies: Mapping[str, object],
        body: object,
        extra_headers: Headers | None,
        extra_query: Query | None,
        extra_body: Body | None,
    ) -> tuple[httpx.Request, bool]:
        # Appended to the base URL's path, never resolved against it: a path that looks like a
        # URL (`/https://other.host/...`, `/jobs:run`) cannot change the host or the scheme.
        target = str(self.base_url).rstrip("/") + "/" + build_path(endpoint.path, path).lstrip("/")
        # The query string is built here, not by httpx (whose form encoding would escape the
        # style separators): every name and value arrives already percent-encoded.
        query_pieces = encode_query(query, endpoint.styles, endpoint.keys)
        cookie_pairs = [
            f"{quote(k, safe='')}={quote(_text_value(v), safe='')}"
            for k, v in cookies.items()
            if not isinstance(v, NotGiven)
        ]
        security = endpoint.security if endpoint.security is not None else self._default_security
        auth_headers: dict[str, str] = {}
        auth_params: list[tuple[str, str]] = []
        applied = self._apply_auth(security, auth_headers, auth_params, cookie_pairs)
        if security and not applied:
            raise MissingCredentialsError(self._missing_message(security))
        query_pieces.extend(f"{_quote_query(k)}={_quote_query(v)}" for k, v in auth_params)
        if extra_query:  # per-call values win over the operation's and the credentials'
            query_pieces = _overridden(query_pieces, encode_query(extra_query, {}, {}))
        # Lowest first: ours, the credentials, the client's default headers, the operation's
        # header parameters, then the call's `extra_headers` (which win over every other).
        request_headers: dict[str, str] = {
            "Accept": endpoint.accept,
            "User-Agent": user_agent(self._client_name),
        }
        _set_headers(request_headers, auth_headers)
        _set_headers(request_headers, self._default_headers)
        _set_headers(
            request_headers,
            {
                name: _text_value(value)
                for name, value in headers.items()
                if not isinstance(value, NotGiven)
            },
        )
        raw = _set_call_headers(request_headers, extra_headers or {})
        if any(name.lower() == "cookie" for name in extra_headers or {}):
            cookie_pairs = []  # the call's own Cookie header is sent as it is
        for name, value in request_headers.items():
            _check_header_value(name, value)
        content, data, files, json_body = encode_body(endpoint, body, extra_body)
        has_content_type = any(name.lower() == "content-type" for name in request_headers)
        if (json_body is not None or content is not None) and not has_content_type:
            request_headers["Content-Type"] = endpoint.content_type or "application/json"
        request = self._on_callers_client(
            endpoint.method,
            target,
            query_pieces,
            cookie_pairs,
            headers=request_headers,
            content=(
                content
                if content is not None
                else (
                    json.dumps(json_body, separators=(",", ":")).encode()
                    if json_body is not None
                    else None
                )
            ),
            data=data,
            files=files,
        )
        return request, raw

    def _on_callers_client(
        self,
        method: str,
        url: str,
        query_pieces: list[str],
        cookie_pairs: list[str],
        *,
        headers: dict[str, str],
        content: bytes | None,
        data: dict[str, Any] | None,
        files: Any,
    ) -> httpx.Request:
        """The request as the http client builds it (so its own headers, query parameters and
        cookies are sent, ours merged on top), with our pre-encoded query string and cookies."""
        request = self._client.build_request(
            method, url, headers=headers, content=content, data=data, files=files
        )
        # httpx would re-encode a query string it merges parameters into: the client's own
        # parameters are encoded here instead, and left out where we send the same name.
        query = "&".join(_overridden(_encoded(request.url.params), query_pieces))
        request.url = request.url.copy_with(query=query.encode("ascii") if query else None)
        if cookie_pairs:  # after the client's cookies, or a Cookie of the default headers
            theirs = request.headers.get("cookie")
            pieces = theirs.split("; ") if theirs else []
            request.headers["Cookie"] = "; ".join(_overridden(pieces, cookie_pairs))
        return request

    def _apply_auth(
        self,
        security: tuple[tuple[str, ...], ...],
        headers: dict[str, str],
        params: list[tuple[str, str]],
        cookies: list[str],
    ) -> bool:
        """Apply every credential of every alternative the client can satisfy."""
        if not security:
            return True
        satisfied = [req for req in security if self._satisfied(req)]
        if not satisfied and () not in security:
            return False
        applied: set[str] = set()
        for requirement in satisfied:
            for key in requirement:
                if key not in applied:
                    applied.add(key)
                    self._credentials[key].apply(headers, params, cookies)
        return True

    def _log_request(self, request: httpx.Request, attempt: int) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            secret = self._secret_names()
            url = request.url.copy_with(
                params=[
                    (k, "<redacted>" if k.lower() in self._secret_query() else v)
                    for k, v in request.url.params.multi_items()
                ]
            )
            logger.debug(
                "request %s %s attempt=%d headers=%s",
                request.method,
                url,
                attempt + 1,
                _redacted(request.headers, secret),
            )

    def _secret_query(self) -> frozenset[str]:
        return frozenset(
            name.lower()
            for auth in self._credentials.values()
            for name in auth.secret_query_names()
        )

    def _log_response(self, response: httpx.Response) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "response %s %s -> %d headers=%s",
                response.request.method,
                response.request.url.copy_with(query=None),
                response.status_code,
                _redacted(response.headers, self._secret_names()),
            )

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

    def _secrets(self) -> tuple[frozenset[str], frozenset[str]]:
        """The names of the headers and query parameters that carry credentials."""
        return self._secret_names(), self._secret_query()

    @staticmethod
    def _failure(exc: httpx.HTTPError, request: httpx.Request) -> APIError:
        """The typed error for an httpx error that is not a transport error (not retried)."""
        if isinstance(exc, httpx.DecodingError):
            return APIConnectionError(request, f"The response body could not be decoded: {exc}")
        return APIConnectionError(request, f"{type(exc).__name__}: {exc}")

    def _finish(self, response: httpx.Response, endpoint: Endpoint, raw: bool) -> Any:
        if response.status_code >= 400:
            raise error_for_status(response, _error_body(response, endpoint))
        if raw:
            return APIResponse[Any](response, endpoint)
        return parse_response(response, endpoint)


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
        request, raw = self._build_request(
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
            self._log_request(request, attempt)
            try:
                response, again = self._exchange(request, endpoint, raw, attempt, timeouts)
            except httpx.TransportError as exc:
                time.sleep(self._delay_after(exc, request, attempt))
                attempt += 1
                continue
            except httpx.HTTPError as exc:
                raise self._failure(exc, request) from exc
            if again:
                time.sleep(retry_delay(attempt, response))
                attempt += 1
                continue
            if endpoint.stream and response.status_code < 400 and not raw:
                return Stream[Any](response, endpoint.cast_to)
            return self._finish(response, endpoint, raw)

    def _exchange(
        self,
        request: httpx.Request,
        endpoint: Endpoint,
        raw: bool,
        attempt: int,
        timeouts: dict[str, float | None],
    ) -> tuple[httpx.Response, bool]:
        """One attempt within `attempt_timeout`: send, follow redirects, read the body unless it
        is streamed; True when the response is to be retried (then it is closed, unread)."""
        deadline = deadline_of(self.attempt_timeout)
        capped = request.extensions["timeout"] = capped_timeouts(timeouts, deadline)
        response = send_following(self._client, request, self._secrets)
        self._log_response(response)
        if attempt < self.max_retries and should_retry(response):
            response.close()
            return response, True
        if endpoint.stream and response.status_code < 400 and not raw:
            release_stream(capped, timeouts)
        else:
            read_body(response, self.max_response_size, deadline)
        return response, False


class AsyncAPIClient(BaseClient):
    """The asynchronous transport: one httpx.AsyncClient, retries with backoff."""

    _client: httpx.AsyncClient

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
        request, raw = self._build_request(
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
            self._log_request(request, attempt)
            try:
                response, again = await self._exchange(request, endpoint, raw, attempt)
            except httpx.TransportError as exc:
                await anyio.sleep(self._delay_after(exc, request, attempt))
                attempt += 1
                continue
            except httpx.HTTPError as exc:
                raise self._failure(exc, request) from exc
            if again:
                await anyio.sleep(retry_delay(attempt, response))
                attempt += 1
                continue
            if endpoint.stream and response.status_code < 400 and not raw:
                return AsyncStream[Any](response, endpoint.cast_to)
            return self._finish(response, endpoint, raw)

    async def _exchange(
        self, request: httpx.Request, endpoint: Endpoint, raw: bool, attempt: int
    ) -> tuple[httpx.Response, bool]:
        """`_exchange_unbounded` past the gate (see `_limits`) and within `attempt_timeout`."""
        if self._gate is not None:
            await enter(self._gate, request)
        try:
            exchange = self._exchange_unbounded(request, endpoint, raw, attempt)
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
        self, request: httpx.Request, endpoint: Endpoint, raw: bool, attempt: int
    ) -> tuple[httpx.Response, bool]:
        """One attempt: send, follow redirects, read the body unless it is streamed; True when
        the response is to be retried (then it is closed, unread)."""
        response = await asend_following(self._client, request, self._secrets)
        self._log_response(response)
        if attempt < self.max_retries and should_retry(response):
            await response.aclose()
            return response, True
        if not (endpoint.stream and response.status_code < 400 and not raw):
            await aread_body(response, self.max_response_size)
        return response, False

"""Building each request from an operation's arguments: the URL, query string, headers,
credentials and body, on the caller's http client; and the client's log lines."""

from __future__ import annotations

import functools
import json
import logging
import platform
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx
import pydantic

from ._constants import PACKAGE, __version__
from ._encoding import (
    _check_header_value,
    _quote_query,
    _set_headers,
    _text_value,
    build_path,
    encode_body,
    encode_query,
)
from ._errors import MissingCredentialsError, RequestValidationError
from ._logs import Redactor, log_request, log_response, log_retry, logger
from ._types import Body, Credential, Endpoint, Headers, NotGiven, Query

RAW_RESPONSE_HEADER = "X-Clientgen-Raw-Response"
"""A marker in a call's `extra_headers`, never sent: how the call returns its response
(`RAW`: an `APIResponse` read whole, `STREAMED`: unread; absent: the parsed value)."""
RAW = "true"
STREAMED = "stream"


RETRY_COUNT_HEADER = "X-Clientgen-Retry-Count"


def idempotency_key() -> str:
    """A fresh idempotency key: a random (version 4) UUID."""
    return str(uuid.uuid4())


def _set_idempotency_key(headers: dict[str, str], name: str | None) -> None:
    """Give the `name` header a fresh key unless the call set one. A request is built once per
    call, so every retry of the call sends the same key."""
    if name and not any(given.lower() == name.lower() for given in headers):
        headers[name] = idempotency_key()


def user_agent(client_name: str, with_platform: bool = True) -> str:
    """`<Client>/Python <version>`, and the package and Python version unless the client's
    `platform_headers` is off."""
    if not with_platform:
        return f"{client_name}/Python {__version__}"
    return f"{client_name}/Python {__version__} ({PACKAGE}; clientgen; Python {platform.python_version()})"


@functools.lru_cache(maxsize=1)
def _platform() -> dict[str, str]:
    return {
        "X-Clientgen-Lang": "python",
        "X-Clientgen-Package": PACKAGE,
        "X-Clientgen-Package-Version": __version__,
        "X-Clientgen-OS": platform.system() or "unknown",
        "X-Clientgen-Arch": platform.machine().lower() or "unknown",
        "X-Clientgen-Runtime": platform.python_implementation(),
        "X-Clientgen-Runtime-Version": platform.python_version(),
    }


def platform_headers(is_async: bool) -> dict[str, str]:
    """The headers that identify the client, as vendor SDKs send them (see the package README);
    `X-Clientgen-Retry-Count` is set again on each attempt."""
    return {**_platform(), "X-Clientgen-Async": str(is_async).lower(), RETRY_COUNT_HEADER: "0"}


def _encoded(params: httpx.QueryParams) -> list[str]:
    """Query parameters as `name=value` pieces, each name and value percent-encoded whole."""
    return [f"{_quote_query(k)}={_quote_query(v)}" for k, v in params.multi_items()]


def _overridden(pieces: list[str], winners: list[str]) -> list[str]:
    """`name=value` pieces (of a query string or a Cookie header), less those named in
    `winners`, followed by `winners`."""
    names = {piece.split("=", 1)[0] for piece in winners}
    return [piece for piece in pieces if piece.split("=", 1)[0] not in names] + winners


def _set_call_headers(headers: dict[str, str], extra_headers: Headers) -> str:
    """Set a call's `extra_headers` over every other; how it asked for its response (`RAW`,
    `STREAMED`, or "": parsed)."""
    mode = ""
    for name, value in extra_headers.items():
        if name == RAW_RESPONSE_HEADER:
            mode = STREAMED if value == STREAMED else RAW
            continue
        _set_headers(headers, {name: value})
    return mode


class RequestBuilder:
    """Building requests and logging them: what the sync and async clients share."""

    _client: httpx.Client | httpx.AsyncClient
    _client_name: str
    _credentials: Mapping[str, Credential]
    _default_security: tuple[tuple[str, ...], ...]
    _default_headers: dict[str, str]
    _default_query: dict[str, object]
    base_url: httpx.URL
    max_retries: int
    platform_headers: bool
    _is_async = False

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

    def _build_request(self, endpoint: Endpoint, **arguments: Any) -> tuple[httpx.Request, str]:
        """The request for a call (and how it asked for its response: `RAW`, `STREAMED` or ""
        for the parsed value); arguments that
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
    ) -> tuple[httpx.Request, str]:
        # Appended to the base URL's path, never resolved against it: a path that looks like a
        # URL (`/https://other.host/...`, `/jobs:run`) cannot change the host or the scheme.
        target = str(self.base_url).rstrip("/") + "/" + build_path(endpoint.path, path).lstrip("/")
        # The query string is built here, not by httpx (whose form encoding would escape the
        # style separators): every name and value arrives already percent-encoded.
        query_pieces = encode_query(query, endpoint.styles, endpoint.keys)
        if self._default_query:  # the client's, under the operation's own parameters
            query_pieces = _overridden(encode_query(self._default_query, {}, {}), query_pieces)
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
            "User-Agent": user_agent(self._client_name, self.platform_headers),
            **(platform_headers(self._is_async) if self.platform_headers else {}),
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
        mode = _set_call_headers(request_headers, extra_headers or {})
        _set_idempotency_key(request_headers, endpoint.idempotency_header)
        if any(name.lower() == "cookie" for name in extra_headers or {}):
            cookie_pairs = []  # the call's own Cookie header is sent as it is
        for name, value in request_headers.items():
            _check_header_value(name, value)
        content, data, files, json_body = encode_body(endpoint, body, extra_body)
        has_content_type = any(name.lower() == "content-type" for name in request_headers)
        if (json_body is not None or content is not None) and not has_content_type:
            request_headers["Content-Type"] = endpoint.content_type or "application/json"
        if content is None and json_body is not None:
            content = json.dumps(json_body, separators=(",", ":")).encode()
        request = self._on_callers_client(
            endpoint.method,
            target,
            query_pieces,
            cookie_pairs,
            headers=request_headers,
            content=content,
            data=data,
            files=files,
        )
        return request, mode

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

    def _secret_query(self) -> frozenset[str]:
        return frozenset(
            name.lower()
            for auth in self._credentials.values()
            for name in auth.secret_query_names()
        )

    def _start_attempt(self, request: httpx.Request, attempt: int) -> None:
        """Count the attempt in its header (when platform headers are on), and log it."""
        if attempt and self.platform_headers:
            request.headers[RETRY_COUNT_HEADER] = str(attempt)
        self._log_request(request, attempt)

    def _log_request(self, request: httpx.Request, attempt: int) -> None:
        if logger.isEnabledFor(logging.INFO):
            log_request(request, attempt, Redactor(request, *self._secrets()))

    def _log_response(self, response: httpx.Response) -> None:
        """The response line, with its body at debug level when it was read."""
        if logger.isEnabledFor(logging.INFO):
            try:
                body: bytes | None = response.content
            except httpx.ResponseNotRead:
                body = None
            log_response(response, Redactor(response.request, *self._secrets()), body)

    def _log_retry(self, request: httpx.Request, attempt: int, delay: float, cause: str) -> None:
        if logger.isEnabledFor(logging.INFO):
            redactor = Redactor(request, *self._secrets())
            log_retry(request, redactor, attempt, self.max_retries, delay, cause)

    def _secrets(self) -> tuple[frozenset[str], frozenset[str]]:
        """The names of the headers and query parameters that carry credentials."""
        return self._secret_names(), self._secret_query()

"""Logging: `<PREFIX>_LOG=info` logs each request line, each response status and every retry
with its delay; `debug` adds headers and bodies. Credentials are redacted at both levels: the
headers and query parameters that carry them, and their values wherever else they appear."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from urllib.parse import unquote_plus

import httpx

from ._constants import ENV_PREFIX, PACKAGE

logger = logging.getLogger(PACKAGE)
REDACTED = "<redacted>"
BODY_LOG_LIMIT = 4096
"""The most characters of a body logged at debug level."""


def setup_logging() -> None:
    """Configure the package logger from `<PREFIX>_LOG` (`info` or `debug`)."""
    level = os.environ.get(f"{ENV_PREFIX}_LOG", "").lower()
    if level in ("debug", "info"):
        logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(
                logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s")
            )
            logger.addHandler(handler)


class Redactor:
    """Hides the credentials of one request: by header and query parameter name, and by value
    in any other text (a URL, a body that echoes them)."""

    def __init__(
        self, request: httpx.Request, headers: frozenset[str], query: frozenset[str]
    ) -> None:
        self.headers = headers
        self.query = query
        values = [v for k, v in request.headers.items() if k.lower() in headers]
        values += [v for k, v in request.url.params.multi_items() if k.lower() in query]
        # `Authorization: Bearer <token>`: the token alone is a secret too
        values += [v.split(" ", 1)[1] for v in values if " " in v]
        self.values = sorted({v for v in values if len(v) >= 4}, key=len, reverse=True)

    def text(self, text: str) -> str:
        for value in self.values:
            text = text.replace(value, REDACTED)
        return text

    def url(self, url: httpx.URL) -> str:
        pieces = url.query.decode("ascii").split("&") if url.query else []
        for index, piece in enumerate(pieces):
            name = piece.split("=", 1)[0]
            if unquote_plus(name).lower() in self.query:
                pieces[index] = f"{name}={REDACTED}"
        query = "?" + "&".join(pieces) if pieces else ""
        return self.text(str(url.copy_with(query=None)) + query)

    def header_map(self, headers: Iterable[tuple[str, str]]) -> dict[str, str]:
        return {k: (REDACTED if k.lower() in self.headers else self.text(v)) for k, v in headers}


def _body(content: bytes | None, redactor: Redactor) -> str:
    if content is None:
        return "<streamed>"
    text = content[:BODY_LOG_LIMIT].decode("utf-8", errors="replace")
    return redactor.text(text) + ("..." if len(content) > BODY_LOG_LIMIT else "")


def _request_content(request: httpx.Request) -> bytes | None:
    try:
        return request.content
    except httpx.RequestNotRead:
        return None


def log_request(request: httpx.Request, attempt: int, redactor: Redactor) -> None:
    if not logger.isEnabledFor(logging.INFO):
        return
    line = f"request {request.method} {redactor.url(request.url)} attempt={attempt + 1}"
    if logger.isEnabledFor(logging.DEBUG):
        headers = redactor.header_map(request.headers.items())
        body = _request_content(request)
        logger.debug(
            "%s headers=%s%s",
            line,
            headers,
            f" body={_body(body, redactor)}" if body != b"" else "",
        )
    else:
        logger.info("%s", line)


def log_response(response: httpx.Response, redactor: Redactor, body: bytes | None) -> None:
    """The response line; at debug level with its headers, and its body when it was read."""
    if not logger.isEnabledFor(logging.INFO):
        return
    request = response.request
    line = (
        f"response {request.method} {redactor.url(request.url.copy_with(query=None))}"
        f" -> {response.status_code}"
    )
    if logger.isEnabledFor(logging.DEBUG):
        headers = redactor.header_map(response.headers.items())
        logger.debug(
            "%s headers=%s%s", line, headers, f" body={_body(body, redactor)}" if body else ""
        )
    else:
        logger.info("%s", line)


def log_retry(
    request: httpx.Request,
    redactor: Redactor,
    attempt: int,
    max_retries: int,
    delay: float,
    cause: str,
) -> None:
    logger.info(
        "retrying %s %s in %.2f seconds (retry %d of %d) after %s",
        request.method,
        redactor.url(request.url),
        delay,
        attempt + 1,
        max_retries,
        redactor.text(cause),
    )

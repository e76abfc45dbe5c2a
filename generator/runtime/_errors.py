"""The errors this package raises; catch `APIError` for all of them."""

from __future__ import annotations

import json
from typing import Any

import httpx

REASON_LIMIT = 300
"""The most characters of the server's reason `str(error)` shows (longer ones end in `...`)."""
_MESSAGE_KEYS = ("message", "error_message", "errorMessage", "detail", "error_description", "msg")


class APIError(Exception):
    """Base of every error raised by this package."""

    def __init__(self, message: str, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class MissingCredentialsError(APIError):
    """No credential the operation accepts was given or found in the environment."""


class RequestValidationError(APIError, ValueError):
    """An argument of a call is not valid (a body that does not match its schema, a header value
    with a line break, ...): raised before anything is sent. It is both an `APIError` and a
    `ValueError`; `errors` lists pydantic's errors when the body failed validation (then
    `__cause__` is the `pydantic.ValidationError`)."""

    def __init__(self, message: str, errors: list[Any] | None = None) -> None:
        super().__init__(message)
        self.errors: list[Any] = errors or []


class RequestTypeError(RequestValidationError, TypeError):
    """An argument of a call has a type the operation cannot send (a `str` for a file to
    upload, ...): a `RequestValidationError` that is also a `TypeError`."""


class APIConnectionError(APIError):
    """The request could not be sent or no response arrived (after all retries)."""

    def __init__(self, request: httpx.Request, message: str = "Connection error.") -> None:
        super().__init__(message, request)


class APITimeoutError(APIConnectionError):
    """The request timed out (after all retries), or waited too long for a pooled connection,
    or an attempt ran past the client's `attempt_timeout`."""

    def __init__(self, request: httpx.Request, message: str = "Request timed out.") -> None:
        super().__init__(request, message)


class RedirectError(APIError):
    """A redirect the client does not follow: a 301/302 answering a method other than GET or
    HEAD (following it would turn a write into a read), a `Location` that is not http(s) or not
    a URL, or more than 20 redirects in a row (then `__cause__` is `httpx.TooManyRedirects`)."""

    def __init__(self, message: str, *, response: httpx.Response, location: str | None) -> None:
        super().__init__(message, response.request)
        self.response = response
        self.status_code = response.status_code
        self.location = location


class ResponseTooLargeError(APIError):
    """A response body (decoded) is larger than the client's `max_response_size`; reading
    stopped there."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        request = response.request
        super().__init__(
            f"{request.method} {request.url.copy_with(query=None)}: the response body is larger"
            f" than max_response_size ({limit} bytes)",
            request,
        )
        self.response = response
        self.status_code = response.status_code
        self.limit = limit


class APIResponseValidationError(APIError):
    """A successful response whose body does not match the operation's schema."""

    def __init__(self, response: httpx.Response, body: object, detail: str) -> None:
        super().__init__(f"response body does not match its schema: {detail}", response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body


class APIStatusError(APIError):
    """The API answered with a 4xx or 5xx status.

    `body` is the error body parsed into the spec's error model where the operation declares
    one, else the decoded JSON, else the text.
    """

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message, response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.request_id = response.headers.get("x-request-id")


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""


class InternalServerError(APIStatusError):
    """5xx server error."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _reason_in(value: Any, depth: int = 0) -> str | None:
    """The server's message in a decoded error body: a `message`-like field, at the top or
    under `error` / `errors[0]`."""
    if depth > 3:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, list):
        return _reason_in(value[0], depth + 1) if value and isinstance(value[0], dict) else None
    if not isinstance(value, dict):
        return None
    for key in _MESSAGE_KEYS:
        if isinstance(value.get(key), str) and value[key]:
            return str(value[key])
    for key in ("error", "errors", "detail"):
        if key in value:
            found = _reason_in(value[key], depth + 1)
            if found:
                return found
    return None


def server_reason(body: Any) -> str | None:
    """What the server said went wrong, from an error body (the spec's error model, JSON or
    text): its message field when it has one, else the body itself; at most `REASON_LIMIT`
    characters."""
    if hasattr(body, "model_dump"):  # the spec's error model, extra fields included
        body = body.model_dump(by_alias=True, mode="json")
    if body is None or body == "":
        return None
    reason = _reason_in(body)
    if reason is None:
        try:
            reason = json.dumps(body, separators=(",", ":"), ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            reason = str(body)
    reason = " ".join(reason.split())
    if len(reason) > REASON_LIMIT:
        reason = reason[:REASON_LIMIT] + "..."
    return reason or None


def error_for_status(response: httpx.Response, body: Any) -> APIStatusError:
    """The error class for a response's status, carrying the parsed body."""
    status = response.status_code
    error_class = _BY_STATUS.get(status)
    if error_class is None:
        error_class = InternalServerError if status >= 500 else APIStatusError
    request = response.request
    message = f"{request.method} {request.url.copy_with(query=None)} returned {status}"
    reason = response.reason_phrase
    if reason:
        message += f" {reason}"
    said = server_reason(body)
    if said:
        message += f": {said}"
    return error_class(message, response=response, body=body)


__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialsError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "RequestTypeError",
    "RequestValidationError",
    "ResponseTooLargeError",
    "UnprocessableEntityError",
]

"""Responses: the typed value of a success, the parsed body of an error, `APIResponse`."""

from __future__ import annotations

from typing import Any, Generic, TypeVar, cast

import httpx
import pydantic

from ._errors import APIResponseValidationError
from ._models import _adapter
from ._types import Endpoint

_R = TypeVar("_R")


def _is_json(response: httpx.Response) -> bool:
    content_type = str(response.headers.get("content-type", "")).split(";")[0].strip().lower()
    return content_type.endswith(("/json", "+json"))


class APIResponse(Generic[_R]):
    """A response before parsing: status, headers, and `parse()` for the typed value."""

    def __init__(
        self, response: httpx.Response, endpoint: Endpoint, retries_taken: int = 0
    ) -> None:
        self.http_response = response
        self._endpoint = endpoint
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

    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        return self.http_response.json()

    def parse(self) -> _R:
        """The response body as the operation's return type."""
        return cast(_R, parse_response(self.http_response, self._endpoint))

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {self._endpoint.method} {self.url}>"


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


def _validation_summary(exc: pydantic.ValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        location = ".".join(str(part) for part in error["loc"])
        parts.append(f"{location}: {error['msg']}" if location else error["msg"])
    more = exc.error_count() - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


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

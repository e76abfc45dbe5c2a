"""Issue 15: the runtime's status errors name the server's reason, and invalid arguments raise
`RequestValidationError` (an `APIError` and a `ValueError`) before anything is sent."""

from __future__ import annotations

from typing import Any, Literal

import httpx
import pytest
from runtime_harness import Server, async_client, sync_client

from generator.runtime import BaseModel, Endpoint
from generator.runtime._errors import (
    APIError,
    APIStatusError,
    RequestValidationError,
    error_for_status,
)

Mode = Literal["sync", "async"]


class Item(BaseModel):
    id: str


class ItemIn(BaseModel):
    count: int


CREATE = Endpoint("POST", "/items", cast_to=Item, body_type=ItemIn)


def _response(status: int, **kwargs: Any) -> httpx.Response:
    return httpx.Response(status, request=httpx.Request("GET", "https://api.test/x"), **kwargs)


class ErrorModel(BaseModel):
    error_message: str


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"message": "m"}, "m"),
        ({"error": {"message": "nested"}}, "nested"),
        ({"errors": [{"message": "first"}]}, "first"),
        (ErrorModel(error_message="from the model"), "from the model"),
        ("plain text", "plain text"),
        ({"code": 1}, '{"code":1}'),
        ("", None),
        (None, None),
    ],
)
def test_reason_in_message(body: Any, reason: str | None) -> None:
    error = error_for_status(_response(400), body)
    expected = "GET https://api.test/x returned 400 Bad Request"
    assert str(error) == (expected if reason is None else f"{expected}: {reason}")


def test_long_reason_is_truncated() -> None:
    error = error_for_status(_response(500), {"message": "y" * 5000})
    reason = str(error).split(": ", 1)[1]
    assert reason == "y" * 300 + "..."
    assert isinstance(error, APIStatusError)


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_invalid_body_raises_request_validation_error(mode: Mode) -> None:
    server = Server(httpx.Response(200, json={"id": "1"}))
    client: Any = sync_client(server) if mode == "sync" else async_client(server)
    with pytest.raises(RequestValidationError) as caught:
        result = client.request(CREATE, body={"count": "not a number"})
        if mode == "async":
            await result
    assert isinstance(caught.value, APIError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.errors[0]["loc"] == ("count",)
    assert server.requests == []

"""Issue 15: the runtime's low-level calls, sync and async: credentials, default query,
retries, errors, and `cast_to` (a model, bytes, `httpx.Response`)."""

from __future__ import annotations

from typing import Any, Literal

import httpx
import pytest
from runtime_harness import Server, async_client, sync_client

from generator.runtime import BaseModel
from generator.runtime._errors import NotFoundError

Mode = Literal["sync", "async"]


class Item(BaseModel):
    id: str


class Key:
    def apply(
        self, headers: dict[str, str], params: list[tuple[str, str]], cookies: list[str]
    ) -> None:
        headers["X-Key"] = "k1"

    def secret_names(self) -> tuple[str, ...]:
        return ("X-Key",)

    def secret_query_names(self) -> tuple[str, ...]:
        return ()


async def _settle(value: Any) -> Any:
    return await value if hasattr(value, "__await__") else value


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_low_level_calls(mode: Mode, sleeps: list[float]) -> None:
    server = Server(
        httpx.Response(500),
        httpx.Response(200, json={"id": "a"}),
        httpx.Response(200, content=b"raw"),
        httpx.Response(404, json={"detail": "gone"}),
    )
    options: dict[str, Any] = {
        "credentials": {"key": Key()},
        "default_security": (("key",),),
        "default_query": {"t": "1"},
    }
    client: Any = (
        sync_client(server, **options) if mode == "sync" else async_client(server, **options)
    )
    item = await _settle(client.patch("items/a", cast_to=Item, body={"n": 1}))
    assert item == Item(id="a")
    assert len(sleeps) == 1
    request = server.requests[-1]
    assert (request.method, str(request.url)) == ("PATCH", "https://api.test/v1/items/a?t=1")
    assert request.headers["x-key"] == "k1"
    assert request.content == b'{"n":1}'
    response = await _settle(client.get("/raw", cast_to=httpx.Response))
    assert isinstance(response, httpx.Response) and response.content == b"raw"
    with pytest.raises(NotFoundError, match="gone"):
        await _settle(client.delete("/items/a", cast_to=Item))

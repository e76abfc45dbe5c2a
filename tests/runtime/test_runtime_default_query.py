"""Issue 15: the runtime's `default_query`: sent with every call, under the operation's own
query parameters and the call's `extra_query`. Sync and async."""

from __future__ import annotations

from typing import Any, Literal

import httpx
import pytest
from runtime_harness import Server, async_client, sync_client

from generator.runtime import BaseModel, Endpoint

Mode = Literal["sync", "async"]


class Item(BaseModel):
    id: str


LIST = Endpoint("GET", "/items", cast_to=Item)


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_default_query_under_operation_and_extra_query(mode: Mode) -> None:
    server = Server(httpx.Response(200, json={"id": "1"}))
    options: dict[str, Any] = {"default_query": {"page": "1", "tenant": "t", "trace": "on"}}
    client: Any = (
        sync_client(server, **options) if mode == "sync" else async_client(server, **options)
    )
    result = client.request(LIST, query={"page": 4}, extra_query={"trace": "off"})
    if mode == "async":
        await result
    assert server.requests[0].url.query == b"tenant=t&page=4&trace=off"

"""Issue 15: the runtime's identifying headers, sync and async, and `platform_headers=False`."""

from __future__ import annotations

import platform
from typing import Any, Literal

import httpx
import pytest
from runtime_harness import Server, async_client, sync_client

from generator.runtime import BaseModel, Endpoint

Mode = Literal["sync", "async"]


class Item(BaseModel):
    id: str


ITEM = Endpoint("GET", "/items", cast_to=Item)


async def _call(mode: Mode, server: Server, **options: Any) -> None:
    client: Any = (
        sync_client(server, **options) if mode == "sync" else async_client(server, **options)
    )
    result = client.request(ITEM)
    if mode == "async":
        await result


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_platform_headers(mode: Mode) -> None:
    server = Server(httpx.Response(200, json={"id": "1"}))
    await _call(mode, server)
    headers = server.requests[0].headers
    assert headers["x-clientgen-lang"] == "python"
    assert headers["x-clientgen-package"] == "clientgen_runtime"
    assert headers["x-clientgen-package-version"] == "0.0.0"
    assert headers["x-clientgen-runtime-version"] == platform.python_version()
    assert headers["x-clientgen-async"] == ("true" if mode == "async" else "false")
    assert headers["x-clientgen-retry-count"] == "0"


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_platform_headers_off(mode: Mode) -> None:
    server = Server(httpx.Response(500), httpx.Response(200, json={"id": "1"}))
    await _call(mode, server, platform_headers=False)
    for request in server.requests:
        assert not [name for name in request.headers if name.startswith("x-clientgen")]
        assert request.headers["user-agent"] == "Runtime/Python 0.0.0"

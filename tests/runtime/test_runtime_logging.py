"""Issue 15: the runtime logs request lines and retries at info, headers and bodies at debug,
and never a credential, whether sent in a header or in the query string."""

from __future__ import annotations

import logging
from typing import Any, Literal

import httpx
import pytest
from runtime_harness import Server, async_client, sync_client

from generator.runtime import BaseModel, Endpoint

Mode = Literal["sync", "async"]
SECRET = "qs-5ecr3t-9"


class Item(BaseModel):
    id: str


ITEM = Endpoint("GET", "/items/{id}", cast_to=Item, security=(("key",),))


class QueryKey:
    def apply(
        self, headers: dict[str, str], params: list[tuple[str, str]], cookies: list[str]
    ) -> None:
        params.append(("api_key", SECRET))

    def secret_names(self) -> tuple[str, ...]:
        return ()

    def secret_query_names(self) -> tuple[str, ...]:
        return ("api_key",)


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("level", [logging.INFO, logging.DEBUG])
async def test_query_credentials_are_redacted_in_request_lines(
    mode: Mode, level: int, caplog: pytest.LogCaptureFixture, sleeps: list[float]
) -> None:
    caplog.set_level(level, logger="clientgen_runtime")
    server = Server(httpx.Response(500), httpx.Response(200, json={"id": SECRET}))
    options: dict[str, Any] = {"credentials": {"key": QueryKey()}}
    client: Any = (
        sync_client(server, **options) if mode == "sync" else async_client(server, **options)
    )
    result = client.request(ITEM, path={"id": "7"}, query={"page": 2})
    if mode == "async":
        result = await result
    assert result.id == SECRET
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0].startswith("request GET https://api.test/v1/items/7?page=2&api_key=<redacted>")
    assert lines[2] == (
        "retrying GET https://api.test/v1/items/7?page=2&api_key=<redacted>"
        f" in {sleeps[0]:.2f} seconds (retry 1 of 2) after 500"
    )
    assert SECRET not in caplog.text

"""Issue 15: low-level `client.get/post/put/patch/delete(path, cast_to=..., ...)` for endpoints
the spec lacks, with the client's retries, credentials, default headers and query, and errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from harness import Api, Mode, Recorder, respond, settle


def base(client: Any) -> str:
    return str(client.base_url).rstrip("/")


async def test_get_sends_credentials_and_parses(api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(respond(200, {"id": "x1", "n": 2}))
    client = api.client(mode, recorder, default_headers={"X-App": "a"})
    result = await settle(
        client.get("/v9/things/x1", cast_to=dict[str, Any], query={"expand": "all"})
    )
    assert result == {"id": "x1", "n": 2}
    request = recorder.last
    assert request.method == "GET"
    assert str(request.url) == f"{base(client)}/v9/things/x1?expand=all"
    for name, value in api.auth_headers.items():
        assert request.headers.get_list(name) == [value]
    assert request.headers["x-app"] == "a"
    assert request.headers["accept"] == "application/json"
    assert request.content == b""


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
async def test_writes_send_a_json_body_and_parse_into_a_model(
    method: str, api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(200, dict(api.ok_body)))
    client = api.client(mode, recorder)
    result = await settle(
        getattr(client, method)(
            "/v9/things", cast_to=api.model, body={"a": [1, 2]}, headers={"X-Trace": "t"}
        )
    )
    assert isinstance(result, api.model)
    request = recorder.last
    assert request.method == method.upper()
    assert str(request.url) == f"{base(client)}/v9/things"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-trace"] == "t"
    assert request.content == b'{"a":[1,2]}'


async def test_low_level_calls_retry_and_raise_typed_errors(
    api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(respond(503, {}), respond(404, {"message": "no such thing"}))
    client = api.client(mode, recorder)
    with pytest.raises(api.package.NotFoundError) as caught:
        await settle(client.delete("/v9/things/1", cast_to=dict[str, Any]))
    assert len(recorder.requests) == 2
    assert len(sleeps) == 1
    assert str(caught.value).endswith("returned 404 Not Found: no such thing")


async def test_cast_to_httpx_response_returns_the_response(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(200, content=b"raw bytes"))
    client = api.client(mode, recorder)
    response = await settle(client.get("/v9/raw", cast_to=httpx.Response))
    assert isinstance(response, httpx.Response)
    assert response.content == b"raw bytes"
    assert await settle(client.get("/v9/raw", cast_to=bytes)) == b"raw bytes"


async def test_low_level_calls_use_default_query_and_timeout(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(200, {}))
    client = api.client(mode, recorder, default_query={"tenant": "t1"})
    await settle(client.post("/v9/x", cast_to=dict[str, Any], timeout=3.0))
    assert str(recorder.last.url) == f"{base(client)}/v9/x?tenant=t1"
    assert recorder.last.extensions["timeout"]["read"] == 3.0

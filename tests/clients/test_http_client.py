"""Issue 15: a caller's own `http_client` keeps its configuration, and per-call values win over
the client's (credentials included), on the three seed clients, sync and async."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from harness import Api, Mode, Recorder, body_of, ok


def callers_client(mode: Mode, recorder: Recorder, **options: Any) -> Any:
    transport = httpx.MockTransport(recorder)
    if mode == "sync":
        return httpx.Client(transport=transport, **options)
    return httpx.AsyncClient(transport=transport, **options)


async def test_the_callers_headers_params_and_cookies_are_sent(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    host = httpx.URL(api.url).host
    jar = httpx.Cookies()
    jar.set("session", "s1", domain=host)
    http = callers_client(
        mode, recorder, headers={"X-App": "billing"}, params={"tenant": "t1"}, cookies=jar
    )
    await api.call(api.client(mode, recorder, http_client=http))
    request = recorder.last
    assert request.headers.get_list("x-app") == ["billing"]
    assert request.url.params.multi_items() == [("tenant", "t1")]
    assert request.url.copy_with(query=None) == api.url
    assert request.headers.get_list("cookie") == ["session=s1"]
    assert "gzip" in request.headers["accept-encoding"]
    for name, value in api.auth_headers.items():
        assert request.headers.get_list(name) == [value]
    assert body_of(request) == dict(api.json_body)


async def test_extra_headers_override_every_credential(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder)
    tenant_b = {name: f"TENANT-B-{index}" for index, name in enumerate(api.auth_headers)}
    await api.call(client, extra_headers=tenant_b)
    for name, value in tenant_b.items():
        assert recorder.last.headers.get_list(name) == [value]
    await api.call(client)
    for name, value in api.auth_headers.items():
        assert recorder.last.headers.get_list(name) == [value]


def test_the_readme_documents_the_callers_http_client_and_per_call_values(api: Api) -> None:
    readme = (Path(api.package.__file__).parent / "README.md").read_text("utf-8")
    assert "Your own `http_client` keeps its configuration" in readme
    assert "the values of a call win over the client's, credentials included" in readme


def test_seed_enum_members_print_as_their_value() -> None:
    import polyai
    import uponai

    assert f"{polyai.CreateChatRequestChannel.WEBCHAT}" == "webchat"
    assert str(uponai.MessageRole("assistant")) == "assistant"


async def test_with_options_default_headers_merge_with_the_clients(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder, default_headers={"X-Team": "a", "X-Env": "prod"})
    copy = client.with_options(default_headers={"x-env": "test", "X-Trace": "on"})
    await api.call(copy)
    sent = recorder.last
    assert sent.headers.get_list("x-team") == ["a"]
    assert sent.headers.get_list("x-env") == ["test"]
    assert sent.headers.get_list("x-trace") == ["on"]
    await api.call(client)
    assert recorder.last.headers.get_list("x-env") == ["prod"]
    assert "x-trace" not in recorder.last.headers

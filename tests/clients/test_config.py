"""Requirements 5 and 6: servers, timeouts, retries setting, headers, http clients, with_options,
closing, and the User-Agent."""

from __future__ import annotations

import platform
from typing import Any

import brainbase_labs
import httpx
import pytest
from harness import (
    APIS,
    BB_KEY,
    BRAINBASE,
    POLYAI,
    Api,
    Mode,
    Recorder,
    assert_sent,
    fail,
    ok,
    respond,
    settle,
    spec,
)
from polyai import SERVERS, AsyncPolyAI, PolyAI

DEFAULT_TIMEOUT = httpx.Timeout(60, connect=5)


def path_of(api: Api) -> str:
    return httpx.URL(api.url).raw_path.decode()


# -- servers --------------------------------------------------------------------------------------


@pytest.mark.parametrize("api_", APIS, ids=[api.id for api in APIS])
def test_servers_are_the_spec_servers_first_is_default(api_: Api) -> None:
    servers = [server["url"] for server in spec(api_.spec_name)["servers"]]
    assert list(api_.package.SERVERS.values()) == servers
    assert api_.url.startswith(servers[0] + "/")


async def test_default_server(api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder)
    assert str(client.base_url) == str(next(iter(api.package.SERVERS.values()))) + "/"
    await api.call(client)
    assert str(recorder.last.url) == api.url


@pytest.mark.parametrize(
    "base_url",
    ["http://localhost:4010", "http://localhost:4010/", httpx.URL("http://localhost:4010")],
)
async def test_base_url_argument(
    base_url: str | httpx.URL, api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    await api.call(api.client(mode, recorder, base_url=base_url))
    assert_sent(api, recorder.last, url="http://localhost:4010" + path_of(api))


async def test_base_url_with_a_path_prefix(api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(api))
    await api.call(api.client(mode, recorder, base_url="https://proxy.example/v2/vendor"))
    assert str(recorder.last.url) == "https://proxy.example/v2/vendor" + path_of(api)


async def test_base_url_from_the_environment(
    api: Api, mode: Mode, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(f"{api.env_prefix}_BASE_URL", "https://env.example/base")
    recorder.script(ok(api))
    await api.call(api.client(mode, recorder))
    assert str(recorder.last.url) == "https://env.example/base" + path_of(api)
    await api.call(api.client(mode, recorder, base_url="https://arg.example"))
    assert str(recorder.last.url) == "https://arg.example" + path_of(api)


@pytest.mark.parametrize("server", ["us_1", "uk_1", "euw_1"])
async def test_polyai_regions(server: str, mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(POLYAI))
    await POLYAI.call(POLYAI.client(mode, recorder, server=server))
    region = server.replace("_", "-")
    assert str(recorder.last.url) == (
        f"https://api.{region}.platform.polyai.app/v1/ACCOUNT-1/PROJECT-1/chat/create"
    )
    assert SERVERS[server] == f"https://api.{region}.platform.polyai.app"


def test_polyai_servers_mapping() -> None:
    assert dict(SERVERS) == {
        "us_1": "https://api.us-1.platform.polyai.app",
        "uk_1": "https://api.uk-1.platform.polyai.app",
        "euw_1": "https://api.euw-1.platform.polyai.app",
    }
    assert PolyAI.servers is SERVERS
    assert AsyncPolyAI.servers is SERVERS


async def test_named_server_wins_over_the_environment(
    mode: Mode, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLYAI_BASE_URL", "https://env.example")
    recorder.script(ok(POLYAI))
    await POLYAI.call(POLYAI.client(mode, recorder, server="uk_1"))
    assert recorder.last.url.host == "api.uk-1.platform.polyai.app"


async def test_brainbase_named_server(mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(BRAINBASE))
    await BRAINBASE.call(BRAINBASE.client(mode, recorder, server="production"))
    assert str(recorder.last.url) == BRAINBASE.url


async def test_unknown_server_is_a_value_error(api: Api, mode: Mode, recorder: Recorder) -> None:
    with pytest.raises(ValueError, match="unknown server 'mars_1'") as caught:
        api.client(mode, recorder, server="mars_1")
    for name in api.package.SERVERS:
        assert name in str(caught.value)


# -- timeouts -------------------------------------------------------------------------------------


async def test_default_timeout_reaches_the_transport(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder)
    assert client.timeout == DEFAULT_TIMEOUT
    await api.call(client)
    assert recorder.last.extensions["timeout"] == {
        "connect": 5.0,
        "read": 60.0,
        "write": 60.0,
        "pool": 60.0,
    }


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (12.5, httpx.Timeout(12.5)),
        (httpx.Timeout(30, connect=2), httpx.Timeout(30, connect=2)),
        (None, httpx.Timeout(None)),
    ],
)
async def test_client_timeout(
    timeout: Any, expected: httpx.Timeout, api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    await api.call(api.client(mode, recorder, timeout=timeout))
    assert recorder.last.extensions["timeout"] == expected.as_dict()


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (3.0, httpx.Timeout(3.0)),
        (httpx.Timeout(1, read=9), httpx.Timeout(1, read=9)),
        (None, httpx.Timeout(None)),
    ],
)
async def test_per_call_timeout(
    timeout: Any, expected: httpx.Timeout, api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder, timeout=20)
    await api.call(client, timeout=timeout)
    assert recorder.last.extensions["timeout"] == expected.as_dict()
    await api.call(client)
    assert recorder.last.extensions["timeout"] == httpx.Timeout(20).as_dict()


# -- max_retries ----------------------------------------------------------------------------------


async def test_max_retries_setting(api: Api, mode: Mode, recorder: Recorder) -> None:
    assert api.client(mode, recorder).max_retries == 2
    assert api.client(mode, recorder, max_retries=0).max_retries == 0
    with pytest.raises(ValueError, match="max_retries"):
        api.client(mode, recorder, max_retries=-1)
    client = api.client(mode, recorder, max_retries=5)
    recorder.script(*[respond(503, {"error": "down"})] * 5, ok(api))
    result = await api.call(client)
    assert isinstance(result, api.model)
    assert len(recorder.requests) == 6


# -- headers --------------------------------------------------------------------------------------


async def test_default_headers_are_sent_on_every_call(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder, default_headers={"X-Team": "support", "X-Env": "test"})
    await api.call(client)
    await api.call(client, extra_headers={"X-Env": "override"})
    first, second = recorder.requests
    assert (first.headers["x-team"], first.headers["x-env"]) == ("support", "test")
    assert (second.headers["x-team"], second.headers.get_list("x-env")) == ("support", ["override"])
    for name, value in api.auth_headers.items():
        assert first.headers[name] == value


async def test_user_agent_names_client_and_version(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    await api.call(api.client(mode, recorder))
    assert api.package.__version__ == api.version
    assert recorder.last.headers.get_list("user-agent") == [
        f"{api.client_name}/Python {api.version} ({api.id}; clientgen; Python {platform.python_version()})"
    ]


def test_brainbase_user_agent(recorder: Recorder) -> None:
    recorder.script(ok(BRAINBASE))
    client = brainbase_labs.BrainbaseLabs(api_key=BB_KEY, http_client=recorder.sync_client())
    client.workers.deployments.chat.create("w1", name="n", flow_id="f")
    assert recorder.last.headers["user-agent"].startswith("BrainbaseLabs/Python 1.0.3 ")


async def test_default_headers_can_replace_the_user_agent(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    await api.call(api.client(mode, recorder, default_headers={"User-Agent": "my-app/1"}))
    assert recorder.last.headers.get_list("user-agent") == ["my-app/1"]


# -- http clients, closing ------------------------------------------------------------------------


async def test_callers_http_client_is_used_and_left_open(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    http_client = recorder.http_client(mode)
    client = api.client(mode, recorder, http_client=http_client)
    await api.call(client)
    assert len(recorder.requests) == 1
    await settle(client.close())
    assert not http_client.is_closed
    await api.call(client)
    assert len(recorder.requests) == 2
    if isinstance(http_client, httpx.Client):
        http_client.close()
    else:
        await http_client.aclose()


def test_sync_context_manager_and_close(api: Api) -> None:
    with api.client("sync") as client:
        assert isinstance(client, api.sync_class)
        pool = client._client
        assert isinstance(pool, httpx.Client)
        assert not pool.is_closed
    assert pool.is_closed
    other = api.client("sync")
    other.close()
    assert other._client.is_closed


async def test_async_context_manager_and_close(api: Api) -> None:
    async with api.client("async") as client:
        assert isinstance(client, api.async_class)
        pool = client._client
        assert isinstance(pool, httpx.AsyncClient)
        assert not pool.is_closed
    assert pool.is_closed
    other = api.client("async")
    await other.close()
    assert other._client.is_closed


async def test_owned_client_follows_redirects_and_is_not_shared(api: Api, mode: Mode) -> None:
    first, second = api.client(mode), api.client(mode)
    assert first._client is not second._client
    assert first._client.follow_redirects
    await settle(first.close())
    await settle(second.close())


# -- with_options ---------------------------------------------------------------------------------


async def test_with_options_changes_a_copy_and_shares_the_pool(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder)
    new_credentials = {argument: f"rotated-{argument}" for argument in api.credentials}
    copy = client.with_options(base_url="https://eu.example", max_retries=0, **new_credentials)
    assert type(copy) is type(client)
    assert copy is not client
    assert copy._client is client._client
    assert copy.max_retries == 0
    assert client.max_retries == 2

    await api.call(copy)
    sent = recorder.last
    assert str(sent.url) == "https://eu.example" + path_of(api)
    for (name, _), argument in zip(api.auth_headers.items(), api.credentials, strict=True):
        value = sent.headers[name]
        assert value.endswith(f"rotated-{argument}")

    await api.call(client)
    assert_sent(api, recorder.last)

    await settle(copy.close())
    assert not client._client.is_closed


async def test_with_options_keeps_what_is_not_changed(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    client = api.client(
        mode,
        recorder,
        base_url="https://custom.example",
        timeout=7,
        max_retries=4,
        default_headers={"X-Team": "a"},
    )
    copy = client.with_options(timeout=httpx.Timeout(9))
    assert copy.max_retries == 4
    await api.call(copy)
    sent = recorder.last
    assert str(sent.url) == "https://custom.example" + path_of(api)
    assert sent.headers["x-team"] == "a"
    assert sent.extensions["timeout"] == httpx.Timeout(9).as_dict()
    for name, value in api.auth_headers.items():
        assert sent.headers[name] == value


async def test_with_options_owned_pool_survives_closing_the_copy(api: Api, mode: Mode) -> None:
    client = api.client(mode)
    copy = client.with_options(max_retries=0)
    assert copy._client is client._client
    await settle(copy.close())
    assert not client._client.is_closed
    await settle(client.close())
    assert client._client.is_closed


async def test_transport_errors_reach_the_callers_transport(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    """The caller's transport is the only one used: an error it raises surfaces from the call."""
    recorder.script(fail(httpx.ConnectError, "refused by the caller's transport"))
    client = api.client(mode, recorder, max_retries=0)
    with pytest.raises(api.package.APIConnectionError, match="caller's transport"):
        await api.call(client)

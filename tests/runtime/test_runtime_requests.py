"""Building requests (issue 15): a caller's own `http_client` keeps its configuration (headers,
query parameters, cookies, auth, event hooks, timeout), ours merged on top; per-call values
(`extra_headers`, `extra_query`) win over the client's, credentials included. Sync and async,
through `httpx.MockTransport`."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, Literal

import httpx
import pytest
from runtime_harness import BASE_URL, Server, client_options

from generator.runtime import AsyncAPIClient, BaseModel, Endpoint, SyncAPIClient

Mode = Literal["sync", "async"]
MODES: list[Mode] = ["sync", "async"]


class Item(BaseModel):
    id: str


ITEM = Endpoint("GET", "/items/{id}", cast_to=Item)
SECURED = Endpoint("GET", "/items/{id}", cast_to=Item, security=(("key",),))


class HeaderAndQueryKey:
    """A credential sent both as a header and as a query parameter."""

    def __init__(self, key: str) -> None:
        self.key = key

    def apply(
        self, headers: dict[str, str], params: list[tuple[str, str]], cookies: list[str]
    ) -> None:
        headers["X-Api-Key"] = self.key
        params.append(("api_key", self.key))

    def secret_names(self) -> tuple[str, ...]:
        return ("X-Api-Key",)

    def secret_query_names(self) -> tuple[str, ...]:
        return ("api_key",)


class CookieKey(HeaderAndQueryKey):
    def apply(
        self, headers: dict[str, str], params: list[tuple[str, str]], cookies: list[str]
    ) -> None:
        cookies.append(f"sid={self.key}")


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> Mode:
    value: Mode = request.param
    return value


def ok() -> httpx.Response:
    return httpx.Response(200, json={"id": "a"})


async def send(
    mode: Mode,
    http_options: dict[str, Any],
    *,
    endpoint: Endpoint = ITEM,
    client: dict[str, Any] | None = None,
    **kwargs: Any,
) -> httpx.Request:
    """One call through a caller's own httpx client built with `http_options`; the request
    as the server received it."""
    server = Server(ok())
    kwargs.setdefault("path", {"id": "a"})
    options = client_options(**(client or {}))
    transport = httpx.MockTransport(server)
    if mode == "sync":
        with httpx.Client(transport=transport, **http_options) as http:
            SyncAPIClient(http_client=http, **options).request(endpoint, **kwargs)
    else:
        async with httpx.AsyncClient(transport=transport, **http_options) as ahttp:
            await AsyncAPIClient(http_client=ahttp, **options).request(endpoint, **kwargs)
    assert len(server.requests) == 1
    return server.requests[0]


# ------------------------------------------------------------------ the caller's http client


async def test_the_callers_headers_are_sent_under_ours(mode: Mode) -> None:
    request = await send(
        mode,
        {"headers": {"X-App": "billing", "Accept": "text/plain", "User-Agent": "theirs/1"}},
    )
    assert request.headers.get_list("x-app") == ["billing"]
    assert request.headers.get_list("accept") == ["application/json"]
    assert request.headers["user-agent"].startswith("Runtime/Python")


async def test_accept_encoding_is_sent(mode: Mode) -> None:
    request = await send(mode, {})
    assert "gzip" in request.headers["accept-encoding"]


async def test_the_callers_query_parameters_are_sent(mode: Mode) -> None:
    request = await send(
        mode,
        {"params": {"tenant": "t 1", "dry_run": "0"}},
        query={"q": "a,b"},
        extra_query={"dry_run": 1},
    )
    assert request.url.path == "/v1/items/a"
    assert request.url.params.multi_items() == [("tenant", "t 1"), ("q", "a,b"), ("dry_run", "1")]


async def test_our_query_encoding_survives_the_callers_parameters(mode: Mode) -> None:
    styled = Endpoint("GET", "/items/{id}", cast_to=Item, styles={"ids": ("pipeDelimited", False)})
    request = await send(
        mode, {"params": {"tenant": "t"}}, endpoint=styled, query={"ids": ["a", "b"]}
    )
    assert request.url.query == b"tenant=t&ids=a%7Cb"


async def test_the_callers_cookies_are_sent(mode: Mode) -> None:
    jar = httpx.Cookies()
    jar.set("session", "s1", domain="api.test")
    request = await send(mode, {"cookies": jar})
    assert request.headers.get_list("cookie") == ["session=s1"]


async def test_the_callers_cookies_are_merged_with_ours(mode: Mode) -> None:
    jar = httpx.Cookies()
    jar.set("session", "s1", domain="api.test")
    jar.set("sid", "theirs", domain="api.test")
    request = await send(
        mode,
        {"cookies": jar},
        endpoint=SECURED,
        client={"credentials": {"key": CookieKey("ours")}},
        cookies={"pref": "dark"},
    )
    cookies = request.headers.get_list("cookie")
    assert len(cookies) == 1
    assert sorted(cookies[0].split("; ")) == ["pref=dark", "session=s1", "sid=ours"]


class Signed(httpx.Auth):
    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-Signature"] = "signed:" + request.url.path
        yield request


async def test_the_callers_auth_and_event_hooks_run(mode: Mode) -> None:
    seen: list[str] = []

    def hook(request: httpx.Request) -> None:
        seen.append(request.headers["user-agent"])

    async def ahook(request: httpx.Request) -> None:
        hook(request)

    hooks = {"request": [hook if mode == "sync" else ahook]}
    request = await send(mode, {"auth": Signed(), "event_hooks": hooks})
    assert request.headers["x-signature"] == "signed:/v1/items/a"
    assert len(seen) == 1
    assert seen[0].startswith("Runtime/Python")


async def test_the_callers_timeout_is_the_default(mode: Mode) -> None:
    request = await send(mode, {"timeout": 3.0})
    assert request.extensions["timeout"] == httpx.Timeout(3.0).as_dict()
    request = await send(mode, {"timeout": 3.0}, timeout=7.0)
    assert request.extensions["timeout"] == httpx.Timeout(7.0).as_dict()
    request = await send(mode, {"timeout": 3.0}, client={"timeout": 9.0})
    assert request.extensions["timeout"] == httpx.Timeout(9.0).as_dict()


# ----------------------------------------------------------------------- per-call values win


async def test_extra_headers_override_a_credential(mode: Mode) -> None:
    request = await send(
        mode,
        {},
        endpoint=SECURED,
        client={"credentials": {"key": HeaderAndQueryKey("TENANT-A")}},
        extra_headers={"x-api-key": "TENANT-B"},
    )
    assert request.headers.get_list("x-api-key") == ["TENANT-B"]


async def test_extra_query_overrides_a_query_credential(mode: Mode) -> None:
    request = await send(
        mode,
        {},
        endpoint=SECURED,
        client={"credentials": {"key": HeaderAndQueryKey("TENANT-A")}},
        extra_query={"api_key": "TENANT-B"},
    )
    assert request.url.params.get_list("api_key") == ["TENANT-B"]
    assert request.headers["x-api-key"] == "TENANT-A"


async def test_extra_headers_override_default_headers_and_the_callers(mode: Mode) -> None:
    request = await send(
        mode,
        {"headers": {"X-Env": "theirs"}},
        client={"default_headers": {"X-Env": "default"}},
        extra_headers={"x-env": "call"},
    )
    assert request.headers.get_list("x-env") == ["call"]


def test_base_url_of_the_callers_client_does_not_move_requests() -> None:
    server = Server(ok())
    http = httpx.Client(transport=httpx.MockTransport(server), base_url="https://other.test/x")
    SyncAPIClient(http_client=http, **client_options()).request(ITEM, path={"id": "a"})
    assert str(server.requests[0].url) == BASE_URL + "/items/a"


# --------------------------------------------------------------------------- async sleeping


async def test_async_retries_sleep_through_anyio(
    monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    """Any event loop httpx supports (asyncio, trio): the async client never sleeps with
    `asyncio.sleep`, which raises under trio."""
    import asyncio

    async def asyncio_only(seconds: float) -> None:
        raise AssertionError("asyncio.sleep used: retries would fail under trio")

    monkeypatch.setattr(asyncio, "sleep", asyncio_only)
    server = Server(httpx.Response(503), ok())
    http = httpx.AsyncClient(transport=httpx.MockTransport(server))
    client = AsyncAPIClient(http_client=http, **client_options())
    assert await client.request(ITEM, path={"id": "a"}) == Item(id="a")
    assert len(server.requests) == 2
    assert sleeps == [0.5]


def test_the_client_we_create_sends_accept_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a caller's client, ours (httpx defaults) builds the request: compressed
    responses are asked for."""
    seen: list[httpx.Request] = []

    def handle(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return ok()

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle)
    client = SyncAPIClient(http_client=None, **client_options())
    assert client.request(ITEM, path={"id": "a"}) == Item(id="a")
    client.close()
    assert "gzip" in seen[0].headers["accept-encoding"]


async def test_a_cookie_credential_is_merged_with_a_default_cookie_header(mode: Mode) -> None:
    request = await send(
        mode,
        {},
        endpoint=SECURED,
        client={"credentials": {"key": CookieKey("ours")}, "default_headers": {"Cookie": "a=1"}},
    )
    assert request.headers.get_list("cookie") == ["a=1; sid=ours"]


async def test_a_cookie_header_of_the_call_is_sent_as_it_is(mode: Mode) -> None:
    jar = httpx.Cookies()
    jar.set("session", "s1", domain="api.test")
    request = await send(
        mode,
        {"cookies": jar},
        endpoint=SECURED,
        client={"credentials": {"key": CookieKey("ours")}},
        extra_headers={"cookie": "sid=call"},
    )
    assert request.headers.get_list("cookie") == ["sid=call"]

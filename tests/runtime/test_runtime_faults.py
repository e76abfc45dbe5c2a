"""Faults and hostile servers (issue 20), the runtime as itself, sync and async: credentials never
leave their origin on a redirect, a write is never silently turned into a read, every failure is
an `APIError` with its cause chained, response size and per-attempt deadline are bounded, a pool
timeout is not retried, `Retry-After` cannot make a retry immediate.

Redirects across real origins, content encodings and trickling bodies use the local fault server
(tests/fault_server.py); the rest runs on `httpx.MockTransport`.
"""

from __future__ import annotations

import asyncio
import base64
import threading
from collections.abc import Iterator
from typing import Any, Literal

import anyio
import httpx
import pytest
from fault_server import (
    FaultServer,
    Received,
    Reply,
    deep_json,
    gzip_bomb,
    gzip_bomb_parts,
    json_reply,
    redirect,
    running,
)
from runtime_harness import BASE_URL, Server, async_client, client_options, sync_client

from generator.runtime import AsyncAPIClient, BaseModel, Endpoint, SyncAPIClient
from generator.runtime._errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    BadRequestError,
    InternalServerError,
    RedirectError,
    ResponseTooLargeError,
)
from generator.runtime._transport import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_RESPONSE_SIZE,
    MAX_RETRY_DELAY,
    retry_delay,
)

Mode = Literal["sync", "async"]
MODES: list[Mode] = ["sync", "async"]

KEY = "k-5ecr3t"
USER, PASSWORD = "u-5ecr3t", "p-5ecr3t"
SECRETS = (KEY, USER, PASSWORD, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())


class Item(BaseModel):
    id: str


class EveryKind:
    """A credential of every kind at once: header, query, cookie and basic authorization."""

    def apply(
        self, headers: dict[str, str], params: list[tuple[str, str]], cookies: list[str]
    ) -> None:
        headers["X-Api-Key"] = KEY
        headers["Authorization"] = (
            "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        )
        params.append(("api_key", KEY))
        cookies.append(f"session={KEY}")

    def secret_names(self) -> tuple[str, ...]:
        return ("X-Api-Key", "Authorization")

    def secret_query_names(self) -> tuple[str, ...]:
        return ("api_key",)


class Bearer:
    def apply(
        self, headers: dict[str, str], params: list[tuple[str, str]], cookies: list[str]
    ) -> None:
        headers["Authorization"] = f"Bearer {KEY}"

    def secret_names(self) -> tuple[str, ...]:
        return ("Authorization",)

    def secret_query_names(self) -> tuple[str, ...]:
        return ()


SECURED = {"credentials": {"every": EveryKind()}, "default_security": (("every",),)}
GET_ITEM = Endpoint("GET", "/start", cast_to=Item)
POST_ITEM = Endpoint("POST", "/start", cast_to=Item, body_type=dict)


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> Mode:
    value: Mode = request.param
    return value


@pytest.fixture
def origin() -> Iterator[FaultServer]:
    with running() as server:
        yield server


@pytest.fixture
def elsewhere() -> Iterator[FaultServer]:
    with running() as server:
        yield server


def real_client(mode: Mode, base_url: str, **overrides: Any) -> SyncAPIClient | AsyncAPIClient:
    """A client that owns its httpx client (real sockets), short timeouts."""
    options = client_options(base_url=base_url, timeout=5.0, **overrides)
    if mode == "sync":
        return SyncAPIClient(http_client=None, **options)
    return AsyncAPIClient(http_client=None, **options)


async def send(client: SyncAPIClient | AsyncAPIClient, endpoint: Endpoint, **kwargs: Any) -> Any:
    try:
        if isinstance(client, SyncAPIClient):
            return client.request(endpoint, **kwargs)
        return await client.request(endpoint, **kwargs)
    finally:
        if isinstance(client, SyncAPIClient):
            client.close()
        else:
            await client.close()


async def mock_call(mode: Mode, handler: Any, endpoint: Endpoint, **kwargs: Any) -> Any:
    """One call on a MockTransport, through an httpx client that follows redirects (as the one
    a client creates itself does)."""
    options = client_options(**kwargs.pop("client", {}))
    transport = httpx.MockTransport(handler)
    if mode == "sync":
        http = httpx.Client(transport=transport, follow_redirects=True)
        return SyncAPIClient(http_client=http, **options).request(endpoint, **kwargs)
    ahttp = httpx.AsyncClient(transport=transport, follow_redirects=True)
    return await AsyncAPIClient(http_client=ahttp, **options).request(endpoint, **kwargs)


def leaks(received: Received) -> list[str]:
    """Every place a secret shows up in a received request."""
    found = [f"header {n}" for n, v in received.headers.items() if any(s in v for s in SECRETS)]
    found += [f"query {n}" for n, v in received.query if any(s in v for s in SECRETS)]
    return found


def sent_credentials(received: Received) -> None:
    assert received.headers["x-api-key"] == KEY
    assert received.headers["authorization"].startswith("Basic ")
    assert ("api_key", KEY) in received.query
    assert f"session={KEY}" in received.headers["cookie"]


# ------------------------------------------------------------------- credentials on redirects


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_a_cross_origin_redirect_carries_no_credential(
    mode: Mode, status: int, origin: FaultServer, elsewhere: FaultServer
) -> None:
    origin.route("/start", redirect(status, f"{elsewhere.other_host_url}/landing?keep=1"))
    elsewhere.route("/landing", json_reply(200, {"id": "landed"}))
    client = real_client(mode, origin.url, **SECURED)
    assert await send(client, GET_ITEM) == Item(id="landed")
    (first,) = origin.received("/start")
    sent_credentials(first)
    (landed,) = elsewhere.received("/landing")
    assert leaks(landed) == []
    assert "cookie" not in landed.headers
    assert landed.query == [("keep", "1")]


async def test_a_location_that_repeats_a_query_credential_loses_it_elsewhere(
    mode: Mode, origin: FaultServer, elsewhere: FaultServer
) -> None:
    origin.route("/start", redirect(302, f"{elsewhere.url}/landing?api_key={KEY}&keep=1"))
    elsewhere.route("/landing", json_reply(200, {"id": "landed"}))
    await send(real_client(mode, origin.url, **SECURED), GET_ITEM)
    (landed,) = elsewhere.received("/landing")
    assert landed.query == [("keep", "1")]


async def test_a_same_origin_redirect_keeps_the_credentials(
    mode: Mode, origin: FaultServer
) -> None:
    origin.route("/start", redirect(307, "/moved"))
    origin.route("/moved", json_reply(200, {"id": "moved"}))
    assert await send(real_client(mode, origin.url, **SECURED), GET_ITEM) == Item(id="moved")
    (moved,) = origin.received("/moved")
    assert moved.headers["x-api-key"] == KEY
    assert moved.headers["authorization"].startswith("Basic ")


async def test_retries_after_a_cross_origin_redirect_never_send_credentials_there(
    mode: Mode, origin: FaultServer, elsewhere: FaultServer, sleeps: list[float]
) -> None:
    origin.route("/start", redirect(307, f"{elsewhere.url}/down"))
    elsewhere.route("/down", json_reply(503, {"error": "down"}))
    with pytest.raises(InternalServerError):
        await send(real_client(mode, origin.url, **SECURED), GET_ITEM)
    assert len(origin.received("/start")) == 3
    down = elsewhere.received("/down")
    assert len(down) == 3
    assert [leaks(r) for r in down] == [[], [], []]


async def test_a_redirect_back_to_the_origin_stays_without_credentials(
    mode: Mode, origin: FaultServer, elsewhere: FaultServer
) -> None:
    origin.route("/start", redirect(302, f"{elsewhere.url}/bounce"))
    elsewhere.route("/bounce", redirect(302, f"{origin.url}/back"))
    origin.route("/back", json_reply(200, {"id": "back"}))
    await send(real_client(mode, origin.url, **SECURED), GET_ITEM)
    (back,) = origin.received("/back")
    assert leaks(back) == []


async def test_an_https_to_http_downgrade_on_the_same_host_carries_no_credential(
    mode: Mode,
) -> None:
    # https needs a certificate, so this one runs on a MockTransport: the redirect is
    # followed by the runtime either way, and the mock sees every hop.
    server = Server(
        httpx.Response(302, headers={"Location": "http://api.test/v1/plain"}),
        httpx.Response(200, json={"id": "plain"}),
    )
    for credentials in ({"every": EveryKind()}, {"every": Bearer()}):
        server.requests.clear()
        server.answers = [
            httpx.Response(302, headers={"Location": "http://api.test/v1/plain"}),
            httpx.Response(200, json={"id": "plain"}),
        ]
        result = await mock_call(
            mode,
            server,
            GET_ITEM,
            client={"credentials": credentials, "default_security": (("every",),)},
        )
        assert result == Item(id="plain")
        first, downgraded = server.requests
        assert first.url.scheme == "https"
        assert "authorization" in first.headers
        assert str(downgraded.url) == "http://api.test/v1/plain"
        assert not {"authorization", "x-api-key", "cookie"} & set(downgraded.headers.keys())


async def test_the_callers_httpx_auth_is_not_sent_to_another_origin(
    mode: Mode, origin: FaultServer, elsewhere: FaultServer
) -> None:
    origin.route("/start", redirect(302, f"{elsewhere.url}/landing"))
    elsewhere.route("/landing", json_reply(200, {"id": "landed"}))
    options = client_options(base_url=origin.url, timeout=5.0)
    auth = httpx.BasicAuth(USER, PASSWORD)
    if mode == "sync":
        with httpx.Client(auth=auth, follow_redirects=True) as http:
            SyncAPIClient(http_client=http, **options).request(GET_ITEM)
    else:
        async with httpx.AsyncClient(auth=auth, follow_redirects=True) as ahttp:
            await AsyncAPIClient(http_client=ahttp, **options).request(GET_ITEM)
    assert origin.received("/start")[0].headers["authorization"].startswith("Basic ")
    assert leaks(elsewhere.received("/landing")[0]) == []


# ------------------------------------------------------------------------ writes and redirects


@pytest.mark.parametrize("status", [301, 302])
async def test_a_post_answered_with_301_or_302_is_not_turned_into_a_get(
    mode: Mode, status: int, sleeps: list[float]
) -> None:
    server = Server(httpx.Response(status, headers={"Location": "/v1/elsewhere?x=1"}))
    with pytest.raises(RedirectError) as caught:
        await mock_call(mode, server, POST_ITEM, body={"a": 1})
    error = caught.value
    assert isinstance(error, APIError)
    assert error.status_code == status
    assert error.location == f"{BASE_URL}/elsewhere?x=1"
    assert "/v1/elsewhere" in str(error)
    assert [r.method for r in server.requests] == ["POST"]
    assert sleeps == []


@pytest.mark.parametrize("status", [307, 308])
async def test_a_post_answered_with_307_or_308_is_resent_as_a_post(mode: Mode, status: int) -> None:
    server = Server(
        httpx.Response(status, headers={"Location": "/v1/moved"}),
        httpx.Response(200, json={"id": "moved"}),
    )
    assert await mock_call(mode, server, POST_ITEM, body={"a": 1}) == Item(id="moved")
    assert [(r.method, r.url.path, r.content) for r in server.requests] == [
        ("POST", "/v1/start", b'{"a":1}'),
        ("POST", "/v1/moved", b'{"a":1}'),
    ]


async def test_a_post_answered_with_303_fetches_the_result_with_a_get(mode: Mode) -> None:
    server = Server(
        httpx.Response(303, headers={"Location": "/v1/result"}),
        httpx.Response(200, json={"id": "result"}),
    )
    assert await mock_call(mode, server, POST_ITEM, body={"a": 1}) == Item(id="result")
    second = server.requests[1]
    assert (second.method, second.content) == ("GET", b"")
    assert "content-type" not in second.headers


async def test_a_redirect_loop_is_a_redirect_error_with_its_cause(
    mode: Mode, origin: FaultServer, sleeps: list[float]
) -> None:
    origin.route("/start", redirect(302, "/start"))
    with pytest.raises(RedirectError) as caught:
        await send(real_client(mode, origin.url), GET_ITEM)
    assert isinstance(caught.value.__cause__, httpx.TooManyRedirects)
    assert len(origin.received("/start")) == 21  # the request and 20 redirects
    assert sleeps == []


async def test_a_redirect_to_another_scheme_is_refused(mode: Mode) -> None:
    server = Server(httpx.Response(302, headers={"Location": "ftp://files.test/x"}))
    with pytest.raises(RedirectError, match="ftp"):
        await mock_call(mode, server, GET_ITEM)
    assert len(server.requests) == 1


# ---------------------------------------------------------------- every failure is an APIError


async def test_an_invalid_gzip_body_is_a_connection_error_with_its_cause(
    mode: Mode, origin: FaultServer, sleeps: list[float]
) -> None:
    origin.route("/start", Reply(200, {"Content-Encoding": "gzip"}, b"this is not gzip"))
    with pytest.raises(APIConnectionError) as caught:
        await send(real_client(mode, origin.url), GET_ITEM)
    assert isinstance(caught.value.__cause__, httpx.DecodingError)
    assert len(origin.received("/start")) == 1


@pytest.mark.parametrize("status", [200, 201])
async def test_json_nested_too_deep_is_a_validation_error_with_its_cause(
    mode: Mode, status: int
) -> None:
    answer = httpx.Response(
        status, content=deep_json(3000), headers={"Content-Type": "application/json"}
    )
    with pytest.raises(APIResponseValidationError) as caught:
        await mock_call(mode, Server(answer), GET_ITEM)
    assert isinstance(caught.value.__cause__, RecursionError)


async def test_an_error_body_nested_too_deep_is_still_a_bad_request(mode: Mode) -> None:
    body = deep_json(3000)
    answer = httpx.Response(400, content=body, headers={"Content-Type": "application/json"})
    with pytest.raises(BadRequestError) as caught:
        await mock_call(mode, Server(answer), GET_ITEM)
    assert caught.value.body == body.decode()


# ----------------------------------------------------------------------- Retry-After and caps


@pytest.mark.parametrize(
    "headers",
    [
        {"retry-after": "0"},
        {"retry-after": "-5"},
        {"retry-after-ms": "0"},
        {"retry-after": "nan"},
        {"retry-after": "inf"},
    ],
)
async def test_a_retry_after_of_zero_or_less_still_backs_off(
    mode: Mode, headers: dict[str, str], sleeps: list[float]
) -> None:
    server = Server(
        httpx.Response(429, json={}, headers=headers), httpx.Response(200, json={"id": "a"})
    )
    assert await mock_call(mode, server, GET_ITEM) == Item(id="a")
    assert sleeps == [0.5]


@pytest.mark.parametrize("attempt", [64, 1024, 10**6])
def test_retry_delay_is_capped_for_any_attempt(attempt: int) -> None:
    assert retry_delay(attempt, None) == MAX_RETRY_DELAY


# -------------------------------------------------------------------------- pool and timeouts


async def test_a_pool_timeout_is_not_retried(mode: Mode, sleeps: list[float]) -> None:
    server = Server(httpx.PoolTimeout("no connection free"))
    with pytest.raises(APITimeoutError, match="pool") as caught:
        await mock_call(mode, server, GET_ITEM)
    assert isinstance(caught.value.__cause__, httpx.PoolTimeout)
    assert len(server.requests) == 1
    assert sleeps == []


def test_default_connection_limits() -> None:
    """100 connections, every one kept alive: httpcore's pool costs grow with the square of the
    connections it holds (bench/RESULTS.md, "Burst"), and it closes idle connections whenever
    it holds more connections in all than the keep-alive limit."""
    assert DEFAULT_LIMITS.max_connections == 100
    assert DEFAULT_LIMITS.max_keepalive_connections == 100
    client = SyncAPIClient(http_client=None, **client_options())
    pool = client._client._transport._pool  # type: ignore[attr-defined]
    assert (pool._max_connections, pool._max_keepalive_connections) == (100, 100)
    client.close()


async def test_an_async_client_with_its_own_pool_lets_as_many_calls_in_as_it_has_connections() -> (
    None
):
    own = AsyncAPIClient(http_client=None, **client_options())
    assert own._gate is not None
    copy = AsyncAPIClient(http_client=own._client, **client_options())
    assert copy._gate is own._gate  # `with_options` copies share the pool, and its gate
    theirs = AsyncAPIClient(http_client=httpx.AsyncClient(), **client_options())
    assert theirs._gate is None  # a caller's own httpx client: their limits, their queue
    await own.close()
    await theirs._client.aclose()


async def test_calls_in_flight_never_exceed_the_gate(origin: FaultServer) -> None:
    """Eight calls through a gate of three: three reach the server, the others wait at the
    gate (not in httpcore's queue) until one of those is answered; then all eight succeed."""
    three_in = threading.Event()
    release = threading.Event()

    def held(received: Received) -> Reply:
        if len(origin.received("/start")) == 3:
            three_in.set()
        release.wait(5.0)
        return json_reply(200, {"id": "a"})

    origin.route("/start", held)
    client = AsyncAPIClient(http_client=None, **client_options(base_url=origin.url, timeout=10.0))
    client._gate = anyio.Semaphore(3)
    calls = [asyncio.ensure_future(client.request(GET_ITEM)) for _ in range(8)]
    assert await asyncio.get_running_loop().run_in_executor(None, three_in.wait, 5.0)
    assert len(origin.received("/start")) == 3
    release.set()
    assert [await call for call in calls] == [Item(id="a")] * 8
    await client.close()


async def test_waiting_at_the_gate_past_the_pool_timeout_is_a_pool_timeout(
    sleeps: list[float],
) -> None:
    client = AsyncAPIClient(
        http_client=httpx.AsyncClient(
            transport=httpx.MockTransport(Server(httpx.Response(200, json={"id": "a"})))
        ),
        **client_options(timeout=httpx.Timeout(5.0, pool=0.01)),
    )
    client._gate = anyio.Semaphore(1)
    await client._gate.acquire()  # every connection busy
    with pytest.raises(APITimeoutError, match="pool") as caught:
        await client.request(GET_ITEM)
    assert isinstance(caught.value.__cause__, httpx.PoolTimeout)
    assert sleeps == []
    client._gate.release()
    assert await client.request(GET_ITEM) == Item(id="a")


# ------------------------------------------------------------------ response size and deadline


def test_the_default_response_size_limit_is_generous() -> None:
    assert DEFAULT_MAX_RESPONSE_SIZE == 100 * 1024 * 1024
    assert sync_client(Server()).max_response_size == DEFAULT_MAX_RESPONSE_SIZE
    assert sync_client(Server(), max_response_size=None).max_response_size is None
    with pytest.raises(ValueError, match="max_response_size"):
        sync_client(Server(), max_response_size=0)
    with pytest.raises(ValueError, match="attempt_timeout"):
        sync_client(Server(), attempt_timeout=-1.0)


async def test_a_gzip_bomb_stops_at_the_size_limit(
    mode: Mode, origin: FaultServer, sleeps: list[float]
) -> None:
    origin.route(
        "/start",
        Reply(
            200, {"Content-Encoding": "gzip", "Content-Type": "application/json"}, gzip_bomb(256)
        ),
    )
    client = real_client(mode, origin.url, max_response_size=1 << 20)
    with pytest.raises(ResponseTooLargeError) as caught:
        await send(client, GET_ITEM)
    assert caught.value.limit == 1 << 20
    assert len(origin.received("/start")) == 1
    assert sleeps == []


async def test_the_size_limit_stops_reading_early(mode: Mode) -> None:
    """The body is read in chunks and reading stops at the limit: of a 1 GiB gzip stream (one
    chunk per decoded MiB) no more than a few chunks are pulled."""
    pulled: list[int] = []
    first, again = gzip_bomb_parts()

    def chunks() -> Iterator[bytes]:
        for index in range(1024):
            pulled.append(index)
            yield first if index == 0 else again

    class Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            return chunks()

        async def __aiter__(self) -> Any:
            for chunk in chunks():
                yield chunk

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, stream=Chunks())

    with pytest.raises(ResponseTooLargeError):
        await mock_call(mode, handler, GET_ITEM, client={"max_response_size": 3 << 20})
    assert len(pulled) < 8


async def test_a_body_over_the_limit_is_refused_even_on_an_error_status(mode: Mode) -> None:
    server = Server(httpx.Response(400, content=b"x" * 5000))
    with pytest.raises(ResponseTooLargeError):
        await mock_call(mode, server, GET_ITEM, client={"max_response_size": 4096})
    server = Server(httpx.Response(200, json={"id": "a" * 100}))
    result = await mock_call(mode, server, GET_ITEM, client={"max_response_size": 4096})
    assert result == Item(id="a" * 100)


async def test_a_streamed_response_has_no_size_limit(mode: Mode) -> None:
    events = Endpoint("GET", "/log", cast_to=str, stream=True, accept="text/event-stream")
    data = b"".join(b"data: " + b"x" * 1000 + b"\n\n" for _ in range(20))
    server = Server(
        httpx.Response(200, content=data, headers={"content-type": "text/event-stream"})
    )
    if mode == "sync":
        stream = sync_client(server, max_response_size=4096).request(events)
        assert len(list(stream)) == 20
    else:
        astream = await async_client(server, max_response_size=4096).request(events)
        assert len([e async for e in astream]) == 20


async def test_a_trickling_body_hits_the_attempt_deadline(
    mode: Mode, origin: FaultServer, sleeps: list[float]
) -> None:
    def trickle() -> Iterator[bytes]:
        yield from (b" " for _ in range(400))

    origin.route(
        "/start",
        Reply(200, {"Content-Type": "application/json", "Content-Length": "400"}, trickle, 0.02),
    )
    client = real_client(mode, origin.url, attempt_timeout=0.3, max_retries=1)
    with pytest.raises(APITimeoutError, match="deadline") as caught:
        await send(client, GET_ITEM)
    assert isinstance(caught.value.__cause__, httpx.TimeoutException)
    assert len(origin.received("/start")) == 2  # a deadline is per attempt: retried
    assert len(sleeps) == 1


# --------------------------------------------------------------- failures while events stream


class Broken(httpx.SyncByteStream, httpx.AsyncByteStream):
    """An event stream that fails after its first event."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def __iter__(self) -> Iterator[bytes]:
        yield b"data: one\n\n"
        raise self.error

    async def __aiter__(self) -> Any:
        yield b"data: one\n\n"
        raise self.error


@pytest.mark.parametrize(
    ("error", "raised"),
    [
        (httpx.ReadTimeout("slow"), APITimeoutError),
        (httpx.RemoteProtocolError("peer closed"), APIConnectionError),
        (httpx.DecodingError("bad gzip"), APIConnectionError),
    ],
)
async def test_a_stream_that_fails_midway_raises_a_typed_error(
    mode: Mode, error: Exception, raised: type[APIError]
) -> None:
    events = Endpoint("GET", "/log", cast_to=str, stream=True, accept="text/event-stream")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"content-type": "text/event-stream"}, stream=Broken(error)
        )

    seen: list[Any] = []
    with pytest.raises(raised) as caught:
        if mode == "sync":
            for event in sync_client(handler).request(events):
                seen.append(event)
        else:
            async for event in await async_client(handler).request(events):
                seen.append(event)
    assert seen == ["one"]
    assert caught.value.__cause__ is error


async def test_deep_json_in_an_event_is_a_validation_error(mode: Mode) -> None:
    events = Endpoint("GET", "/log", cast_to=list, stream=True, accept="text/event-stream")
    body = b"data: " + deep_json(3000) + b"\n\n"
    server = Server(
        httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})
    )
    with pytest.raises(APIResponseValidationError) as caught:
        if mode == "sync":
            list(sync_client(server).request(events))
        else:
            [e async for e in await async_client(server).request(events)]
    assert isinstance(caught.value.__cause__, RecursionError)


async def test_the_attempt_deadline_covers_a_stream_up_to_its_headers_only(
    mode: Mode, origin: FaultServer
) -> None:
    """Events that arrive slower than `attempt_timeout` (but within the read timeout) are fine:
    the deadline bounds the wait for the response, not the life of the stream."""

    def events() -> Iterator[bytes]:
        yield from (b"data: tick\n\n" for _ in range(3))

    origin.route("/start", Reply(200, {"Content-Type": "text/event-stream"}, events, 0.4))
    ticks = Endpoint("GET", "/start", cast_to=str, stream=True, accept="text/event-stream")
    client = real_client(mode, origin.url, attempt_timeout=0.25)
    if isinstance(client, SyncAPIClient):
        with client.request(ticks) as stream:
            assert list(stream) == ["tick"] * 3
        client.close()
    else:
        async with await client.request(ticks) as astream:
            assert [e async for e in astream] == ["tick"] * 3
        await client.close()


async def test_a_body_of_undeclared_length_stops_at_the_limit(mode: Mode) -> None:
    class Undeclared(httpx.SyncByteStream, httpx.AsyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            yield from (b"x" * 1000 for _ in range(5))

        async def __aiter__(self) -> Any:
            for _ in range(5):
                yield b"x" * 1000

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Undeclared())

    with pytest.raises(ResponseTooLargeError):
        await mock_call(mode, handler, GET_ITEM, client={"max_response_size": 4096})
    ok = httpx.Response(200, json={"id": "a"})
    assert await mock_call(mode, Server(ok), GET_ITEM, client={"max_response_size": 4096}) == Item(
        id="a"
    )

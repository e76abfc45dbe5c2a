"""Faults and hostile servers (issue 20) on the generated clients, sync and async: their
credentials (Brainbase `x-api-key`, PolyAI `X-API-KEY` and `X-TOKEN`, UponAI's bearer token)
never reach another origin, a POST is never silently turned into a GET, every failure is one of
the package's errors, and the new options (`max_response_size`, `attempt_timeout`) exist on the
constructor and on `with_options`.

Redirects across real origins, gzip bombs and trickling bodies run against the local fault
server (tests/fault_server.py), the rest on the scripted `Recorder`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fault_server import (
    FaultServer,
    Received,
    Reply,
    deep_json,
    gzip_bomb,
    json_reply,
    redirect,
    running,
)
from harness import BRAINBASE, POLYAI, SECRETS, Api, Mode, Recorder, fail, ok, respond, settle


@pytest.fixture
def origin() -> Iterator[FaultServer]:
    with running() as server:
        yield server


@pytest.fixture
def elsewhere() -> Iterator[FaultServer]:
    with running() as server:
        yield server


def path_of(api: Api) -> str:
    return urlsplit(api.url).path


async def call(api: Api, mode: Mode, base_url: str, **options: Any) -> Any:
    """The canonical call (a POST) on a client that owns its httpx client (real sockets)."""
    client = api.client(mode, base_url=base_url, timeout=5.0, **options)
    try:
        return await api.call(client)
    finally:
        await settle(client.close())


def leaks(received: Received) -> list[str]:
    found = [f"header {n}" for n, v in received.headers.items() if any(s in v for s in SECRETS)]
    found += [f"query {n}" for n, v in received.query if any(s in v for s in SECRETS)]
    return found


# ------------------------------------------------------------------- credentials on redirects


@pytest.mark.parametrize("status", [307, 308])
async def test_a_post_redirected_to_another_origin_is_resent_without_credentials(
    api: Api, mode: Mode, status: int, origin: FaultServer, elsewhere: FaultServer
) -> None:
    origin.route(path_of(api), redirect(status, f"{elsewhere.other_host_url}/landing"))
    elsewhere.route("/landing", json_reply(api.ok_status, dict(api.ok_body)))
    assert isinstance(await call(api, mode, origin.url), api.model)
    (first,) = origin.received(path_of(api))
    assert all(first.headers[name] == value for name, value in api.auth_headers.items())
    (landed,) = elsewhere.received("/landing")
    assert landed.method == "POST"
    assert landed.body == first.body
    assert leaks(landed) == []


async def test_a_303_to_another_origin_fetches_without_credentials(
    api: Api, mode: Mode, origin: FaultServer, elsewhere: FaultServer
) -> None:
    origin.route(path_of(api), redirect(303, f"{elsewhere.url}/result"))
    elsewhere.route("/result", json_reply(200, dict(api.ok_body)))
    assert isinstance(await call(api, mode, origin.url), api.model)
    (result,) = elsewhere.received("/result")
    assert (result.method, result.body, leaks(result)) == ("GET", b"", [])


async def test_retries_at_the_other_origin_never_carry_credentials(
    api: Api, mode: Mode, origin: FaultServer, elsewhere: FaultServer, sleeps: list[float]
) -> None:
    origin.route(path_of(api), redirect(307, f"{elsewhere.url}/down"))
    elsewhere.route("/down", json_reply(503, {"error": "down"}))
    with pytest.raises(api.package.InternalServerError):
        await call(api, mode, origin.url)
    down = elsewhere.received("/down")
    assert len(down) == 3
    assert [leaks(r) for r in down] == [[], [], []]


@pytest.mark.parametrize("status", [301, 302])
async def test_a_post_answered_with_301_or_302_raises_a_redirect_error(
    api: Api, mode: Mode, status: int, origin: FaultServer, elsewhere: FaultServer
) -> None:
    origin.route(path_of(api), redirect(status, f"{elsewhere.url}/landing"))
    with pytest.raises(api.package.RedirectError) as caught:
        await call(api, mode, origin.url)
    assert isinstance(caught.value, api.package.APIError)
    assert caught.value.location == f"{elsewhere.url}/landing"
    assert caught.value.status_code == status
    assert elsewhere.requests == []
    assert len(origin.requests) == 1


async def test_a_redirect_loop_is_a_redirect_error(
    mode: Mode, origin: FaultServer, sleeps: list[float]
) -> None:
    api = BRAINBASE
    origin.route(path_of(api), redirect(307, path_of(api)))
    with pytest.raises(api.package.RedirectError) as caught:
        await call(api, mode, origin.url)
    assert isinstance(caught.value.__cause__, httpx.TooManyRedirects)


# ---------------------------------------------------------------- every failure is an APIError


async def test_an_invalid_gzip_body_is_a_connection_error(
    api: Api, mode: Mode, origin: FaultServer
) -> None:
    origin.route(path_of(api), Reply(200, {"Content-Encoding": "gzip"}, b"not gzip at all"))
    with pytest.raises(api.package.APIConnectionError) as caught:
        await call(api, mode, origin.url)
    assert isinstance(caught.value.__cause__, httpx.DecodingError)


@pytest.mark.parametrize("api", [BRAINBASE, POLYAI], ids=["brainbase_labs", "polyai"])
async def test_deep_json_is_a_typed_error_also_on_a_400(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    deep = deep_json(3000)
    recorder.script(respond(200, content=deep, headers={"Content-Type": "application/json"}))
    with pytest.raises(api.package.APIResponseValidationError) as caught:
        await api.call(api.client(mode, recorder))
    assert isinstance(caught.value.__cause__, RecursionError)
    recorder.script(respond(400, content=deep, headers={"Content-Type": "application/json"}))
    with pytest.raises(api.package.BadRequestError) as bad:
        await api.call(api.client(mode, recorder))
    assert bad.value.body == deep.decode()


# ------------------------------------------------------------------ retries, pool and bounds


async def test_retry_after_zero_backs_off(
    api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(respond(429, {}, headers={"Retry-After": "0"}), ok(api))
    await api.call(api.client(mode, recorder))
    assert len(sleeps) == 1
    assert 0.375 <= sleeps[0] <= 0.5


async def test_a_pool_timeout_is_not_retried(
    api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(fail(httpx.PoolTimeout, "pool full"))
    with pytest.raises(api.package.APITimeoutError, match="pool") as caught:
        await api.call(api.client(mode, recorder))
    assert isinstance(caught.value.__cause__, httpx.PoolTimeout)
    assert len(recorder.requests) == 1
    assert sleeps == []


async def test_the_bounds_are_client_options(api: Api, mode: Mode, recorder: Recorder) -> None:
    client = api.client(mode, recorder)
    assert client.max_response_size == 100 * 1024 * 1024
    assert client.attempt_timeout is None
    bounded = client.with_options(max_response_size=1000, attempt_timeout=2.5)
    assert (bounded.max_response_size, bounded.attempt_timeout) == (1000, 2.5)
    again = bounded.with_options(max_retries=0)
    assert (again.max_response_size, again.attempt_timeout) == (1000, 2.5)
    assert bounded.with_options(max_response_size=None).max_response_size is None
    recorder.script(respond(api.ok_status, content=b"x" * 2000))
    with pytest.raises(api.package.ResponseTooLargeError):
        await api.call(bounded)


@pytest.mark.parametrize("api", [BRAINBASE, POLYAI], ids=["brainbase_labs", "polyai"])
async def test_a_gzip_bomb_is_refused_at_the_limit(
    api: Api, mode: Mode, origin: FaultServer
) -> None:
    origin.route(
        path_of(api),
        Reply(200, {"Content-Encoding": "gzip", "Content-Type": "application/json"}, gzip_bomb(64)),
    )
    with pytest.raises(api.package.ResponseTooLargeError) as caught:
        await call(api, mode, origin.url, max_response_size=1 << 20)
    assert isinstance(caught.value, api.package.APIError)


@pytest.mark.parametrize("api", [BRAINBASE, POLYAI], ids=["brainbase_labs", "polyai"])
async def test_a_trickling_body_is_cut_at_the_attempt_deadline(
    api: Api, mode: Mode, origin: FaultServer
) -> None:
    def trickle() -> Iterator[bytes]:
        yield from (b" " for _ in range(400))

    origin.route(path_of(api), Reply(200, {"Content-Length": "400"}, trickle, 0.02))
    with pytest.raises(api.package.APITimeoutError, match="attempt_timeout"):
        await call(api, mode, origin.url, attempt_timeout=0.2, max_retries=0)

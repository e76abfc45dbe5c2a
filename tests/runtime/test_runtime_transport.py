"""The transport as itself: retries and backoff, timeouts, credentials, typed errors and parsed
responses, sync and async, through `httpx.MockTransport` (no package is generated)."""

from __future__ import annotations

from typing import Any, Literal

import httpx
import pytest
from runtime_harness import BASE_URL, Server, async_client, sync_client

from generator.runtime import APIResponse, BaseModel, Endpoint, SyncAPIResource
from generator.runtime import to_raw_response_wrapper as raw_wrapper
from generator.runtime._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    MissingCredentialsError,
    NotFoundError,
    RateLimitError,
    error_for_status,
)
from generator.runtime._requests import user_agent
from generator.runtime._retries import retry_delay
from generator.runtime._transport import DEFAULT_TIMEOUT

Mode = Literal["sync", "async"]
MODES: list[Mode] = ["sync", "async"]


class Item(BaseModel):
    id: str
    name: str | None = None


class Problem(BaseModel):
    detail: str


ITEM = Endpoint("GET", "/items/{id}", cast_to=Item, errors={"404": Problem})


def reply(status: int = 200, json: Any = None, **headers: str) -> httpx.Response:
    if json is None and status == 200:
        json = {"id": "a"}
    return httpx.Response(status, json=json, headers=headers)


async def call(
    mode: Mode, server: Server, endpoint: Endpoint = ITEM, client: Any = None, **kwargs: Any
) -> Any:
    """One request through the sync or the async client."""
    options = client or {}
    kwargs.setdefault("path", {"id": "a"})
    if mode == "sync":
        return sync_client(server, **options).request(endpoint, **kwargs)
    return await async_client(server, **options).request(endpoint, **kwargs)


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> Mode:
    value: Mode = request.param
    return value


# ----------------------------------------------------------------------------------- retries


@pytest.mark.parametrize("status", [408, 409, 429, 500, 503])
async def test_retryable_status_is_retried_with_exponential_backoff(
    mode: Mode, status: int, sleeps: list[float]
) -> None:
    server = Server(reply(status, {}), reply(status, {}), reply(200, {"id": "a", "name": "n"}))
    result = await call(mode, server)
    assert result == Item(id="a", name="n")
    assert len(server.requests) == 3
    assert sleeps == [0.5, 1.0]
    assert all(str(r.url) == f"{BASE_URL}/items/a" for r in server.requests)


async def test_retries_give_up_after_max_retries(mode: Mode, sleeps: list[float]) -> None:
    server = Server(reply(500, {"error": "down"}))
    with pytest.raises(InternalServerError) as caught:
        await call(mode, server, client={"max_retries": 3})
    assert caught.value.status_code == 500
    assert caught.value.body == {"error": "down"}
    assert len(server.requests) == 4
    assert sleeps == [0.5, 1.0, 2.0]


async def test_backoff_doubles_up_to_eight_seconds(mode: Mode, sleeps: list[float]) -> None:
    server = Server(reply(503, {}))
    with pytest.raises(InternalServerError):
        await call(mode, server, client={"max_retries": 6})
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


def test_jitter_takes_off_up_to_a_quarter(monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    monkeypatch.setattr(random, "random", lambda: 1.0)
    assert retry_delay(0, None) == pytest.approx(0.375)
    assert retry_delay(5, None) == pytest.approx(6.0)


async def test_max_retries_zero_sends_once(mode: Mode, sleeps: list[float]) -> None:
    server = Server(reply(500, {}))
    with pytest.raises(InternalServerError):
        await call(mode, server, client={"max_retries": 0})
    assert len(server.requests) == 1
    assert sleeps == []


def test_negative_max_retries_is_refused() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        sync_client(Server(reply()), max_retries=-1)


@pytest.mark.parametrize(
    ("headers", "delay"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "soon", "retry-after": "7"}, 7.0),
        ({"retry-after": "120"}, 0.5),  # over a minute: ignored, backoff instead
        ({"retry-after": "not a date"}, 0.5),
    ],
)
async def test_retry_after_is_honoured(
    mode: Mode, headers: dict[str, str], delay: float, sleeps: list[float]
) -> None:
    server = Server(reply(429, {}, **headers), reply())
    assert await call(mode, server) == Item(id="a")
    assert sleeps == [pytest.approx(delay)]


async def test_x_should_retry_overrides_the_status(mode: Mode, sleeps: list[float]) -> None:
    server = Server(reply(503, {}, **{"x-should-retry": "false"}))
    with pytest.raises(InternalServerError):
        await call(mode, server)
    assert len(server.requests) == 1
    server = Server(reply(400, {}, **{"x-should-retry": "true"}), reply())
    assert await call(mode, server) == Item(id="a")
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("error", "raised"),
    [
        (httpx.ConnectError("refused"), APIConnectionError),
        (httpx.ReadTimeout("slow"), APITimeoutError),
    ],
)
async def test_transport_errors_are_retried_then_raised(
    mode: Mode, error: Exception, raised: type[Exception], sleeps: list[float]
) -> None:
    server = Server(error)
    with pytest.raises(raised) as caught:
        await call(mode, server)
    assert type(caught.value) is raised
    assert len(server.requests) == 3
    assert sleeps == [0.5, 1.0]
    server = Server(error, reply())
    assert await call(mode, server) == Item(id="a")


async def test_a_client_error_is_not_retried(mode: Mode, sleeps: list[float]) -> None:
    server = Server(reply(404, {"detail": "no such item"}, **{"x-request-id": "req_1"}))
    with pytest.raises(NotFoundError) as caught:
        await call(mode, server)
    assert len(server.requests) == 1
    assert sleeps == []
    assert caught.value.body == Problem(detail="no such item")
    assert caught.value.request_id == "req_1"


# ------------------------------------------------------------------------------- timeouts


async def test_timeouts_default_then_client_then_request(mode: Mode) -> None:
    server = Server(reply())
    await call(mode, server)
    await call(mode, server, client={"timeout": 3.0})
    await call(mode, server, client={"timeout": 3.0}, timeout=httpx.Timeout(1.0, connect=0.5))
    sent = [r.extensions["timeout"] for r in server.requests]
    assert sent == [
        DEFAULT_TIMEOUT.as_dict(),
        httpx.Timeout(3.0).as_dict(),
        httpx.Timeout(1.0, connect=0.5).as_dict(),
    ]
    assert DEFAULT_TIMEOUT.as_dict()["read"] == 60.0
    assert DEFAULT_TIMEOUT.as_dict()["connect"] == 5.0


# ------------------------------------------------------------------------------ responses


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (404, NotFoundError),
        (418, APIStatusError),
        (429, RateLimitError),
        (502, InternalServerError),
    ],
)
def test_error_for_status_picks_the_class_by_status(status: int, error: type[Exception]) -> None:
    request = httpx.Request("GET", "https://api.test/items?secret=1")
    response = httpx.Response(status, request=request)
    raised = error_for_status(response, {"why": "x"})
    assert type(raised) is error
    assert raised.body == {"why": "x"}
    assert str(raised).startswith(f"GET https://api.test/items returned {status}")


async def test_bad_success_bodies_raise_the_validation_error(mode: Mode) -> None:
    with pytest.raises(APIResponseValidationError, match="id: Field required"):
        await call(mode, Server(reply(200, {"name": "no id"})))
    with pytest.raises(APIResponseValidationError, match="not valid JSON"):
        await call(mode, Server(httpx.Response(200, content=b"{oops")))
    with pytest.raises(APIResponseValidationError, match="empty"):
        await call(mode, Server(httpx.Response(200)))


async def test_responses_by_status_and_without_content(mode: Mode) -> None:
    class Accepted(BaseModel):
        job: str

    endpoint = Endpoint("POST", "/jobs", cast_to=Item | Accepted, by_status={"202": Accepted})
    result = await call(mode, Server(reply(202, {"job": "j1"})), endpoint, path={})
    assert result == Accepted(job="j1")
    nothing = Endpoint("DELETE", "/items/{id}")
    assert await call(mode, Server(httpx.Response(204)), nothing) is None


def test_raw_response_wrapper_returns_the_response_to_parse() -> None:
    class Items(SyncAPIResource):
        def retrieve(self, id: str, *, extra_headers: dict[str, str] | None = None) -> Item:
            result: Item = self._client.request(ITEM, path={"id": id}, extra_headers=extra_headers)
            return result

    server = Server(reply(200, {"id": "x"}, **{"x-request-id": "r9"}))
    items = Items(sync_client(server))
    raw = raw_wrapper(items.retrieve)("x")
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "r9"
    assert raw.parse() == Item(id="x")
    assert "X-Clientgen-Raw-Response" not in server.requests[0].headers
    assert items.retrieve("x") == Item(id="x")


# ---------------------------------------------------------------------------- credentials


class HeaderKey:
    """A credential as the package's `_auth` classes are: applied to a request being built."""

    def __init__(self, key: str) -> None:
        self.key = key

    def apply(
        self, headers: dict[str, str], params: list[tuple[str, str]], cookies: list[str]
    ) -> None:
        headers["X-Api-Key"] = self.key
        params.append(("sig", "s&1"))

    def secret_names(self) -> tuple[str, ...]:
        return ("X-Api-Key",)

    def secret_query_names(self) -> tuple[str, ...]:
        return ("sig",)


async def test_credentials_are_applied_where_the_operation_needs_them(mode: Mode) -> None:
    secured = Endpoint("GET", "/me", cast_to=Item, security=(("key",),))
    server = Server(reply())
    await call(mode, server, secured, client={"credentials": {"key": HeaderKey("k1")}}, path={})
    request = server.requests[0]
    assert request.headers["X-Api-Key"] == "k1"
    assert request.url.query == b"sig=s%261"
    with pytest.raises(MissingCredentialsError, match="missing credentials: set key"):
        await call(mode, server, secured, client={"credentials": {"key": None}}, path={})


def test_a_client_without_its_required_credentials_is_refused() -> None:
    with pytest.raises(MissingCredentialsError):
        sync_client(Server(reply()), default_security=(("key",),))
    assert sync_client(Server(reply()), default_security=(("key",),), check_credentials=False)


async def test_every_request_says_who_sends_it(mode: Mode) -> None:
    server = Server(reply())
    await call(mode, server, client={"default_headers": {"x-team": "t"}})
    headers = server.requests[0].headers
    assert headers["user-agent"] == user_agent("Runtime")
    assert headers["user-agent"].startswith("Runtime/Python 0.0.0 (clientgen_runtime; clientgen;")
    assert headers["accept"] == "application/json"
    assert headers["x-team"] == "t"

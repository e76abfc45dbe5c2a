"""Requirement 10: which failures are retried, how often, and how long the client waits.

The autouse `sleeps` fixture (conftest) replaces `time.sleep` and `anyio.sleep` as the generated
runtime sees them, and records every delay: nothing really sleeps.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random

import httpx
import pytest
from harness import Answer, Api, Mode, Recorder, fail, ok, respond

BACKOFF = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def assert_backoff(delays: list[float]) -> None:
    """Each delay is the exponential step with up to 25% jitter taken off."""
    for attempt, delay in enumerate(delays):
        nominal = BACKOFF[attempt]
        assert 0.75 * nominal <= delay <= nominal, (attempt, delay)


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
async def test_retryable_status_is_retried_then_succeeds(
    status: int, api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(respond(status, {"error": "try again"}), respond(status, {}), ok(api))
    result = await api.call(api.client(mode, recorder))
    assert isinstance(result, api.model)
    assert len(recorder.requests) == 3
    assert len(sleeps) == 2
    assert_backoff(sleeps)
    first, second, third = recorder.requests
    for request in (first, second, third):
        assert str(request.url) == api.url
        assert request.content == first.content
        for name, value in api.auth_headers.items():
            assert request.headers[name] == value


@pytest.mark.parametrize(
    ("status", "class_name"),
    [
        (408, "APIStatusError"),
        (409, "ConflictError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (503, "InternalServerError"),
    ],
)
async def test_retryable_status_gives_up_after_max_retries(
    status: int, class_name: str, api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(respond(status, {"attempt": "last"}))
    with pytest.raises(api.package.APIStatusError) as caught:
        await api.call(api.client(mode, recorder))
    assert type(caught.value) is getattr(api.package, class_name)
    assert caught.value.status_code == status
    assert len(recorder.requests) == 3
    assert len(sleeps) == 2
    assert_backoff(sleeps)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
async def test_client_errors_are_not_retried(
    status: int, api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(respond(status, {"error": "no"}), ok(api))
    with pytest.raises(api.package.APIStatusError) as caught:
        await api.call(api.client(mode, recorder, max_retries=5))
    assert caught.value.status_code == status
    assert len(recorder.requests) == 1
    assert sleeps == []


async def test_connection_errors_are_retried(
    api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(fail(httpx.ConnectError), fail(httpx.ConnectError), ok(api))
    result = await api.call(api.client(mode, recorder))
    assert isinstance(result, api.model)
    assert len(recorder.requests) == 3
    assert_backoff(sleeps)
    assert len(sleeps) == 2


async def test_connection_error_after_the_last_retry(
    api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(fail(httpx.ConnectError, "connection refused"))
    with pytest.raises(api.package.APIConnectionError) as caught:
        await api.call(api.client(mode, recorder))
    assert type(caught.value) is api.package.APIConnectionError
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert caught.value.request is recorder.last
    assert "connection refused" in str(caught.value)
    assert len(recorder.requests) == 3
    assert len(sleeps) == 2


# A pool timeout is not retried (the client's own pool is full): tests/clients/test_faults.py
@pytest.mark.parametrize("error", [httpx.ReadTimeout, httpx.ConnectTimeout, httpx.WriteTimeout])
async def test_timeouts_are_retried_then_raise_api_timeout_error(
    error: type[httpx.TimeoutException],
    api: Api,
    mode: Mode,
    recorder: Recorder,
    sleeps: list[float],
) -> None:
    recorder.script(fail(error, "timed out"))
    with pytest.raises(api.package.APITimeoutError) as caught:
        await api.call(api.client(mode, recorder))
    assert isinstance(caught.value, api.package.APIConnectionError)
    assert isinstance(caught.value.__cause__, error)
    assert len(recorder.requests) == 3
    assert len(sleeps) == 2
    assert_backoff(sleeps)


async def test_timeout_then_success(
    api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(fail(httpx.ReadTimeout), ok(api))
    assert isinstance(await api.call(api.client(mode, recorder)), api.model)
    assert len(recorder.requests) == 2
    assert len(sleeps) == 1


@pytest.mark.parametrize(
    "answer",
    [respond(500, {}), respond(429, {}), fail(httpx.ConnectError), fail(httpx.ReadTimeout)],
    ids=["500", "429", "connect", "timeout"],
)
async def test_max_retries_zero_tries_once(
    answer: Answer, api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(answer)
    with pytest.raises(api.package.APIError):
        await api.call(api.client(mode, recorder, max_retries=0))
    assert len(recorder.requests) == 1
    assert sleeps == []


async def test_max_retries_per_client_copy(
    api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(respond(500, {}))
    client = api.client(mode, recorder, max_retries=4)
    with pytest.raises(api.package.InternalServerError):
        await api.call(client)
    assert len(recorder.requests) == 5
    with pytest.raises(api.package.InternalServerError):
        await api.call(client.with_options(max_retries=1))
    assert len(recorder.requests) == 5 + 2
    assert len(sleeps) == 4 + 1


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after": "60"}, 60.0),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "1200", "retry-after": "7"}, 1.2),
        ({"retry-after-ms": "soon", "retry-after": "7"}, 7.0),
    ],
)
async def test_retry_after_headers_are_honoured(
    headers: dict[str, str],
    expected: float,
    api: Api,
    mode: Mode,
    recorder: Recorder,
    sleeps: list[float],
) -> None:
    recorder.script(respond(429, {}, headers=headers), respond(503, {}, headers=headers), ok(api))
    await api.call(api.client(mode, recorder))
    assert sleeps == [pytest.approx(expected), pytest.approx(expected)]


async def test_retry_after_http_date(
    api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    when = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=30)
    header = email.utils.format_datetime(when, usegmt=True)
    recorder.script(respond(503, {}, headers={"retry-after": header}), ok(api))
    await api.call(api.client(mode, recorder))
    assert len(sleeps) == 1
    assert 25 <= sleeps[0] <= 30


@pytest.mark.parametrize(
    "headers",
    [
        {"retry-after": "120"},
        {"retry-after": "61"},
        {"retry-after-ms": "600000"},
        {"retry-after": "-5"},
        {"retry-after": "not a number or date"},
    ],
)
async def test_unusable_retry_after_falls_back_to_backoff(
    headers: dict[str, str], api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(respond(503, {}, headers=headers))
    with pytest.raises(api.package.InternalServerError):
        await api.call(api.client(mode, recorder))
    assert len(sleeps) == 2
    assert_backoff(sleeps)


@pytest.mark.parametrize(("jitter", "factor"), [(0.0, 1.0), (0.999999, 0.75)])
async def test_exponential_backoff_from_half_a_second_to_eight(
    jitter: float,
    factor: float,
    api: Api,
    mode: Mode,
    recorder: Recorder,
    sleeps: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert api.package._runtime._retries.random is random
    monkeypatch.setattr(random, "random", lambda: jitter)
    recorder.script(respond(500, {}))
    with pytest.raises(api.package.InternalServerError):
        await api.call(api.client(mode, recorder, max_retries=7))
    assert len(recorder.requests) == 8
    assert sleeps == pytest.approx([step * factor for step in BACKOFF], rel=1e-5)


async def test_backoff_has_jitter(
    api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(respond(500, {}))
    for _ in range(10):
        with pytest.raises(api.package.InternalServerError):
            await api.call(api.client(mode, recorder, max_retries=1))
    assert len(sleeps) == 10
    for delay in sleeps:  # every call retried once: the first step each time
        assert 0.375 <= delay <= 0.5
    assert len(set(sleeps)) > 1


async def test_should_retry_header_overrides_status(
    api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(respond(400, {}, headers={"x-should-retry": "true"}), ok(api))
    await api.call(api.client(mode, recorder))
    assert len(recorder.requests) == 2
    recorder.script(respond(503, {}, headers={"x-should-retry": "false"}))
    with pytest.raises(api.package.InternalServerError):
        await api.call(api.client(mode, recorder))
    assert len(recorder.requests) == 3

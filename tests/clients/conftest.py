"""Fixtures for the client behaviour tests: a hermetic environment, no real sleeping, a scripted
server, and parametrization over the three clients and over sync/async."""

from __future__ import annotations

import time

import anyio
import pytest
from harness import APIS, ENV_VARS, MODES, Api, Mode, Recorder


@pytest.fixture(autouse=True)
def _hermetic_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credential, base URL or log level leaks in from the environment running the tests."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every retry delay the clients ask for, in order; nothing ever really sleeps.

    The generated `_runtime._transport` modules (which retry) call `time.sleep` and
    `anyio.sleep` through the modules, so patching them there catches every sync and async
    retry.
    """
    recorded: list[float] = []

    def fake_sleep(seconds: float) -> None:
        recorded.append(seconds)

    async def fake_async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    for api in APIS:
        assert api.runtime.time is time
        assert api.runtime.anyio is anyio
    monkeypatch.setattr(time, "sleep", fake_sleep)
    monkeypatch.setattr(anyio, "sleep", fake_async_sleep)
    return recorded


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> Mode:
    value: Mode = request.param
    return value


@pytest.fixture(params=APIS, ids=[api.id for api in APIS])
def api(request: pytest.FixtureRequest) -> Api:
    value: Api = request.param
    return value

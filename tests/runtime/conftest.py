"""The runtime's tests never really sleep, and their backoff has no jitter."""

from __future__ import annotations

import random
import time

import anyio
import pytest

from generator.runtime import _retries, _transport


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every delay the transport asks for, sync or async; nothing really sleeps, and the
    backoff jitter is off (`random.random()` is 0), so delays are the nominal steps."""
    assert _transport.time is time
    assert _transport.anyio is anyio
    assert _retries.random is random
    recorded: list[float] = []

    def fake_sleep(seconds: float) -> None:
        recorded.append(seconds)

    async def fake_async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(time, "sleep", fake_sleep)
    monkeypatch.setattr(anyio, "sleep", fake_async_sleep)
    monkeypatch.setattr(random, "random", lambda: 0.0)
    return recorded

"""Helpers for the runtime's own tests: clients on an `httpx.MockTransport` and a scripted
server. Nothing here generates a package: the runtime is imported as `generator.runtime`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from generator.runtime import NOT_GIVEN, AsyncAPIClient, SyncAPIClient

Handler = Callable[[httpx.Request], httpx.Response]

BASE_URL = "https://api.test/v1"


def client_options(**overrides: Any) -> dict[str, Any]:
    """The keyword arguments a generated client passes to the runtime's base client."""
    options: dict[str, Any] = {
        "client_name": "Runtime",
        "base_url": BASE_URL,
        "credentials": {},
        "default_security": (),
        "timeout": NOT_GIVEN,
        "max_retries": 2,
        "default_headers": None,
    }
    options.update(overrides)
    return options


def sync_client(handler: Handler, **overrides: Any) -> SyncAPIClient:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return SyncAPIClient(http_client=http, **client_options(**overrides))


def async_client(handler: Handler, **overrides: Any) -> AsyncAPIClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return AsyncAPIClient(http_client=http, **client_options(**overrides))


class Server:
    """Answers requests from a script (the last answer repeats) and keeps every request."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        request.read()
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

"""Shared helpers for the client behaviour tests.

`Recorder` is a scripted HTTP server behind `httpx.MockTransport`: it records every request the
client sends and answers from a script. `Api` drives one generated package the same way in sync
and async mode, so that generic behaviour (auth, retries, errors, ...) is tested on all three
clients with one test body.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import brainbase_labs
import httpx
import polyai
import uponai
import yaml

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"

Mode = Literal["sync", "async"]
MODES: tuple[Mode, ...] = ("sync", "async")

Answer = Callable[[httpx.Request], httpx.Response]

_NO_BODY: Any = object()


def respond(
    status: int = 200,
    body: Any = _NO_BODY,
    *,
    content: bytes | str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Answer:
    """An answer: `body` as JSON, or raw `content`, or nothing."""

    def answer(request: httpx.Request) -> httpx.Response:
        if content is not None:
            return httpx.Response(status, content=content, headers=headers)
        if body is _NO_BODY:
            return httpx.Response(status, headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    return answer


def fail(error: type[httpx.TransportError], message: str = "transport failed") -> Answer:
    """An answer that raises a transport error (connection refused, read timeout, ...)."""

    def answer(request: httpx.Request) -> httpx.Response:
        raise error(message, request=request)

    return answer


class Recorder:
    """A scripted server: records requests; answers in order, the last answer repeats."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self._script: list[Answer] = []

    def script(self, *answers: Answer) -> None:
        self._script = list(answers)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self._script:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        answer = self._script.pop(0) if len(self._script) > 1 else self._script[0]
        return answer(request)

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "no request was sent"
        return self.requests[-1]

    def sync_client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def async_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))

    def http_client(self, mode: Mode) -> httpx.Client | httpx.AsyncClient:
        return self.sync_client() if mode == "sync" else self.async_client()


def body_of(request: httpx.Request) -> Any:
    """The JSON body of a sent request."""
    assert request.headers.get("content-type") == "application/json"
    return json.loads(request.content)


def header_names(request: httpx.Request) -> list[str]:
    """Every header name sent, lower-cased, duplicates kept."""
    return sorted(name.decode().lower() for name, _ in request.headers.raw)


async def settle(value: Any) -> Any:
    """The value of a sync call, or the awaited value of an async one."""
    if inspect.isawaitable(value):
        return await value
    return value


def spec(name: str) -> dict[str, Any]:
    data = yaml.safe_load((SPECS / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@dataclass(frozen=True)
class Api:
    """One generated package and its canonical operation call."""

    id: str
    package: ModuleType
    sync_class: type[Any]
    async_class: type[Any]
    client_name: str
    spec_name: str
    env_prefix: str
    credentials: Mapping[str, str]
    """Constructor argument -> secret used by default."""
    credential_env: Mapping[str, str]
    """Constructor argument -> environment variable it defaults to."""
    auth_headers: Mapping[str, str]
    """Lower-case header name -> value sent for `credentials`."""
    resource: tuple[str, ...]
    args: Mapping[str, Any]
    url: str
    """Full URL of the canonical call on the default server."""
    json_body: Mapping[str, Any]
    ok_status: int
    ok_body: Mapping[str, Any]
    model: type[Any]
    declared_errors: frozenset[int]

    def client(self, mode: Mode, recorder: Recorder | None = None, /, **options: Any) -> Any:
        """A sync or async client; the default credentials and the recorder unless overridden."""
        for name, secret in self.credentials.items():
            options.setdefault(name, secret)
        if recorder is not None:
            options.setdefault("http_client", recorder.http_client(mode))
        cls = self.sync_class if mode == "sync" else self.async_class
        return cls(**options)

    def method(self, client: Any, *, raw: bool = False) -> Any:
        root = client.with_raw_response if raw else client
        return functools.reduce(getattr, self.resource, root).create

    async def call(self, client: Any, **overrides: Any) -> Any:
        """The canonical operation, with some arguments added or replaced."""
        return await settle(self.method(client)(**{**self.args, **overrides}))

    async def call_raw(self, client: Any, **overrides: Any) -> Any:
        return await settle(self.method(client, raw=True)(**{**self.args, **overrides}))

    @property
    def runtime(self) -> ModuleType:
        """The module of the package's runtime that sends requests and retries them."""
        module = self.package._runtime._transport
        assert isinstance(module, ModuleType)
        return module

    @property
    def version(self) -> str:
        return str(spec(self.spec_name)["info"]["version"])


BB_KEY = "bb-key-5ecr3t-0001"
UP_KEY = "up-token-5ecr3t-0002"
POLY_KEY = "poly-key-5ecr3t-0003"
POLY_TOKEN = "poly-token-5ecr3t-0004"
SECRETS = (BB_KEY, UP_KEY, POLY_KEY, POLY_TOKEN)

DEPLOYMENT: dict[str, Any] = {
    "id": "dep_1",
    "allowedUsers": "everyone",
    "welcomeMessage": None,
    "llmModel": "gpt-4o",
    "modelConfig": {"temperature": "0.2"},
    "chatAgentId": "chat_agent_9",
}
CHAT: dict[str, Any] = {
    "chatId": "chat_1",
    "agentId": "chat_agent_1",
    "version": 3,
    "status": "ongoing",
    "type": "web_chat",
    "metadata": {"source": "website"},
    "startedAt": "2026-04-20T10:15:30Z",
    "endedAt": None,
    "messages": [{"role": "assistant", "content": "Hello!"}],
}
CONVERSATION: dict[str, Any] = {"conversation_id": "CONV-1", "response": "Hi, how can I help?"}

BRAINBASE = Api(
    id="brainbase_labs",
    package=brainbase_labs,
    sync_class=brainbase_labs.BrainbaseLabs,
    async_class=brainbase_labs.AsyncBrainbaseLabs,
    client_name="BrainbaseLabs",
    spec_name="brainbase",
    env_prefix="BRAINBASE_LABS",
    credentials={"api_key": BB_KEY},
    credential_env={"api_key": "BRAINBASE_LABS_API_KEY"},
    auth_headers={"x-api-key": BB_KEY},
    resource=("workers", "deployments", "chat"),
    args={
        "worker_id": "w1",
        "flow_id": "f1",
        "name": "Support",
        "model_config": {"temperature": "0.2"},
    },
    url="https://brainbase-monorepo-api.onrender.com/api/workers/w1/deployments/chat",
    json_body={"name": "Support", "flowId": "f1", "modelConfig": {"temperature": "0.2"}},
    ok_status=201,
    ok_body=DEPLOYMENT,
    model=brainbase_labs.ChatDeployment,
    declared_errors=frozenset(),
)
UPONAI = Api(
    id="uponai",
    package=uponai,
    sync_class=uponai.UponAI,
    async_class=uponai.AsyncUponAI,
    client_name="UponAI",
    spec_name="uponai",
    env_prefix="UPONAI",
    credentials={"api_key": UP_KEY},
    credential_env={"api_key": "UPONAI_API_KEY"},
    auth_headers={"authorization": f"Bearer {UP_KEY}"},
    resource=("chats",),
    args={"workspace_id": 42, "agent_id": "chat_agent_1", "metadata": {"source": "website"}},
    url="https://api.upon-ai.com/api/chats",
    json_body={"workspaceId": 42, "agent_id": "chat_agent_1", "metadata": {"source": "website"}},
    ok_status=201,
    ok_body=CHAT,
    model=uponai.Chat,
    declared_errors=frozenset(),
)
POLYAI = Api(
    id="polyai",
    package=polyai,
    sync_class=polyai.PolyAI,
    async_class=polyai.AsyncPolyAI,
    client_name="PolyAI",
    spec_name="polyai",
    env_prefix="POLYAI",
    credentials={"api_key": POLY_KEY, "token": POLY_TOKEN},
    credential_env={"api_key": "POLYAI_API_KEY", "token": "POLYAI_TOKEN"},
    auth_headers={"x-api-key": POLY_KEY, "x-token": POLY_TOKEN},
    resource=("chat",),
    args={
        "version": "v1",
        "account_id": "ACCOUNT-1",
        "project_id": "PROJECT-1",
        "channel": "webchat",
    },
    url="https://api.us-1.platform.polyai.app/v1/ACCOUNT-1/PROJECT-1/chat/create",
    json_body={"channel": "webchat"},
    ok_status=200,
    ok_body=CONVERSATION,
    model=polyai.CreateChatResponse,
    declared_errors=frozenset({400, 401, 403, 404, 500}),
)
APIS: tuple[Api, ...] = (BRAINBASE, UPONAI, POLYAI)

ENV_VARS: tuple[str, ...] = tuple(
    name
    for api in APIS
    for name in (
        *api.credential_env.values(),
        f"{api.env_prefix}_BASE_URL",
        f"{api.env_prefix}_LOG",
    )
)


PLATFORM_HEADERS = (
    "x-clientgen-lang",
    "x-clientgen-package",
    "x-clientgen-package-version",
    "x-clientgen-os",
    "x-clientgen-arch",
    "x-clientgen-runtime",
    "x-clientgen-runtime-version",
    "x-clientgen-async",
    "x-clientgen-retry-count",
)
"""The headers that identify the client (`platform_headers=False` leaves them out)."""


def ok(api: Api, **headers: str) -> Answer:
    """The canonical operation's success response."""
    return respond(api.ok_status, dict(api.ok_body), headers=headers or None)


def assert_sent(
    api: Api,
    request: httpx.Request,
    *,
    url: str | None = None,
    json_body: Mapping[str, Any] | None = None,
) -> None:
    """The request is exactly the canonical call: method, URL, headers, JSON body."""
    assert request.method == "POST"
    assert str(request.url) == (url or api.url)
    for name, value in api.auth_headers.items():
        assert request.headers.get_list(name) == [value]
    assert request.headers.get_list("content-type") == ["application/json"]
    assert request.headers.get_list("accept") == ["application/json"]
    # accept-encoding and connection: the http client's own headers, sent under ours
    assert header_names(request) == sorted(
        {
            "host",
            "accept",
            "accept-encoding",
            "connection",
            "user-agent",
            "content-type",
            "content-length",
            *PLATFORM_HEADERS,
            *api.auth_headers,
        }
    )
    assert json.loads(request.content) == dict(json_body or api.json_body)

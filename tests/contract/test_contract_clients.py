"""Contract tests: every generated client, sync and async, against a Prism mock of its spec.

Every operation is called through the generated client (``base_url`` = the
session's Prism) once with *all* its arguments and once with only the required
ones. A call passes when Prism logged no request violation, answered with a
documented 2xx, the JSON on the wire is exactly the one expected (and, for the
"full" calls, sets every property of the spec's request schema at every depth),
and the response parsed into the generated model without losing a field.

Then: forced error statuses (``Prefer: code=NNN``) map to the right error
classes, invalid bodies are rejected by Prism, the specs' Python
``x-codeSamples`` run unchanged, and guards prove these checks can fail.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import brainbase_labs
import httpx
import polyai
import pydantic
import pytest
import tomllib
import uponai
import yaml
from prism import REPO_ROOT, PrismServer
from readme_examples import readme_program

Prism = Callable[[str], PrismServer]
Mode = Literal["sync", "async"]
Variant = Literal["full", "required"]
MODES: tuple[Mode, ...] = ("sync", "async")
VARIANTS: tuple[Variant, ...] = ("full", "required")

SPECS_DIR = REPO_ROOT / "specs"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SAMPLE_KEYS = ("x-codeSamples", "x-code-samples")  # Redocly's name, and the older one
SYNC_PATH_PREFIX = "/__prism_harness_sync__/"  # the harness's own log-sync requests
_REQUEST_RECEIVED = re.compile(r"\[HTTP SERVER\] (?P<method>\w+) (?P<path>\S+) .*Request received$")

API_KEY = "test-api-key"
TOKEN = "test-token"


# -- the specs ---------------------------------------------------------------


@cache
def load_spec(name: str) -> dict[str, Any]:
    data = yaml.safe_load((SPECS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"specs/{name}.yaml is not a mapping"
    return data


def spec_names() -> list[str]:
    return sorted(path.stem for path in SPECS_DIR.glob("*.yaml"))


def spec_operations(name: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation of a spec."""
    for path, item in (load_spec(name).get("paths") or {}).items():
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                yield path, method, item[method]


def operation(name: str, path: str, method: str) -> dict[str, Any]:
    op = load_spec(name)["paths"][path][method]
    assert isinstance(op, dict)
    return op


def deref(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow local ``$ref``s until a node that is not a reference."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert isinstance(ref, str) and ref.startswith("#/"), f"unsupported $ref {ref!r}"
        node = spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def ref_name(node: Any) -> str | None:
    """``Foo`` for ``{"$ref": "#/components/schemas/Foo"}``, else None."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        return str(node["$ref"]).rsplit("/", 1)[-1]
    return None


def json_schema(spec: Mapping[str, Any], holder: Any) -> Any:
    """The (unresolved) ``application/json`` schema of a request body or response."""
    content = (deref(spec, holder) or {}).get("content") or {}
    media = content.get("application/json")
    return None if media is None else media.get("schema")


def statuses(op: Mapping[str, Any], low: int, high: int) -> list[int]:
    """The operation's documented numeric statuses in [low, high)."""
    return sorted(
        int(code)
        for code in op.get("responses", {})
        if str(code).isdigit() and low <= int(code) < high
    )


def incomplete(spec: Mapping[str, Any], schema: Any, value: Any, where: str) -> list[str]:
    """Where ``value`` leaves out a schema property (at any depth) or leaves a map/array empty."""
    schema = deref(spec, schema)
    if not isinstance(schema, dict):
        return []
    gaps: list[str] = []
    if isinstance(value, dict):
        props: dict[str, Any] = schema.get("properties") or {}
        for name, sub in props.items():
            if name in value:
                gaps += incomplete(spec, sub, value[name], f"{where}.{name}")
            else:
                gaps.append(f"{where}.{name}")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            others = {k: v for k, v in value.items() if k not in props}
            if not others:
                gaps.append(f"{where}.<additionalProperties> (empty)")
            for key, sub_value in others.items():
                gaps += incomplete(spec, extra, sub_value, f"{where}[{key!r}]")
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        if not value:
            gaps.append(f"{where}[] (empty)")
        for index, item in enumerate(value):
            gaps += incomplete(spec, schema["items"], item, f"{where}[{index}]")
    return gaps


@cache
def clientgen_clients() -> dict[str, dict[str, str]]:
    """Spec name -> ``{"package", "client", "env_prefix", "spec"}`` from pyproject.toml."""
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    clients: dict[str, dict[str, str]] = config["tool"]["clientgen"]["clients"]
    return {Path(cfg["spec"]).stem: {"package": pkg, **cfg} for pkg, cfg in clients.items()}


# -- recording what goes over the wire ---------------------------------------


Rewrite = Callable[[bytes], bytes]


@dataclass(frozen=True)
class Exchange:
    request: httpx.Request
    """The request as it left for Prism (after any guard rewrite)."""
    response: httpx.Response


class Wire:
    """httpx clients to hand to the generated clients; they record every exchange.

    ``rewrite`` changes each request body on its way out (guard tests only).
    ``trust_env=False``: Prism is on 127.0.0.1 and must never be reached through a proxy.
    """

    def __init__(self, rewrite: Rewrite | None = None) -> None:
        self.exchanges: list[Exchange] = []
        self._rewrite = rewrite
        self.http = httpx.Client(trust_env=False, transport=_RecordingTransport(self))
        self.ahttp = httpx.AsyncClient(trust_env=False, transport=_AsyncRecordingTransport(self))

    def outgoing(self, request: httpx.Request) -> httpx.Request:
        if self._rewrite is None:
            return request
        headers = httpx.Headers(request.headers)
        headers.pop("content-length", None)
        return httpx.Request(
            request.method,
            request.url,
            headers=headers,
            content=self._rewrite(request.content),
            extensions=request.extensions,
        )

    def only(self) -> Exchange:
        assert len(self.exchanges) == 1, f"expected one HTTP exchange, got {self.exchanges}"
        return self.exchanges[0]

    async def aclose(self) -> None:
        self.http.close()
        await self.ahttp.aclose()


class _RecordingTransport(httpx.HTTPTransport):
    def __init__(self, wire: Wire) -> None:
        super().__init__(trust_env=False)
        self._wire = wire

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        sent = self._wire.outgoing(request)
        response = super().handle_request(sent)
        self._wire.exchanges.append(Exchange(sent, response))
        return response


class _AsyncRecordingTransport(httpx.AsyncHTTPTransport):
    def __init__(self, wire: Wire) -> None:
        super().__init__(trust_env=False)
        self._wire = wire

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        sent = self._wire.outgoing(request)
        response = await super().handle_async_request(sent)
        self._wire.exchanges.append(Exchange(sent, response))
        return response


@pytest.fixture
async def wire() -> AsyncIterator[Wire]:
    recorder = Wire()
    try:
        yield recorder
    finally:
        await recorder.aclose()


async def settle(value: object, mode: Mode) -> object:
    """The result of a sync call, or the awaited result of an async one."""
    assert inspect.isawaitable(value) == (mode == "async"), f"{mode} call returned {value!r}"
    if inspect.isawaitable(value):
        return await value
    return value


def requests_since(server: PrismServer, mark: int) -> list[tuple[str, str]]:
    """(method, path) of every request Prism received after ``mark`` (sync requests excluded)."""
    server.sync()
    found: list[tuple[str, str]] = []
    for line in server.log_lines()[mark:]:
        match = _REQUEST_RECEIVED.search(line)
        if match and not match["path"].startswith(SYNC_PATH_PREFIX):
            found.append((match["method"].lower(), match["path"]))
    return found


def path_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile(
        "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts) + "$"
    )


# -- the operations, their arguments and the JSON they must put on the wire ----


@dataclass(frozen=True)
class Options:
    extra_headers: Mapping[str, str] | None = None
    extra_body: Mapping[str, object] | None = None


@dataclass(frozen=True)
class Operation:
    spec: str
    method: str
    path: str
    package: ModuleType
    client: Callable[[Mode, str, Wire | None], object]
    """Build the sync or async client on the Prism base URL, sending through ``Wire``
    (None: the client's own httpx client)."""
    call: Callable[[Any, Variant, Options], object]
    """Call the operation on that client (returns a coroutine for async clients)."""
    wire_path: Mapping[Variant, str]
    """The raw (percent-encoded) URL path each variant must request."""
    wire_body: Mapping[Variant, object]
    """The JSON each variant must send; None: no request body at all."""
    response_model: type[pydantic.BaseModel]

    @property
    def id(self) -> str:
        return f"{self.spec}:{self.method.upper()} {self.path}"


# Brainbase: POST /api/workers/{workerId}/deployments/chat -------------------

BB = brainbase_labs
BB_EXTRACTION_TYPE = BB.CreateChatDeploymentRequestExtractionsValueType
BB_ITEM_TYPE = BB.CreateChatDeploymentRequestSuccessCriteriaItemItemsItemType


def brainbase_client(
    mode: Mode, base_url: str, wire: Wire | None
) -> BB.BrainbaseLabs | BB.AsyncBrainbaseLabs:
    if mode == "sync":
        return BB.BrainbaseLabs(
            api_key=API_KEY,
            base_url=base_url,
            max_retries=0,
            http_client=wire.http if wire else None,
        )
    return BB.AsyncBrainbaseLabs(
        api_key=API_KEY, base_url=base_url, max_retries=0, http_client=wire.ahttp if wire else None
    )


def brainbase_create_chat(
    client: BB.BrainbaseLabs | BB.AsyncBrainbaseLabs, variant: Variant, options: Options
) -> object:
    chat = client.workers.deployments.chat
    if variant == "required":
        return chat.create(
            "worker-1",
            name="Support bot",
            flow_id="flow-1",
            extra_headers=options.extra_headers,
            extra_body=options.extra_body,
        )
    return chat.create(
        "team a/worker#1",  # reserved characters: one encoded path segment
        name="Support bot",
        flow_id="flow-1",
        flow_version_id="flow-version-7",
        allowed_users=["ana@example.com", "bo@example.com"],
        welcome_message="Hello! How can I help?",
        llm_model="gpt-4o",
        model_config={"temperature": "0.2", "max_tokens": "512"},
        extractions={  # one per type; a model instance and plain dicts
            "email": BB.CreateChatDeploymentRequestExtractionsValue(
                type=BB_EXTRACTION_TYPE.STRING, description="Customer e-mail", required=True
            ),
            "order_total": {
                "type": BB_EXTRACTION_TYPE.NUMBER,
                "description": "Order total in EUR",
                "required": False,
            },
            "wants_callback": {
                "type": BB_EXTRACTION_TYPE.BOOLEAN,
                "description": "Asked to be called back",
                "required": False,
            },
        },
        success_criteria=[
            {
                "title": "Resolution",
                "description": "The customer's issue is solved",
                "items": [
                    {
                        "title": "Solved",
                        "description": "Issue solved in the chat",
                        "type": BB_ITEM_TYPE.BINARY,
                        "threshold": 1,
                    },
                    BB.CreateChatDeploymentRequestSuccessCriteriaItemItemsItem(
                        title="Politeness",
                        description="Tone of the agent",
                        type=BB_ITEM_TYPE.SCORE,
                        threshold=0.75,
                    ),
                ],
            }
        ],
        extra_headers=options.extra_headers,
        extra_body=options.extra_body,
    )


BRAINBASE_CREATE_CHAT = Operation(
    spec="brainbase",
    method="post",
    path="/api/workers/{workerId}/deployments/chat",
    package=BB,
    client=brainbase_client,
    call=brainbase_create_chat,
    wire_path={
        "required": "/api/workers/worker-1/deployments/chat",
        "full": "/api/workers/team%20a%2Fworker%231/deployments/chat",
    },
    wire_body={
        "required": {"name": "Support bot", "flowId": "flow-1"},
        "full": {
            "name": "Support bot",
            "flowId": "flow-1",
            "flowVersionId": "flow-version-7",
            "allowedUsers": ["ana@example.com", "bo@example.com"],
            "welcomeMessage": "Hello! How can I help?",
            "llmModel": "gpt-4o",
            "modelConfig": {"temperature": "0.2", "max_tokens": "512"},
            "extractions": {
                "email": {"type": "string", "description": "Customer e-mail", "required": True},
                "order_total": {
                    "type": "number",
                    "description": "Order total in EUR",
                    "required": False,
                },
                "wants_callback": {
                    "type": "boolean",
                    "description": "Asked to be called back",
                    "required": False,
                },
            },
            "successCriteria": [
                {
                    "title": "Resolution",
                    "description": "The customer's issue is solved",
                    "items": [
                        {
                            "title": "Solved",
                            "description": "Issue solved in the chat",
                            "type": "BINARY",
                            "threshold": 1.0,
                        },
                        {
                            "title": "Politeness",
                            "description": "Tone of the agent",
                            "type": "SCORE",
                            "threshold": 0.75,
                        },
                    ],
                }
            ],
        },
    },
    response_model=BB.ChatDeployment,
)


# UponAI: POST /api/chats ----------------------------------------------------


def uponai_client(
    mode: Mode, base_url: str, wire: Wire | None
) -> uponai.UponAI | uponai.AsyncUponAI:
    if mode == "sync":
        return uponai.UponAI(
            api_key=API_KEY,
            base_url=base_url,
            max_retries=0,
            http_client=wire.http if wire else None,
        )
    return uponai.AsyncUponAI(
        api_key=API_KEY, base_url=base_url, max_retries=0, http_client=wire.ahttp if wire else None
    )


def uponai_create_chat(
    client: uponai.UponAI | uponai.AsyncUponAI, variant: Variant, options: Options
) -> object:
    if variant == "required":
        return client.chats.create(
            workspace_id=42,
            agent_id="chat_agent_01hzk4q6dr3n0d4qzpw9z6gth6",
            extra_headers=options.extra_headers,
            extra_body=options.extra_body,
        )
    return client.chats.create(
        workspace_id=42,
        agent_id="chat_agent_01hzk4q6dr3n0d4qzpw9z6gth6",
        metadata={"source": "website", "page": "/pricing"},
        uponai_dynamic_variables={"customer_tier": "enterprise"},
        extra_headers=options.extra_headers,
        extra_body=options.extra_body,
    )


UPONAI_CREATE_CHAT = Operation(
    spec="uponai",
    method="post",
    path="/api/chats",
    package=uponai,
    client=uponai_client,
    call=uponai_create_chat,
    wire_path={"required": "/api/chats", "full": "/api/chats"},
    wire_body={
        "required": {"workspaceId": 42, "agent_id": "chat_agent_01hzk4q6dr3n0d4qzpw9z6gth6"},
        "full": {
            "workspaceId": 42,
            "agent_id": "chat_agent_01hzk4q6dr3n0d4qzpw9z6gth6",
            "metadata": {"source": "website", "page": "/pricing"},
            "uponai_dynamic_variables": {"customer_tier": "enterprise"},
        },
    },
    response_model=uponai.Chat,
)


# PolyAI: POST /{version}/{account_id}/{project_id}/chat/create ----------------


def polyai_client(
    mode: Mode, base_url: str, wire: Wire | None
) -> polyai.PolyAI | polyai.AsyncPolyAI:
    # Both: the spec also declares X-API-KEY and X-TOKEN as required header parameters.
    if mode == "sync":
        return polyai.PolyAI(
            api_key=API_KEY,
            token=TOKEN,
            base_url=base_url,
            max_retries=0,
            http_client=wire.http if wire else None,
        )
    return polyai.AsyncPolyAI(
        api_key=API_KEY,
        token=TOKEN,
        base_url=base_url,
        max_retries=0,
        http_client=wire.ahttp if wire else None,
    )


def polyai_create_chat(
    client: polyai.PolyAI | polyai.AsyncPolyAI, variant: Variant, options: Options
) -> object:
    if variant == "required":
        return client.chat.create(
            "v1",
            "ACCOUNT-1",
            "PROJECT-1",
            extra_headers=options.extra_headers,
            extra_body=options.extra_body,
        )
    return client.chat.create(
        "v1",
        "ACCOUNT-1/eu",
        "PROJECT-1",
        integration_attributes={"customer_id": "12345", "source": "mobile_app", "vip": True},
        variant_id="VARIANT-1",
        channel=polyai.CreateChatRequestChannel.WHATSAPP,
        asr_lang_code="en-US",
        tts_lang_code="en-GB",
        initial_message="Hello, I need help",
        extra_headers=options.extra_headers,
        extra_body=options.extra_body,
    )


POLYAI_CREATE_CHAT = Operation(
    spec="polyai",
    method="post",
    path="/{version}/{account_id}/{project_id}/chat/create",
    package=polyai,
    client=polyai_client,
    call=polyai_create_chat,
    wire_path={
        "required": "/v1/ACCOUNT-1/PROJECT-1/chat/create",
        "full": "/v1/ACCOUNT-1%2Feu/PROJECT-1/chat/create",
    },
    wire_body={
        "required": None,  # the request body is optional and has no required property
        "full": {
            "integration_attributes": {
                "customer_id": "12345",
                "source": "mobile_app",
                "vip": True,
            },
            "variant_id": "VARIANT-1",
            "channel": "whatsapp",
            "asr_lang_code": "en-US",
            "tts_lang_code": "en-GB",
            "initial_message": "Hello, I need help",
        },
    },
    response_model=polyai.CreateChatResponse,
)


OPERATIONS = (BRAINBASE_CREATE_CHAT, UPONAI_CREATE_CHAT, POLYAI_CREATE_CHAT)
BY_ID = {op.id: op for op in OPERATIONS}


def test_every_spec_operation_has_a_contract_case() -> None:
    """A new operation (or spec) must get arguments above, or this fails."""
    in_specs = {
        f"{name}:{method.upper()} {path}"
        for name in spec_names()
        for path, method, _ in spec_operations(name)
    }
    assert in_specs == set(BY_ID)
    assert {op.spec for op in OPERATIONS} == set(clientgen_clients())


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.id)
def test_test_data_is_complete_and_matches_the_spec(op: Operation) -> None:
    """The "full" bodies set every property at every depth; "required" ones only required ones."""
    spec = load_spec(op.spec)
    request_body = operation(op.spec, op.path, op.method).get("requestBody")
    schema = json_schema(spec, request_body)
    assert schema is not None
    assert incomplete(spec, schema, op.wire_body["full"], "body") == []
    required = set(deref(spec, schema).get("required") or [])
    body = op.wire_body["required"]
    assert body is None or isinstance(body, dict)
    assert set(body or {}) == required
    assert (body is None) == (not deref(spec, request_body).get("required") and not required)
    success = statuses(operation(op.spec, op.path, op.method), 200, 300)
    assert len(success) == 1
    responses = operation(op.spec, op.path, op.method)["responses"]
    assert op.response_model.__name__ == ref_name(json_schema(spec, responses[str(success[0])]))
    assert op.response_model is getattr(op.package, op.response_model.__name__)


# -- 1. valid requests: accepted by Prism, responses parsed ---------------------


async def invoke(
    server: PrismServer, mark: int, op: Operation, client: object, variant: Variant, mode: Mode
) -> object:
    """Call the operation; an error status fails with Prism's violations in the message."""
    try:
        return await settle(op.call(client, variant, Options()), mode)
    except op.package.APIStatusError as exc:
        raise AssertionError(
            f"{op.id} ({variant}, {mode}) raised {exc!r}; body {exc.body!r}; "
            f"Prism violations: {server.violations_since(mark)}"
        ) from exc


async def call_and_check(
    server: PrismServer, op: Operation, variant: Variant, mode: Mode, wire: Wire
) -> pydantic.BaseModel:
    """Make one valid call and assert the whole contract; return the parsed response."""
    client = op.client(mode, server.base_url, wire)
    mark = server.mark()
    out = await invoke(server, mark, op, client, variant, mode)
    assert server.violations_since(mark) == [], f"{op.id} ({variant}, {mode})"

    exchange = wire.only()
    response, request = exchange.response, exchange.request
    success = statuses(operation(op.spec, op.path, op.method), 200, 300)
    assert response.status_code in success
    assert request.method == op.method.upper()
    assert request.url.raw_path.decode() == op.wire_path[variant]
    assert "sl-violations" not in response.headers  # Prism also checked its own response
    expected_body = op.wire_body[variant]
    if expected_body is None:
        assert request.content == b""
        assert "content-type" not in request.headers
    else:
        assert request.headers["content-type"] == "application/json"
        assert json.loads(request.content) == expected_body

    assert isinstance(out, op.response_model)
    assert out.model_extra == {}, "response fields the model did not map (wrong alias?)"
    assert out.model_dump(mode="json", by_alias=True, exclude_unset=True) == response.json()
    return out


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.id)
async def test_valid_call_is_accepted_and_parsed(
    prism: Prism, wire: Wire, op: Operation, variant: Variant, mode: Mode
) -> None:
    await call_and_check(prism(op.spec), op, variant, mode, wire)


@pytest.mark.parametrize("mode", MODES)
async def test_parsed_values(prism: Prism, wire: Wire, mode: Mode) -> None:
    """Spot checks that the models are typed, not just valid (Prism's static examples)."""
    bb = await call_and_check(prism("brainbase"), BRAINBASE_CREATE_CHAT, "full", mode, wire)
    assert isinstance(bb, brainbase_labs.ChatDeployment)
    assert isinstance(bb.chat_agent_id, str) and isinstance(bb.model_config_, dict)

    wire.exchanges.clear()
    chat = await call_and_check(prism("uponai"), UPONAI_CREATE_CHAT, "full", mode, wire)
    assert isinstance(chat, uponai.Chat)
    assert chat.started_at is not None and chat.started_at.tzinfo is not None
    assert chat.messages and isinstance(chat.messages[0], uponai.Message)
    assert chat.messages[0].role in set(uponai.MessageRole)

    wire.exchanges.clear()
    created = await call_and_check(prism("polyai"), POLYAI_CREATE_CHAT, "full", mode, wire)
    assert isinstance(created, polyai.CreateChatResponse)
    assert created.conversation_id == "CONV-1234567890"  # the spec's example
    assert created.response == "Hi, how can I help?"


@pytest.mark.parametrize("mode", MODES)
async def test_polyai_every_channel_is_accepted(prism: Prism, wire: Wire, mode: Mode) -> None:
    server = prism("polyai")
    client = polyai_client(mode, server.base_url, wire)
    for channel in polyai.CreateChatRequestChannel:
        mark = server.mark()
        out = await settle(client.chat.create("v1", "A-1", "P-1", channel=channel), mode)
        assert isinstance(out, polyai.CreateChatResponse)
        assert server.violations_since(mark) == [], channel
        assert json.loads(wire.exchanges[-1].request.content) == {"channel": channel.value}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.id)
async def test_default_http_client(
    prism: Prism, monkeypatch: pytest.MonkeyPatch, op: Operation, mode: Mode
) -> None:
    """The clients' own httpx clients (no ``http_client=``), used as context managers."""
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    server = prism(op.spec)
    client: Any = op.client(mode, server.base_url, None)
    mark = server.mark()
    if mode == "sync":
        with client:
            out = await invoke(server, mark, op, client, "full", mode)
    else:
        async with client:
            out = await invoke(server, mark, op, client, "full", mode)
    assert isinstance(out, op.response_model)
    assert server.violations_since(mark) == []
    assert requests_since(server, mark) == [(op.method, op.wire_path["full"])]


# -- 2. documented error statuses -> error classes ------------------------------

ERROR_CLASSES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}


def error_class_name(status: int) -> str:
    return ERROR_CLASSES.get(status) or (
        "InternalServerError" if status >= 500 else "APIStatusError"
    )


def error_cases() -> list[Any]:
    return [
        pytest.param(op, status, id=f"{op.id} {status}")
        for op in OPERATIONS
        for status in statuses(operation(op.spec, op.path, op.method), 400, 600)
    ]


def test_error_cases_cover_the_documented_statuses() -> None:
    found = {(param.values[0].spec, param.values[1]) for param in error_cases()}
    assert found == {
        ("brainbase", 400),
        ("brainbase", 401),
        ("polyai", 400),
        ("polyai", 401),
        ("polyai", 403),
        ("polyai", 404),
        ("polyai", 500),
    }  # uponai declares no 4xx/5xx


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("op", "status"), error_cases())
async def test_documented_error_status_raises_its_error_class(
    prism: Prism, wire: Wire, op: Operation, status: int, mode: Mode
) -> None:
    server = prism(op.spec)
    client = op.client(mode, server.base_url, wire)
    name = error_class_name(status)
    assert name in op.package.__all__  # exported at the package's top level
    error_class = getattr(op.package, name)
    mark = server.mark()
    prefer = Options(extra_headers={"Prefer": f"code={status}"})
    with pytest.raises(error_class) as caught:
        await settle(op.call(client, "required", prefer), mode)
    assert server.violations_since(mark) == []  # the request itself was valid
    error = caught.value
    assert type(error) is error_class
    assert error.status_code == status
    assert error.response is wire.only().response

    spec = load_spec(op.spec)
    response_spec = operation(op.spec, op.path, op.method)["responses"][str(status)]
    schema = json_schema(spec, response_spec)
    if schema is None:  # e.g. Brainbase's 400/401: no content
        assert error.response.content == b""
        assert error.body == ""
        return
    model = getattr(op.package, ref_name(schema) or "")
    assert isinstance(error.body, model)
    assert error.body.model_extra == {}
    assert error.body.model_dump(mode="json", by_alias=True, exclude_unset=True) == (
        error.response.json()
    )
    if isinstance(error.body, polyai.Error):
        assert isinstance(error.body.error_message, str)


# -- 3. invalid requests are rejected by Prism --------------------------------


@pytest.mark.parametrize("mode", MODES)
async def test_brainbase_invalid_body_is_spec_400(prism: Prism, wire: Wire, mode: Mode) -> None:
    server = prism("brainbase")
    client = brainbase_client(mode, server.base_url, wire)
    mark = server.mark()
    bad = Options(extra_body={"flowId": 123})
    with pytest.raises(brainbase_labs.BadRequestError) as caught:
        await settle(brainbase_create_chat(client, "required", bad), mode)
    assert server.violations_since(mark) == ["Request body property flowId must be string"]
    assert json.loads(wire.only().request.content)["flowId"] == 123
    assert caught.value.status_code == 400
    assert caught.value.body == ""  # the spec's 400 has no content


@pytest.mark.parametrize("mode", MODES)
async def test_uponai_invalid_body_is_prism_422(prism: Prism, wire: Wire, mode: Mode) -> None:
    server = prism("uponai")
    client = uponai_client(mode, server.base_url, wire)
    mark = server.mark()
    bad = Options(extra_body={"workspaceId": "not-an-int"})
    with pytest.raises(uponai.UnprocessableEntityError) as caught:
        await settle(uponai_create_chat(client, "required", bad), mode)
    message = "Request body property workspaceId must be integer"
    assert server.violations_since(mark) == [message]
    error = caught.value
    assert error.status_code == 422
    assert error.response.headers["content-type"] == "application/problem+json"
    assert isinstance(error.body, dict)
    assert error.body["type"] == "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY"
    assert error.body["validation"] == [
        {
            "location": ["body", "workspaceId"],
            "severity": "Error",
            "code": "type",
            "message": message,
        }
    ]


@pytest.mark.parametrize("mode", MODES)
async def test_polyai_invalid_body_is_spec_400(prism: Prism, wire: Wire, mode: Mode) -> None:
    server = prism("polyai")
    client = polyai_client(mode, server.base_url, wire)
    mark = server.mark()
    bad = Options(extra_body={"channel": 5})
    with pytest.raises(polyai.BadRequestError) as caught:
        await settle(polyai_create_chat(client, "required", bad), mode)
    assert server.violations_since(mark) == [
        "Request body property channel must be string",
        "Request body property channel must be equal to one of the allowed values: "
        "webchat, whatsapp, sms, api",
    ]
    assert caught.value.status_code == 400
    assert isinstance(caught.value.body, polyai.Error)
    assert isinstance(caught.value.body.error_message, str)


# -- 4. the specs' Python x-codeSamples run unchanged ---------------------------

# What each sample prints against Prism's static mock (unlisted samples: any output).
SAMPLE_OUTPUT = {
    ("brainbase", "/api/workers/{workerId}/deployments/chat", "post", 0): "string\n",
}


def python_samples() -> list[Any]:
    params = []
    for name in spec_names():
        for path, method, op in spec_operations(name):
            samples = [
                sample
                for key in SAMPLE_KEYS
                for sample in op.get(key) or []
                if str(sample.get("lang", "")).lower() in ("python", "py")
            ]
            for index in range(len(samples)):
                suffix = f" #{index}" if len(samples) > 1 else ""
                params.append(
                    pytest.param(
                        name, path, method, index, id=f"{name}:{method.upper()} {path}{suffix}"
                    )
                )
    return params


def sample_source(name: str, path: str, method: str, index: int) -> str:
    op = operation(name, path, method)
    samples = [
        sample
        for key in SAMPLE_KEYS
        for sample in op.get(key) or []
        if str(sample.get("lang", "")).lower() in ("python", "py")
    ]
    source = samples[index]["source"]
    assert isinstance(source, str)
    return source


def test_python_samples_are_found() -> None:
    ids = {param.id for param in python_samples()}
    assert "brainbase:POST /api/workers/{workerId}/deployments/chat" in ids


NOT_CREDENTIALS = {"base_url", "server", "timeout", "max_retries", "default_headers", "http_client"}


def sample_env(name: str, base_url: str) -> dict[str, str]:
    """Environment for running a sample of spec ``name`` against ``base_url``."""
    config = clientgen_clients()[name]
    package = importlib.import_module(config["package"])
    prefix = config["env_prefix"]
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(f"{prefix}_")
        and key.lower() not in ("http_proxy", "https_proxy", "all_proxy")
    }
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env[f"{prefix}_BASE_URL"] = base_url
    client_class = getattr(package, config["client"])
    for param in inspect.signature(client_class.__init__).parameters.values():
        if param.kind is param.KEYWORD_ONLY and param.name not in NOT_CREDENTIALS:
            env[f"{prefix}_{param.name.upper()}"] = f"test-{param.name}"  # e.g. *_API_KEY
    # <repo>/generated (tests/conftest.py puts it first on sys.path): the code tested in-process
    assert package.__file__ is not None
    env["PYTHONPATH"] = str(Path(package.__file__).resolve().parent.parent)
    return env


@pytest.mark.parametrize(("name", "path", "method", "index"), python_samples())
def test_python_code_sample_runs(
    prism: Prism, tmp_path: Path, name: str, path: str, method: str, index: int
) -> None:
    source = sample_source(name, path, method, index)
    server = prism(name)
    env = sample_env(name, server.base_url)
    mark = server.mark()
    done = subprocess.run(
        [sys.executable, "-c", source],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, f"sample failed:\n{done.stderr}"
    assert server.violations_since(mark) == []
    received = requests_since(server, mark)
    pattern = path_pattern(path)
    assert [m for m, p in received] == [method], received
    assert all(pattern.match(p) for _, p in received), received
    expected = SAMPLE_OUTPUT.get((name, path, method, index))
    if expected is None:
        assert done.stdout.strip(), "the sample printed nothing"
    else:
        assert done.stdout == expected


# -- 4b. the generated READMEs' examples type-check and run ------------------


def readme_program_of(name: str) -> tuple[str, str]:
    """(package, program) of the README examples of spec ``name``'s generated package."""
    config = clientgen_clients()[name]
    package = config["package"]
    text = (REPO_ROOT / "generated" / package / "README.md").read_text(encoding="utf-8")
    return package, readme_program(text, package, config["client"])


@pytest.fixture(scope="module")
def readme_programs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every seed's README program, written out and type-checked together (once)."""
    out = tmp_path_factory.mktemp("readmes")
    written = {}
    for name in spec_names():
        package, program = readme_program_of(name)
        written[name] = out / f"readme_{package}.py"
        written[name].write_text(program, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--no-incremental",
            *[path.name for path in written.values()],
        ],
        cwd=out,
        env={**os.environ, "MYPYPATH": str(REPO_ROOT / "generated")},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"README examples do not type-check:\n{done.stdout}"
    return written


@pytest.mark.parametrize("name", spec_names())
def test_readme_examples_type_check_and_run(
    prism: Prism, readme_programs: dict[str, Path], name: str
) -> None:
    """Every ```python example of the package's README, type-checked by mypy --strict (the
    fixture) and run against Prism: each operation's example call is a request the spec
    accepts, and the other examples build clients and models as they say."""
    program = readme_programs[name]
    server = prism(name)
    mark = server.mark()
    done = subprocess.run(
        [sys.executable, program.name],
        cwd=program.parent,
        env=sample_env(name, server.base_url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"README examples failed:\n{done.stderr}"
    assert server.violations_since(mark) == []
    operations = len(list(spec_operations(name)))
    assert len(requests_since(server, mark)) == operations
    assert re.search(r"ran \d+ examples", done.stdout), done.stdout
    assert "response not valid" not in done.stdout, done.stdout


def test_readme_program_can_fail() -> None:
    """The program is the README's code: a wrong argument in an example is a mypy error."""
    _, program = readme_program_of("polyai")
    assert "client.chat.create(" in program
    broken = program.replace('version="v1"', "version=1", 1)
    assert broken != program
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-c", broken],
        env={**os.environ, "MYPYPATH": str(REPO_ROOT / "generated")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1 and "arg-type" in done.stdout, done.stdout


# -- 5. guards: the checks above do fail on a wrong wire format -----------------


def test_guard_snake_case_body_is_a_violation(prism: Prism) -> None:
    """Raw HTTP with ``flow_id`` (what a generator missing the alias would send)."""
    server = prism("brainbase")
    mark = server.mark()
    with httpx.Client(base_url=server.base_url, trust_env=False, timeout=10) as http:
        response = http.post(
            "/api/workers/worker-1/deployments/chat",
            headers={"x-api-key": API_KEY},
            json={"name": "Support bot", "flow_id": "flow-1"},
        )
    assert response.status_code == 400
    assert server.violations_since(mark) == ["Request body must have required property 'flowId'"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("variant", VARIANTS)
async def test_guard_client_check_fails_if_the_wire_says_flow_id(
    prism: Prism, variant: Variant, mode: Mode
) -> None:
    """The same check as the client tests, with ``flowId`` renamed on its way out."""
    server = prism("brainbase")
    mangled = Wire(rewrite=lambda body: body.replace(b'"flowId"', b'"flow_id"'))
    try:
        with pytest.raises(AssertionError) as caught:
            await call_and_check(server, BRAINBASE_CREATE_CHAT, variant, mode, mangled)
    finally:
        await mangled.aclose()
    message = str(caught.value)
    assert "BadRequestError" in message
    assert "Request body must have required property 'flowId'" in message


@pytest.mark.parametrize("mode", MODES)
async def test_guard_client_check_fails_on_a_dropped_optional_field(
    prism: Prism, mode: Mode
) -> None:
    """Prism cannot see a lost optional field; the wire-body comparison does."""
    server = prism("uponai")
    mangled = Wire(
        rewrite=lambda body: json.dumps(
            {k: v for k, v in json.loads(body).items() if k != "metadata"}
        ).encode()
    )
    try:
        mark = server.mark()
        with pytest.raises(AssertionError) as caught:
            await call_and_check(server, UPONAI_CREATE_CHAT, "full", mode, mangled)
        assert "metadata" in str(caught.value)
        assert server.violations_since(mark) == []  # Prism itself was happy
    finally:
        await mangled.aclose()

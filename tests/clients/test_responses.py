"""Requirements 7 and 8: parsing responses into models, and raw responses."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pydantic
import pytest
from brainbase_labs import ChatDeployment
from harness import (
    BRAINBASE,
    CHAT,
    DEPLOYMENT,
    POLYAI,
    SECRETS,
    UPONAI,
    Api,
    Mode,
    Recorder,
    ok,
    respond,
    settle,
)
from uponai import Chat, Message, MessageRole

# -- models ---------------------------------------------------------------------------------------


async def test_response_parses_into_the_exported_model(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    result = await api.call(api.client(mode, recorder))
    model_name = type(result).__name__
    assert getattr(api.package, model_name) is type(result) is api.model
    assert model_name in api.package.__all__
    assert isinstance(result, api.package.BaseModel)


async def test_brainbase_fields(mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(BRAINBASE))
    dep = await BRAINBASE.call(BRAINBASE.client(mode, recorder))
    assert isinstance(dep, ChatDeployment)
    assert dep.id == "dep_1"
    assert dep.allowed_users == "everyone"
    assert dep.welcome_message is None
    assert dep.llm_model == "gpt-4o"
    assert dep.model_config_ == {"temperature": "0.2"}
    assert dep.chat_agent_id == "chat_agent_9"
    assert ChatDeployment.model_fields["model_config_"].alias == "modelConfig"


async def test_unknown_response_fields_are_kept(api: Api, mode: Mode, recorder: Recorder) -> None:
    body = {**api.ok_body, "brandNewField": {"nested": [1, 2]}, "another_one": "x"}
    recorder.script(respond(api.ok_status, body))
    result = await api.call(api.client(mode, recorder))
    assert result.model_extra == {"brandNewField": {"nested": [1, 2]}, "another_one": "x"}
    dumped = result.model_dump(by_alias=True)
    assert dumped["brandNewField"] == {"nested": [1, 2]}
    assert dumped["another_one"] == "x"
    assert result.model_dump(mode="json", by_alias=True, exclude_unset=True) == body


async def test_dump_by_alias_round_trips(api: Api, mode: Mode, recorder: Recorder) -> None:
    body = {**api.ok_body, "extraField": 1}
    recorder.script(respond(api.ok_status, body))
    result = await api.call(api.client(mode, recorder))
    assert api.model.model_validate(result.model_dump(by_alias=True)) == result
    assert api.model.model_validate(result.model_dump(mode="json", by_alias=True)) == result
    assert api.model.model_validate_json(result.model_dump_json(by_alias=True)) == result
    assert result.to_dict() == body


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ("2026-04-20T10:15:30Z", dt.datetime(2026, 4, 20, 10, 15, 30, tzinfo=dt.timezone.utc)),
        (
            "2026-04-20T12:15:30+02:00",
            dt.datetime(2026, 4, 20, 12, 15, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        ),
        (
            "2026-04-20T10:15:30.250-05:30",
            dt.datetime(
                2026,
                4,
                20,
                10,
                15,
                30,
                250000,
                tzinfo=dt.timezone(-dt.timedelta(hours=5, minutes=30)),
            ),
        ),
    ],
)
async def test_uponai_datetimes_keep_their_offset(
    sent: str, expected: dt.datetime, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(201, {**CHAT, "startedAt": sent, "endedAt": sent}))
    chat = await UPONAI.call(UPONAI.client(mode, recorder))
    assert isinstance(chat, Chat)
    assert chat.started_at == expected
    assert chat.started_at is not None
    assert chat.started_at.utcoffset() == expected.utcoffset()
    assert chat.ended_at == expected


async def test_uponai_datetime_without_offset_is_naive(mode: Mode, recorder: Recorder) -> None:
    recorder.script(respond(201, {**CHAT, "startedAt": "2026-04-20T10:15:30"}))
    chat = await UPONAI.call(UPONAI.client(mode, recorder))
    assert chat.started_at == dt.datetime(2026, 4, 20, 10, 15, 30)
    assert chat.started_at.tzinfo is None


async def test_uponai_unknown_enum_value_is_accepted(mode: Mode, recorder: Recorder) -> None:
    messages = [
        {"role": "system", "content": "You are helpful"},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello", "name": None, "tool_calls": [{"id": "t"}]},
    ]
    recorder.script(respond(201, {**CHAT, "messages": messages}))
    chat = await UPONAI.call(UPONAI.client(mode, recorder))
    assert isinstance(chat, Chat)
    assert chat.messages is not None
    system, user, assistant = chat.messages
    assert isinstance(system, Message)
    assert system.role == "system"
    assert system.role.value == "system"
    assert isinstance(system.role, MessageRole)
    assert user.role is MessageRole.USER
    assert assistant.role is MessageRole.ASSISTANT
    assert assistant.tool_calls == [{"id": "t"}]
    assert chat.model_dump(mode="json", by_alias=True)["messages"][0]["role"] == "system"
    assert Chat.model_validate(chat.model_dump(by_alias=True)) == chat


async def test_polyai_fields(mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(POLYAI))
    out = await POLYAI.call(POLYAI.client(mode, recorder))
    assert (out.conversation_id, out.response) == ("CONV-1", "Hi, how can I help?")


# -- bodies that do not match the schema ----------------------------------------------------------


def without(body: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != key}


INVALID: list[Any] = [
    pytest.param(BRAINBASE, without(DEPLOYMENT, "chatAgentId"), "chatAgentId", id="bb-missing"),
    pytest.param(BRAINBASE, {**DEPLOYMENT, "id": 5}, "id", id="bb-wrong-type"),
    pytest.param(BRAINBASE, {**DEPLOYMENT, "modelConfig": None}, "modelConfig", id="bb-null"),
    pytest.param(BRAINBASE, [DEPLOYMENT], "", id="bb-array"),
    pytest.param(UPONAI, {**CHAT, "version": "three"}, "version", id="up-wrong-type"),
    pytest.param(UPONAI, {**CHAT, "startedAt": "yesterday"}, "startedAt", id="up-bad-date"),
    pytest.param(UPONAI, {**CHAT, "messages": [{"role": "user"}]}, "content", id="up-nested"),
    pytest.param(UPONAI, "just a string", "", id="up-string"),
    pytest.param(POLYAI, {"conversation_id": "CONV-1"}, "response", id="poly-missing"),
    pytest.param(
        POLYAI, {"conversation_id": 1, "response": "r"}, "conversation_id", id="poly-type"
    ),
]


@pytest.mark.parametrize(("api_", "body", "field"), INVALID)
async def test_body_not_matching_the_schema(
    api_: Api, body: Any, field: str, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(api_.ok_status, body))
    client = api_.client(mode, recorder)
    with pytest.raises(api_.package.APIResponseValidationError) as caught:
        await api_.call(client)
    error = caught.value
    assert not isinstance(error, pydantic.ValidationError)
    assert isinstance(error, api_.package.APIError)
    assert error.status_code == api_.ok_status
    assert error.body == body
    assert error.response.status_code == api_.ok_status
    assert str(error).startswith("response body does not match its schema: ")
    assert field in str(error)
    for secret in SECRETS:
        assert secret not in str(error)
        assert secret not in repr(error)
    assert len(recorder.requests) == 1


@pytest.mark.parametrize(
    "content", [b"{not json", b"<html>oops</html>", b'{"id": "dep_1",', b"\xff\xfe"]
)
async def test_invalid_json(content: bytes, api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(
        respond(api.ok_status, content=content, headers={"content-type": "application/json"})
    )
    with pytest.raises(api.package.APIResponseValidationError, match="not valid JSON") as caught:
        await api.call(api.client(mode, recorder))
    assert caught.value.status_code == api.ok_status


async def test_empty_body_where_a_model_is_expected(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(api.ok_status))
    with pytest.raises(api.package.APIResponseValidationError):
        await api.call(api.client(mode, recorder))


# -- raw responses --------------------------------------------------------------------------------


async def test_with_raw_response(api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(api, **{"x-request-id": "req_123", "x-ratelimit-remaining": "9"}))
    client = api.client(mode, recorder)
    raw = await api.call_raw(client, extra_headers={"X-Trace": "t"})
    assert isinstance(raw, api.package.APIResponse)
    assert raw.status_code == api.ok_status
    assert raw.headers["x-request-id"] == "req_123"
    assert raw.headers["x-ratelimit-remaining"] == "9"
    assert raw.json() == api.ok_body
    parsed = raw.parse()
    assert isinstance(parsed, api.model)
    assert parsed == api.model.model_validate(api.ok_body)
    sent = recorder.last
    assert sent.headers["x-trace"] == "t"
    # the internal raw-response marker is never sent (the X-Clientgen-* platform headers are)
    assert "x-clientgen-raw-response" not in sent.headers
    assert str(sent.url) == api.url


async def test_raw_responses_count_the_retries_taken(
    api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    recorder.script(respond(503, {}), respond(429, {}), ok(api))
    raw = await api.call_raw(api.client(mode, recorder, max_retries=2))
    assert raw.status_code == api.ok_status
    assert raw.retries_taken == 2
    recorder.script(ok(api))
    assert (await api.call_raw(api.client(mode, recorder))).retries_taken == 0


async def test_every_resource_has_its_own_with_raw_response(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    """`client.<resource>.with_raw_response.<method>` as well as
    `client.with_raw_response.<resource>.<method>`, at every level of the resource tree."""
    recorder.script(ok(api, **{"x-request-id": "req_9"}))
    client = api.client(mode, recorder)
    resource = functools.reduce(getattr, api.resource, client)
    raw = await settle(resource.with_raw_response.create(**api.args))
    assert isinstance(raw, api.package.APIResponse)
    assert raw.headers["x-request-id"] == "req_9"
    assert raw.parse() == api.model.model_validate(api.ok_body)
    level = client
    for attr in api.resource:
        level = getattr(level, attr)
        assert type(level.with_raw_response).__name__.endswith("WithRawResponse")


async def test_with_raw_response_errors_still_raise(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(404, {"error_message": "no such thing"}))
    with pytest.raises(api.package.NotFoundError):
        await api.call_raw(api.client(mode, recorder))


async def test_with_raw_response_parse_validates(api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(respond(api.ok_status, {"unexpected": True}))
    raw = await api.call_raw(api.client(mode, recorder))
    assert raw.status_code == api.ok_status
    if api is UPONAI:  # every Chat field is optional
        assert raw.parse().model_extra == {"unexpected": True}
    else:
        with pytest.raises(api.package.APIResponseValidationError):
            raw.parse()


# -- streaming responses --------------------------------------------------------------------------


async def open_streaming(view: Any, mode: Mode, api: Api, read: Any) -> Any:
    """Call the canonical operation through a `with_streaming_response` view and run
    `read(response)` inside the context manager."""
    manager = functools.reduce(getattr, api.resource, view).create(**api.args)
    if mode == "sync":
        with manager as response:
            return await read(response)
    async with manager as response:
        return await read(response)


async def test_with_streaming_response_on_the_client_and_every_resource(
    api: Api, mode: Mode, recorder: Recorder, sleeps: list[float]
) -> None:
    """`client.with_streaming_response.<resource>.<method>(...)` and
    `client.<resource>.with_streaming_response.<method>(...)`: the response is unread until
    asked (tests/features/test_streaming_response.py shows that), counts its retries, and
    parses into the operation's model."""
    recorder.script(respond(503, {}), ok(api, **{"x-request-id": "req_s"}))
    client = api.client(mode, recorder, max_retries=1)
    expected = api.package.AsyncAPIResponse if mode == "async" else api.package.APIResponse

    async def read(response: Any) -> Any:
        assert isinstance(response, expected)
        assert response.status_code == api.ok_status
        assert response.headers["x-request-id"] == "req_s"
        assert response.retries_taken == 1
        return await settle(response.parse())

    parsed = await open_streaming(client.with_streaming_response, mode, api, read)
    assert parsed == api.model.model_validate(api.ok_body)
    assert "x-clientgen-raw-response" not in recorder.last.headers

    recorder.script(ok(api))
    resource = functools.reduce(getattr, api.resource[:-1], client)
    manager = getattr(resource, api.resource[-1]).with_streaming_response.create(**api.args)
    if mode == "sync":
        with manager as response:
            assert response.json() == api.ok_body
    else:
        async with manager as response:
            assert await response.json() == api.ok_body
    level = client
    for attr in api.resource:
        level = getattr(level, attr)
        assert type(level.with_streaming_response).__name__.endswith("WithStreamingResponse")


async def test_with_streaming_response_errors_raise_on_entering(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(404, {"error_message": "no such thing"}))

    async def read(response: Any) -> Any:
        raise AssertionError("an error response is never handed over")

    with pytest.raises(api.package.NotFoundError):
        await open_streaming(api.client(mode, recorder).with_streaming_response, mode, api, read)


def test_typed_streaming_response(recorder: Recorder) -> None:
    import brainbase_labs

    recorder.script(ok(BRAINBASE))
    client = brainbase_labs.BrainbaseLabs(api_key="k", http_client=recorder.sync_client())
    chat = client.workers.deployments.chat
    with chat.with_streaming_response.create(worker_id="w1", flow_id="f1", name="S") as response:
        lines = list(response.iter_lines())
    assert len(lines) == 1
    with chat.with_streaming_response.create(worker_id="w1", flow_id="f1", name="S") as response:
        deployment: ChatDeployment = response.parse()
    assert deployment.chat_agent_id == "chat_agent_9"


async def test_typed_streaming_response_async(recorder: Recorder) -> None:
    import polyai

    recorder.script(ok(POLYAI))
    client = polyai.AsyncPolyAI(api_key="k", token="t", http_client=recorder.async_client())
    async with client.chat.with_streaming_response.create(
        "v1", "ACCOUNT-1", "PROJECT-1"
    ) as response:
        out: polyai.CreateChatResponse = await response.parse()
    assert out.conversation_id == "CONV-1"


def test_typed_raw_response(recorder: Recorder) -> None:
    import brainbase_labs

    recorder.script(ok(BRAINBASE, **{"x-request-id": "r1"}))
    client = brainbase_labs.BrainbaseLabs(api_key="k", http_client=recorder.sync_client())
    raw = client.with_raw_response.workers.deployments.chat.create(
        worker_id="w1", flow_id="f1", name="Support"
    )
    assert raw.status_code == 201
    assert raw.headers["x-request-id"] == "r1"
    deployment: ChatDeployment = raw.parse()
    assert deployment.chat_agent_id == "chat_agent_9"


async def test_typed_raw_response_async(recorder: Recorder) -> None:
    import polyai

    recorder.script(ok(POLYAI))
    client = polyai.AsyncPolyAI(api_key="k", token="t", http_client=recorder.async_client())
    raw = await client.with_raw_response.chat.create("v1", "ACCOUNT-1", "PROJECT-1")
    assert raw.status_code == 200
    out: polyai.CreateChatResponse = raw.parse()
    assert out.conversation_id == "CONV-1"

"""Requirement 1: the documented calls work exactly as written and send exactly the right request."""

from __future__ import annotations

import datetime as dt

import pytest
from brainbase_labs import AsyncBrainbaseLabs, BrainbaseLabs, ChatDeployment
from harness import (
    BB_KEY,
    BRAINBASE,
    POLY_KEY,
    POLY_TOKEN,
    POLYAI,
    UP_KEY,
    UPONAI,
    Api,
    Mode,
    Recorder,
    assert_sent,
    ok,
)
from polyai import AsyncPolyAI, CreateChatResponse, PolyAI
from uponai import AsyncUponAI, Chat, UponAI


def test_brainbase_documented_call(monkeypatch: pytest.MonkeyPatch, recorder: Recorder) -> None:
    monkeypatch.setenv("BRAINBASE_LABS_API_KEY", BB_KEY)
    recorder.script(ok(BRAINBASE))
    client = BrainbaseLabs(http_client=recorder.sync_client())
    dep = client.workers.deployments.chat.create(
        worker_id="w1", flow_id="f1", name="Support", model_config={"temperature": "0.2"}
    )
    assert isinstance(dep, ChatDeployment)
    assert (dep.id, dep.chat_agent_id) == ("dep_1", "chat_agent_9")
    assert dep.model_config_ == {"temperature": "0.2"}
    assert dep.model_dump(by_alias=True)["modelConfig"] == {"temperature": "0.2"}
    assert len(recorder.requests) == 1
    assert_sent(BRAINBASE, recorder.last)


async def test_brainbase_documented_call_async(
    monkeypatch: pytest.MonkeyPatch, recorder: Recorder
) -> None:
    monkeypatch.setenv("BRAINBASE_LABS_API_KEY", BB_KEY)
    recorder.script(ok(BRAINBASE))
    async with AsyncBrainbaseLabs(http_client=recorder.async_client()) as client:
        dep = await client.workers.deployments.chat.create(
            worker_id="w1", flow_id="f1", name="Support", model_config={"temperature": "0.2"}
        )
    assert isinstance(dep, ChatDeployment)
    assert (dep.id, dep.chat_agent_id, dep.model_config_) == (
        "dep_1",
        "chat_agent_9",
        {"temperature": "0.2"},
    )
    assert_sent(BRAINBASE, recorder.last)


def test_uponai_documented_call(recorder: Recorder) -> None:
    recorder.script(ok(UPONAI))
    client = UponAI(api_key=UP_KEY, http_client=recorder.sync_client())
    chat = client.chats.create(
        workspace_id=42, agent_id="chat_agent_1", metadata={"source": "website"}
    )
    assert isinstance(chat, Chat)
    assert chat.started_at == dt.datetime(2026, 4, 20, 10, 15, 30, tzinfo=dt.timezone.utc)
    assert chat.started_at is not None
    assert chat.started_at.utcoffset() == dt.timedelta(0)
    assert chat.chat_id == "chat_1"
    assert len(recorder.requests) == 1
    assert_sent(UPONAI, recorder.last)


async def test_uponai_documented_call_async(recorder: Recorder) -> None:
    recorder.script(ok(UPONAI))
    async with AsyncUponAI(api_key=UP_KEY, http_client=recorder.async_client()) as client:
        chat = await client.chats.create(
            workspace_id=42, agent_id="chat_agent_1", metadata={"source": "website"}
        )
    assert isinstance(chat, Chat)
    assert chat.started_at == dt.datetime(2026, 4, 20, 10, 15, 30, tzinfo=dt.timezone.utc)
    assert_sent(UPONAI, recorder.last)


def test_polyai_documented_call(recorder: Recorder) -> None:
    recorder.script(ok(POLYAI))
    out = PolyAI(
        api_key=POLY_KEY, token=POLY_TOKEN, http_client=recorder.sync_client()
    ).chat.create(version="v1", account_id="ACCOUNT-1", project_id="PROJECT-1", channel="webchat")
    assert isinstance(out, CreateChatResponse)
    assert out.conversation_id == "CONV-1"
    assert out.response == "Hi, how can I help?"
    assert len(recorder.requests) == 1
    assert_sent(POLYAI, recorder.last)


async def test_polyai_documented_call_async(recorder: Recorder) -> None:
    recorder.script(ok(POLYAI))
    client = AsyncPolyAI(api_key=POLY_KEY, token=POLY_TOKEN, http_client=recorder.async_client())
    out = await client.chat.create(
        version="v1", account_id="ACCOUNT-1", project_id="PROJECT-1", channel="webchat"
    )
    assert isinstance(out, CreateChatResponse)
    assert out.conversation_id == "CONV-1"
    assert_sent(POLYAI, recorder.last)


async def test_every_operation_sync_and_async(api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder)
    result = await api.call(client)
    assert isinstance(result, api.model)
    assert result.model_dump(mode="json", by_alias=True, exclude_unset=True) == api.ok_body
    assert len(recorder.requests) == 1
    assert_sent(api, recorder.last)

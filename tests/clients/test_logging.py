"""Requirement 11: requests and responses are logged with their headers at debug level,
credentials redacted (request lines and retries alone at info level: test_logging_levels.py)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap

import httpx
import pytest
from harness import ROOT, SECRETS, Api, Mode, Recorder, fail, ok, respond


def package_messages(caplog: pytest.LogCaptureFixture, api: Api) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == api.id]


def assert_no_secret(caplog: pytest.LogCaptureFixture, *extra: str) -> None:
    for secret in (*SECRETS, *extra):
        assert secret not in caplog.text
        for record in caplog.records:
            assert secret not in record.getMessage()
            assert secret not in repr(record.args)


async def test_requests_and_responses_are_logged_redacted(
    api: Api, mode: Mode, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=api.id)
    recorder.script(respond(503, {}), ok(api))
    await api.call(api.client(mode, recorder))
    messages = package_messages(caplog, api)
    assert len(messages) == 5
    request1, response1, retry, request2, response2 = messages
    assert retry.startswith(f"retrying POST {api.url} in ")
    assert request1.startswith(f"request POST {api.url} attempt=1 headers={{")
    assert response1.startswith(f"response POST {api.url} -> 503 headers={{")
    assert request2.startswith(f"request POST {api.url} attempt=2 headers={{")
    assert response2.startswith(f"response POST {api.url} -> {api.ok_status} headers={{")
    for name in api.auth_headers:
        assert f"'{name}': '<redacted>'" in request1
        assert f"'{name}': '<redacted>'" in request2
    assert "'user-agent': '" in request1
    levels = [record.levelno for record in caplog.records]
    assert levels == [logging.DEBUG] * 2 + [logging.INFO] + [logging.DEBUG] * 2
    assert_no_secret(caplog)


async def test_every_credential_header_is_redacted(
    api: Api, mode: Mode, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=api.id)
    recorder.script(ok(api, **{"set-cookie": "session=srv-cookie-secret"}))
    client = api.client(mode, recorder)
    await api.call(
        client,
        extra_headers={"Authorization": "Bearer other-secret-1", "Cookie": "sid=cookie-secret-2"},
        extra_query={"page": "2"},
    )
    request_line = package_messages(caplog, api)[0]
    assert "'authorization': '<redacted>'" in request_line
    assert "'cookie': '<redacted>'" in request_line
    assert "page=2" in request_line
    assert_no_secret(caplog, "other-secret-1", "cookie-secret-2")


async def test_errors_are_logged_without_secrets(
    api: Api, mode: Mode, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=api.id)
    recorder.script(fail(httpx.ConnectError), respond(401, {"error": "bad key"}))
    with pytest.raises(api.package.AuthenticationError):
        await api.call(api.client(mode, recorder))
    messages = package_messages(caplog, api)
    assert [message.split(" headers=")[0].split(" in ")[0] for message in messages] == [
        f"request POST {api.url} attempt=1",
        f"retrying POST {api.url}",
        f"request POST {api.url} attempt=2",
        f"response POST {api.url} -> 401",
    ]
    assert_no_secret(caplog)


async def test_no_headers_are_logged_above_debug(
    api: Api, mode: Mode, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=api.id)
    recorder.script(ok(api))
    await api.call(api.client(mode, recorder))
    assert package_messages(caplog, api) == [
        f"request POST {api.url} attempt=1",
        f"response POST {api.url} -> {api.ok_status}",
    ]


SCRIPT = textwrap.dedent("""
    import httpx
    import brainbase_labs, polyai, uponai

    def answer(status, body):
        return httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(status, json=body)))

    brainbase_labs.BrainbaseLabs(api_key="bb-key-5ecr3t-0001", http_client=answer(201, {
        "id": "d", "allowedUsers": "a", "modelConfig": {}, "chatAgentId": "c"})
    ).workers.deployments.chat.create(worker_id="w1", flow_id="f1", name="n")
    uponai.UponAI(api_key="up-token-5ecr3t-0002", http_client=answer(201, {})).chats.create(
        workspace_id=1, agent_id="a")
    polyai.PolyAI(api_key="poly-key-5ecr3t-0003", token="poly-token-5ecr3t-0004",
        http_client=answer(200, {"conversation_id": "c", "response": "r"})
    ).chat.create("v1", "A", "P")
    """)


def test_log_level_from_the_environment() -> None:
    """`<PREFIX>_LOG=debug` (or `info`) configures the package logger when the package is
    imported."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.endswith(("_API_KEY", "_TOKEN", "_LOG", "_BASE_URL"))
    }
    env.update(
        PYTHONPATH=str(ROOT / "generated"),
        BRAINBASE_LABS_LOG="debug",
        POLYAI_LOG="DEBUG",
        UPONAI_LOG="info",
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    bb_lines = [line for line in lines if " brainbase_labs DEBUG] " in line]
    poly_lines = [line for line in lines if " polyai DEBUG] " in line]
    assert len(bb_lines) == 2
    assert len(poly_lines) == 2
    assert "request POST https://brainbase-monorepo-api.onrender.com/api/workers/w1/" in bb_lines[0]
    assert "'x-api-key': '<redacted>'" in bb_lines[0]
    assert "-> 201" in bb_lines[1]
    assert "'x-api-key': '<redacted>'" in poly_lines[0]
    assert "'x-token': '<redacted>'" in poly_lines[0]
    up_lines = [line for line in lines if "uponai" in line]  # info: no headers, no bodies
    assert [line.split("] ", 1)[1] for line in up_lines] == [
        "request POST https://api.upon-ai.com/api/chats attempt=1",
        "response POST https://api.upon-ai.com/api/chats -> 201",
    ]
    assert all(" uponai INFO] " in line for line in up_lines)
    for secret in SECRETS:
        assert secret not in done.stderr

"""Issue 15: `<PREFIX>_LOG=info` logs each request line and every retry with its delay;
`debug` adds headers and bodies; credentials are redacted at both levels."""

from __future__ import annotations

import logging

import httpx
import pytest
from harness import BB_KEY, BRAINBASE, SECRETS, Api, Mode, Recorder, fail, ok, respond


def messages(caplog: pytest.LogCaptureFixture, api: Api) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == api.id]


def assert_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    for secret in SECRETS:
        assert secret not in caplog.text


async def test_info_logs_request_lines_and_retries_with_their_delay(
    api: Api, mode: Mode, recorder: Recorder, caplog: pytest.LogCaptureFixture, sleeps: list[float]
) -> None:
    caplog.set_level(logging.INFO, logger=api.id)
    recorder.script(respond(503, {}), fail(httpx.ConnectError), ok(api))
    await api.call(api.client(mode, recorder))
    assert messages(caplog, api) == [
        f"request POST {api.url} attempt=1",
        f"response POST {api.url} -> 503",
        f"retrying POST {api.url} in {sleeps[0]:.2f} seconds (retry 1 of 2) after 503",
        f"request POST {api.url} attempt=2",
        f"retrying POST {api.url} in {sleeps[1]:.2f} seconds (retry 2 of 2) after ConnectError",
        f"request POST {api.url} attempt=3",
        f"response POST {api.url} -> {api.ok_status}",
    ]
    assert all(record.levelno == logging.INFO for record in caplog.records)
    assert_no_secret(caplog)


async def test_warning_logs_nothing(
    api: Api, mode: Mode, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=api.id)
    recorder.script(respond(503, {}), ok(api))
    await api.call(api.client(mode, recorder))
    assert messages(caplog, api) == []


async def test_debug_adds_headers_and_bodies(
    api: Api, mode: Mode, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=api.id)
    recorder.script(ok(api))
    await api.call(api.client(mode, recorder))
    request_line, response_line = messages(caplog, api)
    assert request_line.startswith(f"request POST {api.url} attempt=1 headers={{")
    assert " body=" + recorder.last.content.decode() in request_line
    for name in api.auth_headers:
        assert f"'{name}': '<redacted>'" in request_line
    assert response_line.startswith(f"response POST {api.url} -> {api.ok_status} headers={{")
    assert " body={" in response_line
    assert str(api.ok_body[next(iter(api.ok_body))]) in response_line.split(" body=", 1)[1]
    assert_no_secret(caplog)


async def test_debug_redacts_a_credential_echoed_in_a_body(
    mode: Mode, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=BRAINBASE.id)
    recorder.script(respond(401, {"message": f"key {BB_KEY} is revoked"}))
    client = BRAINBASE.client(mode, recorder)
    with pytest.raises(BRAINBASE.package.AuthenticationError):
        await BRAINBASE.call(client, name=f"echo {BB_KEY}")
    text = "\n".join(messages(caplog, BRAINBASE))
    assert "key <redacted> is revoked" in text
    assert "echo <redacted>" in text
    assert_no_secret(caplog)

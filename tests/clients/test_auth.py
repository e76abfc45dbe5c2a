"""Requirements 4, 11 (repr and messages) and 12 (header injection): credentials."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from harness import (
    APIS,
    POLY_KEY,
    POLY_TOKEN,
    POLYAI,
    SECRETS,
    Api,
    Mode,
    Recorder,
    assert_sent,
    ok,
    settle,
)
from polyai import AsyncPolyAI, PolyAI
from polyai.resources.chat import AsyncChat, Chat


async def test_credentials_come_from_the_environment(
    api: Api, mode: Mode, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    for argument, env in api.credential_env.items():
        monkeypatch.setenv(env, api.credentials[argument])
    recorder.script(ok(api))
    client = api.client(mode, recorder, **dict.fromkeys(api.credentials))
    await api.call(client)
    assert_sent(api, recorder.last)


async def test_arguments_win_over_the_environment(
    api: Api, mode: Mode, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    for env in api.credential_env.values():
        monkeypatch.setenv(env, "from-the-environment")
    recorder.script(ok(api))
    await api.call(api.client(mode, recorder))
    assert_sent(api, recorder.last)
    assert "from-the-environment" not in str(recorder.last.headers.raw)


async def test_missing_credentials_fail_when_the_client_is_built(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    with pytest.raises(api.package.MissingCredentialsError) as caught:
        api.client(mode, recorder, **dict.fromkeys(api.credentials))
    error = caught.value
    assert isinstance(error, api.package.APIError)
    message = str(error)
    for argument, env in api.credential_env.items():
        assert argument in message
        assert env in message
    assert recorder.requests == []


@pytest.mark.parametrize("api_", APIS, ids=[api.id for api in APIS])
def test_missing_credentials_error_is_exported(api_: Api) -> None:
    error_class = api_.package.MissingCredentialsError
    assert issubclass(error_class, api_.package.APIError)
    assert "MissingCredentialsError" in api_.package.__all__


def test_missing_credentials_message_names_every_alternative() -> None:
    with pytest.raises(POLYAI.package.MissingCredentialsError) as caught:
        PolyAI()
    assert str(caught.value) == (
        "missing credentials: set api_key (or POLYAI_API_KEY); or token (or POLYAI_TOKEN)"
    )


@pytest.mark.parametrize(
    ("given", "missing"),
    [({"api_key": POLY_KEY}, "token"), ({"token": POLY_TOKEN}, "api_key")],
    ids=["api_key-only", "token-only"],
)
@pytest.mark.parametrize("source", ["arguments", "environment"])
async def test_polyai_chat_create_needs_both_credentials(
    given: dict[str, str],
    missing: str,
    source: str,
    mode: Mode,
    recorder: Recorder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The spec's security offers either scheme, but chat.create declares both X-API-KEY and
    X-TOKEN as required header parameters (a server that validates the spec rejects a call
    with one): a client with one of them is built, and the call fails before sending."""
    options: dict[str, str | None] = {"api_key": None, "token": None}
    if source == "arguments":
        options.update(given)
    else:
        for argument, value in given.items():
            monkeypatch.setenv(POLYAI.credential_env[argument], value)
    recorder.script(ok(POLYAI))
    client = POLYAI.client(mode, recorder, **options)
    with pytest.raises(POLYAI.package.MissingCredentialsError) as caught:
        await POLYAI.call(client)
    assert str(caught.value) == (
        "missing credentials: set api_key (or POLYAI_API_KEY) and token (or POLYAI_TOKEN)"
    )
    assert missing in str(caught.value)
    assert recorder.requests == []


@pytest.mark.parametrize("source", ["arguments", "environment"])
async def test_polyai_sends_both_credentials(
    source: str, mode: Mode, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = {"api_key": POLY_KEY, "token": POLY_TOKEN}
    options: dict[str, str | None] = {"api_key": None, "token": None}
    if source == "arguments":
        options.update(given)
    else:
        for argument, value in given.items():
            monkeypatch.setenv(POLYAI.credential_env[argument], value)
    recorder.script(ok(POLYAI))
    await POLYAI.call(POLYAI.client(mode, recorder, **options))
    request = recorder.last
    assert request.headers.get_list("x-api-key") == [POLY_KEY]
    assert request.headers.get_list("x-token") == [POLY_TOKEN]


def test_polyai_readme_names_the_credentials_chat_create_needs() -> None:
    readme = (Path(POLYAI.package.__file__).parent / "README.md").read_text("utf-8")
    section = readme.split("### `client.chat.create()`", 1)[1].split("###", 1)[0]
    assert "Credentials: `api_key` and `token`." in section


@pytest.mark.parametrize("method", [Chat.create, AsyncChat.create])
def test_polyai_methods_take_no_credential_arguments(method: object) -> None:
    assert callable(method)
    parameters = set(inspect.signature(method).parameters)
    assert {"version", "account_id", "project_id", "channel"} <= parameters
    assert not parameters & {"x_api_key", "x_token", "api_key", "token"}


def test_polyai_client_arguments() -> None:
    for cls in (PolyAI, AsyncPolyAI):
        parameters = inspect.signature(cls).parameters
        assert {"api_key", "token", "server", "base_url"} <= set(parameters)
        assert "x_api_key" not in parameters


# -- secrets never shown ------------------------------------------------------------------------


async def test_repr_never_shows_secrets(api: Api, mode: Mode, recorder: Recorder) -> None:
    client = api.client(mode, recorder)
    texts = [repr(client), str(client), repr(client.with_options(max_retries=1))]
    auth_classes = [
        getattr(api.package, name)
        for name in api.package.__all__
        if name.endswith("Auth") and name != "Auth"
    ]
    assert auth_classes
    for auth_class in auth_classes:
        auth = auth_class(next(iter(api.credentials.values())))
        texts += [repr(auth), str(auth)]
    for text in texts:
        for secret in SECRETS:
            assert secret not in text
    prefix = "" if mode == "sync" else "Async"
    assert repr(client) == f"{prefix}{api.client_name}(base_url={str(client.base_url)!r})"
    await settle(client.close())


# -- header injection -----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["a\r\nX-Injected: 1", "a\nb", "a\rb"])
async def test_extra_header_with_line_break_is_rejected_before_sending(
    bad: str, api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder)
    with pytest.raises(ValueError, match="X-Trace"):
        await api.call(client, extra_headers={"X-Trace": bad})
    assert recorder.requests == []


async def test_default_header_with_line_break_is_rejected(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    with pytest.raises(ValueError, match="X-Trace"):
        api.client(mode, recorder, default_headers={"X-Trace": "a\r\nX-Injected: 1"})


async def test_credential_with_line_break_is_rejected_before_sending(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    argument = next(iter(api.credentials))
    secret = "s3cr3t\r\nX-Injected: 1"
    with pytest.raises(ValueError) as caught:
        client = api.client(mode, recorder, **{argument: secret})
        await api.call(client)
    assert "s3cr3t" not in str(caught.value)
    assert recorder.requests == []


@pytest.mark.parametrize("bad_name", ["X-A\r\nX-Injected", "X-A\nB", "X-A: b", ""])
async def test_header_name_that_could_inject_is_rejected_before_sending(
    bad_name: str, api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder)
    with pytest.raises(ValueError, match="header name"):
        await api.call(client, extra_headers={bad_name: "v"})
    with pytest.raises(ValueError, match="header name"):
        api.client(mode, recorder, default_headers={bad_name: "v"})
    assert recorder.requests == []

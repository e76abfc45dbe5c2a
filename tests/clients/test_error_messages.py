"""Issue 15: `str(error)` of a status error names the status and the server's reason; invalid
arguments raise `RequestValidationError`, caught by `except APIError` and `except ValueError`."""

from __future__ import annotations

from typing import Any

import pytest
from harness import BRAINBASE, POLYAI, SECRETS, Api, Mode, Recorder, respond


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"message": "worker not found"}, "worker not found"),
        ({"detail": "flow is archived"}, "flow is archived"),
        ({"error": {"type": "invalid", "message": "name is too long"}}, "name is too long"),
        ({"error": "quota exceeded"}, "quota exceeded"),
        ({"error_message": "Invalid account"}, "Invalid account"),
    ],
)
async def test_status_error_names_the_servers_reason(
    body: Any, reason: str, api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(404, body))
    with pytest.raises(api.package.NotFoundError) as caught:
        await api.call(api.client(mode, recorder, max_retries=0))
    assert str(caught.value) == f"POST {api.url} returned 404 Not Found: {reason}"
    assert caught.value.message == str(caught.value)


async def test_polyai_declared_error_model_message(mode: Mode, recorder: Recorder) -> None:
    recorder.script(respond(401, {"error_message": "Invalid API key"}))
    with pytest.raises(POLYAI.package.AuthenticationError) as caught:
        await POLYAI.call(POLYAI.client(mode, recorder, max_retries=0))
    assert isinstance(caught.value.body, POLYAI.package.Error)
    assert str(caught.value).endswith("returned 401 Unauthorized: Invalid API key")


async def test_status_error_without_a_message_field_shows_the_body(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(502, content=b"upstream connect error " + b"x" * 2000))
    with pytest.raises(api.package.InternalServerError) as caught:
        await api.call(api.client(mode, recorder, max_retries=0))
    message = str(caught.value)
    assert message.startswith(f"POST {api.url} returned 502 Bad Gateway: upstream connect error x")
    assert message.endswith("...")
    assert len(message) < len(f"POST {api.url} returned 502 Bad Gateway: ") + 320


async def test_status_error_with_json_body_but_no_message(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(409, {"code": 17, "ids": [1, 2]}))
    with pytest.raises(api.package.ConflictError) as caught:
        await api.call(api.client(mode, recorder, max_retries=0))
    assert str(caught.value) == f'POST {api.url} returned 409 Conflict: {{"code":17,"ids":[1,2]}}'


async def test_status_error_with_empty_body(api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(respond(404, content=b""))
    with pytest.raises(api.package.NotFoundError) as caught:
        await api.call(api.client(mode, recorder, max_retries=0))
    assert str(caught.value) == f"POST {api.url} returned 404 Not Found"


async def test_status_error_message_never_shows_credentials(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(400, {"message": "bad"}))
    with pytest.raises(api.package.BadRequestError) as caught:
        await api.call(api.client(mode, recorder, max_retries=0))
    for secret in SECRETS:
        assert secret not in str(caught.value)


async def test_invalid_body_argument_is_a_request_validation_error(
    mode: Mode, recorder: Recorder
) -> None:
    package = BRAINBASE.package
    recorder.script(respond(201, {}))
    client = BRAINBASE.client(mode, recorder)
    with pytest.raises(package.RequestValidationError) as caught:
        await BRAINBASE.call(client, model_config=5)
    error = caught.value
    assert isinstance(error, package.APIError)
    assert isinstance(error, ValueError)
    assert "model_config" in str(error)
    assert error.errors and error.errors[0]["type"] == "dict_type"
    assert recorder.requests == []


async def test_invalid_arguments_are_caught_by_api_error_and_value_error(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(201, {}))
    client = api.client(mode, recorder)
    for catch in (api.package.APIError, ValueError):
        with pytest.raises(catch):
            await api.call(client, extra_headers={"X-Bad": "line\r\nbreak"})
    assert recorder.requests == []


def test_request_validation_error_is_exported(api: Api) -> None:
    assert "RequestValidationError" in api.package.__all__
    error = api.package.RequestValidationError
    assert issubclass(error, api.package.APIError)
    assert issubclass(error, ValueError)

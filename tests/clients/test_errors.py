"""Requirement 9: the error classes, their hierarchy, and what they carry."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from harness import APIS, POLYAI, SECRETS, Api, Mode, Recorder, respond

ERROR_NAMES = (
    "APIError",
    "APIConnectionError",
    "APITimeoutError",
    "APIStatusError",
    "APIResponseValidationError",
    "MissingCredentialsError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
)
PARENTS = {
    "APIConnectionError": "APIError",
    "APITimeoutError": "APIConnectionError",
    "APIStatusError": "APIError",
    "APIResponseValidationError": "APIError",
    "MissingCredentialsError": "APIError",
    "BadRequestError": "APIStatusError",
    "AuthenticationError": "APIStatusError",
    "PermissionDeniedError": "APIStatusError",
    "NotFoundError": "APIStatusError",
    "ConflictError": "APIStatusError",
    "UnprocessableEntityError": "APIStatusError",
    "RateLimitError": "APIStatusError",
    "InternalServerError": "APIStatusError",
}
BY_STATUS = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (502, "InternalServerError"),
    (503, "InternalServerError"),
    (504, "InternalServerError"),
    (599, "InternalServerError"),
    (402, "APIStatusError"),
    (405, "APIStatusError"),
    (418, "APIStatusError"),
]


@pytest.mark.parametrize("api_", APIS, ids=[api.id for api in APIS])
def test_hierarchy_and_exports(api_: Api) -> None:
    package = api_.package
    for name in ERROR_NAMES:
        assert name in package.__all__
        assert isinstance(getattr(package, name), type)
    assert issubclass(package.APIError, Exception)
    for child, parent in PARENTS.items():
        assert getattr(package, child).__mro__[1] is getattr(package, parent), child
    status_classes = {name for _, name in BY_STATUS} - {"APIStatusError"}
    for a in status_classes:
        for b in status_classes - {a}:
            assert not issubclass(getattr(package, a), getattr(package, b))
    assert not issubclass(package.APIStatusError, package.APIConnectionError)


@pytest.mark.parametrize(("status", "class_name"), BY_STATUS)
async def test_status_maps_to_error_class(
    status: int, class_name: str, api: Api, mode: Mode, recorder: Recorder
) -> None:
    body = {"error": {"code": status, "message": "nope"}, "error_message": "nope"}
    recorder.script(respond(status, body, headers={"x-request-id": "req_9"}))
    client = api.client(mode, recorder, max_retries=0)
    with pytest.raises(api.package.APIStatusError) as caught:
        await api.call(client)
    error = caught.value
    assert type(error) is getattr(api.package, class_name)
    assert isinstance(error, api.package.APIError)
    assert error.status_code == status
    assert error.response.status_code == status
    assert isinstance(error.response, httpx.Response)
    assert error.request is error.response.request
    assert error.request_id == "req_9"
    if api is POLYAI and status in POLYAI.declared_errors:
        assert isinstance(error.body, POLYAI.package.Error)
        assert error.body.error_message == "nope"
        assert error.body.model_extra == {"error": {"code": status, "message": "nope"}}
    else:
        assert error.body == body
    message = str(error)
    assert message.startswith(f"POST {api.url} returned {status}")
    for secret in SECRETS:
        assert secret not in message
        assert secret not in repr(error)
    assert len(recorder.requests) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 500])
async def test_polyai_declared_errors_parse_into_error(
    status: int, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(status, {"error_message": "Invalid account"}))
    with pytest.raises(POLYAI.package.APIStatusError) as caught:
        await POLYAI.call(POLYAI.client(mode, recorder, max_retries=0))
    body = caught.value.body
    assert isinstance(body, POLYAI.package.Error)
    assert body == POLYAI.package.Error(error_message="Invalid account")
    assert body.error_message == "Invalid account"


@pytest.mark.parametrize(
    ("status", "content", "expected"),
    [
        (409, b'{"detail": "conflict"}', {"detail": "conflict"}),
        (422, b'[{"loc": ["x"]}]', [{"loc": ["x"]}]),
        (502, b"Bad Gateway from the proxy", "Bad Gateway from the proxy"),
        (400, b"<html>bad</html>", "<html>bad</html>"),
        (401, b'"a json string"', "a json string"),
        (404, b"", ""),
    ],
)
async def test_undeclared_or_undecodable_error_bodies(
    status: int, content: bytes, expected: Any, api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(status, content=content))
    with pytest.raises(api.package.APIStatusError) as caught:
        await api.call(api.client(mode, recorder, max_retries=0))
    assert caught.value.body == expected
    assert caught.value.status_code == status


async def test_polyai_declared_error_that_does_not_match_keeps_the_json(
    mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(400, {"error_message": ["not", "a", "string"]}))
    with pytest.raises(POLYAI.package.BadRequestError) as caught:
        await POLYAI.call(POLYAI.client(mode, recorder))
    assert caught.value.body == {"error_message": ["not", "a", "string"]}


async def test_catch_everything_with_api_error(api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(respond(400, {"message": "bad"}))
    with pytest.raises(api.package.APIError):
        await api.call(api.client(mode, recorder))

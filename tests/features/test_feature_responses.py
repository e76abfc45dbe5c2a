"""Responses: JSON, text, binary, no content, several 2xx codes, `default`, and
text/event-stream as an iterator of typed events (sync and async)."""

from __future__ import annotations

from typing import Any

import pytest
from feature_harness import MODES, FeatureSet, Mode, reply


@pytest.mark.parametrize("mode", MODES)
async def test_json_response_is_the_model(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("responses")
    pet, request = await f.acall(mode, "getPet", "p1", answer=reply(200, {"name": "Rex"}))
    assert request.headers["accept"] == "application/json"
    assert isinstance(pet, f.module.Pet)
    assert pet.name == "Rex"


@pytest.mark.parametrize("mode", MODES)
async def test_text_response_is_str(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("responses")
    answer = reply(
        200, content="Rëx".encode(), headers={"content-type": "text/plain; charset=utf-8"}
    )
    name, _ = await f.acall(mode, "getPetName", "p1", answer=answer)
    assert name == "Rëx"


@pytest.mark.parametrize("mode", MODES)
async def test_binary_response_is_bytes(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("responses")
    data = b"\x89PNG\r\n\x1a\n\x00\xff"
    photo, _ = await f.acall(
        mode,
        "getPetPhoto",
        "p1",
        answer=reply(200, content=data, headers={"content-type": "image/png"}),
    )
    assert photo == data


def test_non_json_response_is_requested_with_its_media_type(features: FeatureSet) -> None:
    f = features.feature("responses")
    _, request = f.call("getPetPhoto", "p1", answer=reply(200, content=b"x"))
    assert "image/png" in request.headers["accept"]
    _, request = f.call("getPetName", "p1", answer=reply(200, content=b"x"))
    assert "text/plain" in request.headers["accept"]


@pytest.mark.parametrize("mode", MODES)
async def test_no_content_response_is_none(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("responses")
    result, request = await f.acall(mode, "deletePet", "p1", answer=reply(204))
    assert request.method == "DELETE"
    assert result is None


def test_200_without_content_is_none(features: FeatureSet) -> None:
    f = features.feature("responses")
    result, request = f.call("archivePet", "p1", answer=reply(200))
    assert (request.method, request.url.path) == ("POST", "/pets/p1/archive")
    assert result is None
    assert f.signature("archivePet").return_annotation == "None"


def test_return_annotations_follow_the_media_type(features: FeatureSet) -> None:
    f = features.feature("responses")
    returns = {
        op.operation_id: f.signature(op.operation_id).return_annotation for op in f.operations()
    }
    assert returns == {
        "getPet": "Pet",
        "getPetName": "str",
        "getPetNickname": "str",
        "getPetPhoto": "bytes",
        "deletePet": "None",
        "archivePet": "None",
    }


# ------------------------------------------------------------------------- several 2xx codes


def test_first_success_status_parses_into_its_model(features: FeatureSet) -> None:
    f = features.feature("responses_multi")
    result, _ = f.call("createJob", answer=reply(200, {"id": "j1"}))
    assert isinstance(result, f.module.JobResult)


def test_each_success_status_parses_into_its_own_model(features: FeatureSet) -> None:
    f = features.feature("responses_multi")
    result, _ = f.call("createJob", answer=reply(202, {"id": "j1"}))
    assert isinstance(result, f.module.JobTicket)


def test_a_union_of_models_for_one_status_beside_a_schemaless_one(features: FeatureSet) -> None:
    """200 is `anyOf [Finished, Failed]`, 202 any JSON: the method returns `Any`, and the
    resource module still imports the models its per-status table names."""
    f = features.feature("multi_status_union")
    failed, _ = f.call("getJob", "j1", answer=reply(200, {"error": "disk full"}))
    assert isinstance(failed, f.module.Failed) and failed.error == "disk full"
    finished, _ = f.call("getJob", "j1", answer=reply(200, {"result": "ok"}))
    assert isinstance(finished, f.module.Finished)
    pending, _ = f.call("getJob", "j1", answer=reply(202, {"eta": 5}))
    assert pending == {"eta": 5}


@pytest.mark.parametrize(
    ("status", "error"),
    [(500, "InternalServerError"), (404, "NotFoundError"), (418, "APIStatusError")],
)
def test_default_response_is_the_error_body_model(
    features: FeatureSet, status: int, error: str
) -> None:
    f = features.feature("responses_multi")
    with pytest.raises(getattr(f.module, error)) as caught:
        f.call("getJob", "j1", answer=reply(status, {"code": status, "message": "nope"}))
    assert caught.value.status_code == status
    assert isinstance(caught.value.body, f.module.Error)
    assert caught.value.body.message == "nope"


def test_default_only_response_describes_success_too(features: FeatureSet) -> None:
    f = features.feature("responses_multi")
    pong, _ = f.call("ping", answer=reply(200, {"ok": True}))
    assert isinstance(pong, f.module.Pong)
    assert pong.ok is True


def test_json_string_response_is_decoded(features: FeatureSet) -> None:
    f = features.feature("responses")
    nickname, _ = f.call("getPetNickname", "p1", answer=reply(200, "Rex"))
    assert nickname == "Rex"


# --------------------------------------------------------------------------- text/event-stream

SSE = (
    b": a comment line is ignored\n"
    b"event: created\n"
    b'data: {"id": 1, "type": "created"}\n'
    b"\n"
    b'data: {"id": 2,\n'
    b'data: "type": "deleted"}\n'
    b"id: 2\n"
    b"\n"
)
"""Two events; the second one's JSON spans two `data:` lines (joined with a newline)."""


async def _collect(result: Any) -> list[Any]:
    if hasattr(result, "__aiter__"):
        return [item async for item in result]
    assert not isinstance(result, (str, bytes)), f"got the raw body, not events: {result!r}"
    return list(result)


@pytest.mark.parametrize("mode", MODES)
async def test_event_stream_yields_typed_events(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("sse")
    answer = reply(200, content=SSE, headers={"content-type": "text/event-stream"})
    result, _ = await f.acall(mode, "streamEvents", answer=answer)
    events = await _collect(result)
    assert [type(e) for e in events] == [f.module.Event, f.module.Event]
    assert [(e.id, e.type) for e in events] == [(1, "created"), (2, "deleted")]


def test_event_stream_is_requested_as_such(features: FeatureSet) -> None:
    f = features.feature("sse")
    answer = reply(200, content=SSE, headers={"content-type": "text/event-stream"})
    _, request = f.call("streamEvents", answer=answer)
    assert request.headers["accept"] == "text/event-stream"


def test_event_stream_return_annotation_names_the_event(features: FeatureSet) -> None:
    f = features.feature("sse")
    annotation = f.signature("streamEvents").return_annotation
    assert "Event" in annotation
    assert annotation not in ("str", "bytes", "Event")

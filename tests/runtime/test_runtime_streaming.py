"""Server-sent events as themselves: the decoder, and the sync and async streams of parsed
events (`[DONE]` ends one; bad event data is the response validation error)."""

from __future__ import annotations

import httpx
import pytest
from runtime_harness import Server, async_client, sync_client

from generator.runtime import AsyncStream, BaseModel, Endpoint, Stream
from generator.runtime._errors import APIResponseValidationError, RateLimitError
from generator.runtime._streaming import ServerSentEvent, SSEDecoder


class Delta(BaseModel):
    text: str


EVENTS = Endpoint("POST", "/chat", cast_to=Delta, stream=True, accept="text/event-stream")


def decode(lines: list[str]) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    return [event for line in lines if (event := decoder.feed(line)) is not None]


def test_the_decoder_follows_the_event_stream_rules() -> None:
    lines = [
        ": a comment",
        "event: delta",
        "id: 7",
        "retry: 1500",
        "data: first",
        "data:second",
        "",
        "",
        "data: {}",
        "id: bad\x00id",
        "retry: soon",
        "",
    ]
    assert decode(lines) == [
        ServerSentEvent(event="delta", data="first\nsecond", id="7", retry=1500),
        ServerSentEvent(event=None, data="{}", id="7", retry=None),
    ]


def stream_response(body: str, status: int = 200) -> httpx.Response:
    return httpx.Response(
        status, content=body.encode(), headers={"content-type": "text/event-stream"}
    )


BODY = (
    'data: {"text": "Hel"}\n\n: keep-alive\n\ndata: {"text": "lo"}\n\ndata: [DONE]\n\ndata: x\n\n'
)


def test_a_sync_stream_yields_parsed_events_until_done() -> None:
    result = sync_client(Server(stream_response(BODY))).request(EVENTS)
    assert isinstance(result, Stream)
    with result as stream:
        assert list(stream) == [Delta(text="Hel"), Delta(text="lo")]
    assert result.response.is_closed


async def test_an_async_stream_yields_parsed_events_until_done() -> None:
    result = await async_client(Server(stream_response(BODY))).request(EVENTS)
    assert isinstance(result, AsyncStream)
    async with result as stream:
        assert [event async for event in stream] == [Delta(text="Hel"), Delta(text="lo")]
    assert result.response.is_closed


def test_text_events_are_their_data() -> None:
    endpoint = Endpoint("GET", "/log", cast_to=str, stream=True)
    stream = sync_client(Server(stream_response("data: a\n\ndata: b\n\n"))).request(endpoint)
    assert list(stream) == ["a", "b"]


@pytest.mark.parametrize(
    ("body", "message"),
    [("data: {oops\n\n", "not valid JSON"), ('data: {"txt": 1}\n\n', "text: Field required")],
)
def test_bad_event_data_is_a_validation_error(body: str, message: str) -> None:
    stream = sync_client(Server(stream_response(body))).request(EVENTS)
    with pytest.raises(APIResponseValidationError, match=message):
        list(stream)


def test_an_error_status_on_a_stream_raises_the_typed_error() -> None:
    server = Server(httpx.Response(429, json={"error": "slow down"}))
    with pytest.raises(RateLimitError) as caught:
        sync_client(server, max_retries=0).request(EVENTS)
    assert caught.value.body == {"error": "slow down"}

"""`with_streaming_response` (issue 15): on the client and on every resource, a context manager
whose response body is read only when asked (`read`, `text`, `json`, `parse`) or chunk by chunk
(`iter_bytes`, `iter_text`, `iter_lines`, `stream_to_file`), so a download larger than memory
(or than `max_response_size`) never sits in memory; errors and retries as for any call, the
connection released on leaving. Sync and async, through `httpx.MockTransport`."""

from __future__ import annotations

import functools
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from feature_harness import MODES, Feature, FeatureSet, Mode, Recorder, reply

CHUNK = 64 * 1024


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body produced on demand: counts what was read and whether it was closed."""

    def __init__(self, chunks: int, chunk: bytes = b"x" * CHUNK, fail_after: int | None = None):
        self.chunks = chunks
        self.chunk = chunk
        self.fail_after = fail_after
        self.sent = 0
        self.closed = False

    def _next(self) -> bytes:
        if self.fail_after is not None and self.sent >= self.fail_after:
            raise httpx.ReadError("connection reset mid-body")
        self.sent += 1
        return self.chunk

    def __iter__(self) -> Iterator[bytes]:
        while self.sent < self.chunks:
            yield self._next()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.sent < self.chunks:
            yield self._next()

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def streamed(body: Body, status: int = 200, content_type: str = "application/octet-stream"):
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers={"content-type": content_type}, stream=body)

    return answer


def view(feature: Feature, client: Any, op: str, root: Any = None) -> Any:
    """`client.with_streaming_response.<resource>.<method>` for an operationId."""
    target = client.with_streaming_response if root is None else root
    return functools.reduce(getattr, feature.operation(op).call.split("."), target)


async def enter(mode: Mode, call: Any, body: Any = None) -> Any:
    """Enter the context manager a streaming call returns, run `body(response)` inside it."""
    if mode == "sync":
        with call as response:
            return await body(response) if body else response
    async with call as response:
        return await body(response) if body else response


async def settle(value: Any) -> Any:
    if hasattr(value, "__await__"):
        return await value
    return value


@pytest.fixture
def downloads(features: FeatureSet) -> Feature:
    return features.feature("downloads")


@pytest.mark.parametrize("mode", MODES)
async def test_the_body_is_read_only_when_asked(downloads: Feature, mode: Mode) -> None:
    body = Body(chunks=4)
    client = downloads.client(Recorder(streamed(body)), mode)
    seen: dict[str, Any] = {}

    async def inside(response: Any) -> None:
        seen["before"] = body.sent
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/octet-stream"
        assert response.retries_taken == 0
        seen["content"] = await settle(response.read())
        seen["after"] = body.sent

    await enter(mode, view(downloads, client, "downloadDocument")("doc1"), inside)
    assert seen["before"] == 0  # nothing read on entering
    assert seen["content"] == b"x" * CHUNK * 4
    assert seen["after"] == 4


@pytest.mark.parametrize("mode", MODES)
async def test_leaving_unread_releases_the_connection(downloads: Feature, mode: Mode) -> None:
    body = Body(chunks=1000)
    client = downloads.client(Recorder(streamed(body)), mode)

    async def inside(response: Any) -> None:
        assert response.status_code == 200

    await enter(mode, view(downloads, client, "downloadDocument")("doc1"), inside)
    assert body.sent == 0
    assert body.closed


@pytest.mark.parametrize("mode", MODES)
async def test_a_download_larger_than_the_limit_streams_to_a_file_in_bounded_memory(
    downloads: Feature, mode: Mode, tmp_path: Path
) -> None:
    """64 MiB through a client whose `max_response_size` is 1 MiB: the plain call refuses it,
    the streaming call writes it to a file while holding a few chunks at most."""
    total = 1024  # chunks of 64 KiB
    target = tmp_path / "document.bin"
    client = downloads.client(Recorder(streamed(Body(total))), mode, max_response_size=2**20)
    with pytest.raises(downloads.module.ResponseTooLargeError):
        await settle(downloads.method(client, "downloadDocument")("doc1"))

    body = Body(total)
    client = downloads.client(Recorder(streamed(body)), mode, max_response_size=2**20)

    async def inside(response: Any) -> None:
        await settle(response.stream_to_file(target, chunk_size=CHUNK))

    tracemalloc.start()
    try:
        await enter(mode, view(downloads, client, "downloadDocument")("doc1"), inside)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert target.stat().st_size == total * CHUNK
    assert body.sent == total
    assert peak < 8 * CHUNK * 16, f"peak {peak} bytes for a {total * CHUNK}-byte body"


@pytest.mark.parametrize("mode", MODES)
async def test_chunks_text_and_lines(downloads: Feature, mode: Mode) -> None:
    csv = "a,b\n1,2\n3,4\n"
    client = downloads.client(
        Recorder(reply(200, content=csv, headers={"content-type": "text/csv"})), mode
    )
    call = view(downloads, client, "getReport")

    async def lines(response: Any) -> list[str]:
        if mode == "sync":
            return list(response.iter_lines())
        return [line async for line in response.iter_lines()]

    async def chunks(response: Any) -> bytes:
        if mode == "sync":
            return b"".join(response.iter_bytes(4))
        return b"".join([chunk async for chunk in response.iter_bytes(4)])

    async def text(response: Any) -> str:
        if mode == "sync":
            return "".join(response.iter_text())
        return "".join([part async for part in response.iter_text()])

    async def parsed(response: Any) -> Any:
        return await settle(response.parse())

    assert await enter(mode, call("r1"), lines) == ["a,b", "1,2", "3,4"]
    assert await enter(mode, call("r1"), chunks) == csv.encode()
    assert await enter(mode, call("r1"), text) == csv
    assert await enter(mode, call("r1"), parsed) == csv


@pytest.mark.parametrize("mode", MODES)
async def test_parse_gives_the_model(downloads: Feature, mode: Mode) -> None:
    client = downloads.client(Recorder(reply(200, {"id": "d1", "size": 3, "extra": 1})), mode)

    async def parsed(response: Any) -> Any:
        return await settle(response.parse())

    document = await enter(mode, view(downloads, client, "getDocument")("d1"), parsed)
    assert isinstance(document, downloads.module.Document)
    assert (document.id, document.size) == ("d1", 3)
    expected = (
        downloads.module.AsyncAPIResponse if mode == "async" else downloads.module.APIResponse
    )
    response = await enter(mode, view(downloads, client, "getDocument")("d1"))
    assert isinstance(response, expected)


@pytest.mark.parametrize("mode", MODES)
async def test_every_resource_has_its_own_view(downloads: Feature, mode: Mode) -> None:
    """`client.<resource>.with_streaming_response.<method>` as well as
    `client.with_streaming_response.<resource>.<method>`."""
    recorder = Recorder(reply(200, {"id": "d1", "size": 3}))
    client = downloads.client(recorder, mode)
    call = downloads.operation("getDocument").call.split(".")
    resource = functools.reduce(getattr, call[:-1], client)
    method = getattr(resource.with_streaming_response, call[-1])

    async def parsed(response: Any) -> Any:
        return await settle(response.parse())

    assert (await enter(mode, method("d1"), parsed)).id == "d1"
    # the marker that asks for the unread response is never sent
    assert not any(name.lower().startswith("x-clientgen-raw") for name in recorder.last.headers)


@pytest.mark.parametrize("mode", MODES)
async def test_errors_raise_on_entering_with_the_body_parsed(
    downloads: Feature, mode: Mode
) -> None:
    client = downloads.client(Recorder(reply(404, {"message": "no such document"})), mode)
    with pytest.raises(downloads.module.NotFoundError) as caught:
        await enter(mode, view(downloads, client, "downloadDocument")("nope"))
    assert caught.value.body.message == "no such document"


@pytest.mark.parametrize("mode", MODES)
async def test_retries_before_streaming_and_counts_them(
    downloads: Feature, mode: Mode, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([reply(503, {}), reply(429, {}), streamed(Body(2))])

    def answer(request: httpx.Request) -> httpx.Response:
        return next(answers)(request)

    recorder = Recorder(answer)
    monkeypatch.setattr("time.sleep", lambda _: None)

    async def no_sleep(_: float) -> None:
        return None

    monkeypatch.setattr("anyio.sleep", no_sleep)
    client = downloads.client(recorder, mode, max_retries=2)

    async def inside(response: Any) -> tuple[int, bytes]:
        return response.retries_taken, await settle(response.read())

    assert await enter(mode, view(downloads, client, "downloadDocument")("doc1"), inside) == (
        2,
        b"x" * CHUNK * 2,
    )
    assert len(recorder.requests) == 3


@pytest.mark.parametrize("mode", MODES)
async def test_a_connection_lost_mid_body_is_an_api_connection_error(
    downloads: Feature, mode: Mode, tmp_path: Path
) -> None:
    body = Body(chunks=10, fail_after=3)
    client = downloads.client(Recorder(streamed(body)), mode)

    async def inside(response: Any) -> None:
        await settle(response.stream_to_file(tmp_path / "partial.bin"))

    with pytest.raises(downloads.module.APIConnectionError):
        await enter(mode, view(downloads, client, "downloadDocument")("doc1"), inside)


@pytest.mark.parametrize("mode", MODES)
async def test_an_event_stream_parses_into_its_stream(features: FeatureSet, mode: Mode) -> None:
    sse = features.feature("sse")
    events = b'data: {"id": 1, "type": "a"}\n\ndata: {"id": 2, "type": "b"}\n\n'
    client = sse.client(
        Recorder(reply(200, content=events, headers={"content-type": "text/event-stream"})), mode
    )

    async def ids(response: Any) -> list[int]:
        stream = await settle(response.parse())
        if mode == "sync":
            return [event.id for event in stream]
        return [event.id async for event in stream]

    assert await enter(mode, view(sse, client, "streamEvents")(), ids) == [1, 2]

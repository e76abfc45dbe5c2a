"""What a user's code sees of `with_streaming_response`: type-checked by mypy --strict together
with the generated feature packages (never run). A `# type: ignore[...]` marks a call mypy must
reject."""

from __future__ import annotations

from pathlib import Path

from feat_downloads import (
    APIResponse,
    AsyncAPIResponse,
    AsyncFeatDownloads,
    Document,
    FeatDownloads,
)


def downloads(client: FeatDownloads) -> None:
    with client.documents.with_streaming_response.download("d1") as response:
        streamed: APIResponse[bytes] = response
        streamed.stream_to_file(Path("document.bin"), chunk_size=65536)
        size: int = response.retries_taken
    with client.with_streaming_response.documents.retrieve("d1") as response:
        document: Document = response.parse()
        lines: list[str] = list(response.iter_lines())
        missing = response.parse().missing  # type: ignore[attr-defined]
    del size, document, lines, missing


async def async_downloads(client: AsyncFeatDownloads) -> None:
    async with client.documents.with_streaming_response.download("d1") as response:
        streamed: AsyncAPIResponse[bytes] = response
        await streamed.stream_to_file("document.bin")
        chunks = [chunk async for chunk in response.iter_bytes()]
    async with client.with_streaming_response.documents.retrieve("d1") as response:
        document: Document = await response.parse()
    with client.with_streaming_response.documents.retrieve("d1") as response:  # type: ignore[attr-defined]
        pass
    del chunks, document

"""Bounds on one attempt: the size of a response body read whole, and an overall deadline.

- `max_response_size` (bytes, default 100 MiB; None for no limit) bounds a body the client reads
  whole to parse it (success or error); a streamed (server-sent events) body has no limit. The
  body is read decoded, chunk by chunk, and reading stops as soon as it is over the limit, so a
  gzip bomb costs at most the limit plus one decoded network read, never the whole inflated body:
  `ResponseTooLargeError`.
- `attempt_timeout` (seconds, default None: no deadline) bounds one attempt from sending the
  request to the end of its body (up to the response headers for a streamed response), however
  the server trickles it; `APITimeoutError`, retried like any timeout. Async calls stop at the
  deadline exactly; sync calls send with every httpx timeout capped to the time left, check the
  deadline between body chunks and shorten the read timeout to the time left after each chunk,
  so they stop at most one read timeout (itself no longer than the deadline) past it.

An async client that makes its own httpx client also lets at most as many attempts in at once as
its pool has connections (`gate`): the others wait in an `anyio.Semaphore`, bounded by the pool
timeout, instead of in httpcore's queue, whose cost grows with every request waiting in it (2,000
calls at once: bench/RESULTS.md, "Burst").

The sync bounds work by changing the attempt's own timeout mapping in place: httpx copies a
request's extensions shallowly, so every redirect hop and httpcore see that same mapping, and
httpcore reads the read timeout anew for every read (were that to change, the between-chunk check
would still hold).
"""

from __future__ import annotations

import time
import weakref

import anyio
import httpx

from ._errors import ResponseTooLargeError


class DeadlineExceeded(httpx.TimeoutException):
    """An attempt ran past `attempt_timeout` (handled like any other timeout)."""


def check_options(max_response_size: int | None, attempt_timeout: float | None) -> None:
    if max_response_size is not None and max_response_size <= 0:
        raise ValueError("max_response_size must be a positive number of bytes, or None")
    if attempt_timeout is not None and not attempt_timeout > 0:
        raise ValueError("attempt_timeout must be a positive number of seconds, or None")


def deadline_of(attempt_timeout: float | None) -> float | None:
    """The monotonic time an attempt starting now must end by."""
    return None if attempt_timeout is None else time.monotonic() + attempt_timeout


def capped_timeouts(
    timeouts: dict[str, float | None], deadline: float | None
) -> dict[str, float | None]:
    """httpx's timeouts for an attempt, none longer than the time left before the deadline."""
    if deadline is None:
        return timeouts
    left = max(deadline - time.monotonic(), 0.001)
    return {name: left if value is None else min(value, left) for name, value in timeouts.items()}


def _past(deadline: float | None, request: httpx.Request) -> None:
    """Refuse to go on past the deadline; else shorten the next read to the time left."""
    if deadline is None:
        return
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded("attempt deadline exceeded", request=request)
    timeouts = request.extensions.get("timeout")
    if isinstance(timeouts, dict):
        read = timeouts.get("read")
        timeouts["read"] = left if read is None else min(read, left)


def release_stream(capped: dict[str, float | None], timeouts: dict[str, float | None]) -> None:
    """The deadline covered a streamed response up to its headers: its events are read with the
    usual timeouts again (`capped` is the attempt's own mapping; see above)."""
    if capped is not timeouts:
        capped.update(timeouts)


def _declared(response: httpx.Response, limit: int | None) -> bool:
    """Whether the body's declared length is within the limit (not encoded, so that the length
    is the size read): then it is read whole at once. Over the limit is refused at once."""
    if limit is None or "content-encoding" in response.headers:
        return False
    declared = response.headers.get("content-length", "")
    if not declared.isdigit():
        return False
    if int(declared) > limit:
        raise ResponseTooLargeError(response, limit)
    return True


def read_body(response: httpx.Response, limit: int | None, deadline: float | None) -> None:
    """Read a streamed response's body whole (as `response.read()` does) within the bounds."""
    chunks: list[bytes] = []
    size = 0
    try:
        declared = limit is None or _declared(response, limit)
        if deadline is None and declared:
            response.read()
            return
        for chunk in response.iter_bytes():
            size += len(chunk)
            if limit is not None and size > limit:
                raise ResponseTooLargeError(response, limit)
            _past(deadline, response.request)
            chunks.append(chunk)
    except BaseException:
        response.close()
        raise
    response._content = b"".join(chunks)


async def aread_body(response: httpx.Response, limit: int | None) -> None:
    """Read a streamed response's body whole (as `response.aread()` does) within the limit; the
    caller bounds the time (the response is closed when reading is cut short)."""
    chunks: list[bytes] = []
    size = 0
    try:
        if limit is None or _declared(response, limit):
            await response.aread()
            return
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise ResponseTooLargeError(response, limit)
            chunks.append(chunk)
    except BaseException:  # the deadline cancelled the read, or the body is too large
        await response.aclose()
        raise
    response._content = b"".join(chunks)


_GATES: weakref.WeakKeyDictionary[httpx.AsyncClient, anyio.Semaphore] = weakref.WeakKeyDictionary()


def gate(client: httpx.AsyncClient, size: int | None = None) -> anyio.Semaphore | None:
    """The gate of an httpx client the runtime made (`size` makes it); None for any other, whose
    owner chose its limits. Clients that share the httpx client (`with_options`) share it."""
    if size is not None:
        _GATES[client] = anyio.Semaphore(size)
    return _GATES.get(client)


async def enter(gate: anyio.Semaphore, request: httpx.Request) -> None:
    """Wait for a place at the gate, no longer than the request's pool timeout."""
    if gate.value > 0:
        await gate.acquire()
        return
    timeouts = request.extensions.get("timeout")
    pool = timeouts.get("pool") if isinstance(timeouts, dict) else None
    try:
        with anyio.fail_after(pool):
            await gate.acquire()
    except TimeoutError as exc:
        raise httpx.PoolTimeout("no free connection in the pool", request=request) from exc

"""A local HTTP server on 127.0.0.1 that misbehaves on purpose, for the fault tests.

What `httpx.MockTransport` cannot show needs real sockets: redirects between real origins,
content encodings decoded by httpx as it reads, bodies that trickle. Each `FaultServer` runs a
threaded `http.server` on its own port; a test registers what each path answers
(`server.route(path, answer)`) and reads every request the server received
(`server.requests`). Every wait is bounded: sockets time out after a few seconds and a trickle
stops when the client goes away, so a broken client fails a test instead of hanging it.

The server never sleeps through `time.sleep` (the tests replace it to record retry delays); it
waits on a `threading.Event`.
"""

from __future__ import annotations

import gzip
import json
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

SOCKET_TIMEOUT = 5.0


@dataclass
class Received:
    """One request the server received."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    """Lower-case names; a repeated header keeps its last value."""
    body: bytes


@dataclass
class Reply:
    """An answer: status, headers and the body (bytes, or chunks sent `pause` seconds apart)."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Callable[[], Iterator[bytes]] = b""
    pause: float = 0.0


Answer = Callable[[Received], Reply]


def json_reply(status: int, data: Any, **headers: str) -> Reply:
    return Reply(status, {"Content-Type": "application/json", **headers}, json.dumps(data).encode())


def redirect(status: int, location: str) -> Reply:
    return Reply(status, {"Location": location, "Content-Length": "0"})


def deep_json(depth: int) -> bytes:
    """A JSON document nested `depth` arrays deep."""
    return b"[" * depth + b"]" * depth


def gzip_bomb(decoded_mib: int) -> bytes:
    """A gzip stream that inflates to `decoded_mib` MiB of zeros (about 1 KiB per MiB sent).

    Built from one flushed segment repeated, so it costs next to nothing to make; it has no
    trailer, which only matters to a reader that gets to the end.
    """
    first, again = gzip_bomb_parts()
    return first + again * (decoded_mib - 1)


def gzip_bomb_parts() -> tuple[bytes, bytes]:
    """The first MiB of a gzip bomb (with the gzip header) and the segment that repeats."""
    block = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    return first, again


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data)


class FaultServer:
    """One origin, `http://127.0.0.1:<port>` (also reachable as `http://localhost:<port>`)."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self._routes: dict[str, Answer] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = SOCKET_TIMEOUT

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                received = Received(
                    self.command,
                    parts.path,
                    parse_qsl(parts.query, keep_blank_values=True),
                    {name.lower(): value for name, value in self.headers.items()},
                    body,
                )
                with server._lock:
                    server.requests.append(received)
                    answer = server._routes.get(parts.path)
                reply = answer(received) if answer else json_reply(404, {"missing": parts.path})
                self.send_response(reply.status)
                chunks: Iterator[bytes] | None = None
                if callable(reply.body):
                    chunks = reply.body()
                    if "Content-Length" not in reply.headers:  # the body ends when we hang up
                        reply.headers["Connection"] = "close"
                        self.close_connection = True
                else:
                    reply.headers.setdefault("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    if chunks is None:
                        self.wfile.write(reply.body)  # type: ignore[arg-type]
                        return
                    for chunk in chunks:
                        if server._stop.wait(reply.pause):
                            break
                        self.wfile.write(chunk)
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError, TimeoutError):
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _handle

        class Quiet(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that hangs up early is what these tests do

        self._httpd = Quiet(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def other_host_url(self) -> str:
        """The same server under another host name: another origin."""
        return f"http://localhost:{self.port}"

    def route(self, path: str, answer: Answer | Reply) -> None:
        with self._lock:
            self._routes[path] = answer if callable(answer) else (lambda _r, a=answer: a)

    def received(self, path: str) -> list[Received]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(SOCKET_TIMEOUT)


@contextmanager
def running() -> Iterator[FaultServer]:
    server = FaultServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()

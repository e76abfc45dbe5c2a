"""Run Prism (``@stoplight/prism-cli``) as a request-validating mock server.

Prism writes one log line per event to stdout. A request that breaks the
OpenAPI document produces ``[VALIDATOR]`` lines at level ``error``:

* ``Request did not pass the validation rules`` (a warning header line), then
  one ``error <message>`` line per violation, always;
* ``error Violation: request.<location> <message>`` lines, only when Prism
  answered with a response from the document (they repeat the ones above).

``violations_since`` turns these into one message per violation and request.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from types import TracebackType
from typing import IO, Self

REPO_ROOT = Path(__file__).resolve().parents[2]
PRISM_BIN = REPO_ROOT / "node_modules" / ".bin" / "prism"

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_VALIDATOR = re.compile(r"\[VALIDATOR\]\s+\S+\s+(?P<level>\w+)\s+(?P<msg>.*)$")
_REQUEST_RECEIVED = re.compile(r"\[HTTP SERVER\] .* Request received$")
_LISTENING = "Prism is listening on"
_SYNC_PATH = "/__prism_harness_sync__/"
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class PrismError(RuntimeError):
    """Prism could not be started or did not behave as expected."""


class PrismNotInstalledError(PrismError):
    """``node_modules/.bin/prism`` is missing."""


def free_port(host: str = "127.0.0.1") -> int:
    """Return a port that was free a moment ago (the OS picks it via port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


class PrismServer:
    """A ``prism mock`` process for one spec; use as a context manager."""

    def __init__(
        self,
        spec: Path | str,
        *,
        host: str = "127.0.0.1",
        startup_timeout: float = 60.0,
        stop_timeout: float = 5.0,
        prism_bin: Path = PRISM_BIN,
        extra_args: tuple[str, ...] = (),
    ) -> None:
        self.spec = Path(spec).resolve()
        self.host = host
        self.port = 0
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        self.prism_bin = prism_bin
        self.extra_args = extra_args
        self.startup_seconds: float | None = None
        self._proc: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None
        self._lines: list[str] = []
        self._cond = threading.Condition()

    # -- lifecycle ---------------------------------------------------------

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def pid(self) -> int | None:
        """Process id (and process-group id) of the Prism CLI, once started."""
        return self._proc.pid if self._proc else None

    @property
    def running(self) -> bool:
        """Whether the Prism process is (still) alive."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def base_url(self) -> str:
        """``http://host:port`` of the running mock server."""
        if self._proc is None:
            raise PrismError("Prism is not running")
        return f"http://{self.host}:{self.port}"

    def start(self) -> Self:
        """Start Prism and block until it listens (or raise with its log)."""
        if self._proc is not None:
            return self
        if not os.access(self.prism_bin, os.X_OK):
            raise PrismNotInstalledError(
                f"{self.prism_bin} not found: run `npm ci` in {REPO_ROOT} "
                "to install the pinned @stoplight/prism-cli"
            )
        self.port = free_port(self.host)
        cmd = [str(self.prism_bin), "mock", str(self.spec), "-h", self.host]
        cmd += ["-p", str(self.port), *self.extra_args]
        if setpriv := shutil.which("setpriv"):  # util-linux, on Linux only
            # The kernel SIGTERMs Prism if this process dies (even SIGKILLed).
            cmd = [setpriv, "--pdeathsig", "TERM", "--", *cmd]
        began = time.monotonic()
        self._proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            env={**os.environ, "FORCE_COLOR": "0"},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,  # own process group: stop() kills it all
        )
        atexit.register(self.stop)
        self._reader = threading.Thread(
            target=self._read,
            args=(self._proc.stdout,),
            name=f"prism-log-{self.spec.stem}",
            daemon=True,
        )
        self._reader.start()
        try:
            self._wait_listening(began)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - began
        return self

    def _read(self, stream: IO[str]) -> None:
        for raw in stream:
            line = _ANSI.sub("", raw.rstrip("\r\n"))
            with self._cond:
                self._lines.append(line)
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def _wait_listening(self, began: float) -> None:
        assert self._proc is not None
        deadline = began + self.startup_timeout
        with self._cond:
            while not any(_LISTENING in line for line in self._lines):
                if self._proc.poll() is not None:
                    self._fail(f"Prism exited with code {self._proc.returncode}")
                if time.monotonic() > deadline:
                    self._fail(f"Prism not listening after {self.startup_timeout}s")
                self._cond.wait(0.1)
        with socket.create_connection((self.host, self.port), timeout=5):
            pass

    def _fail(self, reason: str) -> None:
        log = "\n".join(self._lines[-200:])
        raise PrismError(f"{reason} ({self.spec.name}). Log:\n{log}")

    def stop(self) -> None:
        """Terminate the whole process group: SIGTERM, bounded wait, SIGKILL."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        atexit.unregister(self.stop)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=self.stop_timeout)
        # also reaps any child Prism forked (e.g. --multiprocess)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=self.stop_timeout)
        if self._reader is not None:
            self._reader.join(timeout=self.stop_timeout)
        if proc.stdout is not None:
            proc.stdout.close()

    # -- logs and violations -----------------------------------------------

    def log_lines(self) -> list[str]:
        """A copy of every stdout/stderr line Prism printed so far."""
        with self._cond:
            return list(self._lines)

    def sync(self, timeout: float = 10.0) -> None:
        """Wait until Prism has logged everything about earlier requests.

        Prism logs asynchronously, sometimes after the response is sent, so
        this sends a request to an unknown path and waits for its log line.
        """
        token = uuid.uuid4().hex
        try:
            with _NO_PROXY.open(f"{self.base_url}{_SYNC_PATH}{token}", timeout=timeout):
                pass
        except urllib.error.HTTPError as err:  # 404 "no path matched" is expected
            err.close()
        deadline = time.monotonic() + timeout
        with self._cond:
            while not any(token in line for line in reversed(self._lines)):
                if time.monotonic() > deadline:
                    self._fail("sync request never appeared in the log")
                self._cond.wait(0.05)

    def mark(self) -> int:
        """A position in the log; pass it to ``violations_since``."""
        self.sync()
        with self._cond:
            return len(self._lines)

    def violations_since(self, mark: int) -> list[str]:
        """Request-validation errors Prism logged after ``mark``, one each.

        Warnings and response-validation violations are not included.
        Attribution to requests assumes they were sent one at a time.
        """
        self.sync()
        found: list[str] = []
        seen: set[str] = set()
        for line in self.log_lines()[mark:]:
            if _REQUEST_RECEIVED.search(line):
                seen = set()  # a new request: duplicates are per request
                continue
            match = _VALIDATOR.search(line)
            if match is None or match["level"] != "error":
                continue
            message = match["msg"].strip()
            if message.startswith("Violation: "):
                location, _, message = message[len("Violation: ") :].partition(" ")
                if not location.startswith("request"):
                    continue
            if message not in seen:
                seen.add(message)
                found.append(message)
        return found

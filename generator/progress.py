"""Progress of a long run on a terminal: one line per finished stage, the running stage shown in
place. Off (every call a no-op) when stderr is not a terminal, under `TERM=dumb`, or `--quiet`.

Writes happen at stage boundaries (a handful per package) and `update` is throttled, so a run
never floods the terminal or slows down for it.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from typing import TextIO

INTERVAL = 0.1
"""Seconds between two in-place updates of the same stage, at least."""

_CLEAR = "\x1b[K"  # erase to the end of the line


class Progress:
    """Stages of a run: `start(label)`, any number of `update(label)`, then `done(message)`
    (the message and the stage's time, kept on its own line) or `clear()`."""

    def __init__(
        self,
        stream: TextIO | None,
        *,
        prefix: str = "",
        clock: Callable[[], float] = time.monotonic,
        interval: float = INTERVAL,
        width: int | None = None,
    ) -> None:
        self._stream = stream
        self._prefix = prefix
        self._clock = clock
        self._interval = interval
        self._width = width
        self._started = 0.0
        self._last = float("-inf")
        self._shown = False

    @classmethod
    def for_stream(cls, stream: TextIO, *, quiet: bool) -> Progress:
        """Active only when `stream` is a terminal that understands `\\r` and erase-line."""
        terminal = _isatty(stream) and os.environ.get("TERM", "") != "dumb"
        return cls(stream if terminal and not quiet else None, prefix="clientgen: ")

    @property
    def active(self) -> bool:
        return self._stream is not None

    def start(self, label: str) -> None:
        """A stage begins: shown in place at once."""
        self._started = self._clock()
        self._show(label)

    def update(self, label: str) -> None:
        """The running stage moved on: shown in place, at most once per interval."""
        if self._clock() - self._last >= self._interval:
            self._show(label)

    def done(self, message: str) -> None:
        """The stage finished: `message (1.23s)` replaces the in-place line, and stays."""
        if self._stream is None:
            return
        elapsed = self._clock() - self._started
        self._write(f"\r{self._prefix}{message} ({elapsed:.2f}s){_CLEAR}\n")
        self._shown = False

    def clear(self) -> None:
        """Remove the in-place line (before other output, or when the run stops)."""
        if self._stream is not None and self._shown:
            self._write(f"\r{_CLEAR}")
            self._shown = False

    def _show(self, label: str) -> None:
        if self._stream is None:
            return
        self._last = self._clock()
        text = f"{self._prefix}{label}"
        room = self._columns() - 1  # the last column would wrap on some terminals
        if len(text) > room:
            text = text[: max(room - 1, 0)] + "…"
        self._write(f"\r{text}{_CLEAR}")
        self._shown = True

    def _columns(self) -> int:
        if self._width is not None:
            return self._width
        assert self._stream is not None
        try:
            columns = os.get_terminal_size(self._stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            columns = 0
        return columns or shutil.get_terminal_size().columns

    def _write(self, text: str) -> None:
        assert self._stream is not None
        self._stream.write(text)
        self._stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


SILENT = Progress(None)
"""Progress that shows nothing (the pipeline's default)."""


def plural(count: int, noun: str) -> str:
    """`1 model`, `2 models`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"

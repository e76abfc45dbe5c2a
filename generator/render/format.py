"""Black formats every generated Python file, from a cache of earlier results where it can."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import importlib.metadata
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import black
from black.mode import Mode, TargetVersion

from .. import __version__
from ..errors import ClientgenError
from .cache import cache_root, discard, read_entry, write_entry

BLACK_MODE = Mode(
    target_versions={TargetVersion.PY310},
    line_length=100,
)
"""Fixed black settings: output must not depend on the machine or a project's black config."""


def format_all(rendered: dict[str, str], package: str) -> dict[str, str]:
    """Format every Python file: from the cache where possible, the rest with black, in
    parallel when there is enough of it."""
    cache = FormatCache.from_environment()
    result: dict[str, str] = {}
    todo: list[tuple[str, str]] = []
    for name, text in rendered.items():
        if not name.endswith(".py"):
            result[name] = text
        elif (hit := cache.get(text)) is not None:
            result[name] = hit
        else:
            todo.append((name, text))
    size = sum(len(text) for _, text in todo)
    workers = min(os.cpu_count() or 1, len(todo))
    if workers > 1 and size > PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(
            max_workers=workers, initializer=watch_parent, initargs=(os.getpid(),)
        ) as pool:
            names = [f"{package}/{name}" for name, _ in todo]
            outputs = list(pool.map(format_python, [t for _, t in todo], names, chunksize=1))
    else:
        outputs = [format_python(text, f"{package}/{name}") for name, text in todo]
    for (name, text), output in zip(todo, outputs, strict=True):
        cache.put(text, output)
        result[name] = output
    return result


PARALLEL_THRESHOLD = 400_000
"""Characters of Python to format before it pays to start worker processes."""


PARENT_POLL_SECONDS = 0.5
"""How often a worker checks that the run that started it is still there."""
_PR_SET_PDEATHSIG = 1


def watch_parent(parent: int) -> None:
    """Worker initializer: the worker exits when the run that started it dies, even by SIGKILL
    (which gives the run no chance to stop its pool).

    On Linux the kernel sends SIGKILL at once (`prctl(PR_SET_PDEATHSIG)`); everywhere, a daemon
    thread polls the parent's pid and ends the worker when it has changed (the parent is gone
    and the worker was adopted)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # died before the line above took effect
        os._exit(1)
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


class FormatCache:
    """Formatted output by sha256 of the unformatted text, in the user's cache directory;
    each entry checked against the hash stored with it (see `cache.read_entry`).

    Keyed by generator and black version and settings; safe to delete at any time. Disabled
    by `CLIENTGEN_NO_CACHE=1` (or `--no-cache`); `CLIENTGEN_CACHE_DIR` moves it.
    """

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        black_version = importlib.metadata.version("black")
        self._salt = f"{__version__}|{black_version}|{BLACK_MODE!r}".encode()

    @classmethod
    def from_environment(cls) -> FormatCache:
        root = cache_root()
        return cls(root / "format" if root is not None else None)

    def _path(self, text: str) -> Path | None:
        if self.directory is None:
            return None
        digest = hashlib.sha256(self._salt + text.encode("utf-8")).hexdigest()
        # Not `.py`: entries carry a hash line, which earlier versions would take for code.
        return self.directory / digest[:2] / f"{digest}.entry"

    def get(self, text: str) -> str | None:
        path = self._path(text)
        if path is None:
            return None
        body = read_entry(path)  # checked against its hash; a damaged entry is removed
        if body is None:
            return None
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            discard(path)
            return None

    def put(self, text: str, formatted: str) -> None:
        path = self._path(text)
        if path is None:
            return
        write_entry(path, formatted.encode("utf-8"))


def format_python(text: str, name: str) -> str:
    """Format with black in-process; failing to parse is a generator bug, reported by file."""
    try:
        return black.format_str(text, mode=BLACK_MODE)
    except Exception as exc:  # black raises several types for invalid input
        raise ClientgenError(
            f"{name}: generated code does not parse ({exc}); this is a bug"
        ) from None

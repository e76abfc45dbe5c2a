"""Black formats every generated Python file, from a cache of earlier results where it can."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import black
from black.mode import Mode, TargetVersion

from .. import __version__
from ..errors import ClientgenError
from .cache import cache_root
from .manifest import write_atomically

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
        with ProcessPoolExecutor(max_workers=workers) as pool:
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


class FormatCache:
    """Formatted output by sha256 of the unformatted text, in the user's cache directory.

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
        return self.directory / digest[:2] / f"{digest}.py"

    def get(self, text: str) -> str | None:
        path = self._path(text)
        if path is None:
            return None
        try:
            return path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, text: str, formatted: str) -> None:
        path = self._path(text)
        if path is None:
            return
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            write_atomically(path, formatted)


def format_python(text: str, name: str) -> str:
    """Format with black in-process; failing to parse is a generator bug, reported by file."""
    try:
        return black.format_str(text, mode=BLACK_MODE)
    except Exception as exc:  # black raises several types for invalid input
        raise ClientgenError(
            f"{name}: generated code does not parse ({exc}); this is a bug"
        ) from None

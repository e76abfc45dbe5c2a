"""Reading an input file: a regular file only, and never more than the size limit.

The one reader of spec files (the spec, the files its `$ref`s name, the cache key's bytes): a
FIFO, a device (`/dev/zero`), a socket or a directory is refused before anything is read (a
FIFO is opened without waiting for a writer), and a file over the limit is refused by its size,
or by reading one byte past the limit when the size on record is wrong. Light on purpose: no
YAML, so the package cache can use it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import SpecError

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest input file accepted."""

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_input(path: Path, name: str | None = None, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file `path` (named `name` in errors); a one-line SpecError for
    anything else, for a file over `limit` bytes, and for a file that cannot be read."""
    name = name or str(path)
    try:
        _check_regular(os.stat(path), name, limit)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | os.O_CLOEXEC)
    except OSError as exc:
        raise SpecError(f"cannot read file: {exc.strerror or exc}", file=name) from None
    try:
        _check_regular(os.fstat(fd), name, limit)  # what was opened, if it changed meanwhile
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise SpecError(f"cannot read file: {exc.strerror or exc}", file=name) from None
    finally:
        os.close(fd)
    if left <= 0:
        raise SpecError(f"file is over {limit} bytes; the limit is {limit} bytes", file=name)
    return b"".join(chunks)


def _check_regular(info: os.stat_result, name: str, limit: int) -> None:
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise SpecError(
                f"not a regular file but {kind}; expected a YAML or JSON document", file=name
            )
    if not stat.S_ISREG(info.st_mode):
        raise SpecError("not a regular file; expected a YAML or JSON document", file=name)
    if info.st_size > limit:
        raise SpecError(f"file is {info.st_size} bytes; the limit is {limit} bytes", file=name)

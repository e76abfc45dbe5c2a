"""The two versions to compare: documents on disk or at a git revision (`PATH@REVISION`),
built into the intermediate model by the build function the caller passes in."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from .. import ir
from ..errors import ClientgenError, SpecError
from ..options import ClientOptions
from ..spec.files import MAX_FILE_BYTES, read_input
from .changes import Change
from .compare import api_changes

Build = Callable[[Path, ClientOptions, str], ir.Api]
"""Turns a document into the intermediate model: `generator.pipeline.build`, passed in by the
caller, so that reading a report's inputs does not import the builder."""


def load_apis(
    old: str, new: str, options: ClientOptions | None = None, *, build: Build
) -> tuple[ir.Api, ir.Api]:
    """Build both versions with the same options; either may be `PATH@REVISION` (git).

    Without a package name both take the one the new version's title gives, so that every
    derived name (client class, credentials' environment variables) lines up.
    """
    options = options if options is not None else ClientOptions()
    with spec_file(new) as (new_path, new_display):
        new_api = build(new_path, options, new_display)
    if options.package is None:
        options = replace(options, package=new_api.package)
    with spec_file(old) as (old_path, old_display):
        old_api = build(old_path, options, old_display)
    return old_api, new_api


@contextmanager
def spec_file(ref: str) -> Iterator[tuple[Path, str]]:
    """A document to load and the name to report it by.

    An existing path is itself; otherwise `PATH@REVISION` is the file's content at that git
    revision (`git show REVISION:PATH` in the repository holding PATH), in a temporary file
    with the same suffix for as long as the context lasts.
    """
    path = Path(ref)
    split = None if path.exists() else _split_revision(ref)
    if split is None:
        yield path, ref
        return
    file_part, revision = split
    if revision.startswith("-"):
        raise ClientgenError(f"{ref}: a git revision cannot start with '-'")
    content = _git_show(Path(file_part), revision, ref)
    suffix = Path(file_part).suffix or ".yaml"
    fd, temp = tempfile.mkstemp(prefix="clientgen-diff-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        yield Path(temp), ref
    finally:
        Path(temp).unlink(missing_ok=True)


def _split_revision(ref: str) -> tuple[str, str] | None:
    """`PATH@REVISION` -> (PATH, REVISION); None when `ref` has no such form.

    The first '@' whose left side is an existing file wins (revisions may hold '@', as in
    `HEAD@{1}`); failing that, the first whose left side is in an existing directory (a file
    deleted since), failing that, the first.
    """
    splits = [
        (ref[:index], ref[index + 1 :])
        for index, char in enumerate(ref)
        if char == "@" and index > 0 and index < len(ref) - 1
    ]
    if not splits:
        return None
    for file_part, revision in splits:
        if Path(file_part).is_file():
            return file_part, revision
    for file_part, revision in splits:
        if Path(file_part).parent.is_dir() and not file_part.endswith(("/", os.sep)):
            return file_part, revision
    return splits[0]


def _git_show(file: Path, revision: str, ref: str) -> bytes:
    git = shutil.which("git")
    if git is None:
        raise ClientgenError(f"{ref}: reading a git revision needs git, which is not installed")
    absolute = Path(os.path.abspath(file))
    directory = absolute.parent
    while not directory.is_dir() and directory != directory.parent:
        directory = directory.parent
    top = _run_git(git, ["rev-parse", "--show-toplevel"], directory, ref).decode().strip()
    real = Path(os.path.realpath(directory)) / absolute.relative_to(directory)
    try:
        relative = real.relative_to(Path(os.path.realpath(top))).as_posix()
    except ValueError:
        raise ClientgenError(f"{ref}: {file} is outside the git repository {top}") from None
    _check_blob_size(git, f"{revision}:{relative}", Path(top), ref)
    return _run_git(git, ["show", f"{revision}:{relative}"], Path(top), ref)


def _check_blob_size(git: str, blob: str, top: Path, ref: str) -> None:
    """Refuse a file over the size limit before `git show` reads it into memory (what cannot
    be sized is left to `git show`, which then says why)."""
    try:
        size = int(_run_git(git, ["cat-file", "-s", blob], top, ref))
    except (ClientgenError, ValueError):
        return
    if size > MAX_FILE_BYTES:
        raise SpecError(f"file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes", file=ref)


def _run_git(git: str, args: list[str], cwd: Path, ref: str) -> bytes:
    try:
        result = subprocess.run(  # noqa: S603 - fixed git subcommands; no shell
            [git, *args], cwd=cwd, capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ClientgenError(f"{ref}: git {args[0]} failed: {exc}") from None
    if result.returncode != 0:
        lines = [line.strip() for line in result.stderr.decode("utf-8", "replace").splitlines()]
        fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
        first = next(iter(fatal or [line for line in lines if line]), "")
        first = first or f"exit status {result.returncode}"
        raise ClientgenError(f"{ref}: git {' '.join(args)} failed: {first}")
    return result.stdout


def changes_since_head(
    spec: Path, options: ClientOptions, previous_sha256: str, new: ir.Api, *, build: Build
) -> list[Change] | None:
    """The API changes since the spec version committed at git HEAD, if that is the version
    the previous generation used (its sha256); None when it cannot be told."""
    try:
        with spec_file(f"{spec}@HEAD") as (old_path, _):
            if hashlib.sha256(read_input(old_path)).hexdigest() != previous_sha256:
                return None
            old = build(old_path, replace(options, package=new.package), str(spec))
    except (ClientgenError, OSError):
        return None
    return api_changes(old, new)

"""Stage 7, write: put finished packages on disk atomically, or compare them with the disk.

Each package is staged complete inside the output directory, then swapped with the old one in
one `renameat2(RENAME_EXCHANGE)` (two renames where the system lacks it). Unchanged files are
hard-linked into the stage, so their inode and mtime stay. Files the previous run wrote (its
manifest) and that are no longer produced disappear; files a user added are carried over, also
the ones added while the run was writing (moved over from the old tree after the swap).

Only a directory clientgen generated (one with its manifest) or an empty one is written into;
anything else at `DIR/<package>` (a file, a symbolic link, a user's directory) is refused. The
output directory is locked (`flock` on the directory itself, so nothing is added to it) from
planning to swap: concurrent runs into one directory take turns.
"""

from __future__ import annotations

import contextlib
import ctypes
import difflib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ClientgenError
from .manifest import MANIFEST, GeneratedPackage, read_manifest

if sys.platform != "win32":
    import fcntl

STAGING_PREFIX = ".clientgen-staging-"


@dataclass
class WriteReport:
    """What writing changed, per package."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def owned_files(package_dir: Path) -> set[str]:
    """Files the previous generation wrote (from its manifest); empty if there is none."""
    manifest = read_manifest(package_dir)
    if manifest is None:
        return set()
    files = manifest.get("files", [])
    if not isinstance(files, list):
        files = []
    return {f for f in files if isinstance(f, str) and _is_safe_relative(f)} | {MANIFEST}


def _is_safe_relative(name: str) -> bool:
    path = Path(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def _check_target(out_dir: Path, package: GeneratedPackage) -> Path:
    if not package.package.isidentifier():
        raise ClientgenError(f"package name {package.package!r} is not a Python identifier")
    target = out_dir / package.package
    for name in package.files:
        if not _is_safe_relative(name):
            raise ClientgenError(f"refusing to write {name!r}: not a plain relative path")
    _check_ours(target)
    return target


def _check_ours(target: Path) -> None:
    """Refuse anything at `target` but nothing, an empty directory, or a directory with our
    manifest: a user's file, link or directory there is never replaced."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise ClientgenError(
            f"refusing to write {target}: it is a symbolic link, not a package directory"
            " clientgen generated"
        )
    if not stat.S_ISDIR(mode):
        raise ClientgenError(
            f"refusing to write {target}: it is not a directory (a file clientgen did not write)"
        )
    if read_manifest(target) is None and any(os.scandir(target)):
        raise ClientgenError(
            f"refusing to overwrite {target}: a directory clientgen did not generate"
            f" (no readable {MANIFEST} in it)"
        )


@contextlib.contextmanager
def output_lock(out_dir: Path, *, shared: bool = False) -> Iterator[None]:
    """Hold the lock of an output directory: exclusive for writing, shared for comparing.

    The lock is `flock` on the directory itself (nothing is added to it); the system releases
    it when the process ends, however it ends."""
    if sys.platform == "win32":  # pragma: no cover - no flock; runs there are not serialised
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def plan(out_dir: Path, package: GeneratedPackage) -> tuple[WriteReport, dict[str, bytes]]:
    """Compare a package with the disk: the report and the current bytes of owned files."""
    target = _check_target(out_dir, package)
    owned = owned_files(target)
    report = WriteReport()
    current: dict[str, bytes] = {}
    for name in sorted(owned):
        path = target / name
        if path.is_file() and not path.is_symlink():
            current[name] = path.read_bytes()
    for name, data in sorted(package.files.items()):
        path = target / name
        if name in current:
            if current[name] != data:
                report.changed.append(name)
        elif path.exists() or path.is_symlink():
            raise ClientgenError(
                f"refusing to overwrite {path}: clientgen did not write it (not in {MANIFEST})"
            )
        else:
            report.added.append(name)
    report.removed = sorted(name for name in current if name not in package.files)
    return report, current


def write_package(out_dir: Path, package: GeneratedPackage) -> WriteReport:
    """Write one package atomically; a package that is already up to date is not touched.

    Holds the output directory's lock from planning to swap (another run waits for it)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with output_lock(out_dir):
        _recover(out_dir)
        report, _ = plan(out_dir, package)
        if report.touched:
            _stage_and_swap(out_dir, package, report)
    return report


def _stage_and_swap(out_dir: Path, package: GeneratedPackage, report: WriteReport) -> None:
    target = _check_target(out_dir, package)
    stage_root = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out_dir))
    try:
        stage = stage_root / package.package
        stage.mkdir()
        owned = owned_files(target)
        exists = target.is_dir()
        if exists:
            _carry_over_user_files(target, stage, owned)
        for name, data in sorted(package.files.items()):
            destination = stage / name
            _refuse_links(stage, name, target)
            destination.parent.mkdir(parents=True, exist_ok=True)
            existing = target / name
            if (
                name not in report.added
                and name not in report.changed
                and _link(existing, destination)
            ):
                continue
            _write_file(destination, data, target / name)
        _fsync_dir(stage)
        _check_ours(target)  # again: what a user put there meanwhile is not swapped away
        _swap(stage, target)
        if exists:  # `stage` holds the old tree: what a user added meanwhile moves over
            _move_user_files(stage, target, owned, set(package.files))
    finally:
        shutil.rmtree(stage_root, ignore_errors=True)


def _write_file(destination: Path, data: bytes, shown_as: Path) -> None:
    """Write one staged file to disk; a failure (a full disk) names the file it was for."""
    try:
        with open(destination, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise ClientgenError(f"cannot write {shown_as}: {exc.strerror or exc}") from exc


def _refuse_links(stage: Path, name: str, target: Path) -> None:
    """Never write through a symbolic link (a user's link could point outside the output)."""
    current = stage
    for part in Path(name).parts:
        current = current / part
        if current.is_symlink():
            raise ClientgenError(
                f"refusing to write {target / name}: {target / current.relative_to(stage)}"
                " is a symbolic link"
            )


def _user_entries(tree: Path, owned: set[str]) -> Iterator[tuple[str, os.stat_result]]:
    """The files, links and directories in `tree` that are not in `owned` (a parent before
    its children), by relative name with their lstat; links are never followed."""
    for directory, dirs, files in os.walk(tree, followlinks=False):
        dirs[:] = sorted(name for name in dirs if name != "__pycache__")
        base = Path(directory)
        for name in sorted([*dirs, *files]):
            relative = (base / name).relative_to(tree).as_posix()
            if relative in owned:
                continue
            try:
                yield relative, os.lstat(base / name)
            except FileNotFoundError:  # removed meanwhile
                continue


def _carry_over_user_files(target: Path, stage: Path, owned: set[str]) -> None:
    for relative, info in _user_entries(target, owned):
        source, destination = target / relative, stage / relative
        if stat.S_ISDIR(info.st_mode):
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        if stat.S_ISLNK(info.st_mode):
            os.symlink(os.readlink(source), destination)
        else:
            _link(source, destination)  # what cannot be linked or copied moves after the swap


def _move_user_files(old: Path, target: Path, owned: set[str], generated: set[str]) -> None:
    """After the swap: move what a user has in the old tree and the new one lacks (added, or
    replaced, while the run was writing) into the new tree, so the old tree can go.

    A file added under the name of a generated one is kept beside it, as `NAME.user`."""
    for relative, info in _user_entries(old, owned):
        source, destination = old / relative, target / relative
        try:
            present: os.stat_result | None = os.lstat(destination)
        except FileNotFoundError:
            present = None
        if stat.S_ISDIR(info.st_mode):
            if present is None:
                destination.mkdir()
            if present is None or stat.S_ISDIR(present.st_mode):
                continue
        elif present is not None and os.path.samestat(info, present):
            continue  # carried over as a hard link: the same file
        if relative in generated or (present is not None and stat.S_ISDIR(present.st_mode)):
            destination = _free_name(destination)
        os.replace(source, destination)


def _free_name(path: Path) -> Path:
    candidate, number = path.with_name(path.name + ".user"), 1
    while os.path.lexists(candidate):
        number += 1
        candidate = path.with_name(f"{path.name}.user-{number}")
    return candidate


def _link(source: Path, destination: Path) -> bool:
    try:
        os.link(source, destination)
        return True
    except OSError:
        try:
            shutil.copy2(source, destination)
            return True
        except OSError:
            return False


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where unavailable."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def _swap(stage: Path, target: Path) -> None:
    """Put `stage` in place of `target`; afterwards `stage` holds the old tree (if any)."""
    if not os.path.lexists(target):
        os.rename(stage, target)
        return
    if _exchange(stage, target):
        return
    backup = stage.with_name(stage.name + ".old")
    os.rename(target, backup)
    os.rename(stage, target)
    os.rename(backup, stage)


def _recover(out_dir: Path) -> None:
    """Remove stages left by an interrupted run (the package dirs themselves are whole); an old
    package a run left between the two renames of the fallback swap is put back first.

    Never follows a symbolic link: a stage, or an old package in it, that is a link is left
    alone, so nothing from outside the output directory is moved into it."""
    for leftover in sorted(out_dir.glob(STAGING_PREFIX + "*")):
        if not _is_real_dir(leftover) or _owner_alive(leftover.name):
            continue  # a link someone planted, or another run writing right now
        with os.scandir(leftover) as entries:
            old = [
                e for e in entries if e.name.endswith(".old") and e.is_dir(follow_symlinks=False)
            ]
        for entry in old:
            target = out_dir / entry.name.removesuffix(".old")
            if entry.name != ".old" and not os.path.lexists(target):
                os.rename(entry.path, target)
        shutil.rmtree(leftover, ignore_errors=True)


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _owner_alive(name: str) -> bool:
    pid_text = name.removeprefix(STAGING_PREFIX).split("-", 1)[0]
    if not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def diff_package(out_dir: Path, package: GeneratedPackage) -> list[str]:
    """Unified diff lines between the disk and the package (empty when up to date); a run
    writing into `out_dir` meanwhile is waited for."""
    if _is_real_dir(out_dir):
        with output_lock(out_dir, shared=True):
            return _diff_lines(out_dir, package)
    return _diff_lines(out_dir, package)


def _diff_lines(out_dir: Path, package: GeneratedPackage) -> list[str]:
    report, current = plan(out_dir, package)
    lines: list[str] = []
    prefix = f"{out_dir.as_posix().rstrip('/')}/{package.package}"
    for name in sorted(set(report.changed) | set(report.added) | set(report.removed)):
        old = current.get(name, b"").decode("utf-8", "replace").splitlines(keepends=True)
        new = package.files.get(name, b"").decode("utf-8", "replace").splitlines(keepends=True)
        state = (
            "stale" if name in report.changed else "missing" if name in report.added else "extra"
        )
        lines.append(f"{state}: {prefix}/{name}\n")
        lines.extend(
            difflib.unified_diff(
                old, new, f"{prefix}/{name} (on disk)", f"{prefix}/{name} (generated)"
            )
        )
    return lines

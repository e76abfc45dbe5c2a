"""Stage 7, write: put finished packages on disk atomically, or compare them with the disk.

Each package is staged complete inside the output directory, then swapped with the old one in
one `renameat2(RENAME_EXCHANGE)` (two renames where the system lacks it). Unchanged files are
hard-linked into the stage, so their inode and mtime stay. Files the previous run wrote (its
manifest) and that are no longer produced disappear; files a user added are carried over.
"""

from __future__ import annotations

import ctypes
import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ClientgenError
from .manifest import MANIFEST, GeneratedPackage, read_manifest

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
    return target


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
    """Write one package atomically; a package that is already up to date is not touched."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _recover(out_dir)
    report, _ = plan(out_dir, package)
    if not report.touched:
        return report
    target = _check_target(out_dir, package)
    stage_root = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out_dir))
    try:
        stage = stage_root / package.package
        stage.mkdir()
        owned = owned_files(target)
        if target.is_dir():
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
            with open(destination, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        _fsync_dir(stage)
        _swap(stage, target)
    finally:
        shutil.rmtree(stage_root, ignore_errors=True)
    return report


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


def _carry_over_user_files(target: Path, stage: Path, owned: set[str]) -> None:
    for path in sorted(target.rglob("*")):
        relative = path.relative_to(target).as_posix()
        if relative in owned or "__pycache__" in path.parts:
            continue
        destination = stage / relative
        if path.is_dir() and not path.is_symlink():
            destination.mkdir(parents=True, exist_ok=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            if path.is_symlink():
                os.symlink(os.readlink(path), destination)
            elif not _link(path, destination):
                shutil.copy2(path, destination)


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
    if not target.exists():
        os.rename(stage, target)
        return
    if _exchange(stage, target):
        return
    backup = stage.with_name(stage.name + ".old")
    os.rename(target, backup)
    os.rename(stage, target)
    os.rename(backup, stage)


def _recover(out_dir: Path) -> None:
    """Remove stages left by an interrupted run (the package dirs themselves are whole)."""
    for leftover in out_dir.glob(STAGING_PREFIX + "*"):
        if _owner_alive(leftover.name):
            continue  # another run is writing right now
        for package in leftover.iterdir() if leftover.is_dir() else ():
            target = out_dir / package.name.removesuffix(".old")
            if package.name.endswith(".old") and not target.exists():
                os.rename(package, target)
        shutil.rmtree(leftover, ignore_errors=True)


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
    """Unified diff lines between the disk and the package (empty when up to date)."""
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

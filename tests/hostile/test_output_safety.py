"""What `generate` does with the files around its output (issue 20): it writes only into a
package directory it generated (or an empty one), one run at a time, never loses a file a user
adds while it runs, and never follows a symbolic link when it tidies up after a killed run.

The writer is driven in-process with small hand-made packages (no spec, no black), and the
command line end to end where the exit status and the message are the point.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hostile_harness import PYTHON, ROOT, run, snapshot

from generator.errors import ClientgenError
from generator.render import write
from generator.render.manifest import MANIFEST, GeneratedPackage
from generator.render.write import STAGING_PREFIX, write_package

PACKAGE = "pkg"

SPEC = """\
openapi: 3.0.3
info: {title: Safety, version: '1.0'}
servers: [{url: 'https://api.example.test'}]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200': {description: ok}
"""


def _package(version: str, extra: tuple[str, ...] = ()) -> GeneratedPackage:
    """A small package: every file says which version wrote it."""
    names = ["__init__.py", "_client.py", "resources/__init__.py", "resources/things.py", *extra]
    files = {name: f"# {name} version {version}\n".encode() for name in names}
    manifest = {"generator": "clientgen", "files": sorted([*files, MANIFEST])}
    files[MANIFEST] = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    return GeneratedPackage(
        package=PACKAGE, files=files, spec_sha256=version * 8, spec_version=version
    )


def _expected(package: GeneratedPackage, **user: bytes) -> dict[str, bytes]:
    return {**package.files, **user}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    directory = tmp_path / "out"
    directory.mkdir()
    return directory


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC)
    return path


def _generate(spec: Path, out: Path) -> tuple[int, str]:
    result = run(
        [PYTHON, "-m", "generator", "generate", str(spec), "-o", str(out), "--package", PACKAGE],
        cwd=ROOT,
        timeout=60,
    )
    return result.returncode, result.stderr


def _one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("clientgen: error: "), stderr
    return lines[0]


# ----------------------------------------------------------------- what is at DIR/<package>


def test_a_regular_file_at_the_package_path_is_refused_and_kept(spec: Path, out: Path) -> None:
    (out / PACKAGE).write_text("a user's file\n")
    code, stderr = _generate(spec, out)
    assert code == 2, stderr
    line = _one_error_line(stderr)
    assert str(out / PACKAGE) in line and "not a directory" in line
    assert (out / PACKAGE).read_text() == "a user's file\n"
    assert sorted(os.listdir(out)) == [PACKAGE]


@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-package", "dangling"])
def test_a_symlink_at_the_package_path_is_refused_and_kept(
    spec: Path, out: Path, tmp_path: Path, dangling: bool
) -> None:
    elsewhere = tmp_path / "elsewhere"
    if not dangling:  # even a link to a package clientgen wrote is not followed
        write_package(elsewhere, _package("1"))
    before = snapshot(elsewhere)
    os.symlink(elsewhere / PACKAGE, out / PACKAGE)
    code, stderr = _generate(spec, out)
    assert code == 2, stderr
    line = _one_error_line(stderr)
    assert str(out / PACKAGE) in line and "symbolic link" in line
    assert os.readlink(out / PACKAGE) == str(elsewhere / PACKAGE)
    assert snapshot(elsewhere) == before
    assert sorted(os.listdir(out)) == [PACKAGE]


def test_a_directory_clientgen_did_not_generate_is_refused(out: Path) -> None:
    (out / PACKAGE).mkdir()
    (out / PACKAGE / "notes.txt").write_text("mine\n")
    with pytest.raises(ClientgenError, match="refusing to overwrite .*no readable " + MANIFEST):
        write_package(out, _package("1"))
    assert snapshot(out) == {f"{PACKAGE}/notes.txt": b"mine\n"}


def test_a_fifo_as_the_manifest_does_not_hang_a_run(spec: Path, out: Path) -> None:
    (out / PACKAGE).mkdir()
    os.mkfifo(out / PACKAGE / MANIFEST)
    code, stderr = _generate(spec, out)  # a hang fails at the harness's deadline
    assert code == 2, stderr
    assert "refusing to overwrite" in _one_error_line(stderr)
    assert sorted(os.listdir(out / PACKAGE)) == [MANIFEST]


def test_an_empty_directory_and_a_generated_one_are_written(out: Path) -> None:
    (out / PACKAGE).mkdir()
    write_package(out, _package("1"))
    (out / PACKAGE / "notes.txt").write_bytes(b"mine\n")
    write_package(out, _package("2"))
    assert snapshot(out / PACKAGE) == _expected(_package("2"), **{"notes.txt": b"mine\n"})


# ------------------------------------------------------------------------- one run at a time


@pytest.fixture
def before_swap(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Callable[[Path], None]]]:
    """Hooks run just before the staged package replaces the old one (argument: the target)."""
    hooks: list[Callable[[Path], None]] = []
    real_swap = write._swap

    def swap(stage: Path, target: Path) -> None:
        for hook in hooks:
            hook(target)
        real_swap(stage, target)

    monkeypatch.setattr(write, "_swap", swap)
    yield hooks


def _locked_by_someone_else(out: Path) -> bool:
    """Whether another run holds the lock of the output directory (probed without waiting)."""
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_the_output_directory_is_locked_from_planning_to_swap(
    out: Path, before_swap: list[Callable[[Path], None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_package(out, _package("1"))
    seen: list[tuple[str, bool]] = []
    real_plan = write.plan

    def plan(
        out_dir: Path, package: GeneratedPackage
    ) -> tuple[write.WriteReport, dict[str, bytes]]:
        seen.append(("plan", _locked_by_someone_else(out_dir)))
        return real_plan(out_dir, package)

    monkeypatch.setattr(write, "plan", plan)
    before_swap.append(lambda target: seen.append(("swap", _locked_by_someone_else(out))))
    write_package(out, _package("2"))
    assert seen == [("plan", True), ("swap", True)]
    assert not _locked_by_someone_else(out)  # and released afterwards


def test_two_runs_into_one_directory_serialise(
    out: Path, before_swap: list[Callable[[Path], None]]
) -> None:
    """The second run (another version) starts while the first is about to swap; it waits for
    the lock, then plans against what the first wrote: the result is one whole version."""
    write_package(out, _package("1"))
    second_done = threading.Event()
    errors: list[BaseException] = []

    def second() -> None:
        try:
            write_package(out, _package("3", extra=("resources/more.py",)))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            second_done.set()

    def start_second_once(target: Path) -> None:
        if not before_swap_started:
            before_swap_started.append(True)
            threading.Thread(target=second, daemon=True).start()
            # The second run cannot get past the lock while this one holds it.
            assert not second_done.wait(timeout=0.5)

    before_swap_started: list[bool] = []
    before_swap.append(start_second_once)
    write_package(out, _package("2"))
    assert second_done.wait(timeout=60)
    assert errors == []
    assert snapshot(out / PACKAGE) == _expected(_package("3", extra=("resources/more.py",)))


def test_files_a_user_adds_while_generate_runs_are_kept(
    out: Path, before_swap: list[Callable[[Path], None]]
) -> None:
    write_package(out, _package("1"))
    (out / PACKAGE / "early.txt").write_bytes(b"before the run\n")

    def user_adds_files(target: Path) -> None:
        (target / "late.txt").write_bytes(b"during the run\n")
        (target / "mine").mkdir()
        (target / "mine" / "deep.txt").write_bytes(b"deep\n")
        (target / "resources" / "helper.py").write_bytes(b"x = 1\n")
        (target / "early.txt").write_bytes(b"changed during the run\n")

    before_swap.append(user_adds_files)
    write_package(out, _package("2"))
    assert snapshot(out / PACKAGE) == _expected(
        _package("2"),
        **{
            "early.txt": b"changed during the run\n",
            "late.txt": b"during the run\n",
            "mine/deep.txt": b"deep\n",
            "resources/helper.py": b"x = 1\n",
        },
    )
    assert sorted(os.listdir(out)) == [PACKAGE]


# ----------------------------------------------------------------------------------- recovery


def test_recovery_never_follows_a_planted_symlink(out: Path, tmp_path: Path) -> None:
    """A leftover stage that is a link, or holds a link as the old package: nothing from
    outside is moved into the output, and nothing outside is touched."""
    outside = tmp_path / "outside"
    (outside / f"{PACKAGE}.old").mkdir(parents=True)
    (outside / f"{PACKAGE}.old" / "secret.txt").write_text("outside\n")
    (outside / f"{PACKAGE}.old" / MANIFEST).write_text(json.dumps({"files": ["secret.txt"]}))
    before = snapshot(outside)
    os.symlink(outside, out / f"{STAGING_PREFIX}planted")
    stage = out / f"{STAGING_PREFIX}inner"
    stage.mkdir()
    os.symlink(outside / f"{PACKAGE}.old", stage / f"{PACKAGE}.old")
    write_package(out, _package("1"))
    assert snapshot(out / PACKAGE) == _expected(_package("1"))
    assert snapshot(outside) == before


def test_a_file_put_in_place_of_the_package_during_a_run_is_not_swapped_away(
    out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_package(out, _package("1"))

    def user_replaces_the_package(stage: Path) -> None:
        os.rename(out / PACKAGE, tmp_path / "moved")
        (out / PACKAGE).write_text("a user's file\n")

    monkeypatch.setattr(write, "_fsync_dir", user_replaces_the_package)
    with pytest.raises(ClientgenError, match="not a directory"):
        write_package(out, _package("2"))
    assert (out / PACKAGE).read_text() == "a user's file\n"
    assert snapshot(tmp_path / "moved") == _expected(_package("1"))
    assert sorted(os.listdir(out)) == [PACKAGE]

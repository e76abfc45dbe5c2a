"""Input that is not a bounded regular file (issue 20): a FIFO, `/dev/zero`, a file over the
size limit, as the spec, as a file a `$ref` names, or as a `diff` side. Every command refuses
it at once with one line and exit 2, without reading it whole.

Each command runs in a subprocess with a deadline (a FIFO would otherwise block it forever) and
an address-space limit (reading `/dev/zero` would otherwise take the machine's memory).
"""

from __future__ import annotations

import os
import resource
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_harness import PYTHON, ROOT

from generator.spec import load

MEMORY_LIMIT = 2 << 30
"""Address space of a command under test: plenty for clientgen, far less than a read of
`/dev/zero` to the end."""
DEADLINE = 30
"""Seconds a command may take (a refusal takes a fraction of one; a hang is cut off here)."""

SPEC = """\
openapi: 3.0.3
info: {title: Bounded, version: '1.0'}
paths:
  /things:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'other.yaml#/Thing'}
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [PYTHON, "-m", "generator", *args],
            cwd=cwd,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=DEADLINE,
            preexec_fn=_limit_memory,  # only setrlimit, before exec
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"clientgen {' '.join(args)} still running after {DEADLINE} s")


def _fifo(directory: Path, name: str) -> Path:
    path = directory / name
    os.mkfifo(path)
    return path


def _huge(directory: Path, name: str) -> Path:
    path = directory / name
    with path.open("wb") as handle:
        handle.write(b"openapi: 3.0.3\n")
        handle.truncate(4 << 30)  # sparse: 4 GiB that cost nothing to make
    return path


def _dev_zero(directory: Path, name: str) -> Path:
    path = directory / name
    path.symlink_to("/dev/zero")
    return path


KINDS: dict[str, tuple[Callable[[Path, str], Path], str]] = {
    "fifo": (_fifo, "not a regular file"),
    "dev-zero": (_dev_zero, "not a regular file"),
    "huge": (_huge, "the limit is"),
}

COMMANDS: dict[str, Callable[[Path, Path], list[str]]] = {
    "generate": lambda spec, tmp: ["generate", str(spec), "-o", str(tmp / "out")],
    "generate --no-cache": lambda spec, tmp: [
        "generate",
        str(spec),
        "-o",
        str(tmp / "out"),
        "--no-cache",
    ],
    "ir": lambda spec, tmp: ["ir", str(spec)],
    "diff old": lambda spec, tmp: ["diff", str(spec), str(tmp / "good.yaml")],
    "diff new": lambda spec, tmp: ["diff", str(tmp / "good.yaml"), str(spec)],
}


def _good(directory: Path) -> None:
    (directory / "good.yaml").write_text(SPEC.replace("{$ref: 'other.yaml#/Thing'}", "{}"))


def _check_refused(result: subprocess.CompletedProcess[str], name: str, expected: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"clientgen: error: {name}: "), lines[0]
    assert expected in lines[0], lines[0]
    assert "internal error" not in lines[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_spec_that_is_not_a_bounded_regular_file_is_refused(
    tmp_path: Path, kind: str, command: str
) -> None:
    make, expected = KINDS[kind]
    make(tmp_path, "spec.yaml")
    _good(tmp_path)
    result = _run(*COMMANDS[command](Path("spec.yaml"), tmp_path), cwd=tmp_path)
    _check_refused(result, "spec.yaml", expected)
    assert not (tmp_path / "out").exists()


REFERENCED: dict[str, tuple[Callable[[Path, str], Path], str]] = {
    "fifo": (_fifo, "not a regular file"),
    "huge": (_huge, "the limit is"),
    # The link resolves to /dev/zero, which is outside the document's directory.
    "dev-zero": (_dev_zero, "points outside the root document's directory"),
}


@pytest.mark.parametrize("kind", REFERENCED)
def test_a_referenced_file_that_is_not_a_bounded_regular_file_is_refused(
    tmp_path: Path, kind: str
) -> None:
    make, expected = REFERENCED[kind]
    (tmp_path / "spec.yaml").write_text(SPEC)
    make(tmp_path, "other.yaml")
    result = _run("ir", "spec.yaml", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "other.yaml" in result.stderr and expected in result.stderr, result.stderr


def test_the_limit_is_generous() -> None:
    assert load.MAX_FILE_BYTES == 64 << 20


def test_a_file_at_a_git_revision_over_the_limit_is_refused(tmp_path: Path) -> None:
    """`diff PATH@REV`: the blob's size is asked of git before its content is read."""

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
            timeout=DEADLINE,
        )

    git("init", "-q")
    with (tmp_path / "spec.yaml").open("wb") as handle:
        handle.write(b"#" * (load.MAX_FILE_BYTES + 1))
    git("add", "spec.yaml")
    git("commit", "-q", "-m", "huge")
    _good(tmp_path)
    (tmp_path / "spec.yaml").unlink()
    result = _run("diff", "spec.yaml@HEAD", "good.yaml", cwd=tmp_path)
    _check_refused(result, "spec.yaml@HEAD", "the limit is")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_file_whose_size_on_record_is_wrong_is_read_only_up_to_the_limit() -> None:
    """/proc files say they hold 0 bytes: the reader stops one byte past the limit."""
    from generator.errors import SpecError
    from generator.spec.files import read_input

    assert os.stat("/proc/self/status").st_size == 0
    with pytest.raises(SpecError, match="over 100 bytes"):
        read_input(Path("/proc/self/status"), limit=100)
    assert b"Name:" in read_input(Path("/proc/self/status"))


@pytest.mark.parametrize("command", ["generate", "check"])
def test_a_fifo_as_the_configuration_is_refused(tmp_path: Path, command: str) -> None:
    _fifo(tmp_path, "pyproject.toml")
    result = _run(command, "--config", "pyproject.toml", cwd=tmp_path)
    _check_refused(result, "pyproject.toml", "not a regular file")

"""Progress on a terminal, silence when piped, and `--quiet` (issue 19: long runs show nothing)."""

from __future__ import annotations

import errno
import io
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_SPEC = """\
openapi: 3.1.0
info: {title: Small API, version: '1'}
servers: [{url: 'https://api.example.test'}]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
    post:
      responses: {'204': {description: done}}
components:
  schemas:
    Thing:
      type: object
      properties: {id: {type: string}}
"""


def _environment(tmp_path: Path) -> dict[str, str]:
    """Formatting afresh (no cache shared with other runs), so that every stage runs."""
    env = {k: v for k, v in os.environ.items() if k not in ("CLIENTGEN_DEBUG", "TERM")}
    env.update(CLIENTGEN_NO_CACHE="1", CLIENTGEN_CACHE_DIR=str(tmp_path / "cache"), TERM="xterm")
    return env


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "small.yaml").write_text(_SPEC)
    (root / "pyproject.toml").write_text(
        '[tool.clientgen]\noutput = "generated"\n\n'
        '[tool.clientgen.clients.small]\nspec = "specs/small.yaml"\n'
    )
    return root


def run_piped(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=_environment(cwd.parent),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_on_terminal(*args: str, cwd: Path) -> tuple[int, str, str]:
    """Run with stderr on a pseudo-terminal (stdout piped): exit code, stdout, the terminal."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=_environment(cwd.parent),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError as exc:  # EIO: the child closed the terminal
            if exc.errno != errno.EIO:
                raise
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert process.stdout is not None
    out = process.stdout.read().decode()
    code = process.wait(timeout=120)
    return code, out, seen.decode().replace("\r\n", "\n")


def _final_lines(terminal: str) -> list[str]:
    """What the terminal shows at the end: each line as its last in-place update left it."""
    return [line.split("\r")[-1].replace("\x1b[K", "") for line in terminal.split("\n")]


def test_generate_on_a_terminal_shows_each_stage_with_counts(tmp_path: Path) -> None:
    root = _project(tmp_path)
    code, out, terminal = run_on_terminal("generate", cwd=root)
    assert code == 0, terminal
    lines = _final_lines(terminal)
    shown = "\n".join(lines)
    assert re.search(r"^clientgen: parsed specs/small\.yaml \(\d+\.\d+s\)$", shown, re.M), shown
    assert re.search(r"^clientgen: small: built 2 operations, 1 model \(", shown, re.M), shown
    assert re.search(r"^clientgen: small: rendered \d+ files \(", shown, re.M), shown
    assert re.search(r"^clientgen: small: formatted \d+ Python files \(", shown, re.M), shown
    assert re.search(r"^clientgen: small: wrote \d+ of \d+ files \(", shown, re.M), shown
    stages = [line.split(":")[-1].split()[0] for line in lines if line.startswith("clientgen:")]
    assert stages == ["parsed", "built", "rendered", "formatted", "wrote"], lines
    assert out == "generated/small: " + out.split(": ", 1)[1]  # the summary, unchanged
    assert out.count("\n") == 1, out


def test_check_on_a_terminal_shows_the_stages_too(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert run_piped("generate", cwd=root).returncode == 0
    code, out, terminal = run_on_terminal("check", cwd=root)
    assert code == 0, terminal
    assert "clientgen: small: formatted" in terminal
    assert "clientgen: small: compared with generated/small" in terminal
    assert out == "clientgen: generated code is up to date\n"


def test_piped_output_has_no_progress(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = run_piped("generate", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert re.fullmatch(r"generated/small: \d+ added, 0 changed, 0 removed\n", result.stdout)
    check = run_piped("check", cwd=root)
    assert (check.returncode, check.stderr) == (0, "")


def test_quiet_on_a_terminal_prints_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    code, out, terminal = run_on_terminal("generate", "-q", cwd=root)
    assert (code, out, terminal) == (0, "", "")
    assert (root / "generated" / "small" / "_client.py").is_file()
    code, out, terminal = run_on_terminal("check", "--quiet", cwd=root)
    assert (code, out, terminal) == (0, "", "")


def test_quiet_generate_spec_prints_nothing_and_still_writes(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = run_piped("generate", "specs/small.yaml", "-o", "out", "-q", cwd=root)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert (root / "out" / "small_api" / "_client.py").is_file()


def test_quiet_check_on_a_stale_tree_gives_only_the_verdict(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert run_piped("generate", cwd=root).returncode == 0
    client = root / "generated" / "small" / "_client.py"
    client.write_text(client.read_text() + "# edited\n")
    result = run_piped("check", "-q", cwd=root)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "clientgen: generated code is stale; run `clientgen generate`\n"


def test_quiet_still_reports_errors(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "specs" / "small.yaml").write_text("openapi: 3.0.3\ninfo: {title: T\n")
    for command in ("generate", "check"):
        result = run_piped(command, "-q", cwd=root)
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.startswith("clientgen: error: specs/small.yaml:3:1: invalid YAML")
        assert result.stderr.count("\n") == 1


def test_an_error_on_a_terminal_clears_the_progress_line_first(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "specs" / "small.yaml").write_text("openapi: 3.0.3\ninfo: {title: T\n")
    code, _, terminal = run_on_terminal("generate", cwd=root)
    assert code == 2
    [error] = [line for line in _final_lines(terminal) if line]
    assert error.startswith("clientgen: error: specs/small.yaml:3:1: invalid YAML"), terminal


def test_quiet_and_verbose_together_are_a_usage_error(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = run_piped("generate", "-q", "-v", cwd=root)
    assert result.returncode == 2
    assert "--quiet" in result.stderr and "--verbose" in result.stderr


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_in_place_updates_are_throttled() -> None:
    """Many updates within the interval are one write; a finished stage is always shown."""
    from generator.progress import Progress

    stream, clock = io.StringIO(), _Clock()
    progress = Progress(stream, clock=clock, interval=0.1, width=40)
    progress.start("formatting")
    for n in range(1000):
        clock.now += 0.00001
        progress.update(f"formatting {n}")
    clock.now += 0.2
    progress.update("formatting 1000")
    progress.done("formatted 1000 files")
    shown = stream.getvalue()
    assert shown.count("\r") == 3, repr(shown)  # the start, one late update, the end
    assert shown.endswith("\rformatted 1000 files (0.21s)\x1b[K\n")


def test_in_place_lines_are_cut_to_the_terminal_width() -> None:
    from generator.progress import Progress

    stream = io.StringIO()
    progress = Progress(stream, clock=_Clock(), width=20)
    progress.start("x" * 100)
    assert stream.getvalue() == "\r" + "x" * 18 + "…\x1b[K"
    progress.clear()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_progress_is_off_when_stderr_is_not_a_terminal_or_quiet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("TERM", "xterm")
    assert not Progress.for_stream(io.StringIO(), quiet=False).active
    assert Progress.for_stream(Terminal(), quiet=False).active
    assert not Progress.for_stream(Terminal(), quiet=True).active
    monkeypatch.setenv("TERM", "dumb")
    assert not Progress.for_stream(Terminal(), quiet=False).active

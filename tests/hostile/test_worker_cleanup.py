"""A run killed with SIGKILL leaves no black worker processes behind (issue 20): the workers
that format a large package in parallel exit when the process that started them dies.

The run is a subprocess formatting enough Python (over the parallel threshold, cache off) for
the worker pool to start; it is killed as soon as its workers exist, and the workers must be
gone within a bounded wait. Linux only (the process tree is read from /proc).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from hostile_harness import PYTHON, ROOT

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2,
    reason="needs /proc and two CPUs (the pool starts only with more than one)",
)

FORMAT_A_LOT = """
import sys
from generator.render import format as fmt

module = "def f(a,b):\\n    return [a,\\n  b]\\n" * 4000
rendered = {f"m{i}.py": f"# {i}\\n" + module for i in range(40)}
assert sum(map(len, rendered.values())) > fmt.PARALLEL_THRESHOLD
print("formatting", flush=True)
fmt.format_all(rendered, "pkg")
print("done", flush=True)
"""

WAIT = 30.0
"""Seconds allowed for the workers to appear, and again for them to be gone."""


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie nobody has reaped yet has exited)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(condition: object, seconds: float) -> bool:
    assert callable(condition)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


def test_black_workers_exit_when_the_run_is_killed() -> None:
    run = subprocess.Popen(
        [PYTHON, "-c", FORMAT_A_LOT],
        cwd=ROOT,
        env={**os.environ, "CLIENTGEN_NO_CACHE": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    workers: list[int] = []
    try:
        assert run.stdout is not None
        assert run.stdout.readline() == b"formatting\n"

        def started() -> bool:
            workers[:] = _children(run.pid)
            return len(workers) >= 2

        assert _wait_for(started, WAIT), "the worker pool did not start"
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=WAIT)
        assert _wait_for(lambda: not any(_alive(pid) for pid in workers), WAIT), (
            f"workers still running {WAIT} s after their parent was killed: "
            f"{[pid for pid in workers if _alive(pid)]}"
        )
    finally:
        if run.poll() is None:
            run.kill()
            run.wait(timeout=WAIT)
        for pid in workers:  # only the workers this test started, if the test failed
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


ORPHAN_WITHOUT_PRCTL = """
import ctypes, os, sys, time
from generator.render import format as fmt

def no_libc(*args, **kwargs):
    raise OSError("no prctl here")

pid = os.fork()
if pid == 0:
    ctypes.CDLL = no_libc  # as on a system without prctl: only the watchdog thread is left
    fmt.watch_parent(os.getppid())
    print("watching", flush=True)
    time.sleep(600)
    os._exit(0)
print(pid, flush=True)
time.sleep(600)
"""


def test_the_watchdog_alone_ends_an_orphaned_worker() -> None:
    run = subprocess.Popen([PYTHON, "-c", ORPHAN_WITHOUT_PRCTL], cwd=ROOT, stdout=subprocess.PIPE)
    worker = 0
    try:
        assert run.stdout is not None
        lines = [run.stdout.readline(), run.stdout.readline()]
        worker = int(next(line for line in lines if line.strip().isdigit()))
        assert b"watching\n" in lines
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=WAIT)
        assert _wait_for(lambda: not _alive(worker), WAIT)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait(timeout=WAIT)
        if worker and _alive(worker):
            os.kill(worker, signal.SIGKILL)

"""Helpers shared by the benchmark scripts: timed child processes, bench-only virtualenvs,
machine facts, Markdown tables and the sections of `bench/RESULTS.md`.

Nothing here is imported by the generator or by the test suite.
"""

from __future__ import annotations

import datetime as _dt
import importlib.metadata
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
"""The project's interpreter: clientgen runs as `PYTHON -m generator`."""
CORPUS = Path(os.environ.get("CLIENTGEN_CORPUS", ROOT.parent / "shared" / "corpus"))
RESULTS = BENCH / "RESULTS.md"
WORK = BENCH / "work"
"""Scratch space (output directories, format caches); git-ignored, safe to delete."""

OPC_VENV = BENCH / ".venv-opc"
OPC_REQUIREMENT = "openapi-python-client==0.29.1"
"""The openapi-python-client release compared against (it brings ruff, which its hooks run)."""
PROFILE_VENV = BENCH / ".venv-prof"


@dataclass(frozen=True)
class Run:
    """One finished child process: wall time, CPU time and peak memory."""

    seconds: float
    cpu_seconds: float
    max_rss_kib: int
    returncode: int
    stderr_tail: str
    output: str = field(default="", repr=False)
    """Everything the child printed (stdout and stderr together); not saved as raw data."""


def run_timed(
    argv: Sequence[str | Path],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 1800.0,
) -> Run:
    """Run `argv` to completion and measure it end to end (process start included).

    Peak memory comes from `wait4` on this very child: Linux reports the largest resident set
    of the child and of any descendant it waited for (black's worker processes, opc's ruff
    hooks), i.e. the biggest single process of the tree, not their sum.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(a) for a in argv],
            stdout=err,
            stderr=subprocess.STDOUT,
            env=dict(env or os.environ),
            cwd=cwd,
        )
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        output = err.read().decode("utf-8", "replace")
        tail = output.strip().splitlines()[-3:]
    return Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        max_rss_kib=usage.ru_maxrss,
        returncode=proc.returncode,
        stderr_tail=" | ".join(tail),
        output=output,
    )


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt_s(seconds: float) -> str:
    if math.isnan(seconds):
        return "–"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def fmt_mib(kib: float) -> str:
    return "–" if math.isnan(kib) else f"{kib / 1024:.0f} MiB"


def fmt_ratio(value: float) -> str:
    return "–" if not math.isfinite(value) else f"{value:.2f}x"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (also readable as plain text)."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines) + "\n"


def fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def venv_bin(venv: Path) -> Path:
    return venv / "bin"


def ensure_venv(venv: Path, requirements: Sequence[str], probe: str) -> Path:
    """Create `venv` with pip and install `requirements` unless `probe` (a console script in
    it) already exists; returns its bin directory."""
    bindir = venv_bin(venv)
    if (bindir / probe).exists():
        return bindir
    print(f"creating {venv.relative_to(ROOT)} with {' '.join(requirements)} ...", flush=True)
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "--quiet", *requirements], check=True
    )
    return bindir


def ensure_opc() -> Path:
    """The bin directory of the openapi-python-client virtualenv (ruff is in it too)."""
    bindir = ensure_venv(OPC_VENV, [OPC_REQUIREMENT, "ruff"], "openapi-python-client")
    if not (bindir / "ruff").exists():
        subprocess.run(
            [str(bindir / "python"), "-m", "pip", "install", "--quiet", "ruff"], check=True
        )
    return bindir


def opc_env(bindir: Path) -> dict[str, str]:
    """The environment opc runs in: its venv first on PATH, so its post-hooks find ruff."""
    env = dict(os.environ)
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    env.pop("VIRTUAL_ENV", None)
    return env


PINNED_PATHS = ("generator", "templates", "specs", "pyproject.toml")
PINNED: dict[str, str] = {}
"""The pinned generator revision, once `pin_generator` ran: sha and directory."""


def pin_generator(rev: str = "HEAD") -> str:
    """Run clientgen from a fixed git revision, not from the working tree.

    Other sessions commit and edit the generator while a benchmark runs for tens of minutes;
    `git archive REV generator templates specs pyproject.toml` into bench/work/rev-SHA, put
    first on PYTHONPATH (before the editable install's path), keeps every measurement of a run
    on one revision. Returns the short sha.
    """
    sha = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short=10", f"{rev}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    target = WORK / f"rev-{sha}"
    if not (target / "generator" / "__init__.py").is_file():
        staging = fresh_dir(WORK / f"rev-{sha}.tmp")
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", sha, *PINNED_PATHS],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(staging)], input=archive, check=True)
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(target), os.environ.get("PYTHONPATH", "")) if p
    )
    PINNED.update(sha=sha, path=str(target))
    return sha


def source_root() -> Path:
    """Where specs/ and pyproject.toml come from: the pinned revision, else the work tree."""
    return Path(PINNED["path"]) if PINNED else ROOT


def clientgen_env(cache_dir: Path | None) -> dict[str, str]:
    """clientgen's environment: a bench-owned format cache, or none at all (cold)."""
    env = dict(os.environ)
    env.pop("CLIENTGEN_NO_CACHE", None)
    if cache_dir is None:
        env["CLIENTGEN_NO_CACHE"] = "1"
    else:
        env["CLIENTGEN_CACHE_DIR"] = str(cache_dir)
    return env


def version_of(python: Path, distribution: str) -> str:
    out = subprocess.run(
        [str(python), "-c", f"import importlib.metadata as m; print(m.version({distribution!r}))"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or "not installed"


def machine_facts(extra: Mapping[str, str] | None = None) -> str:
    """Date, machine and versions, as a Markdown bullet list."""
    facts: dict[str, str] = {
        "date": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": _cpu_model(),
        "memory": _memory(),
        "load average (1/5/15 min) when these facts were taken": " / ".join(
            f"{x:.2f}" for x in os.getloadavg()
        ),
        "python": f"{platform.python_version()} ({PYTHON.relative_to(ROOT)})",
        "clientgen": (
            f"{_clientgen_version()} at git {PINNED['sha']} (pinned: run from "
            f"bench/work/rev-{PINNED['sha']}; the working tree was at {git_head()})"
            if PINNED
            else f"{_clientgen_version()} (git {git_head()})"
        ),
    }
    for dist in ("black", "jinja2", "pyyaml", "openapi-pydantic", "click", "httpx", "pydantic"):
        facts[dist] = version_of(PYTHON, dist)
    facts.update(extra or {})
    return "".join(f"- {k}: {v}\n" for k, v in facts.items())


def _clientgen_version() -> str:
    try:
        return importlib.metadata.version("clientgen")
    except importlib.metadata.PackageNotFoundError:
        return version_of(PYTHON, "clientgen")


def git_head() -> str:
    out = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "generator", "templates"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() + (" + uncommitted generator changes" if dirty.stdout.strip() else "")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return "unknown"


def write_section(name: str, body: str) -> None:
    """Replace the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` in RESULTS.md
    (appending the pair if missing), so each script updates only its own part and the
    hand-written text around it stays."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = RESULTS.read_text("utf-8") if RESULTS.exists() else "# clientgen benchmarks\n"
    block = f"{start}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text, "utf-8")


def save_raw(name: str, data: object) -> Path:
    """Every measurement of a run as JSON (bench/results/NAME.json), for re-analysis."""
    path = BENCH / "results" / f"{name}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(_without_output(data), indent=1, default=str) + "\n", "utf-8")
    return path


def verdict(ok: bool) -> str:
    return "holds" if ok else "MISSED"


def _without_output(data: object) -> object:
    if isinstance(data, dict):
        return {k: _without_output(v) for k, v in data.items() if k != "output"}
    if isinstance(data, list):
        return [_without_output(v) for v in data]
    return data

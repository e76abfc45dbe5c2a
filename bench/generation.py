"""Generation benchmark: clientgen against openapi-python-client (opc), side by side.

    .venv/bin/python bench/generation.py [--repeats 5] [--large-repeats 3] [--only NAME ...]

Rows: each seed spec (specs/*.yaml), all three together (`clientgen generate` from a copy of
the project's [tool.clientgen] configuration; opc has no multi-spec mode, so its three runs
are timed back to back), the largest corpus documents, and `clientgen check` on an unchanged
tree. Every time is end to end (process start to exit) of a fresh process writing into a
fresh output directory. Per repeat the tools alternate (the order flips every repeat):
opc, clientgen cold (`--no-cache`), clientgen warm (format cache filled beforehand). opc has
no cache, so its warm time is its cold time. The table reports medians, the speed-up
opc / clientgen (> 1 means clientgen is faster) and the largest resident set of any one
process of the run (wait4 on the child).

Children run with `PYTHONPYCACHEPREFIX=bench/work/pycache` and without
`PYTHONDONTWRITEBYTECODE`, so both tools import from cached bytecode as an installed
package would (the project's editable install has no `__pycache__` of its own otherwise).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    CORPUS,
    OPC_REQUIREMENT,
    PINNED,
    PYTHON,
    WORK,
    Run,
    clientgen_env,
    ensure_opc,
    fmt_mib,
    fmt_ratio,
    fmt_s,
    fresh_dir,
    git_head,
    machine_facts,
    median,
    opc_env,
    pin_generator,
    run_timed,
    save_raw,
    source_root,
    table,
    verdict,
    version_of,
    write_section,
)

LARGE = ("twilio-api-v2010.yaml", "kubernetes-core-v1.json", "googlemaps.yaml", "cloudflare.yaml")
"""The four largest corpus documents (by operations and bytes)."""
LENIENT = {"cloudflare.yaml", "spotify.yaml"}
"""Corpus documents clientgen generates only with `--lenient` (invalid as published)."""
COLD_TARGET = 3.0
WARM_TARGET = 6.0
CHECK_TARGET = 0.25


def stamp() -> str:
    now = time.strftime("%H:%M UTC", time.gmtime())
    return f"{now}, git {PINNED.get('sha') or git_head()}"


@dataclass
class Row:
    """One line of the table: the measurements of both tools for one input."""

    name: str
    opc: list[Run] = field(default_factory=list)
    cold: list[Run] = field(default_factory=list)
    warm: list[Run] = field(default_factory=list)
    opc_note: str = ""
    clientgen_note: str = ""
    output_sizes: dict[str, str] = field(default_factory=dict)
    measured: str = field(default_factory=stamp)
    """When and on which generator revision the row was measured."""


def row_from_json(data: dict[str, Any]) -> Row:
    """A row saved by an earlier run (bench/results/generation.json)."""
    runs = {k: [Run(**r) for r in data[k]] for k in ("opc", "cold", "warm")}
    return Row(
        name=data["name"],
        opc_note=data["opc_note"],
        clientgen_note=data["clientgen_note"],
        output_sizes=data["output_sizes"],
        measured=data.get("measured", "earlier run"),
        **runs,
    )


def ok(runs: Sequence[Run]) -> list[Run]:
    return [r for r in runs if r.returncode == 0]


def med_time(runs: Sequence[Run]) -> float:
    good = ok(runs)
    return median([r.seconds for r in good]) if good and len(good) == len(runs) else float("nan")


def med_rss(runs: Sequence[Run]) -> float:
    return median([r.max_rss_kib for r in runs]) if runs else float("nan")


def python_size(directory: Path) -> str:
    files = [p for p in directory.rglob("*.py") if "__pycache__" not in p.parts]
    size = sum(p.stat().st_size for p in files)
    return f"{len(files)} .py files, {size / 1e6:.2f} MB"


# ---------------------------------------------------------------------------- the tools


class Tools:
    """How to invoke each tool on one input, with the bench-owned directories."""

    def __init__(self, opc_bin: Path) -> None:
        self.opc_bin = opc_bin
        self.cache = fresh_dir(WORK / "cache")
        self.pycache = WORK / "pycache"
        self.pycache.mkdir(parents=True, exist_ok=True)

    def _env(self, base: dict[str, str]) -> dict[str, str]:
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        base["PYTHONPYCACHEPREFIX"] = str(self.pycache)
        return base

    def clientgen(self, args: Sequence[str | Path], *, warm: bool) -> Run:
        env = self._env(clientgen_env(self.cache if warm else None))
        return run_timed([PYTHON, "-m", "generator", *args], env=env, cwd=WORK)

    def opc(self, spec: Path, out: Path) -> Run:
        argv: list[str | Path] = [
            self.opc_bin / "openapi-python-client",
            "generate",
            "--path",
            spec,
            "--output-path",
            out,
            "--meta",
            "none",
            "--overwrite",
        ]
        return run_timed(argv, env=self._env(opc_env(self.opc_bin)), cwd=WORK)


def combine(runs: Sequence[Run]) -> Run:
    """Back-to-back processes as one measurement: times add up, the peak is the largest."""
    return Run(
        seconds=sum(r.seconds for r in runs),
        cpu_seconds=sum(r.cpu_seconds for r in runs),
        max_rss_kib=max(r.max_rss_kib for r in runs),
        returncode=next((r.returncode for r in runs if r.returncode), 0),
        stderr_tail=" || ".join(r.stderr_tail for r in runs if r.returncode),
        output="\n".join(r.output for r in runs),
    )


def opc_note(run: Run) -> str:
    """What opc left out, from its own warnings."""
    if run.returncode:
        return f"opc failed (exit {run.returncode}): {run.stderr_tail[:160]}"
    skipped = len(re.findall(r"Endpoint will not be generated", run.output))
    warnings = len(re.findall(r"^WARNING", run.output, re.MULTILINE))
    if not warnings:
        return "opc: complete"
    return f"opc: {warnings} warnings, {skipped} endpoints not generated"


# ---------------------------------------------------------------------------- the rows


def measure(
    row: Row,
    repeats: int,
    opc_once: Callable[[], Run],
    cg_once: Callable[[bool], Run],
    log: Callable[[str], None],
) -> None:
    """`repeats` alternating rounds of opc, clientgen cold and clientgen warm."""
    for i in range(repeats):
        steps: list[tuple[str, Callable[[], Run]]] = [
            ("opc", opc_once),
            ("cold", lambda: cg_once(False)),
            ("warm", lambda: cg_once(True)),
        ]
        if i % 2:
            steps.reverse()
        for kind, step in steps:
            run = step()
            getattr(row, kind).append(run)
            failed = f" FAILED: {run.stderr_tail[:200]}" if run.returncode else ""
            log(
                f"  {row.name} #{i + 1} {kind}: {run.seconds:.2f} s"
                f" {run.max_rss_kib // 1024} MiB{failed}"
            )


def seed_row(
    tools: Tools, spec: Path, package: str, repeats: int, log: Callable[[str], None]
) -> Row:
    row = Row(name=f"seed {spec.name}")
    out_o, out_c = WORK / "out-opc", WORK / "out-clientgen"

    def opc_once() -> Run:
        return tools.opc(spec, fresh_dir(out_o) / package)

    def cg_once(warm: bool) -> Run:
        args: list[str | Path] = ["generate", spec, "-o", fresh_dir(out_c), "--package", package]
        return tools.clientgen(args if warm else [*args, "--no-cache"], warm=warm)

    cg_once(True)  # fills the format cache; also warms bytecode and the page cache
    opc_once()
    measure(row, repeats, opc_once, cg_once, log)
    _finish(row, out_o / package, out_c / package)
    return row


def corpus_row(tools: Tools, name: str, repeats: int, log: Callable[[str], None]) -> Row:
    spec = CORPUS / name
    row = Row(name=f"corpus {name}" + (" (--lenient)" if name in LENIENT else ""))
    out_o, out_c = WORK / "out-opc", WORK / "out-clientgen"
    extra = ["--lenient"] if name in LENIENT else []

    def opc_once() -> Run:
        return tools.opc(spec, fresh_dir(out_o) / "client")

    def cg_once(warm: bool) -> Run:
        args: list[str | Path] = [
            "generate",
            spec,
            "-o",
            fresh_dir(out_c),
            "--package",
            "client",
            *extra,
        ]
        return tools.clientgen(args if warm else [*args, "--no-cache"], warm=warm)

    fill = cg_once(True)  # fills the format cache (a cold run, untimed)
    log(f"  {row.name} cache fill: {fill.seconds:.2f} s (exit {fill.returncode})")
    measure(row, repeats, opc_once, cg_once, log)
    _finish(row, out_o / "client", out_c / "client")
    return row


def all_row(tools: Tools, repeats: int, log: Callable[[str], None]) -> tuple[Row, Path]:
    """All three configured clients: one `clientgen generate`, three opc runs."""
    tree = fresh_dir(WORK / "tree")
    shutil.copy(source_root() / "pyproject.toml", tree / "pyproject.toml")
    (tree / "specs").symlink_to(source_root() / "specs")
    import tomllib  # noqa: PLC0415 - only this row reads the configuration

    pyproject = (source_root() / "pyproject.toml").read_text("utf-8")
    config = tomllib.loads(pyproject)["tool"]["clientgen"]
    clients = {pkg: source_root() / t["spec"] for pkg, t in config["clients"].items()}
    row = Row(name="all three (`clientgen generate`)")
    out_o = WORK / "out-opc"

    def opc_once() -> Run:
        fresh_dir(out_o)
        return combine([tools.opc(spec, out_o / pkg) for pkg, spec in sorted(clients.items())])

    def cg_once(warm: bool) -> Run:
        shutil.rmtree(tree / "generated", ignore_errors=True)
        args: list[str | Path] = ["generate", "--config", tree / "pyproject.toml"]
        return tools.clientgen(args if warm else [*args, "--no-cache"], warm=warm)

    cg_once(True)
    opc_once()
    measure(row, repeats, opc_once, cg_once, log)
    _finish(row, out_o, tree / "generated")
    return row, tree


def check_rows(
    tools: Tools, tree: Path, repeats: int, log: Callable[[str], None]
) -> tuple[list[Run], list[Run]]:
    """`clientgen check` on the tree all_row left (unchanged): warm cache and --no-cache."""
    args: list[str | Path] = ["check", "--config", tree / "pyproject.toml"]
    warm: list[Run] = []
    cold: list[Run] = []
    tools.clientgen(args, warm=True)
    for i in range(repeats):
        steps = [(warm, True), (cold, False)]
        if i % 2:
            steps.reverse()
        for runs, is_warm in steps:
            run = tools.clientgen(args if is_warm else [*args, "--no-cache"], warm=is_warm)
            runs.append(run)
            log(
                f"  check #{i + 1} {'warm' if is_warm else 'cold'}: {run.seconds:.2f} s"
                f" exit {run.returncode}"
            )
    return warm, cold


def _finish(row: Row, opc_out: Path, cg_out: Path) -> None:
    row.opc_note = opc_note(row.opc[-1]) if row.opc else ""
    failed = [r for r in row.cold + row.warm if r.returncode]
    if failed:
        row.clientgen_note = (
            f"clientgen failed (exit {failed[0].returncode}): {failed[0].stderr_tail[:200]}"
        )
    if opc_out.is_dir():
        row.output_sizes["opc"] = python_size(opc_out)
    if cg_out.is_dir():
        row.output_sizes["clientgen"] = python_size(cg_out)


# ---------------------------------------------------------------------------- report


def report(
    rows: Sequence[Row],
    check: tuple[list[Run], list[Run]] | None,
    args: argparse.Namespace,
    opc_version: str,
    commands: Sequence[str],
) -> str:
    headers = [
        "input",
        "opc",
        "clientgen cold",
        "speed-up cold",
        "clientgen warm",
        "speed-up warm",
        "peak RSS opc",
        "peak RSS clientgen cold / warm",
        "runs",
    ]
    lines = []
    cold_ok = warm_ok = True
    for row in rows:
        t_opc, t_cold, t_warm = med_time(row.opc), med_time(row.cold), med_time(row.warm)
        r_cold, r_warm = t_opc / t_cold, t_opc / t_warm
        cold_ok = cold_ok and r_cold >= COLD_TARGET
        warm_ok = warm_ok and r_warm >= WARM_TARGET
        lines.append(
            [
                row.name,
                fmt_s(t_opc) if not any(r.returncode for r in row.opc) else "failed",
                fmt_s(t_cold) if not math.isnan(t_cold) else "failed",
                fmt_ratio(r_cold),
                fmt_s(t_warm) if not math.isnan(t_warm) else "failed",
                fmt_ratio(r_warm),
                fmt_mib(med_rss(row.opc)),
                f"{fmt_mib(med_rss(row.cold))} / {fmt_mib(med_rss(row.warm))}",
                str(len(row.opc)),
            ]
        )
    out = [
        "Median wall time, end to end, per input. Speed-up = opc time / clientgen time "
        f"(target: cold >= {COLD_TARGET:.0f}x, warm >= {WARM_TARGET:.0f}x on every row). "
        "opc has no cache: its single column serves as both its cold and its warm time.\n\n",
        table(headers, lines),
        "\nWhat each tool produced (last run) and what opc left out:\n",
    ]
    out.extend(
        f"- {row.name} (measured {row.measured}): {row.opc_note or 'no opc run'}; "
        f"opc {row.output_sizes.get('opc', '–')}, clientgen {row.output_sizes.get('clientgen', '–')}"
        + (f"; **{row.clientgen_note}**" if row.clientgen_note else "")
        + "\n"
        for row in rows
    )
    out.append("\nCPU time (user + sys, children included), median:\n\n")
    out.append(
        table(
            ["input", "opc", "clientgen cold", "clientgen warm"],
            [
                [
                    row.name,
                    *(
                        f"{median([r.cpu_seconds for r in runs]):.2f} s" if runs else "–"
                        for runs in (row.opc, row.cold, row.warm)
                    ),
                ]
                for row in rows
            ],
        )
    )
    verdicts = [
        f"- cold >= {COLD_TARGET:.0f}x faster than opc on every row: **{verdict(cold_ok)}**",
        f"- warm >= {WARM_TARGET:.0f}x faster than opc on every row: **{verdict(warm_ok)}**",
    ]
    if check is not None:
        full = next((r for r in rows if r.name.startswith("all three")), None)
        c_warm, c_cold = med_time(check[0]), med_time(check[1])
        g_warm = med_time(full.warm) if full else float("nan")
        g_cold = med_time(full.cold) if full else float("nan")
        stale = sorted({r.returncode for r in check[0] + check[1]} - {0})
        out.append(
            "\n`clientgen check` on an unchanged tree (the three configured clients), "
            "against `clientgen generate` of the same three:\n\n"
        )
        out.append(
            table(
                ["cache", "check", "generate (all three)", "check / generate", "exit codes"],
                [
                    [
                        "warm (cache filled)",
                        fmt_s(c_warm),
                        fmt_s(g_warm),
                        fmt_ratio(c_warm / g_warm),
                        "0" if not stale else str(stale),
                    ],
                    [
                        "cold (--no-cache)",
                        fmt_s(c_cold),
                        fmt_s(g_cold),
                        fmt_ratio(c_cold / g_cold),
                        "0" if not stale else str(stale),
                    ],
                ],
            )
        )
        held = c_warm / g_warm <= CHECK_TARGET and c_cold / g_cold <= CHECK_TARGET
        verdicts.append(
            f"- `check` <= 1/4 of a full generation (like for like: warm/warm "
            f"{c_warm / g_warm:.2f}, cold/cold {c_cold / g_cold:.2f}; check warm / generate "
            f"cold {c_warm / g_cold:.2f}): **{verdict(held)}**"
        )
    head = (
        "## Generation: clientgen vs openapi-python-client\n\n"
        + "Commands (from the repository root, with `.venv/bin/python`; a run with `--only` "
        "re-measures those rows and keeps the others from the previous run):\n\n"
        + "".join(f"- {c}\n" for c in commands)
        + f"\n{args.repeats} repeats for the seed rows, the three together and check, "
        f"{args.large_repeats} for the corpus rows.\n\n"
        + machine_facts(
            {
                "openapi-python-client": f"{opc_version} (`{OPC_REQUIREMENT}` in "
                "bench/.venv-opc, ruff on its PATH, `--meta none`)"
            }
        )
        + "\n"
    )
    return head + "".join(out) + "\nTargets:\n\n" + "\n".join(verdicts) + "\n"


def merge_previous(
    rows: list[Row], check: tuple[list[Run], list[Run]] | None, command: str
) -> tuple[list[Row], tuple[list[Run], list[Run]] | None, list[str]]:
    """Rows of this run in place of the same rows of the previous run; the rest kept."""
    path = RAW
    if not path.exists():
        return rows, check, [command]
    previous = json.loads(path.read_text("utf-8"))
    fresh = {row.name: row for row in rows}
    merged = [
        fresh.pop(data["name"]) if data["name"] in fresh else row_from_json(data)
        for data in previous["rows"]
    ]
    merged.extend(fresh.values())
    if check is None and previous.get("check"):
        old = previous["check"]
        check = ([Run(**r) for r in old["warm"]], [Run(**r) for r in old["cold"]])
    return merged, check, [*previous.get("commands", []), command]


RAW = Path(__file__).resolve().parent / "results" / "generation.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=5, help="seed rows, all three, check")
    parser.add_argument("--large-repeats", type=int, default=3, help="corpus rows")
    parser.add_argument(
        "--only",
        nargs="*",
        default=[],
        help="row names to run: seed, all, check, or corpus file names",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="write neither RESULTS.md nor results/*.json"
    )
    parser.add_argument("--rev", default="HEAD", help="generator revision to measure (git)")
    args = parser.parse_args()
    started = time.time()
    pin_generator(args.rev)
    opc_bin = ensure_opc()
    opc_version = version_of(opc_bin / "python", "openapi-python-client")
    WORK.mkdir(exist_ok=True)
    tools = Tools(opc_bin)
    selected = set(args.only)

    def want(name: str) -> bool:
        return not selected or name in selected

    def log(message: str) -> None:
        print(message, flush=True)

    rows: list[Row] = []
    config_packages = {
        "brainbase.yaml": "brainbase_labs",
        "uponai.yaml": "uponai",
        "polyai.yaml": "polyai",
    }
    if want("seed"):
        for spec in sorted((source_root() / "specs").glob("*.yaml")):
            log(f"seed {spec.name}")
            package = config_packages.get(spec.name, spec.stem)
            rows.append(seed_row(tools, spec, package, args.repeats, log))
    check = None
    if want("all") or want("check"):
        log("all three")
        row, tree = all_row(tools, args.repeats, log)
        rows.append(row)
        if want("check"):
            log("check")
            check = check_rows(tools, tree, args.repeats, log)
    for name in LARGE:
        if want(name):
            log(f"corpus {name}")
            rows.append(corpus_row(tools, name, args.large_repeats, log))
    command = " ".join(["python bench/generation.py", *sys.argv[1:]])
    command = f"`{command}` at {stamp()}, took {(time.time() - started) / 60:.1f} min"
    commands = [command]
    if selected:
        rows, check, commands = merge_previous(rows, check, command)
    text = report(rows, check, args, opc_version, commands)
    print(text)
    if not args.no_write:
        save_raw(
            "generation",
            {
                "commands": commands,
                "rows": [asdict(r) for r in rows],
                "check": (
                    None
                    if check is None
                    else {
                        "warm": [asdict(r) for r in check[0]],
                        "cold": [asdict(r) for r in check[1]],
                    }
                ),
            },
        )
        write_section("generation", text)


if __name__ == "__main__":
    main()

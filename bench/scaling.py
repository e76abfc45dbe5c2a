"""Scaling benchmark: clientgen generation time against the number of operations.

    .venv/bin/python bench/scaling.py [--sizes 100 200 400 800 1600 3200] [--repeats 5]
                                      [--large-repeats 3] [--large-from 1600]

Synthetic documents (bench/synthetic_spec.py: one component schema per operation) of each size
are generated end to end (`python -m generator generate SPEC -o DIR`, fresh output directory)
cold (`--no-cache`) and warm (format cache filled by an untimed run first), alternating, and
the table shows the medians and the ratio between consecutive sizes (target: doubling the
operations costs at most 2.2x the time). Sizes from --large-from on get --large-repeats
cold runs (each takes minutes); warm runs always get --repeats.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    PYTHON,
    WORK,
    Run,
    clientgen_env,
    fmt_mib,
    fmt_ratio,
    fmt_s,
    fresh_dir,
    machine_facts,
    median,
    pin_generator,
    run_timed,
    save_raw,
    table,
    verdict,
    write_section,
)
from synthetic_spec import write_spec

TARGET = 2.2


@dataclass
class Size:
    operations: int
    spec_bytes: int
    cold: list[Run] = field(default_factory=list)
    warm: list[Run] = field(default_factory=list)
    output: str = ""


def env(cache: Path | None) -> dict[str, str]:
    base = clientgen_env(cache)
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    base["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    return base


def generate(spec: Path, out: Path, cache: Path | None) -> Run:
    args: list[str | Path] = [PYTHON, "-m", "generator", "generate", spec, "-o", fresh_dir(out)]
    args += ["--package", "synthetic"]
    if cache is None:
        args.append("--no-cache")
    run = run_timed(args, env=env(cache), cwd=WORK)
    if run.returncode:
        print(f"    FAILED: {run.stderr_tail}", flush=True)
    return run


def good_median(runs: list[Run]) -> float:
    if not runs or any(r.returncode for r in runs):
        return float("nan")
    return median([r.seconds for r in runs])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 400, 800, 1600, 3200])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--large-repeats", type=int, default=3)
    parser.add_argument("--large-from", type=int, default=1600)
    parser.add_argument(
        "--no-write", action="store_true", help="write neither RESULTS.md nor results/*.json"
    )
    parser.add_argument("--rev", default="HEAD", help="generator revision to measure (git)")
    args = parser.parse_args()
    started = time.time()
    pin_generator(args.rev)
    facts = machine_facts()
    cache = fresh_dir(WORK / "scaling-cache")
    out = WORK / "scaling-out"
    sizes: list[Size] = []
    for n in args.sizes:
        spec = write_spec(n, WORK / f"synthetic-{n}.yaml")
        size = Size(operations=n, spec_bytes=spec.stat().st_size)
        sizes.append(size)
        fill = generate(spec, out, cache)
        print(f"{n} operations: cache fill {fill.seconds:.2f} s", flush=True)
        cold_repeats = args.large_repeats if n >= args.large_from else args.repeats
        for i in range(max(args.repeats, cold_repeats)):
            order = [False, True] if i % 2 == 0 else [True, False]
            for is_warm in order:
                if not is_warm and i >= cold_repeats:
                    continue
                run = generate(spec, out, cache if is_warm else None)
                (size.warm if is_warm else size.cold).append(run)
                label = "warm" if is_warm else "cold"
                print(
                    f"  #{i + 1} {label}: {run.seconds:.2f} s, {run.cpu_seconds:.2f} s CPU, "
                    f"{run.max_rss_kib // 1024} MiB",
                    flush=True,
                )
        files = list((out / "synthetic").rglob("*.py"))
        size.output = f"{len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB"

    rows = []
    worst = {"cold": 0.0, "warm": 0.0}
    previous: Size | None = None
    for size in sizes:
        cold, warm = good_median(size.cold), good_median(size.warm)
        r_cold = r_warm = float("nan")
        if previous is not None:
            r_cold = cold / good_median(previous.cold)
            r_warm = warm / good_median(previous.warm)
            for key, ratio in (("cold", r_cold), ("warm", r_warm)):
                worst[key] = max(worst[key], ratio) if not math.isnan(ratio) else math.inf
        rows.append(
            [
                str(size.operations),
                f"{size.spec_bytes / 1e6:.2f} MB",
                size.output,
                fmt_s(cold),
                fmt_ratio(r_cold),
                fmt_s(warm),
                fmt_ratio(r_warm),
                fmt_s(median([r.cpu_seconds for r in size.cold])),
                fmt_mib(max(r.max_rss_kib for r in size.cold + size.warm)),
                f"{len(size.cold)} / {len(size.warm)}",
            ]
        )
        previous = size
    headers = [
        "operations",
        "spec",
        "output",
        "cold",
        "x prev",
        "warm",
        "x prev",
        "cold CPU",
        "peak RSS",
        "runs cold / warm",
    ]
    per_op = [
        f"{s.operations}: {good_median(s.cold) / s.operations * 1000:.1f} ms cold, "
        f"{good_median(s.warm) / s.operations * 1000:.2f} ms warm"
        for s in sizes
    ]
    command = "python bench/scaling.py " + " ".join(sys.argv[1:])
    text = (
        "## Scaling: generation time against operations\n\n"
        f"Command: `{command.strip()}`; took {(time.time() - started) / 60:.1f} min. Synthetic "
        "documents from `bench/synthetic_spec.py` (one component schema per operation, four "
        "operations per resource); medians of end-to-end `clientgen generate` runs into a fresh "
        f"directory; cold = `--no-cache`; {args.repeats} runs per size, {args.large_repeats} "
        f"cold runs from {args.large_from} operations on.\n\n"
        + facts
        + "\n"
        + table(headers, rows)
        + "\nPer operation: "
        + "; ".join(per_op)
        + ".\n\nTargets:\n\n"
        + f"- doubling the operations costs at most {TARGET}x the time, cold: worst step "
        f"{worst['cold']:.2f}x: **{verdict(worst['cold'] <= TARGET)}**\n"
        + f"- the same, warm: worst step {worst['warm']:.2f}x: "
        f"**{verdict(worst['warm'] <= TARGET)}**\n"
    )
    print(text)
    if not args.no_write:
        save_raw("scaling", [asdict(s) for s in sizes])
        write_section("scaling", text)


if __name__ == "__main__":
    main()

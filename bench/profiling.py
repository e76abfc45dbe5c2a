"""Where the time goes: stage timings and cProfile of one generation, or of client calls.

    .venv/bin/python bench/profiling.py generation SPEC [--lenient] [--warm] [--top 25]
                                        [--no-cprofile]
    .venv/bin/python bench/profiling.py calls [--calls 3000] [--top 25]

`generation` runs clientgen's stages in this process (load+refs+parse, build, render, format,
write into bench/work/profile-out), times each, and profiles the whole with cProfile; black
runs serially here so that cProfile sees it (the CLI spreads it over worker processes for big
outputs). `--warm` fills the format cache (bench/work/profile-cache) first. The imports of the
generator are timed too, as the share every short run pays. The .prof file goes to
bench/work/ for `python -m pstats`.

`calls` profiles UponAI `chats.create` through a MockTransport (the generated client from
bench/work/client-pkgs if bench/client.py made it, else generated/) and lists the functions
with the most own time, by package (generated client, httpx, pydantic, other).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work"

if "PYTHONPYCACHEPREFIX" not in os.environ:  # cached bytecode, as in the other benchmarks
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(WORK / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    os.execve(sys.executable, [sys.executable, *sys.argv], env)


def fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def top_functions(profile: cProfile.Profile, sort: str, count: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.strip_dirs().sort_stats(sort).print_stats(count)
    lines = out.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return "\n".join(lines[start:])


STAGES = {
    "generator.render.cache": ("cache_key", "load", "store"),
    "generator.pipeline": (
        "load_and_parse",
        "build_api",
        "make_environment",
        "render_package",
        "format_all",
    ),
    "generator.render.write": ("write_package",),
}
"""Functions timed as stages, where the revision has them (the CLI looks each up at call time)."""


def install_stage_timers(times: dict[str, float]) -> None:
    """Wrap the stage functions so each call adds its wall time to `times`."""
    import importlib  # noqa: PLC0415

    for module_name, names in STAGES.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name in names:
            original = getattr(module, name, None)
            if original is None:
                continue
            label = f"{module_name.rsplit('.', 1)[1]}.{name}"

            def timed(*args: Any, _f: Any = original, _l: str = label, **kwargs: Any) -> Any:
                start = time.perf_counter()
                try:
                    return _f(*args, **kwargs)
                finally:
                    times[_l] = times.get(_l, 0.0) + time.perf_counter() - start

            setattr(module, name, timed)


def install_format_timer(per_file: dict[str, tuple[int, float]]) -> None:
    """Record black's time per file (the serial path calls `format_python` once per file)."""
    from generator.render import format as formatting  # noqa: PLC0415

    original = formatting.format_python

    def timed(text: str, name: str) -> str:
        start = time.perf_counter()
        try:
            return original(text, name)
        finally:
            per_file[name] = (len(text), time.perf_counter() - start)

    formatting.format_python = timed


def install_gc_freeze() -> None:
    """Experiment: move everything alive before formatting out of the collector's reach
    (`gc.freeze()`), so black's allocations no longer trigger full collections that walk the
    whole intermediate model. Not what clientgen does; see RESULTS.md."""
    import gc  # noqa: PLC0415

    from generator import pipeline  # noqa: PLC0415

    original = pipeline.format_all

    def frozen(*args: Any, **kwargs: Any) -> Any:
        gc.collect()
        gc.freeze()
        try:
            return original(*args, **kwargs)
        finally:
            gc.unfreeze()

    pipeline.format_all = frozen


def run_cli(argv: list[str]) -> None:
    from generator.cli import main  # noqa: PLC0415

    try:
        main(argv, standalone_mode=False)
    except SystemExit as exit_:
        if exit_.code:
            raise


def profile_generation(args: argparse.Namespace) -> None:
    spec: Path = args.spec.resolve()
    lenient: bool = args.lenient
    warm: bool = args.warm
    top: int = args.top
    cprofile: bool = not args.no_cprofile
    started = time.perf_counter()
    import generator.cli  # noqa: PLC0415
    import generator.render.write  # noqa: F401, PLC0415
    from generator.render import format as formatting  # noqa: PLC0415

    imported = time.perf_counter() - started
    cache = args.cache_dir.resolve() if args.cache_dir else fresh_dir(WORK / "profile-cache")
    os.environ["CLIENTGEN_CACHE_DIR"] = str(cache)
    os.environ.pop("CLIENTGEN_NO_CACHE", None)
    formatting.PARALLEL_THRESHOLD = sys.maxsize  # serial black
    out = WORK / "profile-out"
    argv = ["generate", str(spec), "-o", str(out), "--package", args.package]
    argv += ["--lenient"] if lenient else []
    argv += [] if warm else ["--no-cache"]
    if warm:
        run_cli(argv)  # fills the caches
    if args.gc_freeze:
        install_gc_freeze()
    times: dict[str, float] = {}
    install_stage_timers(times)
    per_file: dict[str, tuple[int, float]] = {}
    install_format_timer(per_file)
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    run_cli(argv)  # timed without the profiler, which inflates pure-Python code
    total = time.perf_counter() - start
    stage_times = dict(times)
    black_files = dict(per_file)
    profile = cProfile.Profile()
    if cprofile:
        shutil.rmtree(out, ignore_errors=True)
        profile.enable()
        run_cli(argv)
        profile.disable()
    files = [p for p in (out / args.package).rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    print(
        f"{spec.name}: {len(files)} files, {size / 1e6:.2f} MB written, "
        f"{'warm (caches filled)' if warm else 'cold (--no-cache)'}, black serial"
    )
    whole = total + imported
    rows = {"import generator.cli, pipeline, write": imported, **stage_times}
    rows["other (CLI, config, ...)"] = total - sum(stage_times.values())
    for name, seconds in rows.items():
        print(f"  {name:40s} {seconds:8.2f} s  {seconds / whole * 100:5.1f} %")
    print(f"  {'total':40s} {whole:8.2f} s")
    if black_files:
        black_total = sum(t for _, t in black_files.values())
        chars = sum(n for n, _ in black_files.values())
        print(
            f"\nblack: {len(black_files)} files, {chars / 1e6:.2f} MB in {black_total:.2f} s "
            f"({chars / black_total / 1e3:.0f} kB/s); slowest files:"
        )
        slowest = sorted(black_files.items(), key=lambda kv: -kv[1][1])[:8]
        for name, (n, t) in slowest:
            print(f"  {name:60s} {n / 1e3:8.0f} kB {t:7.2f} s  {n / t / 1e3:6.0f} kB/s")
    if not cprofile:
        return
    target = WORK / f"profile-{spec.stem}-{'warm' if warm else 'cold'}.prof"
    profile.dump_stats(target)
    print(f"\ncProfile ({target.relative_to(BENCH.parent)}), by own time:")
    print(top_functions(profile, "tottime", top))
    print("\nby cumulative time:")
    print(top_functions(profile, "cumulative", top))


def profile_calls(calls: int, top: int) -> None:
    import httpx  # noqa: PLC0415

    for candidate in (WORK / "client-pkgs", BENCH.parent / "generated"):
        if (candidate / "uponai").is_dir():
            sys.path.insert(0, str(candidate))
            break
    import uponai  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415

    content = json.dumps(
        {
            "chatId": "chat_1",
            "agentId": "chat_agent_1",
            "status": "ongoing",
            "startedAt": "2026-04-20T10:15:00Z",
            "messages": [{"role": "assistant", "content": "Hello!"}],
        }
    ).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=content, headers={"content-type": "application/json"})

    client: Any = uponai.UponAI(
        api_key="key",
        base_url="https://api.bench.test",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    for _ in range(200):
        client.chats.create(workspace_id=42, agent_id="chat_agent_1")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(calls):
        client.chats.create(workspace_id=42, agent_id="chat_agent_1", metadata={"a": "b"})
    profile.disable()
    stats = pstats.Stats(profile)
    groups: dict[str, float] = {}
    raw: Any = stats.stats  # type: ignore[attr-defined]
    total = 0.0
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in raw.items():
        total += tottime
        if "uponai" in filename:
            key = "generated client (uponai/*)"
        elif "/httpx/" in filename or "/httpcore/" in filename:
            key = "httpx"
        elif "pydantic" in filename:
            key = "pydantic"
        elif filename == "~":
            key = "builtins (C functions)"
        else:
            key = "other (stdlib, ...)"
        groups[key] = groups.get(key, 0.0) + tottime
    print(f"{calls} calls of UponAI chats.create, own time by package (profiled):")
    for key, seconds in sorted(groups.items(), key=lambda kv: -kv[1]):
        print(f"  {key:30s} {seconds / calls * 1e6:7.1f} µs/call  {seconds / total * 100:5.1f} %")
    target = WORK / "profile-calls.prof"
    profile.dump_stats(target)
    print(f"\n({target.relative_to(BENCH.parent)}) by own time:")
    print(top_functions(profile, "tottime", top))
    print("\nby cumulative time:")
    print(top_functions(profile, "cumulative", top))
    out = io.StringIO()
    pstats.Stats(profile, stream=out).strip_dirs().sort_stats("cumulative").print_callees(
        "_build_request|_runtime.py.*\\(request\\)"
    )
    print("\nwhat the generated request path calls (cumulative seconds over all calls):")
    print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generation", help="profile one generation")
    gen.add_argument("spec", type=Path)
    gen.add_argument("--lenient", action="store_true")
    gen.add_argument("--warm", action="store_true", help="format cache filled first")
    gen.add_argument("--top", type=int, default=25)
    gen.add_argument("--no-cprofile", action="store_true", help="stage timings only")
    gen.add_argument(
        "--gc-freeze", action="store_true", help="experiment: gc.freeze() before formatting"
    )
    gen.add_argument("--package", default="profiled", help="package name (part of cache keys)")
    gen.add_argument(
        "--cache-dir", type=Path, help="reuse this cache (e.g. bench/work/cache) for --warm"
    )
    calls = commands.add_parser("calls", help="profile generated client calls")
    calls.add_argument("--calls", type=int, default=3000)
    calls.add_argument("--top", type=int, default=25)
    parser.add_argument("--rev", default="HEAD", help="generator revision (git)")
    args = parser.parse_args()
    sys.path.insert(0, str(BENCH))
    from _common import pin_generator  # noqa: PLC0415

    sha = pin_generator(args.rev)
    sys.path.insert(0, os.environ["PYTHONPATH"].split(os.pathsep)[0])
    print(f"generator at git {sha}")
    if args.command == "generation":
        profile_generation(args)
    else:
        profile_calls(args.calls, args.top)


if __name__ == "__main__":
    main()

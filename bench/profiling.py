"""Where the time goes: stage timings and cProfile of one generation, or of client calls.

    .venv/bin/python bench/profiling.py generation SPEC [--lenient] [--warm] [--top 25]
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


def top_functions(profile: cProfile.Profile, sort: str, count: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.strip_dirs().sort_stats(sort).print_stats(count)
    lines = out.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return "\n".join(lines[start:])


def profile_generation(spec: Path, lenient: bool, warm: bool, top: int) -> None:
    started = time.perf_counter()
    from generator import pipeline, render, write  # noqa: PLC0415 - timed import
    from generator.build import ClientOptions, build_api  # noqa: PLC0415

    imported = time.perf_counter() - started
    cache = WORK / "profile-cache"
    if warm:
        os.environ["CLIENTGEN_CACHE_DIR"] = str(cache)
        os.environ.pop("CLIENTGEN_NO_CACHE", None)
        pipeline.generate(spec, ClientOptions(package="profiled", lenient=lenient))
    else:
        os.environ["CLIENTGEN_NO_CACHE"] = "1"
    pipeline.PARALLEL_THRESHOLD = sys.maxsize  # serial black, visible to cProfile
    out = WORK / "profile-out"

    def stages(times: dict[str, float]) -> dict[str, str]:
        """One generation, stage by stage; returns the rendered files."""

        def stage(name: str, since: float) -> float:
            now = time.perf_counter()
            times[name] = now - since
            return now

        total = t = time.perf_counter()
        warnings: list[str] = []
        loaded, document = pipeline.load_and_parse(spec, lenient=lenient, warnings=warnings)
        t = stage("load + refs + parse", t)
        options = ClientOptions(package="profiled", lenient=lenient)
        api = build_api(loaded, document, options, warnings)
        t = stage("build (IR)", t)
        env = render.make_environment(None)
        rendered = render.render_package(api, env)
        t = stage("render (jinja, templates compiled)", t)
        formatted = pipeline.format_all(rendered, api.package)
        t = stage("format (black" + (", from the cache" if warm else "") + ")", t)
        files = {name: formatted[name].encode("utf-8") for name in sorted(formatted)}
        files[pipeline.MANIFEST] = pipeline.manifest_text(api, sorted(files)).encode("utf-8")
        package = pipeline.GeneratedPackage(package=api.package, api=api, files=files)
        shutil.rmtree(out, ignore_errors=True)
        write.write_package(out, package)
        stage("write (fsync per file)", t)
        times["total (without import)"] = time.perf_counter() - total
        return rendered

    times: dict[str, float] = {"import generator": imported}
    rendered = stages(times)  # timed without the profiler, which inflates pure-Python code
    profile = cProfile.Profile()
    profile.enable()
    stages({})
    profile.disable()
    size = sum(len(text) for text in rendered.values())
    print(
        f"{spec.name}: {len(rendered)} files, {size / 1e6:.2f} MB rendered, "
        f"{'warm' if warm else 'cold'}"
    )
    whole = times["total (without import)"] + imported
    for name, seconds in times.items():
        print(f"  {name:36s} {seconds:8.2f} s  {seconds / whole * 100:5.1f} %")
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
    print("\nby own time:")
    print(top_functions(profile, "tottime", top))
    print("\nby cumulative time:")
    print(top_functions(profile, "cumulative", top))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generation", help="profile one generation")
    gen.add_argument("spec", type=Path)
    gen.add_argument("--lenient", action="store_true")
    gen.add_argument("--warm", action="store_true", help="format cache filled first")
    gen.add_argument("--top", type=int, default=25)
    calls = commands.add_parser("calls", help="profile generated client calls")
    calls.add_argument("--calls", type=int, default=3000)
    calls.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    sys.path.insert(0, str(BENCH.parent))
    if args.command == "generation":
        profile_generation(args.spec.resolve(), args.lenient, args.warm, args.top)
    else:
        profile_calls(args.calls, args.top)


if __name__ == "__main__":
    main()

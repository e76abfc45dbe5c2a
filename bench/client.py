"""Client benchmark: per-call overhead and import time of generated clients.

    .venv/bin/python bench/client.py [--calls 2000] [--repeats 7] [--import-repeats 15]

1. Generates the PolyAI and UponAI clients (specs/, the configured names) and the largest
   corpus client, Cloudflare (`--lenient`), into bench/work/client-pkgs with the current
   generator (format cache bench/work/client-cache, so a second run is quick).
2. Per-call overhead: the same request through the generated client and through plain
   `httpx` (`client.post(url, json=..., headers=...)`, `raise_for_status()`, `.json()`),
   both on an `httpx.Client`/`AsyncClient` with the same `MockTransport` handler returning a
   prebuilt JSON response. Each repeat times `--calls` sequential calls of one variant; the
   variants alternate; the table gives the median microseconds per call and the ratio
   (target: generated <= 1.5x plain httpx). A third variant, plain httpx plus the generated
   pydantic model's `model_validate` of the body, shows how much of the difference is
   response validation.
3. Import time: wall time of a fresh interpreter running `import PACKAGE`, against
   `import httpx, pydantic` (and `pass`), alternating, median of --import-repeats, with
   bytecode cached (as after the first import of an installed package; the first import that
   compiles is reported separately). Target: the largest client at most 0.3 s above
   `import httpx, pydantic`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
from _common import (
    PYTHON,
    ROOT,
    WORK,
    clientgen_env,
    fmt_ratio,
    fresh_dir,
    machine_facts,
    median,
    pin_generator,
    run_timed,
    save_raw,
    source_root,
    table,
    verdict,
    write_section,
)

PACKAGES = WORK / "client-pkgs"
CACHE = WORK / "client-cache"
PYCACHE = WORK / "pycache"
BASE_URL = "https://api.bench.test"
OVERHEAD_TARGET = 1.5
IMPORT_TARGET = 0.3

CLIENTS: dict[str, tuple[Path, list[str]]] = {
    "polyai": (Path("specs/polyai.yaml"), ["--client", "PolyAI", "--env-prefix", "POLYAI"]),
    "uponai": (Path("specs/uponai.yaml"), ["--client", "UponAI", "--env-prefix", "UPONAI"]),
    "cloudflare": (
        Path(os.environ.get("CLIENTGEN_CORPUS", ROOT.parent / "shared" / "corpus"))
        / "cloudflare.yaml",
        ["--client", "Cloudflare", "--lenient"],
    ),
}


def child_env() -> dict[str, str]:
    env = clientgen_env(CACHE)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PACKAGES), env.get("PYTHONPATH")) if p)
    return env


def generate_clients(log: Callable[[str], None]) -> dict[str, str]:
    """Generate the three packages; returns package -> failure message for those that fail."""
    failures: dict[str, str] = {}
    fresh_dir(PACKAGES)
    for package, (spec, extra) in CLIENTS.items():
        spec = source_root() / spec  # noqa: PLW2901 - relative specs come from the pinned tree
        argv: list[str | Path] = [PYTHON, "-m", "generator", "generate", spec, "-o", PACKAGES]
        run = run_timed([*argv, "--package", package, *extra], env=child_env(), cwd=WORK)
        log(f"generated {package}: {run.seconds:.1f} s, exit {run.returncode}")
        if run.returncode:
            failures[package] = run.stderr_tail
    return failures


# ---------------------------------------------------------------------------- per call


@dataclass(frozen=True)
class Case:
    """One operation called three ways with the same transport handler."""

    name: str
    generated: Callable[[], object]
    plain: Callable[[], object]
    validated: Callable[[], object]


@dataclass(frozen=True)
class AsyncCase:
    name: str
    generated: Callable[[], Awaitable[object]]
    plain: Callable[[], Awaitable[object]]
    validated: Callable[[], Awaitable[object]]


def handler_for(payload: dict[str, Any]) -> Callable[[httpx.Request], httpx.Response]:
    content = json.dumps(payload).encode()
    headers = {"content-type": "application/json"}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=content, headers=headers)

    return handler


POLYAI_RESPONSE = {"conversation_id": "CONV-1234567890", "response": "Hi, how can I help?"}
UPONAI_RESPONSE = {
    "chatId": "chat_01hzk4q6dr3n0d4qzpw9z6gth6",
    "agentId": "chat_agent_1",
    "version": 3,
    "status": "ongoing",
    "type": "web_chat",
    "metadata": {"source": "website", "page": "/pricing"},
    "startedAt": "2026-04-20T10:15:00Z",
    "endedAt": None,
    "transcript": None,
    "messages": [
        {"role": "assistant", "content": "Hello! How can I help you today?"},
        {"role": "user", "content": "What does the enterprise plan include?"},
    ],
    "uponai_dynamic_variables": {"customer_tier": "enterprise"},
}


def sync_cases() -> list[Case]:
    import polyai  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415 - generated just now
    import uponai  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415

    cases = []
    poly_handler = handler_for(POLYAI_RESPONSE)
    poly = polyai.PolyAI(
        api_key="key",
        token="tok",
        base_url=BASE_URL,
        http_client=httpx.Client(transport=httpx.MockTransport(poly_handler)),
    )
    poly_plain = httpx.Client(transport=httpx.MockTransport(poly_handler), base_url=BASE_URL)
    poly_body = {"channel": "webchat", "initial_message": "Hello, I need help"}
    poly_headers = {"X-API-KEY": "key", "X-TOKEN": "tok"}
    poly_model = polyai.CreateChatResponse

    def poly_plain_call() -> object:
        response = poly_plain.post(
            "/v1/ACCOUNT-1/PROJECT-1/chat/create", json=poly_body, headers=poly_headers
        )
        response.raise_for_status()
        return response.json()

    cases.append(
        Case(
            "PolyAI chat.create",
            lambda: poly.chat.create(
                "v1",
                "ACCOUNT-1",
                "PROJECT-1",
                channel="webchat",
                initial_message=poly_body["initial_message"],
            ),
            poly_plain_call,
            lambda: poly_model.model_validate(poly_plain_call()),
        )
    )
    upon_handler = handler_for(UPONAI_RESPONSE)
    upon = uponai.UponAI(
        api_key="key",
        base_url=BASE_URL,
        http_client=httpx.Client(transport=httpx.MockTransport(upon_handler)),
    )
    upon_plain = httpx.Client(transport=httpx.MockTransport(upon_handler), base_url=BASE_URL)
    upon_body = {"workspaceId": 42, "agent_id": "chat_agent_1", "metadata": {"source": "website"}}
    upon_headers = {"Authorization": "Bearer key"}
    upon_model = uponai.Chat

    def upon_plain_call() -> object:
        response = upon_plain.post("/api/chats", json=upon_body, headers=upon_headers)
        response.raise_for_status()
        return response.json()

    cases.append(
        Case(
            "UponAI chats.create",
            lambda: upon.chats.create(
                workspace_id=42, agent_id="chat_agent_1", metadata={"source": "website"}
            ),
            upon_plain_call,
            lambda: upon_model.model_validate(upon_plain_call()),
        )
    )
    return cases


def async_cases() -> list[AsyncCase]:
    import polyai  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415
    import uponai  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415

    poly_handler = handler_for(POLYAI_RESPONSE)
    poly = polyai.AsyncPolyAI(
        api_key="key",
        token="tok",
        base_url=BASE_URL,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(poly_handler)),
    )
    poly_plain = httpx.AsyncClient(transport=httpx.MockTransport(poly_handler), base_url=BASE_URL)
    poly_body = {"channel": "webchat", "initial_message": "Hello, I need help"}
    poly_headers = {"X-API-KEY": "key", "X-TOKEN": "tok"}

    async def poly_generated() -> object:
        return await poly.chat.create(
            "v1", "ACCOUNT-1", "PROJECT-1", channel="webchat", initial_message="Hello, I need help"
        )

    async def poly_plain_call() -> object:
        response = await poly_plain.post(
            "/v1/ACCOUNT-1/PROJECT-1/chat/create", json=poly_body, headers=poly_headers
        )
        response.raise_for_status()
        return response.json()

    async def poly_validated() -> object:
        return polyai.CreateChatResponse.model_validate(await poly_plain_call())

    upon_handler = handler_for(UPONAI_RESPONSE)
    upon = uponai.AsyncUponAI(
        api_key="key",
        base_url=BASE_URL,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(upon_handler)),
    )
    upon_plain = httpx.AsyncClient(transport=httpx.MockTransport(upon_handler), base_url=BASE_URL)
    upon_body = {"workspaceId": 42, "agent_id": "chat_agent_1", "metadata": {"source": "website"}}

    async def upon_generated() -> object:
        return await upon.chats.create(
            workspace_id=42, agent_id="chat_agent_1", metadata={"source": "website"}
        )

    async def upon_plain_call() -> object:
        response = await upon_plain.post(
            "/api/chats", json=upon_body, headers={"Authorization": "Bearer key"}
        )
        response.raise_for_status()
        return response.json()

    async def upon_validated() -> object:
        return uponai.Chat.model_validate(await upon_plain_call())

    return [
        AsyncCase("PolyAI chat.create (async)", poly_generated, poly_plain_call, poly_validated),
        AsyncCase("UponAI chats.create (async)", upon_generated, upon_plain_call, upon_validated),
    ]


VARIANTS = ("plain", "generated", "validated")


def time_sync(case: Case, calls: int, repeats: int) -> dict[str, list[float]]:
    """Microseconds per call of each variant, one entry per repeat."""
    results: dict[str, list[float]] = {v: [] for v in VARIANTS}
    for variant in VARIANTS:  # warm-up: first-use imports, caches
        fn = getattr(case, variant)
        for _ in range(max(50, calls // 10)):
            fn()
    for i in range(repeats):
        order = VARIANTS if i % 2 == 0 else VARIANTS[::-1]
        for variant in order:
            fn = getattr(case, variant)
            start = time.perf_counter()
            for _ in range(calls):
                fn()
            results[variant].append((time.perf_counter() - start) / calls * 1e6)
    return results


async def time_async(case: AsyncCase, calls: int, repeats: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {v: [] for v in VARIANTS}
    for variant in VARIANTS:
        fn = getattr(case, variant)
        for _ in range(max(50, calls // 10)):
            await fn()
    for i in range(repeats):
        order = VARIANTS if i % 2 == 0 else VARIANTS[::-1]
        for variant in order:
            fn = getattr(case, variant)
            start = time.perf_counter()
            for _ in range(calls):
                await fn()
            results[variant].append((time.perf_counter() - start) / calls * 1e6)
    return results


def same_request_check() -> str:
    """The generated and the plain call must send the same request: method, URL, body."""
    import polyai  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=POLYAI_RESPONSE)

    client = polyai.PolyAI(
        api_key="key",
        token="tok",
        base_url=BASE_URL,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    out = client.chat.create(
        "v1", "ACCOUNT-1", "PROJECT-1", channel="webchat", initial_message="Hello, I need help"
    )
    plain = httpx.Client(transport=httpx.MockTransport(handler), base_url=BASE_URL)
    plain.post(
        "/v1/ACCOUNT-1/PROJECT-1/chat/create",
        json={"channel": "webchat", "initial_message": "Hello, I need help"},
        headers={"X-API-KEY": "key", "X-TOKEN": "tok"},
    )
    a, b = seen
    same = (a.method, str(a.url), json.loads(a.content)) == (
        b.method,
        str(b.url),
        json.loads(b.content),
    )
    assert same, (a, b)
    assert out.conversation_id == POLYAI_RESPONSE["conversation_id"]
    return f"{a.method} {a.url} with the same JSON body"


# ---------------------------------------------------------------------------- import time


def import_times(
    statements: dict[str, str], repeats: int, log: Callable[[str], None]
) -> dict[str, list[float]]:
    """Wall seconds of `python -c STATEMENT` per label, fresh interpreter each, alternating."""
    env = child_env()
    for label, code in statements.items():  # warm-up: writes bytecode into the pycache prefix
        run = run_timed([PYTHON, "-c", code], env=env)
        if run.returncode:
            raise SystemExit(f"{label}: {run.stderr_tail}")
    results: dict[str, list[float]] = {label: [] for label in statements}
    labels = list(statements)
    for i in range(repeats):
        for label in labels if i % 2 == 0 else labels[::-1]:
            results[label].append(run_timed([PYTHON, "-c", statements[label]], env=env).seconds)
    log("import times: " + ", ".join(f"{k} {median(v):.3f} s" for k, v in results.items()))
    return results


def first_import(code: str) -> float:
    """One import that compiles every module (empty bytecode cache, nothing written)."""
    env = child_env()
    empty = fresh_dir(WORK / "pycache-empty")
    env["PYTHONPYCACHEPREFIX"] = str(empty)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    seconds = run_timed([PYTHON, "-c", code], env=env).seconds
    shutil.rmtree(empty, ignore_errors=True)
    return seconds


def importtime_top(package: str, count: int = 8) -> list[tuple[str, float, float]]:
    """`python -X importtime -c 'import PACKAGE'`: the slowest modules (cumulative, self) in ms."""
    env = child_env()
    run = run_timed([PYTHON, "-X", "importtime", "-c", f"import {package}"], env=env)
    entries = []
    for line in run.output.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            self_us, cumulative_us, _, name = match.groups()
            entries.append((name, int(cumulative_us) / 1000, int(self_us) / 1000))
    entries.sort(key=lambda e: -e[1])
    return entries[:count]


# ---------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--calls", type=int, default=2000, help="calls per timed repeat")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--import-repeats", type=int, default=15)
    parser.add_argument("--skip-generate", action="store_true", help="reuse client-pkgs")
    parser.add_argument(
        "--no-write", action="store_true", help="write neither RESULTS.md nor results/*.json"
    )
    parser.add_argument("--rev", default="HEAD", help="generator revision to measure (git)")
    args = parser.parse_args()
    started = time.time()
    pin_generator(args.rev)
    facts = machine_facts()

    def log(message: str) -> None:
        print(message, flush=True)

    failures = {} if args.skip_generate else generate_clients(log)
    if "polyai" in failures or "uponai" in failures:
        raise SystemExit(f"generation failed: {failures}")
    sys.path.insert(0, str(PACKAGES))
    checked = same_request_check()

    rows = []
    raw: dict[str, Any] = {}
    worst = 0.0
    for case in sync_cases():
        res = time_sync(case, args.calls, args.repeats)
        raw[case.name] = res
        log(f"{case.name}: " + ", ".join(f"{k} {median(v):.1f} us" for k, v in res.items()))
    for acase in async_cases():

        async def run(c: AsyncCase = acase) -> dict[str, list[float]]:
            return await time_async(c, args.calls, args.repeats)

        res = asyncio.run(run())
        raw[acase.name] = res
        log(f"{acase.name}: " + ", ".join(f"{k} {median(v):.1f} us" for k, v in res.items()))
    for name, res in raw.items():
        plain, generated, validated = (median(res[v]) for v in VARIANTS)
        ratio = generated / plain
        worst = max(worst, ratio)
        rows.append(
            [
                name,
                f"{plain:.1f}",
                f"{generated:.1f}",
                f"+{generated - plain:.1f}",
                fmt_ratio(ratio),
                f"{validated:.1f}",
                fmt_ratio(generated / validated),
            ]
        )

    statements = {
        "pass": "pass",
        "import httpx, pydantic": "import httpx, pydantic",
        "import httpx; from pydantic import BaseModel": (
            "import httpx; from pydantic import BaseModel"
        ),
        "import polyai": "import polyai",
        "import polyai + PolyAI(...)": "import polyai; polyai.PolyAI(api_key='k', token='t')",
    }
    if "cloudflare" not in failures:
        statements["import cloudflare"] = "import cloudflare"
        statements["import cloudflare + Cloudflare(...)"] = (
            "import cloudflare; cloudflare.Cloudflare(api_token='t')"
        )
    imports = import_times(statements, args.import_repeats, log)
    base = median(imports["import httpx, pydantic"])
    import_rows = [
        [label, f"{median(v) * 1000:.0f} ms", f"{(median(v) - base) * 1000:+.0f} ms"]
        for label, v in imports.items()
    ]
    cloudflare_extra = float("nan")
    compile_note = ""
    top: list[tuple[str, float, float]] = []
    if "cloudflare" not in failures:
        cloudflare_extra = median(imports["import cloudflare"]) - base
        compile_note = (
            f"First import of cloudflare with nothing compiled yet (bytecode written nowhere): "
            f"{first_import('import cloudflare'):.2f} s; polyai: "
            f"{first_import('import polyai'):.2f} s.\n"
        )
        top = importtime_top("cloudflare")
    files = list((PACKAGES / "cloudflare").rglob("*.py"))
    size = f"{len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB"

    command = " ".join(["python bench/client.py", *sys.argv[1:]])
    text = (
        "## Client: per-call overhead and import time\n\n"
        f"Command: `{command}`; took {(time.time() - started) / 60:.1f} min; "
        f"{args.calls} calls per repeat, median of {args.repeats} repeats; imports: median of "
        f"{args.import_repeats} fresh interpreters each.\n\n"
        + facts
        + f"\nSanity check: both variants send {checked}.\n\n"
        "Microseconds per call (MockTransport handler returning a prebuilt JSON body; the "
        "handler's cost is in every column). *plain* = `httpx` post + `raise_for_status()` + "
        "`.json()`; *generated* = the generated client's method (request building, auth, "
        "retry loop, response parsing into the pydantic model); *plain + validate* = plain "
        "plus `Model.model_validate` of the body.\n\n"
        + table(
            [
                "call",
                "plain httpx µs",
                "generated µs",
                "overhead µs",
                "generated / plain",
                "plain + validate µs",
                "generated / (plain + validate)",
            ],
            rows,
        )
        + "\nImport time (wall, fresh interpreter, bytecode cached; Δ against "
        "`import httpx, pydantic`). cloudflare is the corpus's largest document "
        f"(generated: {size}).\n\n"
        + table(["statement", "median", "Δ vs httpx+pydantic"], import_rows)
        + ("\n" + compile_note if compile_note else "")
        + (
            "\nSlowest modules of `import cloudflare` (`-X importtime`, cumulative / self ms): "
            + "; ".join(f"{n} {c:.0f}/{s:.0f}" for n, c, s in top)
            + ".\n"
            if top
            else ""
        )
        + (f"\n**cloudflare generation failed**: {failures['cloudflare']}\n" if failures else "")
        + "\nTargets:\n\n"
        + f"- generated client per-call time <= {OVERHEAD_TARGET}x plain httpx (worst "
        f"{worst:.2f}x): **{verdict(worst <= OVERHEAD_TARGET)}**\n"
        + f"- import of the largest client <= +{IMPORT_TARGET} s over `import httpx, pydantic` "
        f"(cloudflare {cloudflare_extra:+.3f} s): "
        f"**{verdict(cloudflare_extra <= IMPORT_TARGET)}**\n"
    )
    print(text)
    if not args.no_write:
        save_raw("client", {"calls": raw, "imports": imports, "failures": failures})
        write_section("client", text)


if __name__ == "__main__":
    main()

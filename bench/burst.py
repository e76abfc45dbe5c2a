"""Burst benchmark: 2,000 concurrent async calls, generated client against plain httpx.

    .venv/bin/python bench/burst.py [--calls 2000] [--delay 0.02] [--repeats 1] [--variant NAME]

A local HTTP/1.1 server (asyncio, keep-alive, in its own process so that it does not share the
client's interpreter; `--delay` seconds before each answer, like a real API's latency) answers
PolyAI's `chat.create`. Against it, each variant fires `--calls` calls at once with
`asyncio.gather`, on a fresh pool (a new client: every connection is opened during the burst)
and then on the warm pool (the same client right after):

- *generated, its own client*: `polyai.AsyncPolyAI` from generated/ as users get it (the
  runtime's default limits, its gate, default timeouts and retries);
- *generated on an httpx client L*: the same, on an `httpx.AsyncClient` with limits L passed as
  `http_client` (no gate: the caller's client, the caller's limits);
- *plain httpx L*: `httpx.AsyncClient` with limits L and the runtime's timeouts, `post` +
  `raise_for_status()` + `.json()`.

Limits are max connections / max keep-alive: the runtime's 100 / 100, Stainless's 1,000 / 100
and the runtime's previous 100 / 20. The table gives the median wall time of `--repeats` runs,
calls per second, failures by error type, and the connections the server accepted and the pool
still holds afterwards (a leak would show there). `--variant` (repeatable) runs only those and
keeps the other rows of bench/results/burst.json (the 1,000-connection variants take minutes).

Run by hand, never by the test suite; it writes its section of bench/RESULTS.md and
bench/results/burst.json.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BENCH, ROOT, machine_facts, save_raw, table, write_section

PATH = "/v1/ACCOUNT-1/PROJECT-1/chat/create"
ANSWER = json.dumps({"conversation_id": "CONV-1", "response": "Hi, how can I help?"}).encode()
VARIANTS: dict[str, tuple[str, tuple[int, int] | None]] = {
    "generated, its own client (100 / 100, gate)": ("generated", None),
    "plain httpx 100 / 100": ("plain", (100, 100)),
    "generated on an httpx client 100 / 100": ("generated", (100, 100)),
    "plain httpx 1000 / 100 (Stainless)": ("plain", (1000, 100)),
    "generated on an httpx client 1000 / 100": ("generated", (1000, 100)),
    "plain httpx 100 / 20": ("plain", (100, 20)),
    "generated on an httpx client 100 / 20 (previous defaults)": ("generated", (100, 20)),
}


def _more_files() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# ------------------------------------------------------------------------------------ server


async def _serve(delay: float) -> None:
    stats = {"connections": 0, "requests": 0}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        stats["connections"] += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                if length:
                    await reader.readexactly(length)
                if head.startswith(b"GET /stats"):
                    body = json.dumps(stats).encode()
                else:
                    stats["requests"] += 1
                    if delay:
                        await asyncio.sleep(delay)
                    body = ANSWER
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=4096)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    async with server:
        await server.serve_forever()


# ------------------------------------------------------------------------------------- calls


async def _burst(call: Callable[[], Awaitable[Any]], calls: int) -> tuple[float, dict[str, int]]:
    async def one() -> str | None:
        try:
            await call()
        except Exception as exc:  # every failure is counted by its type
            return type(exc).__name__
        return None

    start = time.perf_counter()
    outcomes = await asyncio.gather(*(one() for _ in range(calls)))
    seconds = time.perf_counter() - start
    return seconds, dict(collections.Counter(o for o in outcomes if o is not None))


def _pool_size(http: Any) -> int:
    return len(http._transport._pool.connections)


async def _stats(base_url: str) -> dict[str, int]:
    async with httpx.AsyncClient() as http:
        data: dict[str, int] = (await http.get(f"{base_url}/stats")).json()
        return data


async def _run_variant(name: str, base_url: str, calls: int) -> list[dict[str, Any]]:
    """One fresh and one warm burst of the variant `name`, on a new client."""
    kind, limits = VARIANTS[name]
    polyai = importlib.import_module("polyai")  # from generated/ (on sys.path in main())
    default_timeout = importlib.import_module("polyai._runtime._transport").DEFAULT_TIMEOUT
    http: httpx.AsyncClient | None = None
    if limits is not None:
        http = httpx.AsyncClient(
            limits=httpx.Limits(max_connections=limits[0], max_keepalive_connections=limits[1]),
            timeout=default_timeout,
            follow_redirects=True,
        )
    client = polyai.AsyncPolyAI(
        api_key="bench-key", token="bench-token", base_url=base_url, http_client=http
    )
    pool: httpx.AsyncClient = client._client if http is None else http
    headers = {"X-API-KEY": "bench-key", "X-TOKEN": "bench-token"}

    async def generated() -> Any:
        return await client.chat.create(
            version="v1", account_id="ACCOUNT-1", project_id="PROJECT-1", channel="webchat"
        )

    async def plain() -> Any:
        response = await pool.post(
            f"{base_url}{PATH}", json={"channel": "webchat"}, headers=headers
        )
        response.raise_for_status()
        return response.json()

    call = generated if kind == "generated" else plain
    rows = []
    try:
        for state in ("fresh", "warm"):
            before = (await _stats(base_url))["connections"]
            seconds, errors = await _burst(call, calls)
            opened = (await _stats(base_url))["connections"] - before - 1  # not /stats's own
            rows.append(
                {
                    "pool": state,
                    "seconds": seconds,
                    "errors": errors,
                    "opened": opened,
                    "pooled_after": _pool_size(pool),
                }
            )
    finally:
        await pool.aclose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--delay", type=float, default=0.02)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--variant", action="append", choices=list(VARIANTS))
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    _more_files()
    if args.serve:
        asyncio.run(_serve(args.delay))
        return
    sys.path.insert(0, str(ROOT / "generated"))
    started = time.perf_counter()
    raw: dict[str, Any] = {"calls": args.calls, "delay": args.delay, "runs": []}
    chosen = args.variant or list(VARIANTS)
    previous = BENCH / "results" / "burst.json"
    if args.variant and previous.exists():
        kept = json.loads(previous.read_text("utf-8"))
        if (kept["calls"], kept["delay"]) == (args.calls, args.delay):
            raw["runs"] = [r for r in kept["runs"] if r["variant"] not in chosen]
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--delay", str(args.delay)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        base_url = f"http://127.0.0.1:{server.stdout.readline().strip()}"
        for repeat in range(args.repeats):
            for name in chosen:
                for row in asyncio.run(_run_variant(name, base_url, args.calls)):
                    row.update(repeat=repeat, variant=name, when=time.strftime("%Y-%m-%d %H:%M"))
                    raw["runs"].append(row)
                    print(json.dumps(row), flush=True)
    finally:
        server.terminate()
        server.wait(10)
    took = time.perf_counter() - started
    save_raw("burst", raw)
    write_section("burst", _report(raw, args, took))


def _report(raw: dict[str, Any], args: argparse.Namespace, took: float) -> str:
    rows = []
    for name in VARIANTS:
        for state in ("fresh", "warm"):
            runs = [r for r in raw["runs"] if (r["variant"], r["pool"]) == (name, state)]
            if not runs:
                continue
            seconds = statistics.median(r["seconds"] for r in runs)
            errors: collections.Counter[str] = collections.Counter()
            for r in runs:
                errors.update(r["errors"])
            failures = ", ".join(f"{n} {error}" for error, n in sorted(errors.items())) or "none"
            rows.append(
                [
                    name,
                    state,
                    f"{seconds:.1f}",
                    f"{raw['calls'] / seconds:.0f}",
                    failures,
                    "/".join(str(r["opened"]) for r in runs),
                    "/".join(str(r["pooled_after"]) for r in runs),
                ]
            )
    whens = sorted({r.get("when", "?") for r in raw["runs"]})
    return "\n".join(
        [
            "## Burst: 2,000 concurrent async calls",
            "",
            f"Command: `python bench/burst.py --calls {raw['calls']} --delay {raw['delay']}"
            f" --repeats {args.repeats}` (last run took {took / 60:.1f} min; rows measured"
            f" {', '.join(whens)}). The server (asyncio, its own process, keep-alive) waits"
            f" {raw['delay'] * 1000:.0f} ms before each answer. Pool *fresh*: a new client, every"
            " connection opened during the burst; *warm*: the same client right after. Timeouts"
            " are the runtime's (60 s, connect 5 s, pool 60 s); failures are summed over the"
            " repeats; connections opened and left pooled are per repeat.",
            "",
            machine_facts(),
            "",
            table(
                [
                    "variant (limits: max / keep-alive)",
                    "pool",
                    "median s",
                    "calls/s",
                    "failures",
                    "connections opened",
                    "pooled after",
                ],
                rows,
            ),
        ]
    )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()

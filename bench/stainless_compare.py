"""The generated Brainbase client against the vendor's own Stainless SDK, option by option.

    .venv/bin/python bench/stainless_compare.py [--json PATH] [--calls 2000] [--no-write]
        [--generated DIR] [--venv DIR]

1. Creates a scratch virtualenv in a temporary directory (`--venv DIR`: that one, reused) and
   installs `brainbase-labs==7.12.0` into it with pip: the SDK never enters the project's
   virtualenv and is never a dependency (both packages are named `brainbase_labs`, so each
   lives in its own interpreter).
2. Runs `bench/_sdk_facts.py` (standard library and httpx only) in both interpreters: the
   SDK's venv, and this interpreter with `PYTHONPATH=generated/` (`--generated DIR` to point
   elsewhere). It lists the methods each client reaches, picks one present in both, reads both
   return models' JSON schemas to build one plausible response body, then asks each package
   the same questions: constructor parameters and the defaults the built objects hold,
   `with_options`/`copy`, `with_raw_response` and `with_streaming_response` on the client and
   on a resource, the method's per-call options, low-level `get/post/put/patch/delete`, error
   classes at the top level, `to_dict`/`to_json`, what a raw and a streaming response have, the
   headers a call sends, a 503 then 200 (retry), a response lacking a required field, the
   environment variables its source reads, the async client on asyncio, anyio or asyncio in
   its source and what its README says of event loops. Calls go through `httpx.MockTransport`.
3. Prints a Markdown table (one row per option, ✓/✗ or the value) and the median time of
   `--calls` sync calls of the method in each, with plain httpx on the same transport in the
   same interpreter as context; writes the facts with `--json PATH`, and its section of
   bench/RESULTS.md unless `--no-write`.

Exits 2 with a message if pip cannot install the SDK. Run by hand, never by the test suite.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BENCH, ROOT, machine_facts, table, write_section

REQUIREMENT = "brainbase-labs==7.12.0"
PACKAGE = "brainbase_labs"
CLIENT = "BrainbaseLabs"
FACTS = BENCH / "_sdk_facts.py"
STAINLESS = f"Stainless {REQUIREMENT.replace('==', ' ')}"
CLIENTGEN = f"clientgen {PACKAGE}"
YES, NO = "✓", "✗"

Facts = dict[str, Any]


class CompareError(Exception):
    """A step failed in a way that makes the comparison meaningless: the message says which."""


@dataclass(frozen=True)
class Side:
    """One interpreter that imports one `brainbase_labs`."""

    label: str
    python: Path
    env: Mapping[str, str]
    expect_under: Path
    """Where its `brainbase_labs` must be imported from (the other one would be a mix-up)."""


# ------------------------------------------------------------------------------ interpreters


def scratch_venv(venv: Path) -> Path:
    """The SDK's own virtualenv (created and installed unless it already has the SDK)."""
    python = venv / "bin" / "python"
    if python.exists():
        check = [
            str(python),
            "-c",
            "import importlib.metadata as m; print(m.version('brainbase-labs'))",
        ]
        out = subprocess.run(check, capture_output=True, text=True, check=False)
        if out.stdout.strip() == REQUIREMENT.split("==")[1]:
            return python
    base = getattr(sys, "_base_executable", sys.executable)
    print(f"creating a scratch venv in {venv} with {REQUIREMENT} ...", file=sys.stderr, flush=True)
    made = subprocess.run(
        [base, "-m", "venv", str(venv)], capture_output=True, text=True, check=False
    )
    if made.returncode:
        raise CompareError(f"cannot create a virtualenv in {venv}: {_tail(made.stderr)}")
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    installed = subprocess.run([*pip, REQUIREMENT], capture_output=True, text=True, check=False)
    if installed.returncode:
        raise CompareError(
            f"pip cannot install {REQUIREMENT} into the scratch venv {venv} (pip exit"
            f" {installed.returncode}): {_tail(installed.stderr or installed.stdout)}"
        )
    return python


def _tail(text: str, lines: int = 4) -> str:
    kept = [line for line in text.strip().splitlines() if "is ignored" not in line]
    return " | ".join(kept[-lines:]) or "(no output)"


def ask(side: Side, mode: str, *options: str) -> Any:
    """Run `_sdk_facts.py MODE` in the side's interpreter; its JSON answer."""
    argv = [str(side.python), "-P", str(FACTS), mode, PACKAGE, CLIENT, *options]
    with tempfile.TemporaryDirectory(prefix="sdk-facts-") as cwd:  # nothing to shadow a module
        out = subprocess.run(
            argv,
            env=dict(side.env),
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    if out.returncode:
        raise CompareError(f"{side.label}: _sdk_facts.py {mode} failed: {_tail(out.stderr, 8)}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------ the call compared


def pick_method(methods: Mapping[str, list[str]]) -> str:
    """A method both clients have: the shallowest, then alphabetically."""
    common = set.intersection(*(set(m) for m in methods.values()))
    if not common:
        raise CompareError("no method is present in both clients: nothing to call")
    return min(common, key=lambda path: (path.count("."), path))


def sample(kind: str | None, name: str) -> object:
    """A plausible value of a JSON schema type (or a Python annotation's first word)."""
    kind = (kind or "").split("|")[0].split("[")[0].strip().lower()
    values: dict[str, object] = {
        "integer": 1,
        "int": 1,
        "number": 1.5,
        "float": 1.5,
        "boolean": True,
        "bool": True,
        "object": {},
        "dict": {},
        "mapping": {},
        "array": [],
        "list": [],
        "sequence": [],
    }
    return values.get(kind, f"bench-{name}")


def _schema_type(prop: Mapping[str, Any]) -> str | None:
    if isinstance(prop.get("type"), str):
        return str(prop["type"])
    for option in prop.get("anyOf", []):
        if option.get("type") not in (None, "null"):
            return str(option["type"])
    return "object" if "$ref" in prop else None


def call_inputs(schemas: Sequence[Facts]) -> tuple[dict[str, object], dict[str, object], str]:
    """The method's required arguments, a response body both models accept (every property
    either declares, typed by the first side that gives a type) and the required field to
    leave out for the validation row."""
    arguments: dict[str, object] = {}
    for schema in schemas:
        for name, annotation in schema["required"].items():
            arguments.setdefault(name, sample(annotation, name))
    kinds: dict[str, str | None] = {}
    required: list[set[str]] = []
    for schema in schemas:
        response = schema["response"].get("schema", {})
        required.append(set(response.get("required", [])))
        for name, prop in response.get("properties", {}).items():
            if kinds.get(name) is None:
                kinds[name] = _schema_type(prop)
    body = {name: sample(kind, name) for name, kind in kinds.items()}
    common = sorted(set.intersection(*required)) if required else []
    missing = "id" if "id" in common else (common[0] if common else "")
    return arguments, body, missing


# ---------------------------------------------------------------------------------- the rows


def mark(value: object) -> str:
    return YES if value else NO


def _all_or_list(flags: Mapping[str, bool]) -> str:
    present = [name for name, ok in flags.items() if ok]
    absent = [name for name, ok in flags.items() if not ok]
    if not absent:
        return f"{YES} all"
    if not present:
        return NO
    return f"{YES} {', '.join(present)}; {NO} {', '.join(absent)}"


def _param(facts: Facts, name: str, shown: str | None = None) -> str:
    if name not in facts["init"]:
        return NO
    return f"{YES} ({shown})" if shown is not None else YES


def _only(mine: Sequence[str], theirs: Sequence[str]) -> str:
    return ", ".join(name for name in mine if name not in theirs) or "–"


def _other_init(facts: Facts, other: Facts) -> str:
    only = [name for name in facts["init"] if name not in other["init"]]
    return ", ".join(f"{n}={facts['init'][n]}" for n in only) or "–"


def _platform_headers(facts: Facts) -> str:
    """The `X-<Vendor>-*` headers of a plain call, grouped under their shared prefix."""
    names = facts["request"]["header_names"]
    prefixes: dict[str, list[str]] = {}
    for name in names:
        match = re.match(r"(?i)(x-[a-z0-9]+)-(.+)", name)
        if match:
            prefixes.setdefault(match.group(1).lower(), []).append(match.group(2))
    if not prefixes:
        return NO
    prefix, suffixes = max(prefixes.items(), key=lambda item: len(item[1]))
    if len(suffixes) < 3:
        return NO
    shown = prefix.title()
    tidy = [s if s != s.lower() else "-".join(p.title() for p in s.split("-")) for s in suffixes]
    return f"{shown}-*: {', '.join(tidy)}"


def _idempotency(facts: Facts) -> str:
    found = [n for n in facts["request"]["header_names"] if "idempotency" in n.lower()]
    return f"{YES} {', '.join(found)}" if found else NO


def _limits(facts: Facts) -> str:
    defaults = facts["defaults"]
    if "limits" not in defaults:
        return "?"
    connections, keepalive = defaults["limits"]
    redirects = "follows redirects" if defaults.get("follow_redirects") else "no redirects"
    return f"{connections} / {keepalive} keep-alive; {redirects}"


def _errors(facts: Facts) -> str:
    flags: dict[str, bool] = facts["errors"]
    count = f"{sum(flags.values())}/{len(flags)}"
    extra = ", ".join(facts["other_errors"])
    missing = [name for name, ok in flags.items() if not ok]
    text = f"{YES} {count}" if not missing else f"{count} ({NO} {', '.join(missing)})"
    return f"{text}; also {extra}" if extra else text


def _raw(facts: Facts) -> str:
    raw = facts.get("raw", {})
    if "error" in raw:
        return f"{NO} ({raw['error']})"
    wanted = ("status_code", "headers", "parse", "retries_taken")
    return f"{raw['type']}: " + _all_or_list({name: raw[name] for name in wanted})


def _stream(facts: Facts) -> str:
    stream = facts.get("stream")
    if stream is None:
        return f"{NO} (no with_streaming_response)"
    if "error" in stream:
        return f"{NO} ({stream['error']})"
    wanted = ("iter_bytes", "iter_lines", "iter_text", "stream_to_file", "parse", "read")
    return _all_or_list({name: stream[name] for name in wanted})


def _retry(facts: Facts) -> str:
    retry = facts["retry"]
    if "error" in retry:
        return f"{NO} {retry['error']} after {retry['attempts']} attempt(s)"
    counts = "; ".join(f"{name} {' → '.join(v)}" for name, v in retry["count_headers"].items())
    text = f"{retry['attempts']} attempts, retries_taken={retry['retries_taken']}"
    return f"{text}; {counts}" if counts else text


def _async(facts: Facts) -> str:
    if not facts["async_client"]:
        return NO
    ok = facts["async_call"] == facts["result_type"]
    return f"{facts['async_client']}: {YES if ok else NO + ' ' + str(facts['async_call'])}"


def _docs(facts: Facts) -> str:
    mentions = facts["docs"]["mentions"]
    exports = facts["exports_aiohttp"]
    text = ", ".join(mentions) if mentions else "none named"
    if exports:
        text += f" ({', '.join(exports)})"
    return f"{text} [{facts['docs']['where']}]"


def _per_call(option: str) -> Callable[[Facts, Facts], str]:
    return lambda f, _: mark(f["per_call"][option])


def rows(sdk: Facts, gen: Facts, method: str) -> list[list[str]]:
    """One row per option: the label and what each side has."""
    top = method.split(".", maxsplit=1)[0]

    def row(label: str, cell: Callable[[Facts, Facts], str]) -> list[str]:
        return [label, cell(sdk, gen), cell(gen, sdk)]

    out = [
        row(
            "`__version__`; httpx, pydantic in its venv",
            lambda f, _: f"{f['package_version']}; {f['httpx']}, {f['pydantic']}",
        ),
        row(
            "methods reachable from the client (each from its spec)", lambda f, _: str(f["methods"])
        ),
        row("async client; one call on asyncio", lambda f, _: _async(f)),
        row("async primitives in its source", lambda f, _: ", ".join(f["source_markers"]) or "–"),
        row("event loops / backends its docs name", lambda f, _: _docs(f)),
        row("`api_key` (else env)", lambda f, _: _param(f, "api_key")),
        row("`base_url` (default)", lambda f, _: _param(f, "base_url", f["defaults"]["base_url"])),
        row("`timeout` (default)", lambda f, _: _param(f, "timeout", f["defaults"]["timeout"])),
        row(
            "`max_retries` (default)",
            lambda f, _: _param(f, "max_retries", str(f["defaults"]["max_retries"])),
        ),
        row("`default_headers`", lambda f, _: _param(f, "default_headers")),
        row("`default_query`", lambda f, _: _param(f, "default_query")),
        row("`http_client`", lambda f, _: _param(f, "http_client")),
        row("other constructor parameters (default)", _other_init),
        row("no key given", lambda f, _: f["without_key"]),
        row("environment variables read", lambda f, _: ", ".join(f["env"]) or "–"),
        row("own httpx pool: max connections / keep-alive", lambda f, _: _limits(f)),
        row(
            "`with_options()` / `copy()`",
            lambda f, _: f"{mark(f['with_options'])} / {mark(f['copy'])}",
        ),
        row(
            "`with_options()` parameters only here",
            lambda f, o: _only(f["with_options_params"], o["with_options_params"]),
        ),
        row(
            f"`with_raw_response`: client / `client.{top}`",
            lambda f, _: f"{mark(f['raw_on_client'])} / {mark(f['raw_on_resource'])}",
        ),
        row(
            f"`with_streaming_response`: client / `client.{top}`",
            lambda f, _: f"{mark(f['streaming_on_client'])} / {mark(f['streaming_on_resource'])}",
        ),
    ]
    for option in sdk["per_call"]:
        out.append(row(f"per call: `{option}=`", _per_call(option)))
    out += [
        row("`client.get/post/put/patch/delete`", lambda f, _: _all_or_list(f["low_level"])),
        row("the 13 usual error classes at top level", lambda f, _: _errors(f)),
        row("model `to_dict()` / `to_json()`", lambda f, _: _all_or_list(f["model"])),
        row("response lacking a required field", lambda f, _: f["missing_field"]),
        row("raw response: status_code, headers, parse, retries_taken", lambda f, _: _raw(f)),
        row(
            "streaming response: iter_bytes/lines/text, stream_to_file, parse, read",
            lambda f, _: _stream(f),
        ),
        row("503 (retry-after-ms: 1), then 200", lambda f, _: _retry(f)),
        row("platform headers sent", lambda f, _: _platform_headers(f)),
        row("`User-Agent`", lambda f, _: str(f["request"]["user_agent"])),
        row("credential header", lambda f, _: ", ".join(f["request"]["credential_header"])),
        row("`Idempotency-Key` on a POST", lambda f, _: _idempotency(f)),
        row(
            "idempotency keys in its source (modules)",
            lambda f, _: ", ".join(f["idempotency_modules"]) or NO,
        ),
    ]
    return out


def overhead_rows(sdk: Facts, gen: Facts) -> list[list[str]]:
    def cells(key: str) -> list[str]:
        return [f"{f['overhead'][key]:.1f}" for f in (sdk, gen)]

    ratio = [f"{f['overhead']['sdk_us'] / f['overhead']['plain_us']:.2f}x" for f in (sdk, gen)]
    return [
        ["the method through the client, µs (median)", *cells("sdk_us")],
        ["plain httpx, same transport and body, µs (median)", *cells("plain_us")],
        ["client / plain httpx", *ratio],
    ]


# ------------------------------------------------------------------------------------ main


def compare(args: argparse.Namespace, venv: Path) -> Facts:
    python = scratch_venv(venv)
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    generated = args.generated.resolve()
    sides = [
        Side(STAINLESS, python, clean, venv.resolve()),
        Side(CLIENTGEN, Path(sys.executable), {**clean, "PYTHONPATH": str(generated)}, generated),
    ]
    methods = {side.label: ask(side, "methods") for side in sides}
    method = pick_method(methods)
    schemas = [ask(side, "schema", "--method", method) for side in sides]
    arguments, body, missing = call_inputs(schemas)
    options = ["--method", method, "--args", json.dumps(arguments), "--body", json.dumps(body)]
    options += ["--missing", missing, "--calls", str(args.calls)]
    facts = {}
    for side in sides:
        answer: Facts = ask(side, "facts", *options)
        where = Path(answer["package_file"]).resolve()
        if not where.is_relative_to(side.expect_under):
            raise CompareError(f"{side.label}: imported {where}, not from {side.expect_under}")
        facts[side.label] = answer
    return {
        "date": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "requirement": REQUIREMENT,
        "method": method,
        "arguments": arguments,
        "body": body,
        "missing": missing,
        "calls": args.calls,
        "stainless": facts[STAINLESS],
        "clientgen": facts[CLIENTGEN],
    }


def report(data: Facts) -> tuple[str, str]:
    """The tables (as printed) and the RESULTS.md section around them."""
    sdk, gen = data["stainless"], data["clientgen"]
    headers = ["Option", STAINLESS, CLIENTGEN]
    tables = (
        table(headers, rows(sdk, gen, data["method"]))
        + "\n"
        + table(
            ["Per-call time (sync, MockTransport)", STAINLESS, CLIENTGEN], overhead_rows(sdk, gen)
        )
    )
    call = f"client.{data['method']}({', '.join(f'{k}=...' for k in data['arguments'])})"
    section = "\n".join(
        [
            "## Against the Stainless SDK",
            "",
            f"Command: `.venv/bin/python bench/stainless_compare.py` ({data['date']}). The"
            f" vendor's SDK ({REQUIREMENT}, pip-installed into a scratch venv of its own) and the"
            f" generated `generated/{PACKAGE}` answer the same questions by introspection"
            " (`bench/_sdk_facts.py`, run in each interpreter); calls go through"
            f" `httpx.MockTransport`. The method called in both is `{call}` (the shallowest"
            f" method both have), answered with {json.dumps(data['body'])}; the validation row"
            f" leaves out `{data['missing']}`. Per-call time: median of {data['calls']} sync"
            " calls after a tenth as many to warm up, alternating with plain httpx (post,"
            " `raise_for_status()`, `.json()`) on the same transport in the same interpreter.",
            "",
            machine_facts(
                {
                    "SDK venv": f"python {sdk['python']}, httpx {sdk['httpx']},"
                    f" pydantic {sdk['pydantic']}"
                }
            ),
            tables,
        ]
    )
    return tables, section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write every fact of both sides here")
    parser.add_argument("--calls", type=int, default=2000, help="timed sync calls per side")
    parser.add_argument("--generated", type=Path, default=ROOT / "generated")
    parser.add_argument("--venv", type=Path, help="reuse this SDK venv (created if missing)")
    parser.add_argument("--no-write", action="store_true", help="leave bench/RESULTS.md alone")
    args = parser.parse_args()
    try:
        if args.venv is not None:
            data = compare(args, args.venv)
        else:
            with tempfile.TemporaryDirectory(prefix="stainless-sdk-") as scratch:
                data = compare(args, Path(scratch) / "venv")
    except CompareError as exc:
        print(f"stainless_compare: {exc}", file=sys.stderr)
        sys.exit(2)
    tables, section = report(data)
    print(f"method called in both: client.{data['method']}\n")
    print(tables, end="")
    if args.json is not None:
        args.json.write_text(json.dumps(data, indent=1, default=str) + "\n", "utf-8")
    if not args.no_write:
        write_section("stainless", section)


if __name__ == "__main__":
    main()

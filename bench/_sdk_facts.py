"""Facts about an API client package, found by introspection; run by `stainless_compare.py`.

    python -P bench/_sdk_facts.py methods PACKAGE CLIENT
    python -P bench/_sdk_facts.py schema PACKAGE CLIENT --method PATH
    python -P bench/_sdk_facts.py facts PACKAGE CLIENT --method PATH --args JSON --body JSON
        [--missing FIELD] [--calls N]

Each mode prints one JSON document on stdout. The same questions are asked of any package (the
vendor's Stainless SDK in its own virtualenv, a clientgen package on PYTHONPATH): nothing here
knows either package; the answers come from signatures, attributes, the package's source and
calls through `httpx.MockTransport` (no network). Only the standard library and httpx are
imported, so the file runs in either interpreter; run it with `-P` from a neutral directory so
that neither bench/ nor the current directory shadows a module (a package's own `types`).
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import functools
import importlib
import importlib.metadata
import inspect
import json
import os
import platform
import statistics
import sys
import time
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

BASE_URL = "https://api.bench.test"
API_KEY = "bench-key-7f3a"
WRAPPERS = ("with_raw_response", "with_streaming_response", "with_options", "copy")
PER_CALL_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout", "idempotency_key")
LOW_LEVEL = ("get", "post", "put", "patch", "delete")
ERRORS = (
    "APIError",
    "APIConnectionError",
    "APITimeoutError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "APIResponseValidationError",
)
RAW_ATTRIBUTES = ("status_code", "headers", "parse", "retries_taken", "http_response")
STREAM_ATTRIBUTES = ("iter_bytes", "iter_lines", "iter_text", "stream_to_file", "parse", "read")
SOURCE_MARKERS = ("anyio.sleep(", "asyncio.sleep(", "trio.", "sniffio.")
DOC_MARKERS = ("asyncio", "trio", "anyio", "aiohttp")

Facts = dict[str, Any]
Handler = Callable[[httpx.Request], httpx.Response]


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def _load(package: str, client: str) -> tuple[ModuleType, type[Any], type[Any] | None]:
    prefix = package.upper() + "_"
    for name in [n for n in os.environ if n.startswith(prefix)]:
        del os.environ[name]  # the package's own settings must not leak into the answers
    module = importlib.import_module(package)
    sync_cls: type[Any] = getattr(module, client)
    async_cls: type[Any] | None = getattr(module, "Async" + client, None)
    return module, sync_cls, async_cls


def _json_response(body: bytes, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, content=body, headers={"content-type": "application/json"} | headers
    )


def _client(cls: type[Any], handler: Handler | None, **options: Any) -> Any:
    if handler is not None:
        transport = httpx.MockTransport(handler)
        is_async = inspect.iscoroutinefunction(getattr(cls, "__aenter__", None))
        options["http_client"] = (
            httpx.AsyncClient(transport=transport)
            if is_async
            else httpx.Client(transport=transport)
        )
    return cls(api_key=API_KEY, base_url=BASE_URL, **options)


def _is_resource(value: object, package: str) -> bool:
    return type(value).__module__.startswith(f"{package}.resources")


def _walk(obj: object, package: str, prefix: str = "", depth: int = 0) -> Iterator[str]:
    """Dotted paths of every method reachable through resources (cached properties)."""
    for name in sorted(dir(type(obj))):
        if name.startswith("_") or name in WRAPPERS:
            continue
        static = inspect.getattr_static(type(obj), name)  # not the instance's cached value
        if isinstance(static, property | functools.cached_property) and depth < 6:
            try:
                value = getattr(obj, name)
            except Exception:  # a property that needs more than a client: not a resource
                continue
            if _is_resource(value, package):
                yield from _walk(value, package, f"{prefix}{name}.", depth + 1)
        elif depth and inspect.isfunction(static):
            yield prefix + name


def _resolve(obj: object, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _signature(func: Callable[..., Any]) -> inspect.Signature:
    return inspect.signature(func)


def _required(func: Callable[..., Any]) -> dict[str, str]:
    """Parameters without a default, with their annotations as written."""
    return {
        name: str(p.annotation)
        for name, p in _signature(func).parameters.items()
        if p.default is inspect.Parameter.empty
        and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    }


def _call_kwargs(func: Callable[..., Any], values: dict[str, Any]) -> dict[str, Any]:
    return {name: values[name] for name in _required(func)}


def _response_schema(func: Callable[..., Any]) -> Facts:
    hints = typing.get_type_hints(func)
    model = hints.get("return")
    if model is None or not hasattr(model, "model_json_schema"):
        return {"model": repr(model)}
    schema: Facts = model.model_json_schema(by_alias=True)
    return {"model": model.__name__, "schema": schema}


def _timeout_text(value: object) -> object:
    if isinstance(value, httpx.Timeout):
        parts = {"connect": value.connect, "read": value.read, "write": value.write}
        parts["pool"] = value.pool
        main = value.read
        others = [f"{k} {v:g} s" for k, v in parts.items() if v != main and v is not None]
        text = "none" if main is None else f"{main:g} s"
        return ", ".join([text, *others])
    if isinstance(value, int | float):
        return f"{value:g} s"
    return repr(value)


def _own_http_client(client: object) -> httpx.Client | httpx.AsyncClient | None:
    for value in vars(client).values():
        if isinstance(value, httpx.Client | httpx.AsyncClient):
            return value
    return None


def _defaults(sync_cls: type[Any]) -> Facts:
    """Defaults read from a client built with nothing but a key (its own httpx client)."""
    client = sync_cls(api_key=API_KEY)
    facts: Facts = {
        "base_url": str(client.base_url).rstrip("/"),
        "timeout": _timeout_text(client.timeout),
        "max_retries": client.max_retries,
    }
    http = _own_http_client(client)
    if http is not None:
        pool = getattr(getattr(http, "_transport", None), "_pool", None)
        facts["limits"] = [
            getattr(pool, "_max_connections", None),
            getattr(pool, "_max_keepalive_connections", None),
        ]
        facts["follow_redirects"] = http.follow_redirects
        facts["http2"] = bool(getattr(pool, "_http2", False))
    client.close()
    return facts


def _without_key(sync_cls: type[Any]) -> str:
    try:
        client = sync_cls(base_url=BASE_URL)
    except Exception as exc:
        return f"raises {type(exc).__name__}"
    client.close()
    return "builds; the call fails"


def _env_names(module: ModuleType) -> list[str]:
    """Names of the environment variables the package reads: the first argument of every
    `os.environ.get(...)`, `os.getenv(...)` and `os.environ[...]` in its source, evaluated in
    the namespace of its module where it is not a literal (`f"{ENV_PREFIX}_LOG"`)."""
    root = Path(module.__file__ or "").parent
    names: set[str] = set()
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        found: list[ast.expr] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                func = ast.unparse(node.func)
                if func in ("os.environ.get", "os.getenv", "environ.get", "getenv"):
                    found.append(node.args[0])
            elif isinstance(node, ast.Subscript) and ast.unparse(node.value) in (
                "os.environ",
                "environ",
            ):
                found.append(node.slice)
        if not found:
            continue
        dotted = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        dotted = dotted.removesuffix(".__init__")
        for arg in found:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                names.add(arg.value)
                continue
            try:
                namespace = vars(importlib.import_module(dotted))
                value = eval(compile(ast.Expression(arg), str(path), "eval"), dict(namespace))
            except Exception:
                value = ast.unparse(arg)
            names.add(str(value))
    return sorted(names)


def _source_markers(module: ModuleType) -> list[str]:
    root = Path(module.__file__ or "").parent
    text = "\n".join(p.read_text("utf-8") for p in root.rglob("*.py"))
    return [marker.rstrip("(.") for marker in SOURCE_MARKERS if marker in text]


def _modules_mentioning(module: ModuleType, word: str) -> list[str]:
    """The package's modules whose source mentions `word` (case-insensitive), dotted."""
    root = Path(module.__file__ or "").parent
    return sorted(
        ".".join(path.relative_to(root).with_suffix("").parts)
        for path in root.rglob("*.py")
        if word in path.read_text("utf-8").lower()
    )


def _readme(module: ModuleType, package: str) -> tuple[str, str]:
    """The package's own README, else its distribution's long description."""
    root = Path(module.__file__ or "").parent
    if (root / "README.md").is_file():
        return "README.md in the package", (root / "README.md").read_text("utf-8")
    for dist in importlib.metadata.packages_distributions().get(package, []):
        meta = importlib.metadata.metadata(dist)
        text = meta.get_payload() or meta.get("Description") or ""  # type: ignore[attr-defined]
        return f"{dist} metadata", str(text)
    return "none", ""


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _attributes(obj: object, names: tuple[str, ...]) -> dict[str, bool]:
    return {name: hasattr(obj, name) for name in names}


def _median_us(values: list[int]) -> float:
    return statistics.median(values) / 1000


def _facts(args: argparse.Namespace) -> Facts:
    module, sync_cls, async_cls = _load(args.package, args.client)
    values: dict[str, Any] = json.loads(args.args)
    body = json.dumps(json.loads(args.body)).encode()
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _json_response(body)

    facts: Facts = {
        "python": platform.python_version(),
        "httpx": _version("httpx"),
        "pydantic": _version("pydantic"),
        "package_file": module.__file__,
        "package_version": getattr(module, "__version__", None),
        "sync_client": sync_cls.__name__,
        "async_client": async_cls.__name__ if async_cls else None,
        "init": {
            name: repr(p.default) if p.default is not inspect.Parameter.empty else None
            for name, p in _signature(sync_cls.__init__).parameters.items()
            if name != "self"
        },
    }
    facts["defaults"] = _defaults(sync_cls)
    facts["without_key"] = _without_key(sync_cls)
    client = _client(sync_cls, handler)
    method = _resolve(client, args.method)
    kwargs = _call_kwargs(method, values)
    top = getattr(client, args.method.split(".")[0])
    facts["methods"] = len(list(_walk(client, args.package)))
    facts["with_options"] = callable(getattr(client, "with_options", None))
    facts["copy"] = callable(getattr(client, "copy", None))
    facts["with_options_params"] = (
        list(_signature(client.with_options).parameters) if facts["with_options"] else []
    )
    facts["raw_on_client"] = hasattr(client, "with_raw_response")
    facts["raw_on_resource"] = hasattr(top, "with_raw_response")
    facts["streaming_on_client"] = hasattr(client, "with_streaming_response")
    facts["streaming_on_resource"] = hasattr(top, "with_streaming_response")
    params = _signature(method).parameters
    facts["per_call"] = {name: name in params for name in PER_CALL_OPTIONS}
    facts["low_level"] = {name: callable(getattr(client, name, None)) for name in LOW_LEVEL}
    facts["errors"] = {name: isinstance(getattr(module, name, None), type) for name in ERRORS}
    facts["other_errors"] = sorted(
        name
        for name, value in vars(module).items()
        if isinstance(value, type)
        and issubclass(value, Exception)
        and name not in ERRORS
        and not name.startswith("_")
    )
    facts["exports_aiohttp"] = sorted(n for n in dir(module) if "aiohttp" in n.lower())

    # One plain call: the headers sent, the parsed model.
    seen.clear()
    result = method(**kwargs)
    request = seen[-1]
    facts["request"] = {
        "method": request.method,
        "url": str(request.url),
        "header_names": [name.decode() for name, _ in request.headers.raw],
        "user_agent": request.headers.get("user-agent"),
        "credential_header": [name for name, value in request.headers.items() if API_KEY in value],
    }
    facts["result_type"] = type(result).__name__
    facts["model"] = {
        name: callable(getattr(result, name, None)) for name in ("to_dict", "to_json")
    }

    # with_raw_response: the object it returns and what it has.
    try:
        raw = _resolve(client.with_raw_response, args.method)(**kwargs)
        facts["raw"] = {"type": type(raw).__name__, **_attributes(raw, RAW_ATTRIBUTES)}
        facts["raw"]["parsed_type"] = type(raw.parse()).__name__
        facts["raw"]["header_names"] = [name.decode() for name, _ in seen[-1].headers.raw]
    except Exception as exc:
        facts["raw"] = {"error": _error(exc)}

    # with_streaming_response: a context manager whose response reads the body in pieces.
    if facts["streaming_on_client"]:
        try:
            with _resolve(client.with_streaming_response, args.method)(**kwargs) as stream:
                facts["stream"] = {
                    "type": type(stream).__name__,
                    **_attributes(stream, STREAM_ATTRIBUTES),
                    "bytes_read": len(b"".join(stream.iter_bytes())),
                }
        except Exception as exc:
            facts["stream"] = {"error": _error(exc)}

    # A 503 with retry-after-ms: 1, then the answer: the retry, its count and its header.
    attempts: list[httpx.Headers] = []  # copies: a client may send one request object again

    def flaky(request: httpx.Request) -> httpx.Response:
        attempts.append(httpx.Headers(request.headers))
        if len(attempts) == 1:
            return _json_response(b'{"message": "busy"}', 503, **{"retry-after-ms": "1"})
        return _json_response(body)

    retrying = _client(sync_cls, flaky)
    try:
        started = time.perf_counter()
        raw = _resolve(retrying.with_raw_response, args.method)(**kwargs)
        facts["retry"] = {
            "attempts": len(attempts),
            "retries_taken": getattr(raw, "retries_taken", None),
            "seconds": round(time.perf_counter() - started, 3),
            "count_headers": {
                name.decode(): [headers.get(name.decode()) for headers in attempts]
                for name, _ in attempts[-1].raw
                if b"retry-count" in name.lower()
            },
        }
    except Exception as exc:
        facts["retry"] = {"error": _error(exc), "attempts": len(attempts)}

    # A response that lacks a required field.
    if args.missing:
        broken = {k: v for k, v in json.loads(args.body).items() if k != args.missing}
        strict = _client(sync_cls, lambda _: _json_response(json.dumps(broken).encode()))
        try:
            facts["missing_field"] = (
                f"returns {type(_resolve(strict, args.method)(**kwargs)).__name__}"
            )
        except Exception as exc:
            facts["missing_field"] = f"raises {type(exc).__name__}"

    # The async client, one call on asyncio.
    if async_cls is not None:

        async def one_async_call() -> str:
            aclient = _client(async_cls, handler)
            value = await _resolve(aclient, args.method)(**kwargs)
            await aclient.close()
            return type(value).__name__

        try:
            facts["async_call"] = asyncio.run(one_async_call())
        except Exception as exc:
            facts["async_call"] = _error(exc)

    facts["env"] = _env_names(module)
    facts["source_markers"] = _source_markers(module)
    facts["idempotency_modules"] = _modules_mentioning(module, "idempotency")
    where, text = _readme(module, args.package)
    facts["docs"] = {"where": where, "mentions": [m for m in DOC_MARKERS if m in text]}

    # Per-call time, alternating with plain httpx on the same transport.
    plain = httpx.Client(transport=httpx.MockTransport(handler), base_url=BASE_URL)
    path = request.url.raw_path.decode()
    sdk_ns: list[int] = []
    plain_ns: list[int] = []
    for i in range(args.calls + args.calls // 10):
        start = time.perf_counter_ns()
        method(**kwargs)
        middle = time.perf_counter_ns()
        response = plain.request(request.method, path, json=values, headers={"x-api-key": API_KEY})
        response.raise_for_status()
        response.json()
        end = time.perf_counter_ns()
        if i >= args.calls // 10:  # the first tenth warms up
            sdk_ns.append(middle - start)
            plain_ns.append(end - middle)
    facts["overhead"] = {
        "calls": len(sdk_ns),
        "sdk_us": _median_us(sdk_ns),
        "plain_us": _median_us(plain_ns),
    }
    client.close()
    retrying.close()
    plain.close()
    return facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["methods", "schema", "facts"])
    parser.add_argument("package")
    parser.add_argument("client")
    parser.add_argument("--method", default="")
    parser.add_argument("--args", default="{}")
    parser.add_argument("--body", default="{}")
    parser.add_argument("--missing", default="")
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    out: object
    if args.mode == "facts":
        out = _facts(args)
    else:
        _, sync_cls, _ = _load(args.package, args.client)
        client = _client(sync_cls, lambda _: _json_response(b"{}"))
        if args.mode == "methods":
            out = list(_walk(client, args.package))
        else:
            method = _resolve(client, args.method)
            out = {"required": _required(method), "response": _response_schema(method)}
    sys.stdout.write(json.dumps(out, default=str) + "\n")


if __name__ == "__main__":
    main()

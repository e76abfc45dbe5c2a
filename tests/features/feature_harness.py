"""Helpers for the feature tests: generating the feature specs, and driving a generated client.

Every positive spec in `specs/` is generated once per session into one temporary directory
(`feat_<spec>` packages, client `Feat<Spec>`), in worker processes because formatting is slow.
The behaviour tests then drive the generated clients through `httpx.MockTransport`, naming
operations by operationId so that they do not depend on the naming rules (test_naming_scale.py
tests those).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import json
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import httpx

FEATURES = Path(__file__).resolve().parent
SPECS = FEATURES / "specs"
ERROR_SPECS = SPECS / "errors"
USAGE = FEATURES / "usage"
"""User code over the generated packages, type-checked with them (usage_*.py)."""
ROOT = FEATURES.parents[1]
BASE_URL = "https://api.example.test"

LENIENT = {
    "lenient_dangling_ref": ERROR_SPECS / "dangling_ref.yaml",
    "lenient_required_true": ERROR_SPECS / "required_true.yaml",
    "lenient_undeclared_path_param": ERROR_SPECS / "undeclared_path_param.yaml",
    "lenient_server_variable_numbers": ERROR_SPECS / "server_variable_numbers.yaml",
    **{
        f"lenient_{name}": ERROR_SPECS / f"{name}.yaml"
        for name in (
            "allof_conflict",
            "allof_object_string",
            "self_union",
            "enum_type_mismatch",
            "default_wrong_type",
        )
    },
}
"""Invalid specs that must generate in lenient mode."""

SKIPPING = {"skip_unsupported": SPECS / "unsupported" / "skip_unsupported.yaml"}
"""Specs with unsupported constructs that must generate with `skip_unsupported` (and
`strict_keywords`, so that `not` and `if` are unsupported too)."""

MULTI_FILE = {"multifile": SPECS / "multifile" / "root.yaml"}
"""Specs split over several files: the root document (the others are under its directory)."""

CONFIGURED: dict[str, tuple[Path, dict[str, Any]]] = {
    "idempotency_configured": (
        SPECS / "idempotency.yaml",
        {"idempotency_header": "Idempotency-Key"},
    ),
}
"""Specs generated a second time with options from `[tool.clientgen]`."""

SOURCES: dict[str, tuple[Path, dict[str, Any]]] = {
    **{path.stem: (path, {}) for path in SPECS.glob("*.yaml")},
    **{stem: (path, {}) for stem, path in MULTI_FILE.items()},
    **{stem: (path, {"lenient": True}) for stem, path in LENIENT.items()},
    **{
        stem: (path, {"skip_unsupported": True, "strict_keywords": True})
        for stem, path in SKIPPING.items()
    },
    **CONFIGURED,
}
"""Package stem -> (spec, options besides the names) for every package the session generates."""

POSITIVE = tuple(sorted(SOURCES))
"""Every package that must generate, behave, and pass mypy and ruff."""

Mode = Literal["sync", "async"]
MODES: tuple[Mode, ...] = ("sync", "async")


def package_name(stem: str) -> str:
    return f"feat_{stem}"


def client_name(stem: str) -> str:
    return "Feat" + "".join(part[:1].upper() + part[1:] for part in stem.split("_"))


# ------------------------------------------------------------------------------- generation


@functools.cache
def _cached_environment(templates: Path | None) -> Any:
    from generator.render.environment import make_environment

    return make_environment(templates)


def generate_one(stem: str) -> tuple[str, Any, str | None]:
    """Worker: generate one feature package; (stem, GeneratedPackage or None, error text)."""
    from generator import pipeline
    from generator.build import ClientOptions

    # Compiling the templates once per worker instead of once per package: same output.
    pipeline.make_environment = _cached_environment  # type: ignore[attr-defined,unused-ignore]
    spec, flags = SOURCES[stem]
    try:
        options = ClientOptions(package=package_name(stem), client_name=client_name(stem))
        options = dataclasses.replace(options, **flags)
        generated = pipeline.generate(spec, options, display=spec.relative_to(ROOT).as_posix())
    except Exception as exc:  # a SpecError, or a generator bug: reported by the tests
        return stem, None, f"{type(exc).__name__}: {exc}"
    return stem, generated, None


@dataclass
class Generated:
    """One generated feature package (or why it could not be generated)."""

    stem: str
    api: Any
    error: str | None

    @property
    def package(self) -> str:
        return package_name(self.stem)


@dataclass
class FeatureSet:
    """All generated feature packages of the session."""

    out: Path
    results: dict[str, Generated]
    static: dict[str, Any] = field(default_factory=dict)

    def generated(self, stem: str) -> Generated:
        result = self.results[stem]
        if result.error is not None:
            raise AssertionError(f"{SOURCES[stem][0].name} did not generate: {result.error}")
        return result

    def api(self, stem: str) -> Any:
        """The intermediate model (`generator.ir.Api`) of a feature spec."""
        return self.generated(stem).api

    def feature(self, stem: str) -> Feature:
        result = self.generated(stem)
        if str(self.out) not in sys.path:
            sys.path.insert(0, str(self.out))
        module = importlib.import_module(result.package)
        return Feature(stem=stem, module=module, api=result.api)


# ------------------------------------------------------------------------------- clients

Answer = Callable[[httpx.Request], httpx.Response]


def reply(
    status: int = 200,
    json_body: Any = None,
    *,
    content: bytes | str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Answer:
    """An answer: JSON (when `json_body` is given), raw `content`, or an empty body."""

    def answer(request: httpx.Request) -> httpx.Response:
        if content is not None:
            return httpx.Response(status, content=content, headers=headers)
        if json_body is not None:
            return httpx.Response(status, json=json_body, headers=headers)
        return httpx.Response(status, headers=headers)

    return answer


NO_CONTENT = reply(204)


class Recorder:
    """A scripted server: records every request, answers with `answer`."""

    def __init__(self, answer: Answer = NO_CONTENT) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.answer(request)

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "no request was sent"
        return self.requests[-1]


@dataclass
class Feature:
    """One generated package, ready to be called."""

    stem: str
    module: ModuleType
    api: Any

    def client(self, recorder: Recorder, mode: Mode = "sync", **options: Any) -> Any:
        name = client_name(self.stem)
        cls = getattr(self.module, name if mode == "sync" else f"Async{name}")
        transport = httpx.MockTransport(recorder)
        http = (
            httpx.Client(transport=transport)
            if mode == "sync"
            else httpx.AsyncClient(transport=transport)
        )
        options.setdefault("base_url", BASE_URL)
        options.setdefault("max_retries", 0)
        return cls(http_client=http, **options)

    def call(
        self,
        op: str,
        *args: Any,
        answer: Answer = NO_CONTENT,
        client_options: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> tuple[Any, httpx.Request]:
        """Call an operation (operationId or dotted call) on a sync client: (result, request)."""
        recorder = Recorder(answer)
        client = self.client(recorder, "sync", **(client_options or {}))
        result = self.method(client, op)(*args, **kwargs)
        return result, recorder.last

    async def acall(
        self,
        mode: Mode,
        op: str,
        *args: Any,
        answer: Answer = NO_CONTENT,
        client_options: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> tuple[Any, httpx.Request]:
        """Like `call`, on the sync or the async client."""
        recorder = Recorder(answer)
        client = self.client(recorder, mode, **(client_options or {}))
        result = self.method(client, op)(*args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        return result, recorder.last

    def operations(self) -> list[Any]:
        """Every operation of the package, walking the resource tree from the client."""
        tops = getattr(self.api, "top_resources", None) or [m.root for m in self.api.resources]
        found: list[Any] = []
        stack = list(reversed(tops))
        while stack:
            resource = stack.pop()
            found.extend(resource.operations)
            stack.extend(reversed(resource.children))
        return found

    def operation(self, name: str) -> Any:
        """The IR operation with this operationId, or reached as `client.<name>`."""
        for op in self.operations():
            if name in (op.operation_id, op.call):
                return op
        known = sorted(f"{op.operation_id} ({op.call})" for op in self.operations())
        raise AssertionError(f"no operation {name!r}; the package has {known}")

    def method(self, client: Any, name: str) -> Any:
        """The bound method for an operationId or a dotted call."""
        target = client
        for part in self.operation(name).call.split("."):
            target = getattr(target, part)
        return target

    def signature(self, name: str) -> inspect.Signature:
        """The signature of the sync method of an operation (annotations as strings)."""
        return inspect.signature(self.method(self.client(Recorder()), name))


def json_of(request: httpx.Request) -> Any:
    """The JSON body of a sent request."""
    content_type = request.headers.get("content-type", "")
    assert re.match(r"application/([\w.+-]+\+)?json", content_type), content_type
    return json.loads(request.content)


def multipart_parts(request: httpx.Request) -> dict[str, tuple[str | None, str | None, bytes]]:
    """Multipart form parts by name: (filename, content type, content)."""
    import email.parser
    import email.policy

    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data"), content_type
    raw = f"Content-Type: {content_type}\r\n\r\n".encode() + request.content
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    parts: dict[str, tuple[str | None, str | None, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        parts[str(name)] = (
            part.get_filename(),
            part.get("content-type"),
            payload if isinstance(payload, bytes) else b"",
        )
    return parts

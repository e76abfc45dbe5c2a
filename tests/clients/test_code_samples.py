"""Requirement 2: the Python `x-codeSamples` of the specs run verbatim.

The sample builds its own client (and so its own `httpx.Client`), so the HTTP layer is mocked one
level down: `httpx.HTTPTransport.handle_request`, the default transport of every `httpx.Client`.
Nothing reaches the network, and everything above the transport runs as in production.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from harness import BB_KEY, DEPLOYMENT, spec

SPEC_NAMES = ("brainbase", "uponai", "polyai")


def python_samples() -> list[Any]:
    samples: list[Any] = []
    for name in SPEC_NAMES:
        for path, item in spec(name)["paths"].items():
            for method, operation in item.items():
                for sample in operation.get("x-codeSamples", []):
                    if str(sample["lang"]).lower() == "python":
                        samples.append(
                            pytest.param(
                                name, method, path, sample["source"], id=f"{name}:{method}:{path}"
                            )
                        )
    return samples


SAMPLES = python_samples()

# What each sampled operation sends, and what the mocked server answers.
EXPECTED: dict[tuple[str, str, str], tuple[str, dict[str, Any], int, dict[str, Any], str]] = {
    ("brainbase", "post", "/api/workers/{workerId}/deployments/chat"): (
        "https://brainbase-monorepo-api.onrender.com/api/workers/workerId/deployments/chat",
        {"flowId": "flowId", "name": "name"},
        201,
        DEPLOYMENT,
        "dep_1\n",
    ),
}


def test_every_sample_is_checked() -> None:
    assert len(SAMPLES) >= 1
    assert {(p.values[0], p.values[1], p.values[2]) for p in SAMPLES} == set(EXPECTED)


@pytest.mark.parametrize(("spec_name", "method", "path", "source"), SAMPLES)
def test_python_code_sample_runs_verbatim(
    spec_name: str,
    method: str,
    path: str,
    source: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, body, status, answer, printed = EXPECTED[(spec_name, method, path)]
    monkeypatch.setenv("BRAINBASE_LABS_API_KEY", BB_KEY)
    sent: list[httpx.Request] = []

    def handle_request(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        request.read()
        sent.append(request)
        return httpx.Response(status, json=answer)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle_request)
    namespace: dict[str, Any] = {"__name__": "__sample__"}
    exec(compile(source, f"<x-codeSamples {method} {path}>", "exec"), namespace)

    assert capsys.readouterr().out == printed
    assert len(sent) == 1
    request = sent[0]
    assert request.method == method.upper()
    assert str(request.url) == url
    assert request.headers["x-api-key"] == BB_KEY
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == body
    namespace["client"].close()

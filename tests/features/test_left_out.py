"""What the client leaves out of a document (webhooks, callbacks, an operation's own servers,
response links) is a 'not-supported' warning naming it and its JSON pointer, never a silent
drop; the rest of the document generates as usual. Servers of a path or an operation that are
the document's own lose nothing, and say nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from feature_harness import ROOT, SPECS

from generator.build import ClientOptions
from generator.pipeline import build

SPEC = SPECS / "webhooks_callbacks.yaml"

LEFT_OUT = {
    "#/webhooks/thingCreated": "webhook 'thingCreated'",
    "#/paths/~1subscriptions/post/callbacks/onEvent": "callback 'onEvent' of POST /subscriptions",
    "#/paths/~1subscriptions~1{id}/get/servers": "servers of GET /subscriptions/{id}",
    "#/paths/~1subscriptions/post/responses/201/links": "links of POST /subscriptions",
}


def test_each_thing_left_out_is_a_located_not_supported_warning() -> None:
    api = build(SPEC, ClientOptions(package="left_out"), str(SPEC))
    found = {w.pointer: w for w in api.warnings}
    assert set(found) == set(LEFT_OUT), [str(w) for w in api.warnings]
    for pointer, what in LEFT_OUT.items():
        warning = found[pointer]
        assert warning.kind == "not-supported"
        assert what in warning.message and "left out" in warning.message, warning.message
        assert warning.line is not None
    calls = {op.call for module in api.resources for op in module.root.operations}
    calls |= {
        op.call for module in api.resources for cls in module.classes for op in cls.operations
    }
    assert len(calls) == 2, calls


def test_generate_prints_what_was_left_out(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(SPEC), "-o", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "clientgen: warning:" in line]
    assert len(warnings) == len(LEFT_OUT), result.stderr
    for pointer in LEFT_OUT:
        assert any(line.endswith(f"(at {pointer})") for line in warnings), (pointer, warnings)

"""Prove the Prism harness works and pin down how Prism treats our specs."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from prism import REPO_ROOT, PrismError, PrismNotInstalledError, PrismServer

Prism = Callable[[str], PrismServer]

BRAINBASE_PATH = "/api/workers/w1/deployments/chat"
BRAINBASE_AUTH = {"x-api-key": "test-key"}
UPONAI_AUTH = {"Authorization": "Bearer test-token"}
POLYAI_PATH = "/v1/ACCOUNT-1/PROJECT-1/chat/create"
POLYAI_AUTH = {"X-API-KEY": "test-key", "X-TOKEN": "test-token"}
PROBLEM_JSON = "application/problem+json"


def post(
    server: PrismServer,
    path: str,
    headers: dict[str, str],
    body: object = None,
    *,
    raw: bytes | None = None,
) -> httpx.Response:
    """POST ``body`` as JSON (or ``raw`` bytes, or nothing) to the mock."""
    with httpx.Client(base_url=server.base_url, timeout=10, trust_env=False) as client:
        if raw is not None:
            return client.post(path, headers=headers, content=raw)
        if body is None:
            return client.post(path, headers=headers)
        return client.post(path, headers=headers, json=body)


def sl_violations(response: httpx.Response) -> list[dict[str, object]]:
    """Decode Prism's ``sl-violations`` header (absent means no violations)."""
    value = response.headers.get("sl-violations")
    return [] if value is None else list(json.loads(value))


# -- Brainbase (OpenAPI 3.0, x-api-key, declares 400/401) --------------------


def test_brainbase_valid_request(prism: Prism) -> None:
    server = prism("brainbase")
    mark = server.mark()
    resp = post(server, BRAINBASE_PATH, BRAINBASE_AUTH, {"name": "n", "flowId": "f"})
    assert resp.status_code == 201
    assert "sl-violations" not in resp.headers
    assert server.violations_since(mark) == []


def test_brainbase_invalid_body_gets_spec_400(prism: Prism) -> None:
    server = prism("brainbase")
    mark = server.mark()
    resp = post(server, BRAINBASE_PATH, BRAINBASE_AUTH, {"name": "n"})
    assert resp.status_code == 400
    assert resp.content == b""  # the spec's 400 has no content
    [violation] = sl_violations(resp)
    assert violation["location"] == ["request", "body"]
    assert violation["code"] == "required"
    assert server.violations_since(mark) == ["Request body must have required property 'flowId'"]


def test_brainbase_missing_auth_gets_401(prism: Prism) -> None:
    server = prism("brainbase")
    mark = server.mark()
    resp = post(server, BRAINBASE_PATH, {}, {"name": "n", "flowId": "f"})
    assert resp.status_code == 401
    assert sl_violations(resp)[0]["code"] == 401
    assert server.violations_since(mark) == ["Invalid security scheme used"]


def test_brainbase_required_body_missing(prism: Prism) -> None:
    resp = post(prism("brainbase"), BRAINBASE_PATH, BRAINBASE_AUTH)
    assert resp.status_code == 400
    assert sl_violations(resp)[0]["message"] == "Body parameter is required"


def test_unknown_properties_are_accepted(prism: Prism) -> None:
    body = {"name": "n", "flowId": "f", "notInSpec": 1}
    resp = post(prism("brainbase"), BRAINBASE_PATH, BRAINBASE_AUTH, body)
    assert resp.status_code == 201  # no additionalProperties: false in spec


def test_wrong_type_and_null_rejected(prism: Prism) -> None:
    resp = post(
        prism("brainbase"),
        BRAINBASE_PATH,
        BRAINBASE_AUTH,
        {"name": None, "flowId": "f"},
    )
    assert resp.status_code == 400
    assert sl_violations(resp)[0]["message"] == "Request body property name must be string"


def test_encoded_slash_stays_in_one_path_segment(prism: Prism) -> None:
    server = prism("brainbase")
    body = {"name": "n", "flowId": "f"}
    encoded = post(server, "/api/workers/a%2Fb/deployments/chat", BRAINBASE_AUTH, body)
    assert encoded.status_code == 201
    literal = post(server, "/api/workers/a/b/deployments/chat", BRAINBASE_AUTH, body)
    assert literal.status_code == 404
    assert literal.json()["type"].endswith("#NO_PATH_MATCHED_ERROR")


# -- UponAI (OpenAPI 3.1, bearer, declares no 4xx) ---------------------------


def test_uponai_valid_request(prism: Prism) -> None:
    server = prism("uponai")
    mark = server.mark()
    resp = post(server, "/api/chats", UPONAI_AUTH, {"workspaceId": 42, "agent_id": "a"})
    assert resp.status_code == 201
    assert "sl-violations" not in resp.headers  # its own response validated too
    assert server.violations_since(mark) == []


def test_uponai_invalid_body_gets_prism_422(prism: Prism) -> None:
    server = prism("uponai")
    mark = server.mark()
    resp = post(server, "/api/chats", UPONAI_AUTH, {"workspaceId": "x", "agent_id": "a"})
    assert resp.status_code == 422
    assert resp.headers["content-type"] == PROBLEM_JSON
    assert "sl-violations" not in resp.headers  # details are in the body here
    problem = resp.json()
    assert problem["type"] == "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY"
    assert problem["validation"] == [
        {
            "location": ["body", "workspaceId"],
            "severity": "Error",
            "code": "type",
            "message": "Request body property workspaceId must be integer",
        }
    ]
    assert server.violations_since(mark) == ["Request body property workspaceId must be integer"]


@pytest.mark.parametrize("auth", [None, "bearer test-token", "Basic dTpw", "Bearer"])
def test_uponai_bearer_is_checked_case_sensitively(prism: Prism, auth: str | None) -> None:
    headers = {} if auth is None else {"Authorization": auth}
    resp = post(prism("uponai"), "/api/chats", headers, {"workspaceId": 1, "agent_id": "a"})
    assert resp.status_code == 401
    assert resp.headers["content-type"] == PROBLEM_JSON
    assert resp.headers["www-authenticate"] == "Bearer"


# -- PolyAI (OpenAPI 3.0, X-API-KEY or X-TOKEN, both also required headers) --


def test_polyai_valid_request(prism: Prism) -> None:
    server = prism("polyai")
    mark = server.mark()
    resp = post(server, POLYAI_PATH, POLYAI_AUTH, {"channel": "webchat"})
    assert resp.status_code == 200
    assert resp.json() == {
        "conversation_id": "CONV-1234567890",
        "response": "Hi, how can I help?",
    }
    assert server.violations_since(mark) == []


def test_polyai_invalid_body_gets_spec_400(prism: Prism) -> None:
    server = prism("polyai")
    mark = server.mark()
    resp = post(server, POLYAI_PATH, POLYAI_AUTH, {"channel": "fax"})
    assert resp.status_code == 400
    assert resp.json() == {"error_message": "string"}
    assert sl_violations(resp)[0]["code"] == "enum"
    assert len(server.violations_since(mark)) == 1


@pytest.mark.parametrize("sent,missing", [("X-API-KEY", "x-token"), ("X-TOKEN", "x-api-key")])
def test_polyai_one_credential_fails_required_header(prism: Prism, sent: str, missing: str) -> None:
    """Security passes (either scheme is enough) but both headers are required params."""
    server = prism("polyai")
    mark = server.mark()
    resp = post(server, POLYAI_PATH, {sent: "v"}, {})
    assert resp.status_code == 400
    expected = f"Request header must have required property '{missing}'"
    assert server.violations_since(mark) == [expected]


def test_polyai_no_credentials_gets_spec_401(prism: Prism) -> None:
    server = prism("polyai")
    mark = server.mark()
    resp = post(server, POLYAI_PATH, {}, {})
    assert resp.status_code == 401
    assert resp.json() == {"error_message": "string"}
    assert server.violations_since(mark)[0] == "Invalid security scheme used"


def test_polyai_optional_body_may_be_omitted(prism: Prism) -> None:
    server = prism("polyai")
    mark = server.mark()
    assert post(server, POLYAI_PATH, POLYAI_AUTH).status_code == 200
    assert server.violations_since(mark) == []


def test_polyai_prefer_code_404(prism: Prism) -> None:
    headers = {**POLYAI_AUTH, "Prefer": "code=404"}
    resp = post(prism("polyai"), POLYAI_PATH, headers, {})
    assert resp.status_code == 404
    assert resp.json() == {"error_message": "string"}


def test_prefer_code_does_not_override_validation(prism: Prism) -> None:
    headers = {**POLYAI_AUTH, "Prefer": "code=404"}
    resp = post(prism("polyai"), POLYAI_PATH, headers, {"channel": "fax"})
    assert resp.status_code == 400


@pytest.mark.parametrize("prefer", ["code=418", "example=nope"])
def test_prefer_unknown_code_or_example_is_prism_404(prism: Prism, prefer: str) -> None:
    headers = {**POLYAI_AUTH, "Prefer": prefer}
    resp = post(prism("polyai"), POLYAI_PATH, headers, {})
    assert resp.status_code == 404
    assert resp.headers["content-type"] == PROBLEM_JSON
    assert resp.json()["type"] == "https://stoplight.io/prism/errors#NOT_FOUND"


def test_malformed_json_is_a_bare_400(prism: Prism) -> None:
    resp = post(
        prism("polyai"),
        POLYAI_PATH,
        {**POLYAI_AUTH, "content-type": "application/json"},
        raw=b"{bad",
    )
    assert resp.status_code == 400
    assert resp.json() == {"error": {"code": "invalid_json", "message": "Invalid JSON"}}


# -- the harness itself --------------------------------------------------------


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_context_manager_kills_process_group_even_on_error() -> None:
    spec = REPO_ROOT / "specs" / "polyai.yaml"
    pgid = None
    with pytest.raises(RuntimeError, match="test failed"), PrismServer(spec) as server:
        pgid = server.pid
        assert pgid is not None and _group_alive(pgid)
        assert any("Prism is listening" in line for line in server.log_lines())
        raise RuntimeError("test failed")
    assert pgid is not None and not _group_alive(pgid)
    server.stop()  # idempotent


def test_missing_binary_says_npm_ci(tmp_path: Path) -> None:
    with pytest.raises(PrismNotInstalledError, match="npm ci"):
        PrismServer(REPO_ROOT / "specs" / "polyai.yaml", prism_bin=tmp_path / "prism").start()


def test_bad_spec_fails_fast_with_log(tmp_path: Path) -> None:
    spec = tmp_path / "empty.yaml"
    spec.write_text("openapi: 3.0.0\n")
    with pytest.raises(PrismError, match="No operations found"):
        PrismServer(spec).start()


def test_session_servers_are_distinct_processes(prism: Prism) -> None:
    pids = {prism(name).pid for name in ("brainbase", "uponai", "polyai")}
    assert len(pids) == 3 and None not in pids
    assert prism("polyai") is prism("polyai")

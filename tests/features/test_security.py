"""Security: apiKey in a header, query or cookie, HTTP bearer and basic, oauth2 and
openIdConnect as bearer tokens, per-operation overrides, and `security: []`."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from feature_harness import MODES, Feature, FeatureSet, Mode

SECRETS = {
    "headerKey": ("hk-secret",),
    "queryKey": ("qk-secret",),
    "cookieKey": ("ck-secret",),
    "bearerAuth": ("bearer-token",),
    "basicAuth": ("alice", "s3cret"),
    "oauth": ("oauth-token",),
    "oidc": ("oidc-token",),
}


def credentials(f: Feature, *keys: str) -> dict[str, Any]:
    """Client arguments holding the secrets of the given schemes (names come from the IR)."""
    by_key = {scheme.key: scheme for scheme in f.api.security_schemes}
    assert set(by_key) == set(SECRETS), "every scheme of the spec gets an auth class"
    arguments: dict[str, Any] = {}
    for key in keys:
        args = [credential.arg for credential in by_key[key].credentials]
        arguments.update(zip(args, SECRETS[key], strict=True))
    return arguments


def everything(f: Feature) -> dict[str, Any]:
    return credentials(f, *SECRETS)


def leaks(request: Any) -> list[str]:
    """Every secret that a request carries, wherever it is."""
    text = " ".join([str(request.url), *(f"{k}: {v}" for k, v in request.headers.items())])
    basic = base64.b64encode(b"alice:s3cret").decode()
    found = [s for secret in SECRETS.values() for s in secret if len(s) > 5 and s in text]
    return [*found, *(["basic"] if basic in text else [])]


@pytest.mark.parametrize("mode", MODES)
async def test_api_key_in_a_header(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("security")
    _, request = await f.acall(mode, "withHeaderKey", client_options=everything(f))
    assert request.headers["x-api-key"] == "hk-secret"
    assert leaks(request) == ["hk-secret"], "the operation's security replaces the default"


def test_api_key_in_the_query(features: FeatureSet) -> None:
    f = features.feature("security")
    _, request = f.call("withQueryKey", client_options=everything(f))
    assert request.url.params.multi_items() == [("api_key", "qk-secret")]
    assert leaks(request) == ["qk-secret"]


def test_api_key_in_a_cookie(features: FeatureSet) -> None:
    f = features.feature("security")
    _, request = f.call("withCookieKey", client_options=everything(f))
    assert request.headers["cookie"] == "session_token=ck-secret"
    assert leaks(request) == ["ck-secret"]


def test_bearer_from_the_document_default(features: FeatureSet) -> None:
    f = features.feature("security")
    _, request = f.call("withBearer", client_options=everything(f))
    assert request.headers["authorization"] == "Bearer bearer-token"
    assert leaks(request) == ["bearer-token"]


def test_basic(features: FeatureSet) -> None:
    f = features.feature("security")
    _, request = f.call("withBasic", client_options=everything(f))
    expected = base64.b64encode(b"alice:s3cret").decode()
    assert request.headers["authorization"] == f"Basic {expected}"
    assert leaks(request) == ["basic"]


@pytest.mark.parametrize(
    ("op", "token"), [("withOauth", "oauth-token"), ("withOidc", "oidc-token")]
)
def test_oauth2_and_openid_connect_are_bearer_tokens(
    features: FeatureSet, op: str, token: str
) -> None:
    f = features.feature("security")
    _, request = f.call(op, client_options=everything(f))
    assert request.headers["authorization"] == f"Bearer {token}"
    assert leaks(request) == [token]


@pytest.mark.parametrize("mode", MODES)
async def test_empty_security_sends_no_credential(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("security")
    _, request = await f.acall(mode, "publicEndpoint", client_options=everything(f))
    assert leaks(request) == []
    assert "authorization" not in request.headers
    assert "cookie" not in request.headers


def test_empty_security_needs_no_credential(features: FeatureSet, monkeypatch: Any) -> None:
    f = features.feature("security")
    for scheme in f.api.security_schemes:
        for credential in scheme.credentials:
            monkeypatch.delenv(credential.env_var, raising=False)
    result, request = f.call("publicEndpoint")
    assert result is None
    assert "authorization" not in request.headers


def test_missing_credential_for_an_operation_is_reported(features: FeatureSet) -> None:
    f = features.feature("security")
    with pytest.raises(f.module.MissingCredentialsError, match=r"X_API_KEY|HEADER_KEY|header"):
        f.call("withHeaderKey", client_options=credentials(f, "bearerAuth"))


def test_every_scheme_kind_is_recognised(features: FeatureSet) -> None:
    f = features.feature("security")
    kinds = {scheme.key: scheme.kind for scheme in f.api.security_schemes}
    assert kinds == {
        "headerKey": "api_key",
        "queryKey": "api_key",
        "cookieKey": "api_key",
        "bearerAuth": "bearer",
        "basicAuth": "basic",
        "oauth": "bearer",
        "oidc": "bearer",
    }
    assert f.api.warnings == ()

"""A required header parameter that is a credential (issue 15, the PolyAI seed): the
credential is required for the operation, checked before anything is sent, and the package
README says which credentials each operation needs. Sync and async."""

from __future__ import annotations

from typing import Any

import pytest
from feature_harness import MODES, FeatureSet, Mode, Recorder

ENV = ("FEAT_CREDENTIAL_PARAMS_KEY", "FEAT_CREDENTIAL_PARAMS_TOKEN")


@pytest.fixture(autouse=True)
def _no_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


async def call(
    features: FeatureSet, mode: Mode, op: str, **credentials: str
) -> tuple[Recorder, Any]:
    f = features.feature("credential_params")
    recorder = Recorder()
    client = f.client(recorder, mode, **credentials)
    result = f.method(client, op)()
    if mode == "async":
        result = await result
    return recorder, result


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("given", [{"key": "k"}, {"token": "t"}])
async def test_two_required_credential_parameters_need_both(
    features: FeatureSet, mode: Mode, given: dict[str, str]
) -> None:
    f = features.feature("credential_params")
    recorder = Recorder()
    client = f.client(recorder, mode, **given)
    with pytest.raises(f.module.MissingCredentialsError) as caught:
        result = f.method(client, "needsBoth")()
        if mode == "async":
            await result
    assert "key" in str(caught.value)
    assert "token" in str(caught.value)
    assert recorder.requests == []


@pytest.mark.parametrize("mode", MODES)
async def test_both_credentials_are_sent_when_both_are_required(
    features: FeatureSet, mode: Mode
) -> None:
    recorder, _ = await call(features, mode, "needsBoth", key="k", token="t")
    assert recorder.last.headers.get_list("x-key") == ["k"]
    assert recorder.last.headers.get_list("x-token") == ["t"]


@pytest.mark.parametrize("mode", MODES)
async def test_one_required_credential_parameter_needs_that_credential(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("credential_params")
    with pytest.raises(f.module.MissingCredentialsError, match="FEAT_CREDENTIAL_PARAMS_KEY"):
        await call(features, mode, "needsKey", token="t")
    recorder, _ = await call(features, mode, "needsKey", key="k")
    assert recorder.last.headers.get_list("x-key") == ["k"]


@pytest.mark.parametrize("mode", MODES)
async def test_an_optional_credential_parameter_leaves_the_alternatives(
    features: FeatureSet, mode: Mode
) -> None:
    recorder, _ = await call(features, mode, "takesEither", token="t")
    assert recorder.last.headers.get_list("x-token") == ["t"]
    assert "x-key" not in recorder.last.headers


def test_the_readme_names_the_credentials_of_each_operation(features: FeatureSet) -> None:
    f = features.feature("credential_params")
    readme = (features.out / f.module.__name__ / "README.md").read_text("utf-8")
    sections = {section.split("()`", 1)[0]: section for section in readme.split("### `client.")[1:]}
    assert "Credentials: `key` and `token`." in sections["both.list"]
    assert "Credentials: `key`." in sections["key.list"]
    assert "Credentials: `key` or `token`." in sections["either.list"]

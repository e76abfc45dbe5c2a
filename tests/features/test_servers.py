"""Servers: URL variables (defaults and enums) and relative server URLs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from feature_harness import FeatureSet, Recorder


def _clear_base_url(monkeypatch: Any, f: Any) -> None:
    monkeypatch.delenv(f"{f.api.env_prefix}_BASE_URL", raising=False)


def test_server_variables_take_their_defaults(features: FeatureSet, monkeypatch: Any) -> None:
    f = features.feature("servers")
    _clear_base_url(monkeypatch, f)
    _, request = f.call("listPets", client_options={"base_url": None})
    assert str(request.url) == "https://eu.api.example.test/v2/pets"


def test_servers_are_selectable_by_name(features: FeatureSet, monkeypatch: Any) -> None:
    f = features.feature("servers")
    _clear_base_url(monkeypatch, f)
    names = {server.description: server.name for server in f.api.servers}
    assert f.module.SERVERS[names["Regional"]] == "https://eu.api.example.test/v2"
    _, request = f.call("listPets", client_options={"base_url": None, "server": names["Sandbox"]})
    assert str(request.url) == "https://sandbox.example.test/v2/pets"


def test_server_variable_enum_values_are_documented(features: FeatureSet) -> None:
    package = features.out / "feat_servers"
    readme = (package / "README.md").read_text(encoding="utf-8")
    code = "\n".join(p.read_text(encoding="utf-8") for p in sorted(package.rglob("*.py")))
    for text in (readme, code):
        assert re.search(r"\bregion\b", text)
        assert all(re.search(rf"\b{value}\b", text) for value in ("eu", "us", "ap"))


def test_server_variables_choose_another_url(features: FeatureSet, monkeypatch: Any) -> None:
    f = features.feature("servers")
    _clear_base_url(monkeypatch, f)
    regional = {server.description: server.name for server in f.api.servers}["Regional"]
    _, request = f.call(
        "listPets", client_options={"base_url": None, "server_variables": {"region": "us"}}
    )
    assert str(request.url) == "https://us.api.example.test/v2/pets"
    _, request = f.call(
        "listPets",
        client_options={
            "base_url": None,
            "server": regional,
            "server_variables": {"region": "ap", "basePath": "v3"},
        },
    )
    assert str(request.url) == "https://ap.api.example.test/v3/pets"


def test_server_variables_are_checked(features: FeatureSet) -> None:
    f = features.feature("servers")
    client_class = f.module.__dict__[f.api.client_name]
    with pytest.raises(ValueError, match=r"'region' must be one of eu, us, ap, not 'mars'"):
        client_class(server_variables={"region": "mars"})
    with pytest.raises(ValueError, match=r"has no variable 'zone' \(it has: region, basePath\)"):
        client_class(server_variables={"zone": "x"})
    sandbox = {server.description: server.name for server in f.api.servers}["Sandbox"]
    with pytest.raises(ValueError, match=r"has no variable 'region' \(it has: none\)"):
        client_class(server=sandbox, server_variables={"region": "us"})


def test_with_options_keeps_the_server_and_changes_variables(
    features: FeatureSet, monkeypatch: Any
) -> None:
    f = features.feature("servers")
    _clear_base_url(monkeypatch, f)
    client = f.module.__dict__[f.api.client_name](server_variables={"region": "us"})
    assert str(client.base_url).startswith("https://us.api.example.test/v2")
    changed = client.with_options(server_variables={"region": "ap"})
    assert str(changed.base_url).startswith("https://ap.api.example.test/v2")
    assert str(client.with_options(timeout=5).base_url).startswith("https://us.api")


def test_relative_server_url_with_an_absolute_base_url(features: FeatureSet) -> None:
    f = features.feature("servers_relative")
    _, request = f.call("listPets", client_options={"base_url": "https://host.example.test/api/v3"})
    assert str(request.url) == "https://host.example.test/api/v3/pets"


def test_relative_server_url_without_a_base_url_asks_for_one(
    features: FeatureSet, monkeypatch: Any
) -> None:
    f = features.feature("servers_relative")
    _clear_base_url(monkeypatch, f)
    with pytest.raises(Exception, match="base_url") as caught:
        recorder = Recorder()
        client = f.client(recorder, base_url=None)
        f.method(client, "listPets")()
    assert not isinstance(caught.value, AssertionError)

"""Clashing, reserved, empty, numeric and non-ASCII names: valid, distinct, stable identifiers,
with the wire names kept (specs/names.yaml, specs/recursive.yaml)."""

from __future__ import annotations

import base64
import importlib
import inspect
import json
import keyword
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest
from hostile_harness import Session

PACKAGE = "hostile_names"
BASE_URL = "https://api.example.test/base"


@pytest.fixture(scope="module")
def names(hostile: Session) -> Iterator[ModuleType]:
    hostile.package_dir(PACKAGE)
    sys.path.insert(0, str(hostile.out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(hostile.out))


@pytest.fixture(scope="module")
def api(hostile: Session) -> Any:
    return hostile.api(PACKAGE)


def _model(names: ModuleType, name: str) -> Any:
    return getattr(importlib.import_module(f"{PACKAGE}.models"), name)


def _value(type_ref: Any, wire: str, api: Any) -> Any:
    """JSON data of the type, different for every wire name."""
    kind = type_ref.kind
    if kind == "str":
        return f"value of {wire}"
    if kind == "int":
        return len(wire) + 7
    if kind == "bool":
        return True
    if kind == "list":
        return [_value(type_ref.args[0], wire, api)]
    if kind == "dict":
        return {"k": _value(type_ref.args[0], wire, api)}
    if kind == "enum":
        return next(e for e in api.enums if e.name == type_ref.name).members[0].value
    if kind == "model":
        return {}
    return f"any {wire}"


def _operations(api: Any) -> Iterator[Any]:
    for module in api.resources:
        for resource in module.classes:
            yield from resource.operations


def _client(names: ModuleType, recorder: list[httpx.Request], answer: Any = None) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        recorder.append(request)
        return httpx.Response(200, json=answer if answer is not None else {})

    credentials = {arg: f"secret-{arg}" for arg in _credential_args(names)}
    return names.HostileNames(
        base_url=BASE_URL,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        max_retries=0,
        **credentials,
    )


_CLIENT_OPTIONS = {
    "base_url",
    "server",
    "timeout",
    "max_retries",
    "default_headers",
    "http_client",
    "max_response_size",
    "attempt_timeout",
    "default_query",
    "platform_headers",
}


def _credential_args(names: ModuleType) -> set[str]:
    """The client's keyword arguments that are credentials."""
    parameters = inspect.signature(names.HostileNames.__init__).parameters
    return {n for n, p in parameters.items() if p.kind is p.KEYWORD_ONLY} - _CLIENT_OPTIONS


# ----------------------------------------------------------------------------- identifiers


def test_identifiers_are_valid_distinct_and_not_reserved(api: Any, names: ModuleType) -> None:
    runtime_base = importlib.import_module(f"{PACKAGE}._runtime").BaseModel
    base_attributes = set(dir(runtime_base))
    classes = [m.name for m in api.models] + [e.name for e in api.enums]
    classes += [s.class_name for s in api.security_schemes]
    for module in api.resources:
        for r in module.classes:
            classes += [r.class_name, r.async_class_name, r.raw_class_name, r.async_raw_class_name]
    assert len(classes) == len(set(classes))
    for name in classes:
        assert name.isidentifier() and not keyword.iskeyword(name) and name.isascii(), name
    for model in api.models:
        fields = [f.name for f in model.fields]
        assert len(fields) == len(set(fields)), model.name
        for name in fields:
            assert name.isidentifier() and name.isascii() and not keyword.iskeyword(name), name
            assert not name.startswith("_"), name  # pydantic would make it private
            assert name not in base_attributes, f"{model.name}.{name} shadows BaseModel.{name}"
    for enum in api.enums:
        members = [m.name for m in enum.members]
        assert len(members) == len(set(members)), enum.name
        assert all(m.isidentifier() and not m.startswith("_") for m in members), members
    for op in _operations(api):
        args = [p.arg for p in (*op.path_params, *op.keyword_params)]
        args += [f.arg for f in op.body.fields] if op.body else []
        args += [op.body.arg] if op.body and op.body.arg else []
        reserved = {"self", "extra_headers", "extra_query", "extra_body", "timeout"}
        assert len(args) == len(set(args)) and not set(args) & reserved, (op.call, args)
        assert all(a.isidentifier() and not keyword.iskeyword(a) for a in args), args
    credentials = [c.arg for s in api.security_schemes for c in s.credentials]
    assert len(credentials) == len(set(credentials))
    assert all(c.isidentifier() and not keyword.iskeyword(c) and c != "self" for c in credentials)


def test_every_export_resolves(names: ModuleType) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    for name in models.__all__:
        assert getattr(models, name).__name__ == name
    for name in names.__all__:
        getattr(names, name)


def test_wire_names_are_the_aliases(api: Any, names: ModuleType) -> None:
    for model in api.models:
        fields = _model(names, model.name).model_fields
        for field in model.fields:
            info = fields[field.name]
            if field.name == field.wire_name:
                assert info.alias in (None, field.wire_name)
            else:
                assert info.alias == field.wire_name, (model.name, field.name)


@pytest.mark.parametrize("model_name", ["Everything", "Pairs"])
def test_every_wire_name_survives_a_json_round_trip(
    api: Any, names: ModuleType, model_name: str
) -> None:
    model = next(m for m in api.models if m.name == model_name)
    data = {f.wire_name: _value(f.type, f.wire_name, api) for f in model.fields}
    assert len(data) == len(model.fields)
    cls = _model(names, model_name)
    parsed = cls.model_validate_json(json.dumps(data))
    assert parsed.to_dict() == data
    assert json.loads(parsed.to_json()) == data
    assert (
        cls.model_validate(data).model_dump(mode="json", by_alias=True, exclude_unset=True) == data
    )


@pytest.mark.parametrize("wire", ["foo_bar", "field", "http_status"])
def test_each_wire_name_alone_survives_a_round_trip(names: ModuleType, wire: str) -> None:
    pairs = _model(names, "Pairs")
    assert pairs.model_validate({wire: 1}).to_dict() == {wire: 1}


def test_flattened_body_sends_each_argument_under_its_own_wire_name(
    api: Any, names: ModuleType
) -> None:
    op = next(o for o in _operations(api) if o.call == "pairs.create")
    assert op.body is not None
    arguments = {f.arg: index + 1 for index, f in enumerate(op.body.fields)}
    expected = {f.wire_name: index + 1 for index, f in enumerate(op.body.fields)}
    sent: list[httpx.Request] = []
    _client(names, sent).pairs.create(**arguments)
    assert json.loads(sent[-1].content) == expected
    for field in op.body.fields:  # one at a time
        _client(names, sent).pairs.create(**{field.arg: 5})
        assert json.loads(sent[-1].content) == {field.wire_name: 5}, field.arg


def test_parameters_keep_their_wire_names(api: Any, names: ModuleType) -> None:
    op = next(o for o in _operations(api) if o.call == "things.retrieve")
    everything = next(m for m in api.models if m.name == "Everything")
    answer = {f.wire_name: _value(f.type, f.wire_name, api) for f in everything.fields}
    sent: list[httpx.Request] = []
    client = _client(names, sent, answer)
    path_values = [f"p{index}" for index, _ in enumerate(op.path_params)]
    keywords = {p.arg: f"v-{p.arg}" for p in op.keyword_params if p.type.kind == "str"}
    client.things.retrieve(*path_values, **keywords)
    request = sent[-1]
    assert request.url.path == "/base/things/" + "/".join(path_values)
    by_arg = {p.arg: p for p in op.keyword_params}
    query = dict(request.url.params.multi_items())
    cookies = request.headers.get("cookie", "")
    for arg, value in keywords.items():
        parameter = by_arg[arg]
        if parameter.location == "query":
            assert query.get(parameter.wire_name) == value, parameter.wire_name
        elif parameter.location == "header":
            assert request.headers.get(parameter.wire_name) == value, parameter.wire_name
        else:
            assert f"{parameter.wire_name}={value}" in cookies


def test_clashing_resources_and_methods_each_reach_their_own_path(
    api: Any, names: ModuleType
) -> None:
    sent: list[httpx.Request] = []
    client = _client(names, sent)
    paths = set()
    for op in _operations(api):
        if op.path_params or op.body is not None or op.keyword_params:
            continue
        target: Any = client
        for part in op.call.split("."):
            target = getattr(target, part)
        target()
        assert sent[-1].url.path == "/base" + httpx.URL(op.path).path, op.call
        assert sent[-1].method == op.http_method
        paths.add(op.path)
    assert {"/fooBar", "/foo_bar", "/FooBar", "/foo-bar", "/self", "/os", "/models"} <= paths


def test_enum_members_keep_every_value(api: Any, names: ModuleType) -> None:
    for enum in api.enums:
        cls = _model(names, enum.name)
        values = [m.value for m in enum.members]
        assert [member.value for member in cls] == values
        for value in values:
            assert cls(value).value == value


def test_every_credential_is_sent_under_its_own_name(api: Any, names: ModuleType) -> None:
    """Schemes named fooBar and foo_bar, class, None and base_url: distinct arguments, each sent
    where its scheme says."""
    sent: list[httpx.Request] = []
    credentials = {c.arg: f"secret-{c.arg}" for s in api.security_schemes for c in s.credentials}
    assert len(credentials) == 6 and set(credentials) <= _credential_args(names)

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200)

    client = names.HostileNames(
        base_url=BASE_URL,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        **credentials,
    )
    client.class_.list()
    client.close_.list()
    by_key = {s.key: [credentials[c.arg] for c in s.credentials] for s in api.security_schemes}
    first, second = sent
    assert first.headers["X-Foo-Bar"] == by_key["fooBar"][0]
    assert first.url.params["foo_bar"] == by_key["foo_bar"][0]
    assert first.headers["Authorization"] == f"Bearer {by_key['class'][0]}"
    assert f"none={by_key['None'][0]}" in first.headers["Cookie"]
    user, password = by_key["base_url"]
    assert (
        second.headers["Authorization"]
        == "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    )


# ----------------------------------------------------------------------------- recursion


@pytest.fixture(scope="module")
def recursive(hostile: Session) -> Iterator[ModuleType]:
    hostile.package_dir("hostile_recursive")
    sys.path.insert(0, str(hostile.out))
    try:
        yield importlib.import_module("hostile_recursive.models")
    finally:
        sys.path.remove(str(hostile.out))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "Node",
            {
                "name": "root",
                "children": [{"name": "a", "children": [{"name": "b"}]}],
                "parent": {"name": "p", "parent": None},
                "byName": {"x": {"name": "x"}},
            },
        ),
        ("A", {"b": {"a": {"value": 1, "b": {}}, "values": [{"value": 2}]}, "value": 3}),
        ("Branch", {"branches": [{"leaf": "l"}, {"branches": [{"leaf": "m"}]}]}),
        ("Extended", {"name": "e", "extra": {"name": "f", "children": [{"name": "g"}]}}),
    ],
)
def test_recursive_models_round_trip_nested_data(
    recursive: ModuleType, name: str, data: dict[str, Any]
) -> None:
    cls = getattr(recursive, name)
    assert cls.model_validate_json(json.dumps(data)).to_dict() == data

"""The generated client with hostile names (specs/clients.yaml): path parameters cannot change
the path, CR/LF cannot reach a header, credentials stay out of logs, reprs and errors."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from hostile_harness import SPECS, Session, render_only, write_files

PACKAGE = "hostile_clients"
BASE = "https://api.example.test/base"
Answer = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(scope="module")
def pkg(hostile: Session) -> Iterator[ModuleType]:
    hostile.package_dir(PACKAGE)
    sys.path.insert(0, str(hostile.out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(hostile.out))


@pytest.fixture(scope="module")
def secrets(hostile: Session) -> dict[str, str]:
    api = hostile.api(PACKAGE)
    return {c.arg: f"SECRET-{c.arg}-7f3a" for s in api.security_schemes for c in s.credentials}


class Recorder:
    def __init__(self, answer: Answer | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.answer = answer or (lambda request: httpx.Response(200, json={"ok": True}))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.answer(request)


def _client(pkg: ModuleType, secrets: dict[str, str], recorder: Recorder, **options: Any) -> Any:
    return pkg.HostileClients(
        base_url=BASE,
        http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
        max_retries=0,
        **secrets,
        **options,
    )


HOSTILE_PATH_VALUES = [
    "../../admin",
    "..",
    ".",
    "a/../../b",
    "?admin=1",
    "#fragment",
    "%2e%2e",
    "%2F",
    "a/b",
    "..\\..\\x",
    " ",
    "名前",
    "a?b#c",
    "..%2f..",
    '{name"x}',
    "//evil.example/x",
    "https://evil.example/",
]


@pytest.mark.parametrize("value", HOSTILE_PATH_VALUES)
def test_path_parameters_cannot_change_the_path(
    pkg: ModuleType, secrets: dict[str, str], value: str
) -> None:
    recorder = Recorder()
    _client(pkg, secrets, recorder).files.raw.list(value, value)
    url = recorder.requests[-1].url
    assert url.host == "api.example.test" and url.fragment == ""
    raw_path = url.raw_path.split(b"?", 1)[0].decode("ascii")
    segments = raw_path.split("/")
    assert (
        segments[:3] == ["", "base", "files"] and segments[-1] == "raw" and len(segments) == 6
    ), raw_path
    for segment in segments[3:5]:
        assert segment not in (".", "..")
        assert unquote(segment) == value
    assert set(url.params.keys()) == {"api-key&x=1"}


def test_an_empty_path_parameter_is_refused(pkg: ModuleType, secrets: dict[str, str]) -> None:
    recorder = Recorder()
    with pytest.raises(ValueError, match="empty"):
        _client(pkg, secrets, recorder).files.raw.list("", "x")
    assert recorder.requests == []


@pytest.mark.parametrize("value", ["a\r\nX-Injected: 1", "a\nX-Injected: 1", "a\rb", "a\x00b"])
@pytest.mark.parametrize(
    "where", ["header", "quoted header", "cookie", "extra header", "credential"]
)
def test_line_breaks_never_reach_a_header(
    pkg: ModuleType, secrets: dict[str, str], value: str, where: str
) -> None:
    recorder = Recorder()
    credentials = dict(secrets)
    arguments: dict[str, Any] = {}
    if where == "header":
        arguments["x_trace_id"] = value
    elif where == "quoted header":
        arguments["x_quote"] = value
    elif where == "cookie":
        arguments["session_id"] = value
    elif where == "extra header":
        arguments["extra_headers"] = {"X-Extra": value}
    else:
        credentials[next(a for a in credentials if a.startswith("header"))] = value
    client = _client(pkg, credentials, recorder)
    if where == "cookie":
        # Cookie values are percent-encoded: the line break travels as %0D%0A, never raw.
        client.files.raw.list("f", "n", **arguments)
        sent = recorder.requests[-1].headers["cookie"]
        assert not {"\r", "\n", "\x00"} & set(sent), sent
        return
    with pytest.raises((ValueError, httpx.InvalidURL, httpx.LocalProtocolError)):
        client.files.raw.list("f", "n", **arguments)
    assert recorder.requests == []


def test_default_headers_with_line_breaks_are_refused(
    pkg: ModuleType, secrets: dict[str, str]
) -> None:
    with pytest.raises(ValueError):
        _client(pkg, secrets, Recorder(), default_headers={"X-A": "b\r\nX-Injected: 1"})


def test_query_values_cannot_add_parameters(pkg: ModuleType, secrets: dict[str, str]) -> None:
    recorder = Recorder()
    _client(pkg, secrets, recorder).files.raw.list("f", "n", q_x="a&b=c#d\r\n")
    params = recorder.requests[-1].url.params
    assert sorted(params.multi_items()) == sorted(
        [
            ('q"x', "a&b=c#d\r\n"),
            ("api-key&x=1", next(v for k, v in secrets.items() if k.startswith("query"))),
        ]
    )


def test_cookie_values_cannot_add_cookies(pkg: ModuleType, secrets: dict[str, str]) -> None:
    recorder = Recorder()
    try:
        _client(pkg, secrets, recorder).files.raw.list("f", "n", session_id="a; admin=1")
    except ValueError:
        return  # refusing is fine
    cookie = recorder.requests[-1].headers["cookie"]
    names = [pair.split("=", 1)[0].strip() for pair in cookie.split(";")]
    assert "admin" not in names, cookie


def test_credentials_never_reach_logs_reprs_or_errors(
    pkg: ModuleType, secrets: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    texts: list[str] = []
    logger = logging.getLogger(PACKAGE)
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        with caplog.at_level(logging.DEBUG, logger=PACKAGE):
            recorder = Recorder()
            client = _client(pkg, secrets, recorder)
            client.files.raw.list("f", "n", x_trace_id="t", session_id="s")
            denied = _client(
                pkg, secrets, Recorder(lambda r: httpx.Response(401, json={"error": "no"}))
            )
            with pytest.raises(pkg.AuthenticationError) as status_error:
                denied.login.create()
            texts += [str(status_error.value), repr(status_error.value), status_error.value.message]

            def refuse(request: httpx.Request) -> httpx.Response:
                raise httpx.ConnectError("connection refused", request=request)

            offline = _client(pkg, secrets, Recorder(refuse))
            with pytest.raises(pkg.APIConnectionError) as connection_error:
                offline.files.raw.list("f", "n")
            texts += [str(connection_error.value), repr(connection_error.value)]
            broken = _client(
                pkg, secrets, Recorder(lambda r: httpx.Response(200, json={"ok": "not a bool"}))
            )
            with pytest.raises(pkg.APIResponseValidationError) as validation_error:
                broken.files.raw.list("f", "n")
            texts += [str(validation_error.value), repr(validation_error.value)]
            texts += [repr(client), str(client), repr(client.with_options(timeout=3))]
            texts += [repr(auth) for auth in client._credentials.values()]
        texts.append(caplog.text)
    finally:
        logger.setLevel(previous)
    assert "request GET" in caplog.text  # the debug log did log the requests
    sent = recorder.requests[-1]
    assert any(value in str(sent.url) or value in str(sent.headers) for value in secrets.values())
    leaked = {arg for arg, value in secrets.items() if any(value in text for text in texts)}
    assert leaked == set()


def test_header_names_with_line_breaks_from_the_spec_are_never_sent(tmp_path: Path) -> None:
    api, files = render_only(SPECS / "crlf_names.yaml", "hostile_crlf_names")
    write_files(tmp_path, "hostile_crlf_names", files)
    sys.path.insert(0, str(tmp_path))
    try:
        module = importlib.import_module("hostile_crlf_names")
        recorder = Recorder(lambda request: httpx.Response(204))
        credentials = {c.arg: "secret" for s in api.security_schemes for c in s.credentials}
        client = module.HostileCrlfNames(
            base_url=BASE,
            http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
            **credentials,
        )
        client.open.list()  # the parameter left out: nothing of it is sent
        assert all("injected" not in name.lower() for name in recorder.requests[-1].headers)
        parameter = next(
            p
            for m in api.resources
            for r in m.classes
            for o in r.operations
            for p in o.header_params
        )
        with pytest.raises(ValueError):
            client.open.list(**{parameter.arg: "v"})
        with pytest.raises(ValueError):
            client.locked.list()
        assert len(recorder.requests) == 1
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.split(".")[0] == "hostile_crlf_names"]:
            del sys.modules[name]

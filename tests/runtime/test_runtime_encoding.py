"""Request encoding as itself: query styles, paths, headers, cookies and bodies (JSON, form,
multipart with files, raw bytes)."""

from __future__ import annotations

import datetime as dt
import enum
import io
import json
import uuid
from typing import Any

import httpx
import pytest
from pydantic import Field
from runtime_harness import Server, sync_client

from generator.runtime import NOT_GIVEN, Base64Bytes, BaseModel, Endpoint
from generator.runtime._encoding import build_path, encode_body, encode_query, to_wire


class Color(enum.Enum):
    RED = "red"


class Pet(BaseModel):
    pet_name: str = Field(alias="petName")
    photo: Base64Bytes | None = None


# ---------------------------------------------------------------------------------- query


@pytest.mark.parametrize(
    ("value", "style", "pieces"),
    [
        ([1, 2], ("form", True), ["ids=1", "ids=2"]),
        ([1, 2], ("form", False), ["ids=1,2"]),
        (["a,b", "c"], ("form", False), ["ids=a%2Cb,c"]),
        (["a", "b"], ("spaceDelimited", False), ["ids=a%20b"]),
        (["a", "b"], ("pipeDelimited", False), ["ids=a%7Cb"]),
        ({"R": 100, "G": 2}, ("deepObject", True), ["ids%5BR%5D=100", "ids%5BG%5D=2"]),
        ({"x": 1, "y": 2}, ("form", True), ["x=1", "y=2"]),
        ({"x": 1, "y": 2}, ("form", False), ["ids=x,1,y,2"]),
        (True, ("form", True), ["ids=true"]),
        ("a b&c=d", ("form", True), ["ids=a+b%26c%3Dd"]),
    ],
)
def test_query_styles(value: object, style: tuple[str, bool], pieces: list[str]) -> None:
    assert encode_query({"ids": value}, {"ids": style}, {}) == pieces


def test_query_leaves_out_arguments_not_given_and_renames_typed_dict_keys() -> None:
    keys = {"filter": {"min_price": ("minPrice", {})}}
    pieces = encode_query({"filter": {"min_price": 3, "other": 1}, "page": NOT_GIVEN}, {}, keys)
    assert pieces == ["minPrice=3", "other=1"]


def test_a_delimiter_inside_an_item_is_refused() -> None:
    with pytest.raises(ValueError, match="delimiter"):
        encode_query({"codes": ["a|b"]}, {"codes": ("pipeDelimited", False)}, {})


def test_values_to_wire_data() -> None:
    when = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    ident = uuid.UUID(int=1)
    wire = to_wire({"when": when, "id": ident, "color": Color.RED, "raw": b"\x00\xff", "s": {1}})
    assert wire == {
        "when": "2026-01-02T03:04:05+00:00",
        "id": str(ident),
        "color": "red",
        "raw": "AP8=",
        "s": [1],
    }
    assert to_wire(Pet(petName="rex")) == {"petName": "rex"}


# ---------------------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ("a/b", "/items/a%2Fb"),
        ("..", "/items/%2E%2E"),
        ([1, "x y"], "/items/1,x%20y"),
        (Color.RED, "/items/red"),
    ],
)
def test_path_values_are_encoded_whole(value: object, path: str) -> None:
    assert build_path("/items/{id}", {"id": value}) == path


def test_an_empty_path_value_is_refused() -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        build_path("/items/{id}", {"id": ""})


# -------------------------------------------------------------------------------- headers


def test_headers_and_cookies_are_sent_once_by_name() -> None:
    server = Server(httpx.Response(204))
    client = sync_client(server, default_headers={"X-Trace": "default"})
    endpoint = Endpoint("GET", "/h")
    client.request(
        endpoint,
        headers={"x-trace": "param", "X-Flag": True, "X-Skip": NOT_GIVEN},
        cookies={"session id": "a;b"},
        extra_headers={"X-TRACE": "extra"},
    )
    request = server.requests[0]
    assert request.headers.get_list("x-trace") == ["extra"]
    assert request.headers["x-flag"] == "true"
    assert "x-skip" not in request.headers
    assert request.headers["cookie"] == "session%20id=a%3Bb"


@pytest.mark.parametrize("value", ["a\r\nInjected: 1", "a\nb", "a\x00"])
def test_header_values_with_line_breaks_are_refused(value: str) -> None:
    server = Server(httpx.Response(204))
    with pytest.raises(ValueError, match="refusing to send it"):
        sync_client(server).request(Endpoint("GET", "/h"), headers={"X-Note": value})
    with pytest.raises(ValueError, match="refusing to send it"):
        sync_client(server, default_headers={"X-Note": value})
    assert server.requests == []


# ---------------------------------------------------------------------------------- bodies


def sent(endpoint: Endpoint, body: object, **kwargs: Any) -> httpx.Request:
    server = Server(httpx.Response(204))
    sync_client(server).request(endpoint, body=body, **kwargs)
    return server.requests[0]


def test_json_body_by_the_api_field_names_with_extra_body() -> None:
    endpoint = Endpoint("POST", "/pets", body_type=Pet)
    request = sent(endpoint, Pet(petName="rex", photo=b"\x01\x02"), extra_body={"tag": "x"})
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"petName": "rex", "photo": "AQI=", "tag": "x"}


def test_flattened_body_is_validated_and_leaves_out_what_was_not_given() -> None:
    endpoint = Endpoint("POST", "/pets", body_type=Pet, body_flattened=True)
    request = sent(endpoint, {"petName": "rex", "photo": NOT_GIVEN})
    assert json.loads(request.content) == {"petName": "rex"}
    assert encode_body(endpoint, {"photo": NOT_GIVEN}, None) == (None, None, None, None)


def test_form_body() -> None:
    endpoint = Endpoint(
        "POST", "/token", body_type=dict[str, Any], content_type="application/x-www-form-urlencoded"
    )
    request = sent(endpoint, {"grant": "code", "scopes": ["a", "b"], "opts": {"x": 1}, "on": True})
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.content == b"grant=code&scopes=a&scopes=b&opts=%7B%22x%22%3A1%7D&on=true"


def test_multipart_body_sends_files_as_files_and_fields_as_text() -> None:
    endpoint = Endpoint("POST", "/upload", body_flattened=True, content_type="multipart/form-data")
    body = {
        "file": ("a.txt", io.BytesIO(b"hello"), "text/plain"),
        "meta": {"k": 1},
        "note": NOT_GIVEN,
    }
    request = sent(endpoint, body, extra_body={"purpose": "test"})
    content = request.content.decode()
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert 'name="file"; filename="a.txt"' in content
    assert "Content-Type: text/plain" in content and "hello" in content
    assert 'name="meta"\r\n\r\n{"k":1}' in content
    assert 'name="purpose"\r\n\r\ntest' in content
    assert 'name="note"' not in content


def test_bytes_body_is_sent_as_it_is() -> None:
    endpoint = Endpoint("PUT", "/blob", body_type=bytes, content_type="application/octet-stream")
    request = sent(endpoint, b"\x00\x01")
    assert request.content == b"\x00\x01"
    assert request.headers["content-type"] == "application/octet-stream"


def test_extra_body_needs_an_object_body() -> None:
    endpoint = Endpoint("POST", "/tags", body_type=list[str])
    with pytest.raises(TypeError, match="extra_body"):
        encode_body(endpoint, ["a"], {"x": 1})

"""Request bodies: JSON, multipart/form-data with a file, x-www-form-urlencoded,
application/octet-stream and other binary types, and several content types on one operation."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from feature_harness import MODES, FeatureSet, Mode, json_of, multipart_parts, reply

# --------------------------------------------------------------------------------------- JSON


@pytest.mark.parametrize("mode", MODES)
async def test_json_object_body_is_flattened_into_arguments(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("body_json")
    _, request = await f.acall(
        mode, "createNote", title="T", tags=["a", "b"], meta={"pinned": True}
    )
    assert request.method == "POST"
    assert request.url.path == "/notes"
    assert request.headers["content-type"] == "application/json"
    assert json_of(request) == {"title": "T", "tags": ["a", "b"], "meta": {"pinned": True}}


def test_json_body_leaves_out_arguments_not_given(features: FeatureSet) -> None:
    f = features.feature("body_json")
    _, request = f.call("createNote", title="T")
    assert json_of(request) == {"title": "T"}


def test_json_array_body_is_one_argument(features: FeatureSet) -> None:
    f = features.feature("body_json")
    _, request = f.call("replaceNoteTags", "n1", body=["x", "y"])
    assert (request.method, request.url.path) == ("PUT", "/notes/n1/tags")
    assert json_of(request) == ["x", "y"]


def test_json_vendor_media_type_is_sent_as_declared(features: FeatureSet) -> None:
    f = features.feature("body_json")
    _, request = f.call("createDocument", name="D")
    assert request.headers["content-type"] == "application/vnd.api+json"
    assert json_of(request) == {"name": "D"}


# ---------------------------------------------------------------------------------- multipart


MULTIPART_AS_URLENCODED = (
    "a multipart/form-data upload is sent as application/x-www-form-urlencoded: the body is "
    "dumped with model_dump(mode='json'), which turns the bytes of `file` into text, so no "
    "part is a file (file=hello%00world&...), and bytes that are not UTF-8 raise "
    "UnicodeDecodeError; expected a multipart body with a file part"
)


@pytest.mark.parametrize("mode", MODES)
async def test_multipart_sends_the_file_and_the_fields(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("body_multipart")
    data = b"\x89PNG\r\n\x00\xff"
    upload, request = await f.acall(
        mode,
        "createUpload",
        file=data,
        description="greeting",
        count=2,
        answer=reply(201, {"id": "u1"}),
    )
    parts = multipart_parts(request)
    assert sorted(parts) == ["count", "description", "file"]
    filename, _, content = parts["file"]
    assert content == data
    assert filename, "a file part needs a filename to be treated as a file upload"
    assert parts["description"] == (None, None, b"greeting")
    assert parts["count"] == (None, None, b"2")
    assert upload.id == "u1"


def test_multipart_file_with_a_filename_and_content_type(features: FeatureSet) -> None:
    f = features.feature("body_multipart")
    _, request = f.call(
        "createUpload", file=("report.csv", b"a,b\n", "text/csv"), answer=reply(201, {"id": "u1"})
    )
    assert multipart_parts(request)["file"] == ("report.csv", "text/csv", b"a,b\n")


def test_multipart_file_from_a_binary_file_object(features: FeatureSet) -> None:
    f = features.feature("body_multipart")
    _, request = f.call(
        "createUpload", file=io.BytesIO(b"streamed"), answer=reply(201, {"id": "u1"})
    )
    assert multipart_parts(request)["file"][2] == b"streamed"


# ------------------------------------------------------------------------------- urlencoded


def test_form_urlencoded_body(features: FeatureSet) -> None:
    f = features.feature("body_form")
    token, request = f.call(
        "createToken",
        grant_type="password",
        username="u",
        password="p w&x",
        remember=True,
        answer=reply(200, {"access_token": "t"}),
    )
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.content == b"grant_type=password&username=u&password=p+w%26x&remember=true"
    assert token.access_token == "t"


def test_form_urlencoded_array_is_exploded(features: FeatureSet) -> None:
    f = features.feature("body_form")
    _, request = f.call(
        "createToken",
        grant_type="client_credentials",
        username="u",
        scope=["read", "write"],
        answer=reply(200, {"access_token": "t"}),
    )
    assert parse_qsl(request.content.decode()) == [
        ("grant_type", "client_credentials"),
        ("username", "u"),
        ("scope", "read"),
        ("scope", "write"),
    ]


# ------------------------------------------------------------------------------------ binary


@pytest.mark.parametrize("mode", MODES)
async def test_octet_stream_body_is_sent_as_is(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("body_octet")
    data = bytes(range(256))
    stored, request = await f.acall(
        mode, "putBlob", "a.bin", body=data, answer=reply(200, {"size": 256})
    )
    assert (request.method, request.url.path) == ("PUT", "/blobs/a.bin")
    assert request.headers["content-type"] == "application/octet-stream"
    assert request.content == data
    assert stored.size == 256


@pytest.mark.parametrize("mode", MODES)
async def test_a_binary_body_takes_a_path_or_a_binary_file(
    features: FeatureSet, mode: Mode, tmp_path: Path
) -> None:
    """A whole request body that is a file (a binary schema): a path is read, a binary file
    object is read, and the bytes are the body (never the path's text, never JSON)."""
    f = features.feature("spelling_edges")
    image = tmp_path / "scan.pdf"
    image.write_bytes(b"%PDF-1.7 \x00\xff")
    _, request = await f.acall(mode, "postFile", body=image, answer=reply(200, {"kind": "a"}))
    assert request.content == b"%PDF-1.7 \x00\xff"
    with image.open("rb") as handle:
        _, request = await f.acall(mode, "postFile", body=handle, answer=reply(200, {"kind": "a"}))
    assert request.content == b"%PDF-1.7 \x00\xff"
    with image.open("r") as text, pytest.raises(f.module.RequestTypeError):
        await f.acall(mode, "postFile", body=text)


def test_other_binary_media_type_is_sent_with_its_content_type(features: FeatureSet) -> None:
    f = features.feature("body_octet")
    _, request = f.call("createImage", body=b"\x89PNG\r\n")
    assert request.headers["content-type"] == "image/png"
    assert request.content == b"\x89PNG\r\n"


# ------------------------------------------------------------------------ several content types


def test_several_content_types_prefer_json(features: FeatureSet) -> None:
    f = features.feature("body_multi_content")
    _, request = f.call("createMessage", text="hi", urgent=True)
    assert request.headers["content-type"] == "application/json"
    assert json_of(request) == {"text": "hi", "urgent": True}


def test_text_plain_body_is_sent_as_text(features: FeatureSet) -> None:
    f = features.feature("body_multi_content")
    answer = reply(200, content=b"hello", headers={"content-type": "text/plain"})
    echoed, request = f.call("createEcho", body="hello", answer=answer)
    assert request.headers["content-type"].startswith("text/plain")
    assert request.content == b"hello"
    assert echoed == "hello"


def test_text_plain_body_is_typed_str(features: FeatureSet) -> None:
    f = features.feature("body_multi_content")
    annotation = str(f.signature("createEcho").parameters["body"].annotation)
    assert "str" in annotation.replace("NotGiven", "").split(" | ")

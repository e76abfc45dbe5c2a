"""Multipart file uploads (issue 15): a binary field takes a path (opened and streamed, the file
name from the path), bytes, a binary file object or (filename, content[, content type]); a
`str` is a TypeError naming the argument, never a form field; arrays of files; a multipart body
without a file is still multipart. Sync and async, through `httpx.MockTransport`."""

from __future__ import annotations

import email.parser
import email.policy
import io
from pathlib import Path

import httpx
import pytest
from feature_harness import MODES, FeatureSet, Mode, Recorder, reply

CREATED = reply(201, {"id": "u1"})


def parts_of(request: httpx.Request) -> list[tuple[str, str | None, str | None, bytes]]:
    """Every multipart part in order: (name, filename, content type, content)."""
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data"), content_type
    raw = f"Content-Type: {content_type}\r\n\r\n".encode() + request.content
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    parts = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        parts.append(
            (
                str(part.get_param("name", header="content-disposition")),
                part.get_filename(),
                part.get("content-type"),
                payload if isinstance(payload, bytes) else b"",
            )
        )
    return parts


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.csv"
    path.write_bytes(b"a,b\n1,2\n")
    return path


@pytest.mark.parametrize("mode", MODES)
async def test_a_path_uploads_the_file(features: FeatureSet, mode: Mode, report: Path) -> None:
    f = features.feature("multipart_files")
    upload, request = await f.acall(mode, "uploadDocument", file=report, title="Q1", answer=CREATED)
    assert parts_of(request) == [
        ("title", None, None, b"Q1"),
        ("file", "report.csv", "text/csv", b"a,b\n1,2\n"),
    ]
    assert upload.id == "u1"


@pytest.mark.parametrize("mode", MODES)
async def test_a_path_is_sent_again_whole_on_a_retry(
    features: FeatureSet, mode: Mode, report: Path
) -> None:
    f = features.feature("multipart_files")
    answers = [reply(503), CREATED]

    def unavailable_then_created(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)(request)

    recorder = Recorder(unavailable_then_created)
    client = f.client(recorder, mode, max_retries=1)
    result = f.method(client, "uploadDocument")(file=report)
    if mode == "async":
        result = await result
    first, second = recorder.requests
    assert parts_of(first) == parts_of(second)
    assert parts_of(second)[0][3] == b"a,b\n1,2\n"


@pytest.mark.parametrize("mode", MODES)
async def test_a_str_for_a_file_is_a_type_error(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("multipart_files")
    recorder = Recorder(CREATED)
    client = f.client(recorder, mode)
    with pytest.raises(TypeError, match=r"\bfile\b.*str.*Path"):
        result = f.method(client, "uploadDocument")(file="report.csv")
        if mode == "async":
            await result
    assert recorder.requests == []


def test_a_str_in_an_array_of_files_is_a_type_error(features: FeatureSet) -> None:
    f = features.feature("multipart_files")
    with pytest.raises(TypeError, match=r"\bphotos\b"):
        f.call("uploadAlbum", photos=[b"png", "b.png"], answer=CREATED)


def test_tuples_name_the_file_and_may_hold_a_path(features: FeatureSet, report: Path) -> None:
    f = features.feature("multipart_files")
    _, request = f.call("uploadDocument", file=("data.txt", report), answer=CREATED)
    assert parts_of(request) == [("file", "data.txt", "text/plain", b"a,b\n1,2\n")]
    _, request = f.call(
        "uploadDocument", file=("data.bin", b"\x00\xff", "application/x-thing"), answer=CREATED
    )
    assert parts_of(request) == [("file", "data.bin", "application/x-thing", b"\x00\xff")]


def test_bytes_and_file_objects_still_upload(features: FeatureSet) -> None:
    f = features.feature("multipart_files")
    _, request = f.call("uploadDocument", file=b"raw", answer=CREATED)
    ((name, filename, _, content),) = parts_of(request)
    assert (name, content) == ("file", b"raw")
    assert filename
    _, request = f.call("uploadDocument", file=io.BytesIO(b"streamed"), answer=CREATED)
    assert parts_of(request)[0][3] == b"streamed"


@pytest.mark.parametrize("mode", MODES)
async def test_an_array_of_files(features: FeatureSet, mode: Mode, report: Path) -> None:
    f = features.feature("multipart_files")
    _, request = await f.acall(
        mode,
        "uploadAlbum",
        photos=[report, b"png", ("c.png", io.BytesIO(b"c"), "image/png")],
        caption="trip",
        answer=CREATED,
    )
    parts = parts_of(request)
    assert parts[0] == ("caption", None, None, b"trip")
    assert [(n, fn, c) for n, fn, _, c in parts[1:]] == [
        ("photos", "report.csv", b"a,b\n1,2\n"),
        ("photos", "upload", b"png"),
        ("photos", "c.png", b"c"),
    ]
    assert parts[3][2] == "image/png"


@pytest.mark.parametrize("mode", MODES)
async def test_multipart_without_a_file_is_still_multipart(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("multipart_files")
    _, request = await f.acall(mode, "createNote", text="hello", answer=CREATED)
    assert parts_of(request) == [("text", None, None, b"hello")]


def test_the_signature_takes_paths(features: FeatureSet) -> None:
    f = features.feature("multipart_files")
    assert "FileTypes" in str(f.signature("uploadDocument").parameters["file"].annotation)
    assert "Sequence[FileTypes]" in str(f.signature("uploadAlbum").parameters["photos"].annotation)


def test_the_readme_shows_a_path_and_explains_file_arguments(features: FeatureSet) -> None:
    f = features.feature("multipart_files")
    readme = (features.out / f.module.__name__ / "README.md").read_text("utf-8")
    assert (
        'from pathlib import Path\n\nresult = client.documents.upload(\n    file=Path("file"),'
        in (readme)
    )
    assert 'photos=[Path("photos")],' in readme
    assert "## File uploads" in readme
    assert 'file="file"' not in readme


def test_a_missing_file_fails_before_anything_is_sent(features: FeatureSet, tmp_path: Path) -> None:
    f = features.feature("multipart_files")
    recorder = Recorder(CREATED)
    client = f.client(recorder)
    with pytest.raises(FileNotFoundError):
        f.method(client, "uploadDocument")(file=tmp_path / "missing.csv")
    assert recorder.requests == []


def test_a_tuple_of_strings_for_a_text_field_is_no_file(features: FeatureSet) -> None:
    f = features.feature("multipart_files")
    _, request = f.call("uploadDocument", file=b"x", title=("a", "b"), answer=CREATED)
    assert [part for part in parts_of(request) if part[0] == "title"] == [
        ("title", None, None, b"a"),
        ("title", None, None, b"b"),
    ]

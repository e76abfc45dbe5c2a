"""Requests: values to wire data, path and query encoding, header checks, the request body
(JSON, form, multipart with files)."""

from __future__ import annotations

import datetime as _dt
import enum
import io
import json
import os
import uuid as _uuid
from collections.abc import Mapping
from typing import IO, Any
from urllib.parse import quote, quote_plus

import pydantic

from ._errors import RequestTypeError, RequestValidationError
from ._models import _adapter, _base64_encode
from ._types import Body, Endpoint, NotGiven, WireKeys


def to_wire(value: object) -> Any:
    """Plain JSON data for a value given to a request (models by their API field names)."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return _base64_encode(bytes(value))  # bytes in JSON or text: `format: byte`
    if isinstance(value, Mapping):
        return {str(k): to_wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_wire(v) for v in value]
    return value


def _text_value(value: object) -> str:
    """A value as path, header or query text (arrays and objects in the `simple` style)."""
    value = to_wire(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(_text_value(item) for item in value)
    if isinstance(value, dict):
        return ",".join(f"{key},{_text_value(item)}" for key, item in value.items())
    return str(value)


def _check_header_value(name: str, value: str) -> str:
    if not name or any(char in name for char in "\r\n\x00:"):
        raise RequestValidationError(
            f"header name {name!r} is not a valid name; refusing to send it"
        )
    if "\r" in value or "\n" in value or "\x00" in value:
        raise RequestValidationError(
            f"header {name!r} contains a line break or NUL; refusing to send it"
        )
    return value


def _set_headers(target: dict[str, str], new: Mapping[str, str]) -> None:
    """Set headers, replacing those of the same name in any case: no header is sent twice."""
    for name, value in new.items():
        lower = name.lower()
        for existing in [key for key in target if key.lower() == lower]:
            del target[existing]
        target[name] = value


def build_path(template: str, values: Mapping[str, object]) -> str:
    """Fill `{name}` placeholders; each value is percent-encoded whole ('/' included)."""
    path = template
    for name, value in values.items():
        text = _text_value(value)
        if text == "":
            raise RequestValidationError(f"path parameter {name!r} must not be empty")
        wire = to_wire(value)
        if isinstance(wire, list):  # simple style: items encoded one by one, comma-separated
            encoded = ",".join(quote(_text_value(item), safe="") for item in wire)
        else:
            encoded = quote(text, safe="")
        path = path.replace("{" + name + "}", encoded)
    # A value that makes a whole segment '.' or '..' would be resolved away as a dot segment
    # (changing the path); the encoded form names the same resource and stays put.
    return "/".join(
        segment.replace(".", "%2E") if segment in (".", "..") else segment
        for segment in path.split("/")
    )


def _with_wire_keys(value: object, keys: WireKeys) -> object:
    """A TypedDict (keyed by attribute names) keyed by the API's property names instead, through
    lists and nested TypedDicts; models (already sent by their aliases) and keys not listed are
    left as they are."""
    if isinstance(value, Mapping):
        renamed: dict[object, object] = {}
        for key, item in value.items():
            entry = keys.get(key) if isinstance(key, str) else None
            if entry is None:
                renamed[key] = item
            else:
                renamed[entry[0]] = _with_wire_keys(item, entry[1]) if entry[1] else item
        return renamed
    if isinstance(value, (list, tuple)):
        return [_with_wire_keys(item, keys) for item in value]
    return value


def _quote_query(text: str) -> str:
    """A query name or value percent-encoded as httpx encodes one (space as `+`): no character
    of it can be taken for a separator."""
    return quote_plus(text, safe="")


_DELIMITERS = {"spaceDelimited": ("%20", " "), "pipeDelimited": ("%7C", "|")}
"""Style -> (delimiter as sent, the character it stands for)."""


def _joined(name: str, style: str, texts: list[str]) -> str:
    """Items joined by the style's delimiter, as in the OpenAPI style examples: a literal comma
    for form (`1,2,3`: an item's own comma is sent as %2C), %20 for spaceDelimited and %7C for
    pipeDelimited. Those two have no escape for their delimiter (encoded, it reads the same as
    the separator), so an item containing it is refused rather than sent as two items."""
    delimiter, character = _DELIMITERS.get(style, (",", ","))
    if character != ",":
        for text in texts:
            if character in text:
                raise RequestValidationError(
                    f"query parameter {name!r} ({style}) cannot send {text!r}: "
                    f"{character!r} is the style's delimiter"
                )
    return delimiter.join(_quote_query(text) for text in texts)


def encode_query(
    params: Mapping[str, object],
    styles: Mapping[str, tuple[str, bool]],
    keys: Mapping[str, WireKeys],
) -> list[str]:
    """The `name=value` pieces of the query string, by each parameter's style (form/explode by
    default). Every name, key and value is percent-encoded whole; only the separators of the
    style are written as the OpenAPI style examples write them: `ids=1,2,3`, `box=x,1,y,2`,
    `words=a%20b`, `codes=a%7Cb`, `filter%5BR%5D=100`."""
    pieces: list[str] = []
    for name, raw in params.items():
        if isinstance(raw, NotGiven):
            continue
        style, explode = styles.get(name, ("form", True))
        wire_keys = keys.get(name)
        value = to_wire(_with_wire_keys(raw, wire_keys) if wire_keys else raw)
        quoted = _quote_query(name)
        if isinstance(value, list):
            if explode and style == "form":
                pieces.extend(f"{quoted}={_quote_query(_text_value(item))}" for item in value)
            else:
                pieces.append(f"{quoted}={_joined(name, style, [_text_value(v) for v in value])}")
        elif isinstance(value, dict):
            if style == "deepObject":
                pieces.extend(
                    f"{quoted}%5B{_quote_query(str(k))}%5D={_quote_query(_text_value(v))}"
                    for k, v in value.items()
                )
            elif explode:
                pieces.extend(
                    f"{_quote_query(str(k))}={_quote_query(_text_value(v))}"
                    for k, v in value.items()
                )
            else:
                texts = [text for k, v in value.items() for text in (str(k), _text_value(v))]
                pieces.append(f"{quoted}={_joined(name, style, texts)}")
        else:
            pieces.append(f"{quoted}={_quote_query(_text_value(value))}")
    return pieces


def _is_file(value: object) -> bool:
    """bytes, a binary file object, a path, or (filename, content[, content type]) of those
    (a tuple of other values, such as strings for an array, is no file)."""
    if isinstance(value, tuple):
        return len(value) in (2, 3) and _is_file(value[1]) and not isinstance(value[1], tuple)
    return isinstance(value, (bytes, bytearray, os.PathLike)) or hasattr(value, "read")


class _PathFile:
    """A file to upload named by its path: opened when first read, read in chunks by httpx,
    closed once read to the end, and opened again if a retry rewinds it. Its length comes
    from the file system, so nothing is opened before the request is sent."""

    def __init__(self, path: os.PathLike[str]) -> None:
        self.name = os.fspath(path)
        self._file: IO[bytes] | None = None
        self._position = 0
        os.stat(self.name)  # a missing file fails the call before anything is sent

    def tell(self) -> int:
        return self._file.tell() if self._file is not None else self._position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if self._file is not None:
            return self._file.seek(offset, whence)
        if whence == os.SEEK_END:
            offset += os.path.getsize(self.name)
        elif whence == os.SEEK_CUR:
            offset += self._position
        self._position = offset
        return offset

    def read(self, size: int = -1) -> bytes:
        if self._file is None:
            self._file = open(self.name, "rb")  # noqa: SIM115 - closed at the end of the file
            self._file.seek(self._position)
        data = self._file.read(size)
        if not data or size < 0:
            self._position = self._file.tell()
            self._file.close()
            self._file = None
        return data


def _file_content(argument: str, value: object) -> Any:
    """Content of a file to upload, as httpx takes it; a TypeError for anything else."""
    if isinstance(value, os.PathLike):
        return _PathFile(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if hasattr(value, "read") and not isinstance(value, str):
        return value
    hint = (
        f"; to upload the file at that path, pass pathlib.Path({value[:200]!r})"
        if isinstance(value, str)
        else ""
    )
    raise RequestTypeError(
        f"{argument}: a file to upload is bytes, a binary file object, an os.PathLike path or "
        f"(filename, content[, content type]), not {type(value).__name__}{hint}"
    )


def _whole_file(value: Any) -> bytes:
    """The bytes of a file given as the whole request body (a path, or a binary file object)."""
    if isinstance(value, os.PathLike):
        with open(value, "rb") as file:
            return file.read()
    data = None if isinstance(value, io.TextIOBase) else value.read()
    if not isinstance(data, (bytes, bytearray)):
        raise RequestTypeError("a file given as the request body must be opened in binary mode")
    return bytes(data)


def _upload(argument: str, value: object) -> Any:
    """One file to upload, as httpx takes it: content, or (filename, content[, type])."""
    if isinstance(value, tuple) and len(value) in (2, 3):
        filename, content, *content_type = value
        if filename is not None and not isinstance(filename, str):
            raise RequestTypeError(
                f"{argument}: the filename of a file tuple must be a str or None"
            )
        if isinstance(content, os.PathLike) and filename is None:
            filename = os.path.basename(os.fspath(content))
        return (filename, _file_content(argument, content), *content_type)
    return _file_content(argument, value)


class _Multipart(list[tuple[str, Any]]):
    """Files for httpx that make the body multipart even when there are none (httpx sends a
    body without files as a urlencoded form)."""

    def __bool__(self) -> bool:
        return True


def _multipart_files(
    endpoint: Endpoint, given: Mapping[str, object]
) -> tuple[_Multipart, set[str]]:
    """The file parts of a multipart body in order (an array of files is one part per file),
    and the keys they take. A declared binary field must hold files; an undeclared field
    holding bytes, a file object or a path is sent as a file too."""
    files = _Multipart()
    taken: set[str] = set()
    for key, value in given.items():
        declared = endpoint.files.get(key)
        if declared is None:
            if _is_file(value):
                files.append((key, _upload(key, value)))
                taken.add(key)
            continue
        argument, is_array = declared
        if is_array and isinstance(value, (list, tuple)):
            files.extend((key, _upload(argument, item)) for item in value)
        else:
            files.append((key, _upload(argument, value)))
        taken.add(key)
    return files, taken


def _form_value(value: Any) -> Any:
    if isinstance(value, list) and not any(isinstance(item, (dict, list)) for item in value):
        return [_form_value(item) for item in value]  # repeated keys: a=1&a=2
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def encode_body(
    endpoint: Endpoint, body: object, extra_body: Body | None
) -> tuple[bytes | None, dict[str, Any] | None, list[tuple[str, Any]] | None, Any]:
    """(content, form data, files, JSON) for the request body."""
    content_type = endpoint.content_type or "application/json"
    if (
        endpoint.body_flattened
        and isinstance(body, Mapping)
        and content_type.startswith("multipart/")
    ):
        # Multipart: the keys are wire names; files stay files (never through JSON).
        given = {k: v for k, v in body.items() if not isinstance(v, NotGiven)}
        if not given and not endpoint.body_required and not extra_body:
            return None, None, None, None
        files, taken = _multipart_files(endpoint, given)
        fields = {**given, **(extra_body or {})}
        data = {k: _form_value(to_wire(v)) for k, v in fields.items() if k not in taken}
        return None, data, files, None
    if endpoint.body_flattened and isinstance(body, Mapping):
        given = {k: v for k, v in body.items() if not isinstance(v, NotGiven)}
        if not given and not endpoint.body_required and not extra_body:
            return None, None, None, None
        value: Any = _adapter(endpoint.body_type).validate_python(given)
    elif isinstance(body, NotGiven) or (body is None and endpoint.body_type is None):
        if not extra_body:
            return None, None, None, None
        value = {}
    elif isinstance(body, (bytes, bytearray)):
        return bytes(body), None, None, None
    elif _is_file(body) and not isinstance(body, tuple):  # a path or a file object
        return _whole_file(body), None, None, None
    elif endpoint.body_type is not None and endpoint.body_type not in (bytes, str):
        value = _adapter(endpoint.body_type).validate_python(body)
    else:
        value = body
    wire = to_wire(value)
    if extra_body:
        if not isinstance(wire, dict):
            raise RequestTypeError("extra_body needs an object request body")
        wire = {**wire, **to_wire(extra_body)}
    if content_type == "application/x-www-form-urlencoded":
        return None, {k: _form_value(v) for k, v in wire.items()}, None, None
    if isinstance(wire, str) and not content_type.endswith("json"):
        return wire.encode(), None, None, None
    return None, None, None, wire

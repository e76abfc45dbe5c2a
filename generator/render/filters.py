"""The escaping filters: spec text into the one output context each is for.

The environment is strict (an unknown name is an error) and does no HTML autoescaping; instead
spec text reaches the output only through a filter chosen for the context it lands in:
`pystr` (a string literal), `pyliteral` (a literal of JSON data), `docstring` (the body of a
triple-quoted docstring) and `comment` / `mdtext` (one line of a comment or of Markdown).
Identifiers and annotations in the model are derived, never raw spec text (a `Literal` value in
an annotation is already an escaped string literal), and are used as they are.
"""

from __future__ import annotations

import datetime
import json
import math
import re
import unicodedata
from collections.abc import Mapping
from pathlib import PurePosixPath

_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069"
    # the other bidi controls (ALM, LRM, RLM), invisible operators and deprecated format
    # controls, interlinear annotations
    r"\u061c\u200b\u200e\u200f\u2060-\u2064\u206a-\u206f\ufff9-\ufffb"
    # lone surrogates (JSON "\ud800"): they cannot even be written as UTF-8
    r"\ud800-\udfff]"
)


def clean_text(value: object) -> str:
    """Spec text without control characters (newlines and tabs kept), bidi controls or lone
    surrogates."""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).replace("\t", "    ")


def pystr(value: object) -> str:
    """A Python string literal holding `value` exactly (control characters escaped)."""
    text = str(value)
    literal = repr(text)
    if literal.startswith("'") and '"' not in text:
        literal = '"' + literal[1:-1].replace("\\'", "'") + '"'
    return literal


def pyliteral(value: object) -> str:
    """A Python literal for JSON-like data; anything else is refused, never pasted."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("non-finite number in spec data")
        return repr(float(value))
    if isinstance(value, str):
        return pystr(value)
    if isinstance(value, bytes):
        return repr(value)
    if isinstance(value, PurePosixPath):  # a file to upload, in an example call
        return f"Path({pystr(str(value))})"
    if isinstance(value, datetime.datetime):  # example calls (`import datetime`)
        return f"datetime.datetime({value.year}, {value.month}, {value.day}, tzinfo=datetime.timezone.utc)"
    if isinstance(value, datetime.date):
        return f"datetime.date({value.year}, {value.month}, {value.day})"
    if isinstance(value, datetime.time):
        return f"datetime.time({value.hour}, {value.minute})"
    if isinstance(value, tuple):
        members = [pyliteral(item) for item in value]
        return "(" + (f"{members[0]}," if len(members) == 1 else ", ".join(members)) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(pyliteral(item) for item in value) + "]"
    if isinstance(value, Mapping):
        items = ", ".join(f"{pystr(key)}: {pyliteral(item)}" for key, item in value.items())
        return "{" + items + "}"
    return pystr(str(value))


def docstring(value: object, indent: int = 4) -> str:
    """Text safe between triple double quotes: backslashes and quotes escaped, lines indented."""
    text = clean_text(value).strip()
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    # A bare quote at the end would run into the closing quotes: escape it. A final quote after
    # an odd run of backslashes is escaped already (as at the end of 'a"""' now): escaping it
    # again would un-escape it.
    if text.endswith('"'):
        body = text[:-1]
        if (len(body) - len(body.rstrip("\\"))) % 2 == 0:
            text = body + '\\"'
    pad = " " * indent
    lines = [line.rstrip() for line in text.split("\n")]
    # Blank lines get no indent (however many follow each other: no trailing whitespace).
    return "\n".join([lines[0], *(pad + line if line else "" for line in lines[1:])])


def comment(value: object) -> str:
    """One line of text safe in a `#` comment."""
    return " ".join(clean_text(value).split())


def mdtext(value: object) -> str:
    """Text for Markdown prose: control characters removed, HTML-sensitive characters escaped."""
    text = clean_text(value).strip()
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mdcode(value: object) -> str:
    """Text for inside a Markdown code span (backticks cannot end it, and it stays on one line:
    a line break would end a table row or the span, and what follows would be raw Markdown)."""
    return clean_text(value).replace("```", "'''").replace("`", "'").replace("\n", " ")


def mdcell(value: object) -> str:
    """Text for a code span inside a Markdown table cell (one line; `|` cannot end the cell)."""
    return " ".join(mdcode(value).split()).replace("|", "\\|")


def first_line(value: object) -> str:
    """The first sentence-ish line of a description."""
    text = clean_text(value).strip()
    return text.split("\n", 1)[0].strip()


def tomlstr(value: object) -> str:
    """A TOML basic string holding `value` (JSON string syntax is valid TOML)."""
    return json.dumps(clean_text(value), ensure_ascii=False)

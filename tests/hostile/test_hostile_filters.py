"""The escaping filters of generator/render/filters.py, one context each, on any text at all."""

from __future__ import annotations

import ast
import json
import math
import unicodedata

from hostile_harness import forbidden_characters
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.render.filters import (
    clean_text,
    comment,
    docstring,
    first_line,
    mdcode,
    mdtext,
    pyliteral,
    pystr,
)

DANGEROUS = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x00",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x85",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\u200e",
    "\u200f",
    "\u061c",
    "\ufeff",
    "\ud800",
    "\udc00",
    "{{",
    "}}",
    "{%",
    "`",
    "```",
    "|",
    "<",
    "#",
    " ",
    "é",
    "e\u0301",
    "名",
]
any_text = st.lists(
    st.one_of(st.sampled_from(DANGEROUS), st.text(alphabet=st.characters(codec=None), max_size=4)),
    max_size=12,
).map("".join)
"""Any text, surrogates included, with the characters that break contexts made likely."""

FILTER_SETTINGS = settings(max_examples=400, deadline=None, database=None)


def _docstring_of(source: str) -> str:
    function = ast.parse(source).body[0]
    assert isinstance(function, ast.FunctionDef)
    value = ast.get_docstring(function, clean=False)
    assert value is not None
    return value


@FILTER_SETTINGS
@given(any_text)
@example('"""')  # used to come out as \"\"\\" and end the docstring early
@example('a"""')
@example("ends with a backslash \\")
@example('x\\"')
def test_docstring_keeps_any_text_inside_the_docstring(text: str) -> None:
    for indent in (0, 4, 8):
        source = 'def f():\n    """' + docstring(text, indent) + '"""\n    return None\n'
        value = _docstring_of(source)  # parses, and the function still returns None
        expected = f"\n{' ' * indent}".join(
            line.rstrip() for line in clean_text(text).strip().split("\n")
        )
        assert value.replace(" ", "") == expected.replace(" ", "")
        assert forbidden_characters(source) == []
        compile(source, "<docstring>", "exec")


@FILTER_SETTINGS
@given(any_text)
def test_pystr_is_a_literal_of_exactly_the_text(text: str) -> None:
    literal = pystr(text)
    assert ast.literal_eval(literal) == text
    assert "\n" not in literal and "\r" not in literal
    assert forbidden_characters(literal) == []
    tree = ast.parse(f"x = {literal}")
    assert isinstance(tree.body[0], ast.Assign) and isinstance(tree.body[0].value, ast.Constant)


json_data = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        any_text,
        st.floats(allow_nan=False, allow_infinity=False),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(any_text, inner, max_size=3)
    ),
    max_leaves=8,
)


@FILTER_SETTINGS
@given(json_data)
def test_pyliteral_is_a_literal_of_exactly_the_data(data: object) -> None:
    literal = pyliteral(data)
    assert ast.literal_eval(literal) == data
    assert "\n" not in literal and forbidden_characters(literal) == []


def test_pyliteral_refuses_what_is_not_json() -> None:
    for value in (math.nan, math.inf, -math.inf):
        try:
            pyliteral(value)
        except ValueError:
            continue
        raise AssertionError(f"{value} was emitted")
    assert ast.literal_eval(pyliteral(object())).startswith("<object")  # a string, never code


@FILTER_SETTINGS
@given(any_text)
def test_comment_stays_on_its_line(text: str) -> None:
    line = comment(text)
    source = f"x = 1  # {line}\ny = 2\n"
    tree = ast.parse(source)
    assert len(tree.body) == 2
    assert len(source.splitlines()) == 2 and forbidden_characters(source) == []


@FILTER_SETTINGS
@given(any_text)
def test_markdown_filters_keep_their_context(text: str) -> None:
    span = mdcode(text)
    assert "\n" not in span and "`" not in span and forbidden_characters(span) == []
    prose = mdtext(text)
    assert "<" not in prose and ">" not in prose and forbidden_characters(prose) == []
    assert "\n" not in first_line(text)


@FILTER_SETTINGS
@given(any_text)
def test_clean_text_leaves_no_controls_bidi_or_surrogates(text: str) -> None:
    cleaned = clean_text(text)
    assert forbidden_characters(cleaned) == []
    assert all(unicodedata.category(c) != "Cs" for c in cleaned)
    cleaned.encode("utf-8")  # writable


def test_filters_on_the_payload_spec_values() -> None:
    """Every string of the payload spec through every filter (the values the specs use)."""
    from hostile_harness import SPECS

    strings: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, str):
            strings.append(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                strings.append(key)
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(json.loads((SPECS / "payloads.json").read_text()))
    for text in strings:
        assert ast.literal_eval(pystr(text)) == text
        _docstring_of('def f():\n    """' + docstring(text) + '"""\n')
        assert "\n" not in comment(text) and "\n" not in mdcode(text)

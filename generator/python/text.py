"""Annotation text helpers (string literal aware), used until the model spells types from structure."""

from __future__ import annotations

import re


def _code_parts(annotation: str) -> list[tuple[bool, str]]:
    """An annotation cut into (is a string literal, text) pieces: `Literal['a | b']` holds spec
    text, which name lookups, union splitting and rewrites must leave alone."""
    parts: list[tuple[bool, str]] = []
    start = 0
    index = 0
    while index < len(annotation):
        quote = annotation[index]
        if quote not in "'\"":
            index += 1
            continue
        if index > start:
            parts.append((False, annotation[start:index]))
        end = index + 1
        while end < len(annotation) and annotation[end] != quote:
            end += 2 if annotation[end] == "\\" else 1
        parts.append((True, annotation[index : end + 1]))
        index = start = end + 1
    if start < len(annotation):
        parts.append((False, annotation[start:]))
    return parts


def _names_in(annotation: str) -> set[str]:
    """The identifiers an annotation uses (not the words inside its string literals)."""
    return {
        name
        for is_string, text in _code_parts(annotation)
        if not is_string
        for name in _NAME.findall(text)
    }


def _rewrite_code(annotation: str, pattern: re.Pattern[str], replacement: str) -> str:
    """`pattern` replaced outside the annotation's string literals."""
    return "".join(
        text if is_string else pattern.sub(replacement, text)
        for is_string, text in _code_parts(annotation)
    )


def _union_parts(annotation: str) -> list[str]:
    """The members of a union annotation, split only outside brackets and string literals."""
    parts: list[str] = []
    depth = 0
    current = ""
    for is_string, text in _code_parts(annotation):
        if is_string:
            current += text
            continue
        start = 0
        for index, char in enumerate(text):
            if char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
            elif depth == 0 and text.startswith(" | ", index):
                parts.append(current + text[start:index])
                current = ""
                start = index + 3
        current += text[start:]
    parts.append(current)
    return parts


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

"""The change report as text (grouped by section, one line per change), Markdown (tables for a
pull request) or JSON (a sorted list of objects)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..errors import ClientgenError
from .changes import GROUPS, KINDS, Change, sort_key

FORMATS = ("text", "markdown", "json")


def render_changes(changes: Sequence[Change], fmt: str = "text") -> str:
    """The report as text (grouped, one line per change), Markdown (for a pull request) or
    JSON (a sorted list of {kind, breaking, location, message, old, new})."""
    ordered = sorted(changes, key=sort_key)
    if fmt == "json":
        return json.dumps([c.as_dict() for c in ordered], indent=2, sort_keys=True) + "\n"
    if fmt == "text":
        return _text(ordered)
    if fmt == "markdown":
        return _markdown(ordered)
    raise ClientgenError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _summary(changes: Sequence[Change]) -> str:
    breaking = sum(1 for c in changes if c.breaking)
    noun = "change" if len(changes) == 1 else "changes"
    return f"{len(changes)} API {noun}: {breaking} breaking, {len(changes) - breaking} non-breaking"


def _detail(change: Change) -> str:
    if change.old is not None and change.new is not None:
        return f"{change.message}: {change.old} -> {change.new}"
    value = change.new if change.new is not None else change.old
    return change.message if value is None else f"{change.message}: {value}"


def _text(changes: Sequence[Change]) -> str:
    if not changes:
        return "No API changes.\n"
    lines = [_summary(changes)]
    for group in GROUPS:
        members = [c for c in changes if KINDS[c.kind][0] == group]
        if not members:
            continue
        lines.extend(["", f"{group}:"])
        for change in members:
            mark = "BREAKING" if change.breaking else "-"
            lines.append(f"  {mark:<8}  {change.location}: {_detail(change)}")
    return "\n".join(lines) + "\n"


def _cell(text: str | None, *, code: bool = False) -> str:
    if text is None or text == "":
        return ""
    text = " ".join(text.split()).replace("|", "\\|")
    if code:
        return "`" + text.replace("`", "'") + "`"
    return text.replace("`", "\\`")


def _markdown(changes: Sequence[Change]) -> str:
    if not changes:
        return "No API changes.\n"
    breaking = [c for c in changes if c.breaking]
    compatible = [c for c in changes if not c.breaking]
    lines = [f"**{_summary(changes)}**"]
    for title, members in (("Breaking changes", breaking), ("Non-breaking changes", compatible)):
        if not members:
            continue
        lines.extend(
            [
                "",
                f"### {title} ({len(members)})",
                "",
                "| Area | Location | Change | Old | New |",
                "| --- | --- | --- | --- | --- |",
            ]
        )
        for change in members:
            lines.append(
                "| "
                + " | ".join(
                    [
                        KINDS[change.kind][0],
                        _cell(change.location, code=True),
                        _cell(change.message),
                        _cell(change.old, code=True),
                        _cell(change.new, code=True),
                    ]
                )
                + " |"
            )
    return "\n".join(lines) + "\n"

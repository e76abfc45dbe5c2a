"""Issue 15: `to_dict()` and `to_json()` of the runtime's models, with `by_alias` (default
True), `exclude_unset` (default True), `exclude_none` and (JSON) `indent`; pydantic's own API
unchanged underneath."""

from __future__ import annotations

import json

import pydantic

from generator.runtime import BaseModel


class Note(BaseModel):
    note_text: str = pydantic.Field(alias="noteText")
    pinned: bool | None = None
    tags: list[str] = pydantic.Field(default_factory=list)


def test_defaults_are_the_api_view() -> None:
    note = Note.model_validate({"noteText": "hi", "extra": 1})
    assert note.to_dict() == {"noteText": "hi", "extra": 1}
    assert note.to_json() == '{"noteText":"hi","extra":1}'


def test_by_alias_false_uses_python_names() -> None:
    note = Note(note_text="hi")
    assert note.to_dict(by_alias=False) == {"note_text": "hi"}
    assert note.to_json(by_alias=False) == '{"note_text":"hi"}'


def test_exclude_unset_false_includes_defaults() -> None:
    note = Note(note_text="hi")
    assert note.to_dict(exclude_unset=False) == {"noteText": "hi", "pinned": None, "tags": []}
    assert note.to_dict(exclude_unset=False, exclude_none=True) == {"noteText": "hi", "tags": []}


def test_to_json_indent() -> None:
    note = Note(note_text="hi", pinned=True)
    text = note.to_json(indent=2)
    assert text == '{\n  "noteText": "hi",\n  "pinned": true\n}'
    assert json.loads(text) == note.to_dict()


def test_pydantic_api_unchanged() -> None:
    note = Note(note_text="hi")
    assert note.model_dump() == {"note_text": "hi", "pinned": None, "tags": []}
    assert note.model_dump_json(by_alias=True, exclude_unset=True) == '{"noteText":"hi"}'

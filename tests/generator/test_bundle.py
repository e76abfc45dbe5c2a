"""Bundling a spec split over several files (generator/spec/bundle.py), as units."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.errors import SpecError
from generator.spec.bundle import bundle
from generator.spec.load import load_spec

ROOT = """\
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /a:
    $ref: 'a.yaml'
"""


def _bundle(directory: Path) -> object:
    root = directory / "root.yaml"
    return bundle(load_spec(root, "root.yaml"), root)


def test_a_document_without_other_files_is_returned_as_it_is(tmp_path: Path) -> None:
    root = tmp_path / "root.yaml"
    root.write_text(ROOT.replace("$ref: 'a.yaml'", "get: {responses: {'200': {description: x}}}"))
    spec = load_spec(root, "root.yaml")
    assert bundle(spec, root) is spec


def test_the_sha256_covers_the_other_files(tmp_path: Path) -> None:
    (tmp_path / "root.yaml").write_text(ROOT)
    (tmp_path / "a.yaml").write_text("get: {responses: {'200': {description: x}}}\n")
    first = load_spec(tmp_path / "root.yaml")
    bundled = bundle(first, tmp_path / "root.yaml")
    assert bundled.sha256 != first.sha256
    assert [name for name, _ in bundled.files] == ["a.yaml"]
    (tmp_path / "a.yaml").write_text("get: {responses: {'200': {description: y}}}\n")
    again = bundle(load_spec(tmp_path / "root.yaml"), tmp_path / "root.yaml")
    assert again.sha256 != bundled.sha256


def test_a_warning_in_a_copied_part_names_the_file_it_comes_from(tmp_path: Path) -> None:
    (tmp_path / "root.yaml").write_text(ROOT)
    (tmp_path / "a.yaml").write_text("get:\n  responses:\n    '200': {description: x}\n")
    spec = bundle(load_spec(tmp_path / "root.yaml", "root.yaml"), tmp_path / "root.yaml")
    warning = spec.warning("repaired", "m", "/paths/~1a/get/responses/200")
    assert warning.located() == "a.yaml:3:5: m (at #/get/responses/200)"


def test_references_that_multiply_copies_are_refused_quickly(tmp_path: Path) -> None:
    """Ten references to a file of ten references to a file of ten...: 10**7 copies."""
    (tmp_path / "root.yaml").write_text(ROOT)
    for level in range(8):
        target = f"l{level + 1}.yaml" if level < 7 else None
        body = "[" + ", ".join([f"{{$ref: '{target}#/x'}}"] * 10) + "]" if target else "[1, 2]"
        name = "a.yaml" if level == 0 else f"l{level}.yaml"
        (tmp_path / name).write_text(f"get: {{x: {body}}}\n" if level == 0 else f"x: {body}\n")
    started = time.monotonic()
    with pytest.raises(SpecError, match="expands to more than"):
        _bundle(tmp_path)
    assert time.monotonic() - started < 30

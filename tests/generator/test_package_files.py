"""The one manifest reader and the one atomic writer (generator/render/manifest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.render.manifest import MANIFEST, read_manifest, recorded_names, write_atomically
from generator.render.write import owned_files


def test_a_failed_atomic_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "cache" / "entry.json"
    write_atomically(target, "old")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(target, "new \udc80")  # a lone surrogate cannot be written as UTF-8
    assert target.read_text() == "old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["entry.json"]
    write_atomically(target, "new")
    assert target.read_text() == "new"


@pytest.mark.parametrize(
    "text", ["", "not json", "[1, 2]", '{"files": "x", "names": [1]}', '{"files": [1, "../x"]}']
)
def test_unreadable_or_odd_manifests_give_nothing(tmp_path: Path, text: str) -> None:
    (tmp_path / MANIFEST).write_text(text)
    manifest = read_manifest(tmp_path)
    assert manifest is None or isinstance(manifest, dict)
    assert recorded_names(tmp_path) == {}
    assert owned_files(tmp_path) <= {MANIFEST}


def test_a_manifest_is_read_once_for_every_use(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text('{"files": ["a.py", "/abs.py"], "names": {"k": "N"}}')
    assert read_manifest(tmp_path) == {"files": ["a.py", "/abs.py"], "names": {"k": "N"}}
    assert recorded_names(tmp_path) == {"k": "N"}
    assert owned_files(tmp_path) == {"a.py", MANIFEST}
    assert read_manifest(tmp_path / "missing") is None

"""The caches are not trusted (issue 20): every entry, of the format cache and of the package
cache, carries a hash of its content that is checked on read. An entry that is truncated,
emptied or changed (even into other valid JSON) is a miss and is removed, and never ends up in
a generated package; a cache write that fails leaves no temporary file behind.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_harness import PYTHON, ROOT, snapshot

from generator.render import cache as package_cache
from generator.render.format import FormatCache
from generator.render.manifest import GeneratedPackage

SPEC = """\
openapi: 3.0.3
info: {title: Cached, version: '1.0'}
servers: [{url: 'https://api.example.test'}]
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        name: {type: string}
        size: {type: integer}
"""

UNFORMATTED = "x = [1,\n  2]\n"
FORMATTED = "x = [1, 2]\n"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", str(directory))
    monkeypatch.delenv("CLIENTGEN_NO_CACHE", raising=False)
    return directory


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _empty(data: bytes) -> bytes:
    return b""


def _format_byte(data: bytes) -> bytes:
    """One character of the formatted text changed (the entry still reads as text)."""
    index = data.rindex(b"2")
    return data[:index] + b"3" + data[index + 1 :]


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "truncated": _truncate,
    "emptied": _empty,
    "one byte changed": _format_byte,
}


def _only_file(directory: Path) -> Path:
    files = [p for p in directory.rglob("*") if p.is_file()]
    assert len(files) == 1, files
    return files[0]


@pytest.mark.parametrize("corrupt", CORRUPTIONS)
def test_a_corrupt_format_cache_entry_is_a_miss_and_is_removed(
    cache_dir: Path, corrupt: str
) -> None:
    cache = FormatCache.from_environment()
    cache.put(UNFORMATTED, FORMATTED)
    assert cache.get(UNFORMATTED) == FORMATTED
    entry = _only_file(cache_dir / "format")
    entry.write_bytes(CORRUPTIONS[corrupt](entry.read_bytes()))
    assert cache.get(UNFORMATTED) is None
    assert not entry.exists()


def _package() -> GeneratedPackage:
    return GeneratedPackage(
        package="pkg",
        files={"__init__.py": b"x = 1\n", "_client.py": b"class Client: ...\n"},
        spec_sha256="ab" * 32,
        spec_version="1.0",
    )


def _change_a_file_in_the_json(data: bytes) -> bytes:
    """Still valid JSON, and still base64: one module's bytes are other bytes."""
    text = data.decode()
    start = text.index("{")
    entry = json.loads(text[start:])
    entry["files"]["__init__.py"] = "eCA9IDIK"  # 'x = 2\n'
    return (text[:start] + json.dumps(entry)).encode()


PACKAGE_CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "truncated": _truncate,
    "emptied": _empty,
    "one module changed, valid JSON": _change_a_file_in_the_json,
}


@pytest.mark.parametrize("corrupt", PACKAGE_CORRUPTIONS)
def test_a_corrupt_package_cache_entry_is_a_miss_and_is_removed(
    cache_dir: Path, corrupt: str
) -> None:
    key = "0" * 64
    package_cache.store(key, _package())
    assert package_cache.load(key) == _package()
    entry = _only_file(cache_dir / "packages")
    entry.write_bytes(PACKAGE_CORRUPTIONS[corrupt](entry.read_bytes()))
    assert package_cache.load(key) is None
    assert not entry.exists()


def _generate(spec: Path, out: Path, cache_dir: Path) -> None:
    result = subprocess.run(
        [PYTHON, "-m", "generator", "generate", str(spec), "-o", str(out), "--package", "cached"],
        cwd=ROOT,
        env={**os.environ, "CLIENTGEN_CACHE_DIR": str(cache_dir), "CLIENTGEN_NO_CACHE": ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_truncated_format_cache_entries_never_reach_a_generated_package(tmp_path: Path) -> None:
    """The run the issue describes: every format-cache entry truncated and the package cache
    gone; the next run formats afresh and writes exactly what the first one did."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC)
    cache_dir = tmp_path / "cache"
    _generate(spec, tmp_path / "first", cache_dir)
    entries = [p for p in (cache_dir / "format").rglob("*") if p.is_file()]
    assert entries
    for entry in entries:
        entry.write_bytes(_truncate(entry.read_bytes()))
    for entry in (cache_dir / "packages").iterdir():
        entry.unlink()
    _generate(spec, tmp_path / "second", cache_dir)
    assert snapshot(tmp_path / "second") == snapshot(tmp_path / "first")


def _no_space(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_cache_write_whose_rename_fails_leaves_no_temporary_file(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = FormatCache.from_environment()
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", _no_space)
        cache.put(UNFORMATTED, FORMATTED)  # a cache that cannot be written is only slower
        package_cache.store("1" * 64, _package())
    assert cache_dir.exists()
    assert [p for p in cache_dir.rglob("*") if p.is_file()] == []
    assert cache.get(UNFORMATTED) is None and package_cache.load("1" * 64) is None


FULL_DISK = """
import resource, signal, sys
from generator.render import cache
from generator.render.format import FormatCache
from generator.render.manifest import GeneratedPackage

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (16, 16))
FormatCache.from_environment().put("x = [1,\\n 2]\\n", "x = [1, 2]\\n" * 10)
package = GeneratedPackage("pkg", {"a.py": b"x = 1\\n" * 10}, "ab" * 32, "1.0")
cache.store("1" * 64, package)
print("survived")
"""


def test_a_cache_write_on_a_full_disk_leaves_no_temporary_file(cache_dir: Path) -> None:
    """Writes fail part-way (a file size limit stands in for a full disk)."""
    result = subprocess.run(
        [PYTHON, "-c", FULL_DISK],
        cwd=ROOT,
        env={**os.environ, "CLIENTGEN_CACHE_DIR": str(cache_dir)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and "survived" in result.stdout, result.stderr
    assert cache_dir.exists()
    assert [p for p in cache_dir.rglob("*") if p.is_file()] == []


FULL_OUTPUT_DISK = """
import resource, signal, sys
from generator.cli import main

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
main(sys.argv[1:])
"""


def test_a_full_disk_is_one_line_naming_the_file_and_keeps_the_old_package(
    tmp_path: Path,
) -> None:
    """A write of the package that fails part-way (a file size limit stands in for a full
    disk): exit 2, one line naming the file it could not write, no temporary file, and the
    package generated before left as it was."""
    out = tmp_path / "out"

    def generate(spec: str, *python: str) -> subprocess.CompletedProcess[str]:
        arguments = ["generate", str(ROOT / "specs" / spec), "-o", str(out), "--package", "p"]
        return subprocess.run(
            [PYTHON, *python, *arguments, "--no-cache"],
            cwd=ROOT,
            env={k: v for k, v in os.environ.items() if k != "CLIENTGEN_DEBUG"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert generate("polyai.yaml", "-m", "generator").returncode == 0
    before = snapshot(out)
    result = generate("uponai.yaml", "-c", FULL_OUTPUT_DISK)
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"clientgen: error: cannot write {out / 'p'}/"), lines[0]
    assert "File too large" in lines[0], lines[0]
    assert snapshot(out) == before
    assert list(tmp_path.rglob("*.tmp")) == []

"""Broken and oversized input: exit 2, one line naming the file and the place, no traceback, the
output directory untouched, and (for resource limits) fast.

Each case runs `clientgen generate SPEC -o OUT --package keep` over an output directory that
already holds a package; the resource limits (whose failure could be a crash of the YAML C parser)
and a few others run as real subprocesses, in parallel, the rest in-process through click.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile_harness import BROKEN, BUGS, CANARY_ENV, ROOT, clientgen, snapshot

from generator.spec import load

Maker = Callable[[Path], Path]


def _bytes(name: str, data: bytes) -> Maker:
    def make(directory: Path) -> Path:
        path = directory / name
        path.write_bytes(data)
        return path

    return make


def _static(name: str) -> Maker:
    return lambda directory: BROKEN / name


def _huge(directory: Path) -> Path:
    path = directory / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"openapi: 3.0.3\n")
        handle.truncate(load.MAX_FILE_BYTES + 1)  # sparse: costs nothing to make
    return path


def _bomb(levels: int, width: int) -> bytes:
    """Nested aliases of schemas: levels * width lines that expand to width ** levels models."""
    lines = [
        "openapi: 3.0.3",
        "info: {title: Bomb, version: '1'}",
        "paths: {}",
        "x-defs:",
        "  l0: &l0 {type: object, properties: {"
        + ", ".join(f"p{i}: {{type: string}}" for i in range(width))
        + "}}",
    ]
    for level in range(1, levels + 1):
        props = ", ".join(f"p{i}: *l{level - 1}" for i in range(width))
        lines.append(f"  l{level}: &l{level} {{type: object, properties: {{{props}}}}}")
    lines += ["components:", "  schemas:", f"    A: *l{levels}"]
    return ("\n".join(lines) + "\n").encode()


MINIMAL = b"openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n"
DEEP_SCHEMAS = (
    b'{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/x": {"get": '
    b'{"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": '
    b'{"$ref": "#/components/schemas/A"}}}}}}}}, "components": {"schemas": {"A": '
    + b'{"type": "object", "additionalProperties": ' * 200
    + b'{"type": "string"}'
    + b"}" * 200
    + b"}}}"
)
"""A schema 200 levels deep (a 9 KB file): its annotation is 200 brackets deep, more than
black (and CPython's parser, 200) take: it must be refused by the load limits, not reach black."""


@dataclass(frozen=True)
class Case:
    make: Maker
    message: str
    """A regular expression the message must match."""
    place: str = "line"
    """'line' (file:line[:col]), 'pointer' ('(at #/...)'), 'line+pointer', or 'file' (only the
    file: resource limits are about the whole document)."""
    seconds: float = 20.0
    subprocess: bool = False
    """Run `python -m generator` in a subprocess (resource limits: a crash must not kill pytest)."""


CASES: dict[str, Case] = {
    "empty": Case(_static("empty.yaml"), "empty document", subprocess=True),
    "blank": Case(_static("blank.yaml"), "empty document"),
    "binary junk": Case(_bytes("junk.yaml", bytes(range(256)) * 4), "binary data"),
    "png": Case(
        _bytes("image.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), "binary data"
    ),
    "not utf-8": Case(
        _bytes("latin1.yaml", b"openapi: 3.0.3\ninfo: {title: \xe9t\xe9}\n"), "not UTF-8"
    ),
    "utf-16": Case(
        _bytes("utf16.yaml", MINIMAL.decode().encode("utf-16")), "binary data|not UTF-8"
    ),
    "invalid yaml": Case(_static("invalid_yaml.yaml"), "invalid YAML", subprocess=True),
    "invalid json": Case(_static("invalid_json.json"), "invalid JSON"),
    "json trailing garbage": Case(_static("trailing_garbage.json"), "invalid JSON: Extra data"),
    "yaml second document": Case(_static("trailing_document.yaml"), "invalid YAML"),
    "yaml python tag": Case(
        _static("python_tag.yaml"), "invalid YAML.*only plain YAML", subprocess=True
    ),
    "yaml python name tag": Case(_static("python_name_tag.yaml"), "invalid YAML.*only plain YAML"),
    "yaml python new tag": Case(_static("python_new_tag.yaml"), "invalid YAML.*only plain YAML"),
    "yaml control character": Case(_static("control_character.yaml"), "invalid YAML.*U\\+0007"),
    "a list": Case(_static("not_mapping_list.yaml"), "not a mapping"),
    "a string": Case(_static("not_mapping_string.yaml"), "not a mapping"),
    "a number": Case(_static("not_mapping_number.json"), "not a mapping"),
    "null": Case(_static("not_mapping_null.yaml"), "not a mapping"),
    "swagger 2.0": Case(_static("swagger2.yaml"), "Swagger 2.0 is not supported", "line+pointer"),
    "openapi 3.2.0": Case(
        _static("openapi_320.yaml"), "unsupported OpenAPI version", "line+pointer"
    ),
    "openapi 4": Case(_static("openapi_4.yaml"), "unsupported OpenAPI version", "line+pointer"),
    "openapi as a number": Case(
        _static("openapi_number.yaml"), "unsupported OpenAPI version", "line+pointer"
    ),
    "no openapi field": Case(
        _static("openapi_missing.yaml"), "no 'openapi' version field", "pointer"
    ),
    "info is a list": Case(
        _static("wrong_type_info.yaml"), "not a valid OpenAPI document", "line+pointer"
    ),
    "paths is a list": Case(
        _static("wrong_type_paths.yaml"), "not a valid OpenAPI document", "line+pointer"
    ),
    "parameters is a mapping": Case(
        _static("wrong_type_parameters.yaml"), "not a valid", "line+pointer"
    ),
    "properties is a list": Case(
        _static("wrong_type_properties.yaml"), "not a valid", "line+pointer"
    ),
    "servers is a mapping": Case(_static("wrong_type_servers.yaml"), "not a valid", "line+pointer"),
    "responses is a string": Case(
        _static("wrong_type_responses.yaml"), "not a valid", "line+pointer"
    ),
    "dangling $ref": Case(
        _static("dangling_ref.yaml"), "dangling \\$ref", "line+pointer", subprocess=True
    ),
    "cyclic $ref": Case(_static("cyclic_ref.yaml"), "cyclic \\$ref", "line+pointer"),
    "self $ref": Case(_static("self_ref.yaml"), "cyclic \\$ref", "line+pointer"),
    "missing external file": Case(
        _static("external_file_ref.yaml"), "\\$ref .*: no such file", "line+pointer"
    ),
    "external traversal": Case(
        _static("external_traversal_ref.yaml"),
        "points outside the root document's directory",
        "line+pointer",
    ),
    "external url": Case(
        _static("external_url_ref.yaml"), "remote \\$ref .* is not supported", "line+pointer"
    ),
    "malformed pointer": Case(_static("bad_pointer_ref.yaml"), "dangling \\$ref", "line+pointer"),
    "yaml integer too large": Case(
        _bytes("bigint.yaml", MINIMAL + b"x-n: " + b"9" * 5000 + b"\n"), "integer too large"
    ),
    "json integer too large": Case(
        _bytes("bigint.json", b'{"openapi": "3.0.3", "x": ' + b"9" * 5000 + b"}"),
        "integer too large",
    ),
    "huge file": Case(_huge, "the limit is", "file", seconds=5, subprocess=True),
    "deep yaml": Case(
        _bytes("deep.yaml", MINIMAL + b"x-deep: " + b"[" * 200_000 + b"]" * 200_000 + b"\n"),
        "nesting deeper than",
        seconds=5,
        subprocess=True,
    ),
    "deep yaml blocks": Case(
        _bytes(
            "deep_blocks.yaml",
            MINIMAL
            + b"x-deep:\n"
            + b"".join(b" " * i + b"- \n" for i in range(1, 3000))
            + b" " * 3000
            + b"- 1\n",
        ),
        "nesting deeper than",
        seconds=5,
        subprocess=True,
    ),
    "deep json": Case(
        _bytes("deep.json", b'{"openapi": "3.0.3", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
        "nesting deeper than",
        seconds=5,
        subprocess=True,
    ),
    "schemas nested deeper than black can format": Case(
        _bytes("deep_schemas.json", DEEP_SCHEMAS),
        "nesting deeper than",
        seconds=10,
        subprocess=True,
    ),
    "alias bomb (billions)": Case(
        _bytes(
            "bomb.yaml",
            MINIMAL
            + b"x-bomb:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + b"".join(
                f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n".encode() for i in range(1, 10)
            ),
        ),
        "expands to more than",
        "file",
        seconds=5,
        subprocess=True,
    ),
    "alias bomb of schemas (1 KB, under MAX_NODES)": Case(
        _bytes("schema_bomb.yaml", _bomb(5, 9)),
        "expands to more than",
        "file",
        seconds=5,
        subprocess=True,
    ),
}


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    spec: Path
    cwd: Path
    untouched: bool
    crashed: str | None = None
    """An exception that escaped the command (in-process runs)."""


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    from click.testing import CliRunner

    from generator.cli import main

    root = tmp_path_factory.mktemp("broken")
    canary = root / "canary"
    canary.mkdir()

    def prepare(name: str, case: Case) -> tuple[Path, Path, dict[str, bytes]]:
        work = root / re.sub(r"\W+", "_", name)
        work.mkdir()
        spec = case.make(work)
        out = work / "out"
        (out / "keep").mkdir(parents=True)
        (out / "keep" / "mine.py").write_text("# a file the user owns\n")
        return spec, out, snapshot(out)

    def finish(out: Path, before: dict[str, bytes]) -> bool:
        return snapshot(out) == before and not list(out.glob(".clientgen-staging-*"))

    def in_subprocess(item: tuple[str, Case]) -> tuple[str, Outcome]:
        name, case = item
        spec, out, before = prepare(name, case)
        start = time.perf_counter()
        result = clientgen(
            "generate",
            str(spec),
            "-o",
            str(out),
            "--package",
            "keep",
            env={CANARY_ENV: str(canary), "CLIENTGEN_NO_CACHE": "1"},
            timeout=120,
        )
        seconds = time.perf_counter() - start
        outcome = Outcome(
            result.returncode,
            result.stdout,
            result.stderr,
            seconds,
            spec,
            ROOT,
            finish(out, before),
        )
        return name, outcome

    found: dict[str, Outcome] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CANARY_ENV, str(canary))
        patch.setenv("CLIENTGEN_NO_CACHE", "1")
        runner = CliRunner()
        for name, case in CASES.items():
            if case.subprocess:
                continue
            spec, out, before = prepare(name, case)
            start = time.perf_counter()
            result = runner.invoke(
                main, ["generate", str(spec), "-o", str(out), "--package", "keep"]
            )
            seconds = time.perf_counter() - start
            crashed = None
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                crashed = f"{type(result.exception).__name__}: {result.exception}"
            found[name] = Outcome(
                result.exit_code,
                result.stdout,
                result.stderr,
                seconds,
                spec,
                Path.cwd(),
                finish(out, before),
                crashed,
            )
    with ThreadPoolExecutor(max(2, os.cpu_count() or 2)) as pool:
        found.update(pool.map(in_subprocess, [(n, c) for n, c in CASES.items() if c.subprocess]))
    assert sorted(os.listdir(canary)) == []
    return found


_LINE = re.compile(
    r"^clientgen: error: (?P<file>.+?)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: (?P<message>.+?)(?: \(at (?P<pointer>#[^)]*)\))?$"
)


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_input_is_one_located_line_with_exit_2(
    outcomes: dict[str, Outcome], name: str
) -> None:
    case, outcome = CASES[name], outcomes[name]
    assert outcome.crashed is None, outcome.crashed
    assert outcome.returncode == 2, (outcome.returncode, outcome.stderr[-2000:])
    assert "Traceback" not in outcome.stderr
    lines = outcome.stderr.splitlines()
    assert len(lines) == 1, outcome.stderr[-2000:]
    match = _LINE.match(lines[0])
    assert match is not None, lines[0]
    assert (outcome.cwd / match["file"]).resolve() == outcome.spec.resolve(), lines[0]
    assert re.search(case.message, match["message"]), lines[0]
    if "line" in case.place:
        assert match["line"] is not None, lines[0]
    if "pointer" in case.place:
        assert match["pointer"] is not None, lines[0]
    assert outcome.stdout == ""
    assert outcome.untouched, "the output directory changed"
    assert outcome.seconds < case.seconds, f"took {outcome.seconds:.1f} s"


def test_limits_do_not_refuse_the_real_world() -> None:
    """The limits leave room: every spec in specs/ and the largest documents of the corpus are
    far inside them (checked on what is in the repo; the corpus test covers the rest)."""
    for spec in sorted((ROOT / "specs").glob("*.yaml")):
        load.load_spec(spec)
    assert load.MAX_DEPTH >= 64 and load.MAX_NODES >= 1_000_000 and load.MAX_FILE_BYTES >= 32 << 20


def test_yaml_aliases_within_reason_are_accepted(tmp_path: Path) -> None:
    """Anchors that share a parameter list or a schema a few times are not a bomb."""
    shared = "\n".join(
        f"      - {{name: p{i}, in: query, schema: {{type: string}}}}" for i in range(20)
    )
    paths = "\n".join(
        f"  /r{i}:\n    get:\n      parameters: *params\n      responses: {{'200': {{description: ok}}}}"
        for i in range(1, 50)
    )
    text = (
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /r0:\n    get:\n"
        f"      parameters: &params\n{shared}\n      responses: {{'200': {{description: ok}}}}\n{paths}\n"
    )
    spec = tmp_path / "aliases.yaml"
    spec.write_text(text)
    loaded = load.load_spec(spec)
    assert len(loaded.data["paths"]) == 50


def _bug_outcome(tmp_path: Path, spec: Path) -> tuple[int, str]:
    result = clientgen(
        "generate", str(spec), "-o", str(tmp_path / "out"), env={"CLIENTGEN_NO_CACHE": "1"}
    )
    return result.returncode, result.stderr


def _assert_one_line_error(code: int, stderr: str) -> None:
    assert code == 2 and "Traceback" not in stderr, stderr[-1500:]
    assert len(stderr.splitlines()) == 1 and _LINE.match(stderr.strip()), stderr[-1500:]


def test_ref_to_the_wrong_kind_of_object_is_a_located_error(tmp_path: Path) -> None:
    _assert_one_line_error(*_bug_outcome(tmp_path, BUGS / "ref_wrong_kind.yaml"))


def test_allof_of_itself_is_an_error_or_generates(tmp_path: Path) -> None:
    code, stderr = _bug_outcome(tmp_path, BUGS / "allof_self.yaml")
    assert code == 0 or (code == 2 and "Traceback" not in stderr), stderr[-1500:]


def test_deep_ref_chains_fail_cleanly(tmp_path: Path) -> None:
    schemas = ",".join(
        f'"C{i}": {{"type": "object", "properties": {{"p": {{"$ref": "#/components/schemas/C{i + 1}"}}}}}}'
        for i in range(300)
    )
    spec = tmp_path / "chain.json"
    spec.write_text(
        '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}, "components": '
        f'{{"schemas": {{{schemas}, "C300": {{"type": "string"}}}}}}}}'
    )
    code, stderr = _bug_outcome(tmp_path, spec)
    assert code == 0 or (code == 2 and "Traceback" not in stderr), stderr[-1500:]

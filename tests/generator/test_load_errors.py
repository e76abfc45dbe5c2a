"""Loading, parsing and $ref errors: one line, naming the file and the place in it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.errors import SpecError
from generator.pipeline import load_and_parse
from generator.spec import load
from generator.spec.load import load_spec

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"

MINIMAL = """openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
"""


def _error(tmp_path: Path, text: str | bytes, name: str = "spec.yaml") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    with pytest.raises(SpecError) as caught:
        load_and_parse(path, display=name)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    text = MINIMAL + "components:\n  schemas:\n    A: {type: object\n"
    assert _error(tmp_path, text).startswith("spec.yaml:7:1: invalid YAML")


def test_json_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    message = _error(tmp_path, '{"openapi": "3.1.0",\n  "info": {,}\n}', "spec.json")
    assert message.startswith("spec.json:2:12: invalid JSON")


def test_trailing_garbage_in_json(tmp_path: Path) -> None:
    message = _error(tmp_path, '{"openapi": "3.1.0"} trailing', "spec.json")
    assert message.startswith("spec.json:1:22: invalid JSON: Extra data")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "spec.yaml:1: empty document"),
        ("   \n\n", "spec.yaml:1: empty document"),
        (b"\x00\x01binary", "spec.yaml:1: binary data"),
        (b"openapi: \xff\xfe", "spec.yaml:1: not UTF-8 text"),
        ("- a\n- b\n", "spec.yaml:1:1: the document is a list, not a mapping"),
        ("just text", "spec.yaml:1:1: the document is a string, not a mapping"),
        (
            "a: !!python/object/apply:os.system ['echo x']\n",
            "spec.yaml:1:4: invalid YAML: could not determine a constructor",
        ),
    ],
)
def test_documents_that_are_not_openapi_mappings(
    tmp_path: Path, text: str | bytes, expected: str
) -> None:
    assert _error(tmp_path, text).startswith(expected)


def test_swagger_2_is_rejected_with_what_is_supported(tmp_path: Path) -> None:
    message = _error(tmp_path, "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n")
    assert message == (
        "spec.yaml:1:1: Swagger 2.0 is not supported; convert it to OpenAPI 3"
        " (supported: OpenAPI 3.0.x and 3.1.x) (at #/swagger)"
    )


@pytest.mark.parametrize("version", ["'2.0'", "3.2.0", "'3'", "4.0.0"])
def test_unknown_openapi_versions_are_rejected(tmp_path: Path, version: str) -> None:
    message = _error(tmp_path, MINIMAL.replace("3.0.3", version))
    assert message.startswith("spec.yaml:1:1: unsupported OpenAPI version")
    assert "supported: OpenAPI 3.0.x and 3.1.x" in message


def test_later_patch_versions_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(MINIMAL.replace("3.0.3", "3.0.9"))
    _, document = load_and_parse(path)
    assert document.info.title == "T"


def test_wrong_type_is_located(tmp_path: Path) -> None:
    text = MINIMAL.replace("paths: {}", "paths:\n  /a:\n    get:\n      responses: [1, 2]\n")
    message = _error(tmp_path, text)
    assert message.startswith("spec.yaml:6:7: not a valid OpenAPI document")
    assert message.endswith("(at #/paths/~1a/get/responses)")


def test_missing_required_field_is_named(tmp_path: Path) -> None:
    message = _error(tmp_path, "openapi: 3.1.0\npaths: {}\n")
    assert "required field 'info' is missing" in message


def test_dangling_ref_names_its_pointer_and_line(tmp_path: Path) -> None:
    text = MINIMAL + "components:\n  schemas:\n    A:\n      $ref: '#/components/schemas/Missing'\n"
    message = _error(tmp_path, text)
    assert message == (
        "spec.yaml:7:7: dangling $ref '#/components/schemas/Missing': nothing at that JSON pointer"
        " (at #/components/schemas/A/$ref)"
    )


def test_cyclic_ref_is_an_error(tmp_path: Path) -> None:
    text = MINIMAL + (
        "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n"
        "    B: {$ref: '#/components/schemas/A'}\n"
    )
    message = _error(tmp_path, text)
    assert (
        "cyclic $ref: #/components/schemas/B -> #/components/schemas/A -> #/components/schemas/B"
        in message
    )
    assert message.startswith("spec.yaml:6:")


def test_ref_to_a_missing_file_is_an_error(tmp_path: Path) -> None:
    text = MINIMAL + "components:\n  schemas:\n    A: {$ref: 'other.yaml#/B'}\n"
    assert "$ref 'other.yaml#/B': no such file" in _error(tmp_path, text)


@pytest.mark.parametrize("ref", ["https://x.test/a.yaml#/B", "file:///etc/a.yaml", "//x.test/a"])
def test_ref_to_a_url_is_an_error(tmp_path: Path, ref: str) -> None:
    text = MINIMAL + f"components:\n  schemas:\n    A: {{$ref: '{ref}'}}\n"
    assert f"remote $ref '{ref}' is not supported" in _error(tmp_path, text)


def test_refs_inside_examples_and_extensions_are_data(tmp_path: Path) -> None:
    text = MINIMAL + (
        "components:\n  schemas:\n    A:\n      type: object\n      example: {$ref: nowhere}\n"
        "      x-meta: {$ref: '../policies.yaml'}\n"
        "      properties:\n        default: {$ref: '#/components/schemas/B'}\n"
        "    B: {type: string}\n"
    )
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    load_and_parse(path)


def test_recursive_schemas_are_not_cycles(tmp_path: Path) -> None:
    text = MINIMAL + (
        "components:\n  schemas:\n    Node:\n      type: object\n      properties:\n"
        "        children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n"
    )
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    load_and_parse(path)


def test_timestamps_and_numeric_keys_stay_strings(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: 2026-04-20}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        200: {description: ok}\n"
    )
    spec, document = load_and_parse(path)
    assert document.info.version == "2026-04-20"
    assert list(spec.data["paths"]["/a"]["get"]["responses"]) == ["200"]


def test_docs_page_block_is_extracted_and_lines_point_into_the_page(tmp_path: Path) -> None:
    page = (
        "# Title\n\nSome prose.\n\n````yaml /openapi.json post /x\n" + MINIMAL + "  /a: [\n````\n"
    )
    path = tmp_path / "page.txt"
    path.write_text(page)
    with pytest.raises(SpecError) as caught:
        load_spec(path, "page.txt")
    assert str(caught.value) == "page.txt:9:3: invalid YAML: did not find expected key"


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("0*.txt")) if SEEDS.is_dir() else [])
def test_seed_docs_pages_load_like_the_specs(seed: Path) -> None:
    name = {"000": "brainbase", "001": "uponai", "002": "polyai"}[seed.name[:3]]
    from_page = load_spec(seed)
    from_spec = load_spec(ROOT / "specs" / f"{name}.yaml")
    assert from_page.data == from_spec.data
    assert from_page.text == from_spec.text


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["openapi: 3.0.3", "info: {title: T, version: '1'}", "paths: {}", "x-bomb:"]
    lines.append("  a0: &a0 [x, x, x, x, x, x, x, x, x, x]")
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"  a{level}: &a{level} [{refs}]")
    message = _error(tmp_path, "\n".join(lines) + "\n")
    assert "expands to more than" in message


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    text = MINIMAL + "x-deep: " + "[" * 400 + "]" * 400 + "\n"
    assert "nesting deeper than" in _error(tmp_path, text)


class _ParserWithFlowLimit(yaml.SafeLoader):
    """A YAML parser with its own flow-nesting limit, reached while it looks ahead: libyaml
    0.2.6 (in PyYAML 6.0.4's wheels) behaves so, at 1000 levels; 200 is enough here."""

    def fetch_flow_collection_start(self, TokenClass: type) -> None:
        if self.flow_level >= 200:
            mark = self.get_mark()
            raise yaml.scanner.ScannerError(
                "while increasing flow level", mark, "exceeded maximum nesting depth", mark
            )
        super().fetch_flow_collection_start(TokenClass)  # type: ignore[misc]


@pytest.mark.parametrize(
    "parser",
    [
        pytest.param(_ParserWithFlowLimit, id="the parser's own limit is reached first"),
        pytest.param(yaml.SafeLoader, id="a parser without a limit"),
    ],
)
def test_deep_nesting_is_the_same_located_error_whichever_layer_stops_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parser: type
) -> None:
    monkeypatch.setattr(load, "_BaseLoader", parser)
    text = MINIMAL + "x-deep: " + "[" * 5000 + "]" * 5000 + "\n"
    # The document is level 1, the first bracket (column 9) level 2: level 129 opens at 136.
    assert _error(tmp_path, text) == "spec.yaml:4:136: nesting deeper than 128 levels"

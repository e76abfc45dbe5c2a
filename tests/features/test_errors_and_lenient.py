"""Bad input: one-line errors naming the file, line:col and JSON pointer (snapshotted exactly),
unsupported constructs, and `--lenient`, which turns a dangling `$ref` and a `required: true`
boolean on a schema into warnings."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from feature_harness import ERROR_SPECS, ROOT, FeatureSet, client_name, package_name, reply

from generator.build import ClientOptions
from generator.errors import ClientgenError
from generator.pipeline import build


def display(name: str) -> str:
    """The spec as the command line names it when run from the repository root."""
    return (ERROR_SPECS / f"{name}.yaml").relative_to(ROOT).as_posix()


def error_text(name: str, **options: bool) -> str:
    """The error of the stages before rendering (load, $ref check, parse, build)."""
    with pytest.raises(ClientgenError) as caught:
        build(
            ERROR_SPECS / f"{name}.yaml",
            ClientOptions(package="bad_input", **options),
            display(name),
        )
    return str(caught.value)


SNAPSHOTS = {
    "dangling_ref": (
        "31:11: dangling $ref '#/components/schemas/Owner': nothing at that JSON pointer"
        " (at #/components/schemas/Pet/properties/owner/$ref)"
    ),
    "required_true": (
        "31:11: not a valid OpenAPI document: Input should be a valid list"
        " (at #/components/schemas/Pet/properties/name/required)"
    ),
    "external_ref": (
        "15:17: $ref 'pets.yaml#/components/schemas/Pet': no such file"
        " tests/features/specs/errors/pets.yaml"
        " (at #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref)"
    ),
    "remote_ref": (
        "15:17: remote $ref 'https://example.test/pets.yaml#/components/schemas/Pet' is not"
        " supported; only references inside the document ('#/...') and to files under its"
        " directory are (at #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref)"
    ),
    "ref_escapes_root": (
        "15:17: $ref '../allof.yaml#/components/schemas/Dog' points outside the root document's"
        " directory (tests/features/specs/errors); only files under it are read"
        " (at #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref)"
    ),
    "cyclic_ref": (
        "19:7: cyclic $ref: #/components/schemas/B -> #/components/schemas/A ->"
        " #/components/schemas/B (at #/components/schemas/A/$ref)"
    ),
}
"""Exact error text after `<file>:` for each invalid spec (strict mode, the default)."""


@pytest.mark.parametrize("name", sorted(SNAPSHOTS))
def test_bad_input_error_text(name: str) -> None:
    assert error_text(name) == f"{display(name)}:{SNAPSHOTS[name]}"


OTHER_FILE_SNAPSHOTS = {
    "ref_dangling_other": (
        "parts/dangling.yaml:7:7: dangling $ref '#/Owner': nothing at that JSON pointer"
        " (at #/Pet/properties/owner/$ref)"
    ),
    "ref_broken_other": "parts/broken.yaml:5:1: invalid YAML: did not find expected ',' or '}}'",
    "ref_cycle_files": (
        "parts/cycle_a.yaml:2:3: cyclic $ref: {errors}/parts/cycle_b.yaml#/B ->"
        " {errors}/parts/cycle_a.yaml#/A -> {errors}/parts/cycle_b.yaml#/B (at #/A/$ref)"
    ),
}
"""Errors in a file the spec refers to: exact text after `<the spec's directory>/`, located in
that file (its line:col and its own JSON pointer)."""


@pytest.mark.parametrize("name", sorted(OTHER_FILE_SNAPSHOTS))
def test_error_in_a_referenced_file_is_located_in_that_file(name: str) -> None:
    errors = ERROR_SPECS.relative_to(ROOT).as_posix()
    expected = OTHER_FILE_SNAPSHOTS[name].format(errors=errors)
    assert error_text(name) == f"{errors}/{expected}"


Run = tuple[int, str, str, Path]
"""Exit status, stdout, stderr and the package directory of one command-line run."""

CLI_JOBS = {
    "strict-dangling_ref": ("dangling_ref", "strict_dangling_ref", ()),
    "lenient-dangling_ref": ("dangling_ref", "lenient_dangling_ref", ("--lenient",)),
    "lenient-required_true": ("required_true", "lenient_required_true", ("--lenient",)),
}


@pytest.fixture(scope="module")
def cli_runs(features: FeatureSet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """`clientgen generate` on the invalid specs, strict and lenient, all started at once.

    Each run writes into its own directory (runs into one directory remove each other's
    staging directories). The lenient packages have the names the session generated them
    under, so the formatter's cache makes these runs quick.
    """
    out = tmp_path_factory.mktemp("cli")
    running = {
        key: subprocess.Popen(
            [
                *(sys.executable, "-m", "generator", "generate", display(spec)),
                *("-o", str(out / key), "--package", package_name(stem)),
                *("--client", client_name(stem), *flags),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for key, (spec, stem, flags) in CLI_JOBS.items()
    }
    results: dict[str, Run] = {}
    for key, process in running.items():
        stdout, stderr = process.communicate(timeout=300)
        package = out / key / package_name(CLI_JOBS[key][1])
        results[key] = (process.returncode, stdout, stderr, package)
    return results


def test_cli_reports_bad_input_in_one_line_and_writes_nothing(cli_runs: dict[str, Run]) -> None:
    status, stdout, stderr, package = cli_runs["strict-dangling_ref"]
    assert status == 2
    assert stdout == ""
    assert stderr == f"clientgen: error: {display('dangling_ref')}:{SNAPSHOTS['dangling_ref']}\n"
    assert not package.exists()


LENIENT_POINTERS = {
    "dangling_ref": "#/components/schemas/Pet/properties/owner",
    "required_true": "#/components/schemas/Pet/properties/name",
}
"""Where the faulty piece is: the warning must name this pointer (or one inside it)."""


def _names_pointer(warning: str, name: str) -> bool:
    pointer = re.escape(LENIENT_POINTERS[name])
    return re.search(rf"\(at {pointer}(/[^ )]*)?\)$", warning) is not None


@pytest.mark.parametrize("name", sorted(LENIENT_POINTERS))
def test_lenient_cli_generates_with_a_warning_naming_the_pointer(
    cli_runs: dict[str, Run], name: str
) -> None:
    status, _, stderr, package = cli_runs[f"lenient-{name}"]
    assert status == 0, stderr
    lines = stderr.splitlines()
    warnings = [line for line in lines if line.startswith("clientgen: warning: ")]
    assert warnings, stderr
    assert not [line for line in lines if line.startswith("clientgen: error")]
    assert any(_names_pointer(line, name) for line in warnings), warnings
    assert (package / "__init__.py").is_file()


@pytest.mark.parametrize("name", sorted(LENIENT_POINTERS))
def test_lenient_option_reports_the_pointer_in_the_model(features: FeatureSet, name: str) -> None:
    warnings = [str(warning) for warning in features.api(f"lenient_{name}").warnings]
    assert len(warnings) == 1, warnings
    assert _names_pointer(warnings[0], name), warnings
    assert "\n" not in warnings[0]


def test_lenient_package_keeps_the_valid_parts(features: FeatureSet) -> None:
    f = features.feature("lenient_dangling_ref")
    answer = reply(200, {"name": "Rex", "owner": {"anything": [1]}})
    pet, request = f.call("getPet", "p1", answer=answer)
    assert request.url.path == "/pets/p1"
    assert (pet.name, pet.owner) == ("Rex", {"anything": [1]})
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("getPet", "p1", answer=reply(200, {"owner": None}))


# ----------------------------------------------------------------------- unsupported constructs


def key_position(name: str, key: str, occurrence: int = 1) -> str:
    """'line:col' of the `occurrence`-th mapping key `key` in an error spec."""
    lines = (ERROR_SPECS / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    found = [
        f"{number}:{len(line) - len(line.lstrip()) + 1}"
        for number, line in enumerate(lines, start=1)
        if line.strip().startswith(f"{key}:")
    ]
    return found[occurrence - 1]


NARROWING = [
    ("unsupported_not", "not", "#/components/schemas/NotANumber/not"),
    ("unsupported_if_then_else", "if", "#/components/schemas/Address/if"),
]
"""Keywords that only narrow what is valid: unsupported only with `strict_keywords`."""
UNSUPPORTED = [
    *((name, keyword, pointer, True) for name, keyword, pointer in NARROWING),
    (
        "unsupported_dynamic_ref",
        "$dynamicRef",
        "#/components/schemas/Tree/properties/children/items/$dynamicRef",
        False,
    ),
]


@pytest.mark.parametrize(
    ("name", "keyword", "pointer", "strict"), UNSUPPORTED, ids=[u[1] for u in UNSUPPORTED]
)
def test_unsupported_construct_is_a_one_line_error(
    name: str, keyword: str, pointer: str, strict: bool
) -> None:
    text = error_text(name, strict_keywords=strict)
    place = key_position(name, keyword)
    assert "\n" not in text
    assert text.startswith(f"{display(name)}:{place}: "), text
    assert keyword in text.split(" (at ")[0], text
    assert text.endswith(f" (at {pointer})"), text


@pytest.mark.parametrize(("name", "keyword", "pointer"), NARROWING, ids=[n[1] for n in NARROWING])
def test_narrowing_keyword_is_ignored_with_a_located_warning_by_default(
    name: str, keyword: str, pointer: str
) -> None:
    api = build(ERROR_SPECS / f"{name}.yaml", ClientOptions(package="narrowed"), display(name))
    [warning] = api.warnings
    assert warning.kind == "ignored-keyword"
    assert warning.located().startswith(f"{display(name)}:{key_position(name, keyword)}: ")
    assert f"'{keyword}'" in warning.message
    assert warning.pointer == pointer


# --------------------------------------------------------------------- --skip-unsupported

SKIP_SPEC = "tests/features/specs/unsupported/skip_unsupported.yaml"


def test_skip_unsupported_leaves_out_what_uses_the_construct(features: FeatureSet) -> None:
    """With `strict_keywords` (see feature_harness.SKIPPING), `not` in NotANumber: the
    component, the Owner model that refers to it, and the operations returning or taking them
    are left out; the `if` in an inline body leaves its
    operation out; everything else generates and works."""
    f = features.feature("skip_unsupported")
    assert [op.operation_id for op in f.operations()] == ["listPets"]
    assert hasattr(f.module, "Pet")
    assert not hasattr(f.module, "NotANumber")
    assert not hasattr(f.module, "Owner")
    assert [str(warning) for warning in f.api.warnings] == [
        "model NotANumber left out: schema keyword 'not' is not supported"
        " (at #/components/schemas/NotANumber/not)",
        "model Owner left out: schema keyword 'not' is not supported"
        " (at #/components/schemas/NotANumber/not)",
        "operation POST /addresses left out: schema keyword 'if' is not supported"
        " (at #/paths/~1addresses/post/requestBody/content/application~1json/schema/if)",
        "operation GET /names left out: schema keyword 'not' is not supported"
        " (at #/components/schemas/NotANumber/not)",
        "operation POST /owners left out: schema keyword 'not' is not supported"
        " (at #/components/schemas/NotANumber/not)",
    ]
    pets, request = f.call("listPets", answer=reply(200, [{"name": "Rex"}]))
    assert request.url.path == "/pets"
    assert pets[0].name == "Rex"


def test_skip_unsupported_without_strict_keywords_leaves_nothing_out_for_not_and_if() -> None:
    options = ClientOptions(package="kept", skip_unsupported=True)
    api = build(ROOT / SKIP_SPEC, options, SKIP_SPEC)
    names = ["AddressesCreateRequest", "Owner", "Pet"]
    assert sorted(model.name for model in api.models) == names
    body = "#/paths/~1addresses/post/requestBody/content/application~1json/schema"
    assert [(w.kind, w.pointer) for w in api.warnings] == [
        ("ignored-keyword", "#/components/schemas/NotANumber/not"),
        ("ignored-keyword", f"{body}/if"),
    ]


def test_without_skip_unsupported_the_same_spec_fails_at_the_first_construct() -> None:
    options = ClientOptions(package="bad_input", strict_keywords=True)
    with pytest.raises(ClientgenError) as caught:
        build(ROOT / SKIP_SPEC, options, SKIP_SPEC)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(f"{SKIP_SPEC}:"), text
    assert "'not' is not supported" in text
    assert text.endswith("(at #/components/schemas/NotANumber/not)"), text


def test_skip_unsupported_from_the_command_line_warns_and_writes(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            *(sys.executable, "-m", "generator", "generate", SKIP_SPEC, "-o", str(tmp_path)),
            *("--package", "skipped", "--skip-unsupported", "--strict-keywords", "--no-cache"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("clientgen: warn")]
    assert len(warnings) == 5
    assert all("is not supported (at #/" in line for line in warnings)
    # Located as errors are: file:line:col of the JSON pointer, then the message.
    located = re.compile(
        rf"clientgen: warning: {re.escape(SKIP_SPEC)}:(\d+):(\d+): .+ left out: .+ \(at #/[^ ]+\)"
    )
    assert all(located.fullmatch(line) for line in warnings), warnings
    assert (tmp_path / "skipped" / "_client.py").is_file()


def test_a_left_out_operation_leaves_nothing_of_its_own_behind(tmp_path: Path) -> None:
    """POST /things builds its response first (`Wrapper`, an alias of `Good`) and then fails on
    its 400 response (`Odd` uses `not`): with --skip-unsupported the whole attempt is undone,
    the alias and the class names it claimed included, so no `Wrapper = Good` is left without
    `Good`. The operation is in the subset (--include-tags things), so only the schemas its
    operations use are generated, and none is left."""
    spec = "tests/features/specs/unsupported/rollback_subset.yaml"
    options = ClientOptions(
        package="rollback", skip_unsupported=True, strict_keywords=True, include_tags=("things",)
    )
    api = build(ROOT / spec, options, spec)
    assert [str(warning) for warning in api.warnings] == [
        "operation POST /things left out: schema keyword 'not' is not supported"
        " (at #/components/schemas/Odd/properties/value/not)"
    ]
    assert [module.module for module in api.model_modules] == []
    assert api.models == () and api.enums == ()
    # Without the subset the same attempt is undone, and the schemas stand on their own.
    whole = build(ROOT / spec, replace(options, include_tags=()), spec)
    assert sorted(m.name for m in whole.models) == ["Good", "Other"]
    assert [m.module for m in whole.model_modules if m.type_aliases] == ["wrapper"]


def test_lenient_drops_a_dangling_ref_in_another_file_with_a_warning_located_there() -> None:
    options = ClientOptions(package="bad_input", lenient=True)
    api = build(ERROR_SPECS / "ref_dangling_other.yaml", options, display("ref_dangling_other"))
    errors = ERROR_SPECS.relative_to(ROOT).as_posix()
    assert [warning.located() for warning in api.warnings] == [
        f"{errors}/parts/dangling.yaml:6:5: external $ref 'parts/dangling.yaml#/Owner':"
        " replaced the schema with 'any value' (at #/Pet/properties/owner)"
    ]

"""`clientgen diff`: one pair of small spec versions per rule family, the three report formats,
--fail-on exit codes, PATH@REVISION, bad input, and the pre-commit hooks file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from contextlib import chdir
from functools import cache
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import ir
from generator.build import ClientOptions
from generator.cli import main
from generator.diff import KINDS, Change, api_changes, load_apis, render_changes
from generator.errors import ClientgenError
from generator.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
SPECS = Path(__file__).resolve().parent / "specs"
BASE = SPECS / "base.yaml"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def invoke(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The command line in-process (fast); `run` is the real thing, for exit codes."""
    with chdir(cwd):
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


@cache
def api(name: str) -> ir.Api:
    """A case's intermediate model, with the names base.yaml gives (as `clientgen diff` does)."""
    overrides = RENAMES.get(name, {})
    return build(
        SPECS / f"{name}.yaml", ClientOptions(package="pets_api", method_overrides=overrides), name
    )


RENAMES = {"operation_renamed": {"listAllPets": "pets.list_all"}}
"""Method names follow the path and HTTP method, not the operationId; a rename of the method
comes from a `[tool.clientgen]` override (here keyed by the renamed operationId)."""


def changes(old: str, new: str) -> list[tuple[str, bool, str]]:
    return [(c.kind, c.breaking, c.location) for c in api_changes(api(old), api(new))]


# --------------------------------------------------------------------------------- rule families

CASES: dict[str, list[tuple[str, bool, str]]] = {
    "operation_removed": [("operation-removed", True, "client.pets.delete")],
    # The return type stays `list[Pet]`: only its spelling in the class changes (see
    # test_a_method_named_list_changes_no_return_type).
    "operation_renamed": [("operation-renamed", True, "client.pets.list")],
    "argument_added_required": [("argument-added", True, "client.pets.list(owner_id)")],
    "body_field_added_required": [("argument-added", True, "client.pets.create(species)")],
    "request_model_field_added_required": [("field-added", True, "Owner.phone")],
    "argument_required": [("argument-became-required", True, "client.pets.list(limit)")],
    "argument_removed": [("argument-removed", True, "client.pets.list(status)")],
    "argument_widened": [("argument-type-changed", False, "client.pets.list(limit)")],
    "argument_type_changed": [("argument-type-changed", True, "client.pets.list(limit)")],
    "format_changed": [("field-format-changed", True, "Pet.born")],
    "request_enum_value_removed": [("enum-value-removed", True, "PetKind.CAT")],
    "enum_value_added": [("enum-value-added", False, "PetStatus.ADOPTED")],
    "field_added": [("field-added", False, "Pet.age")],
    "field_nullable": [("field-became-nullable", True, "Pet.name")],
    "optional_field_nullable": [("field-became-nullable", False, "Pet.tag")],
    "field_optional": [("field-became-optional", True, "Pet.name")],
    "response_type_changed": [
        ("response-type-changed", True, "client.pets.retrieve"),
        ("model-added", False, "PetDetail"),
    ],
    "error_schema_changed": [
        ("error-model-changed", True, "client.pets.create"),
        ("model-added", False, "Problem"),
    ],
    "server_removed": [("server-removed", True, 'SERVERS["sandbox"]')],
    "security_type_changed": [("security-scheme-type-changed", True, "ApiKey")],
    "security_added": [
        ("security-scheme-added", False, "Bearer"),
        ("security-requirement-added", False, "PetsApi"),
        ("credential-added", False, "PetsApi(bearer)"),
        ("security-requirement-added", False, "client.pets.delete"),
        ("security-requirement-removed", True, "client.pets.delete"),
    ],
    "reformatted": [],
}
"""base.yaml -> <case>.yaml."""

REVERSED: dict[str, list[tuple[str, bool, str]]] = {
    "operation_removed": [("operation-added", False, "client.pets.delete")],
    "argument_required": [("argument-became-optional", False, "client.pets.list(limit)")],
    "argument_removed": [("argument-added", False, "client.pets.list(status)")],
    "argument_widened": [("argument-type-changed", True, "client.pets.list(limit)")],
    "format_changed": [("field-format-changed", True, "Pet.born")],
    "request_enum_value_removed": [("enum-value-added", False, "PetKind.CAT")],
    "enum_value_added": [("enum-value-removed", True, "PetStatus.ADOPTED")],
    "field_added": [("field-removed", True, "Pet.age")],
    "field_nullable": [("field-became-non-nullable", False, "Pet.name")],
    "field_optional": [("field-became-required", False, "Pet.name")],
    "request_model_field_added_required": [("field-removed", True, "Owner.phone")],
    "body_field_added_required": [("argument-removed", True, "client.pets.create(species)")],
    "server_removed": [("server-added", False, 'SERVERS["sandbox"]')],
    "security_added": [
        ("security-scheme-removed", True, "Bearer"),
        ("security-requirement-removed", True, "PetsApi"),
        ("credential-removed", True, "PetsApi(bearer)"),
        ("security-requirement-added", False, "client.pets.delete"),
        ("security-requirement-removed", True, "client.pets.delete"),
    ],
    "reformatted": [],
}
"""<case>.yaml -> base.yaml: the opposite direction of the same family."""


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_family(case: str) -> None:
    assert changes("base", case) == CASES[case]


@pytest.mark.parametrize("case", sorted(REVERSED))
def test_rule_family_reversed(case: str) -> None:
    assert changes(case, "base") == REVERSED[case]


def test_every_case_file_is_tested() -> None:
    files = {p.stem for p in SPECS.glob("*.yaml")} - {"base"}
    assert files == set(CASES)


def test_values_are_spelled_as_client_code_spells_them() -> None:
    (widened,) = api_changes(api("base"), api("argument_widened"))
    assert (widened.message, widened.old, widened.new) == ("argument type widened", "int", "float")
    (fmt,) = api_changes(api("base"), api("format_changed"))
    assert (fmt.old, fmt.new) == ("datetime.date", "datetime.datetime")
    (removed,) = api_changes(api("base"), api("request_enum_value_removed"))
    assert (removed.message, removed.old, removed.new) == ("enum value removed", '"cat"', None)
    (gone,) = api_changes(api("base"), api("operation_removed"))
    assert gone.old == "DELETE /pets/{pet_id}"
    (server,) = api_changes(api("base"), api("server_removed"))
    assert server.old == "https://sandbox.pets.example"


def test_a_model_used_by_several_methods_is_reported_once() -> None:
    # Pet is returned by list, create and retrieve: one change, on the model.
    assert changes("base", "field_optional") == [("field-became-optional", True, "Pet.name")]


def test_identical_documents_have_no_changes() -> None:
    for spec in sorted((ROOT / "specs").glob("*.yaml")):
        assert api_changes(build(spec, None), build(spec, None)) == [], spec.name


def test_every_kind_has_a_group_and_a_rule() -> None:
    groups = {"Operations", "Models", "Enums", "Servers", "Security"}
    assert all(group in groups and rule for group, rule in KINDS.values())


def test_names_line_up_when_the_title_changes(tmp_path: Path) -> None:
    # Without shared options the package (and so credentials' variables) would differ.
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(BASE.read_text().replace("title: Pets API", "title: Pet Store"))
    old, new = load_apis(str(BASE), str(renamed), build=build)
    assert (
        (old.package, old.client_name)
        == (new.package, new.client_name)
        == ("pet_store", "PetStore")
    )
    assert api_changes(old, new) == []


def test_client_option_names_credentials() -> None:
    old, new = load_apis(
        str(BASE), str(SPECS / "security_added.yaml"), ClientOptions(client_name="Zoo"), build=build
    )
    assert "Zoo(bearer)" in {c.location for c in api_changes(old, new)}


def test_unknown_format_is_an_error() -> None:
    with pytest.raises(ClientgenError, match="unknown report format"):
        render_changes([], "html")


# --------------------------------------------------------------------------------- formats

EXPECTED_TEXT = """\
2 API changes: 1 breaking, 1 non-breaking

Operations:
  BREAKING  client.pets.retrieve: return type changed: Pet -> PetDetail

Models:
  -         PetDetail: model added
"""

EXPECTED_JSON = [
    {
        "breaking": True,
        "kind": "response-type-changed",
        "location": "client.pets.retrieve",
        "message": "return type changed",
        "new": "PetDetail",
        "old": "Pet",
    },
    {
        "breaking": False,
        "kind": "model-added",
        "location": "PetDetail",
        "message": "model added",
        "new": None,
        "old": None,
    },
]

EXPECTED_MARKDOWN = """\
**2 API changes: 1 breaking, 1 non-breaking**

### Breaking changes (1)

| Area | Location | Change | Old | New |
| --- | --- | --- | --- | --- |
| Operations | `client.pets.retrieve` | return type changed | `Pet` | `PetDetail` |

### Non-breaking changes (1)

| Area | Location | Change | Old | New |
| --- | --- | --- | --- | --- |
| Models | `PetDetail` | model added |  |  |
"""


def pair(case: str) -> tuple[str, str]:
    return str(BASE.relative_to(ROOT)), str((SPECS / f"{case}.yaml").relative_to(ROOT))


def test_text_format_is_the_default() -> None:
    result = run("diff", *pair("response_type_changed"))
    assert (result.returncode, result.stdout, result.stderr) == (0, EXPECTED_TEXT, "")


def test_json_format() -> None:
    result = invoke("diff", *pair("response_type_changed"), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED_JSON
    assert result.stdout == render_changes(
        api_changes(api("base"), api("response_type_changed")), "json"
    )


def test_markdown_format() -> None:
    result = invoke("diff", *pair("response_type_changed"), "--format", "markdown")
    assert (result.returncode, result.stdout) == (0, EXPECTED_MARKDOWN)


def test_markdown_escapes_pipes_in_annotations() -> None:
    change = Change("argument-removed", True, "client.x(y)", "argument removed", old="A | None")
    assert "`A \\| None`" in render_changes([change], "markdown")


def test_no_changes_in_every_format() -> None:
    for fmt, expected in (
        ("text", "No API changes.\n"),
        ("markdown", "No API changes.\n"),
        ("json", "[]\n"),
    ):
        result = invoke("diff", *pair("reformatted"), "--format", fmt, "--fail-on", "any")
        assert (result.returncode, result.stdout) == (0, expected), fmt


def test_json_output_is_sorted_and_stable() -> None:
    found = api_changes(api("base"), api("security_added"))
    shuffled = list(reversed(found))
    assert render_changes(shuffled, "json") == render_changes(found, "json")


# --------------------------------------------------------------------------------- exit codes


def test_fail_on_exit_codes() -> None:
    """Through `python -m generator`, the five commands at once."""
    commands = [
        (*pair("operation_removed"),),
        (*pair("operation_removed"), "--fail-on", "breaking"),
        (*pair("field_added"), "--fail-on", "breaking"),
        (*pair("field_added"), "--fail-on", "any"),
        (*pair("reformatted"), "--fail-on", "any"),
    ]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "generator", "diff", *command],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    results = [(p.communicate(timeout=60), p.returncode) for p in processes]
    assert [code for _, code in results] == [0, 1, 0, 1, 0]
    assert [err for (_, err), _ in results] == [
        "",
        "clientgen: 1 breaking API change(s) found\n",
        "",
        "clientgen: 1 API change(s) found\n",
        "",
    ]
    assert results[4][0][0] == "No API changes.\n"


@pytest.mark.parametrize("case", ["missing", "broken", "revision"])
def test_bad_input_exits_2_with_one_line(case: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\ninfo: [unclosed\n")
    old, expected = {
        "missing": (f"{tmp_path}/missing.yaml", f"{tmp_path}/missing.yaml: cannot read file"),
        "broken": (str(broken), f"{broken}:3:"),
        "revision": (f"{BASE}@no-such-revision", f"{BASE}@no-such-revision: git "),
    }[case]
    result = (run if case == "missing" else invoke)("diff", old, str(BASE))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"clientgen: error: {expected}"), result.stderr
    assert result.stderr.count("\n") == 1


def test_help() -> None:
    result = invoke("diff", "--help")
    assert result.returncode == 0
    assert "--fail-on" in result.stdout
    assert "PATH@REVISION" in result.stdout


# --------------------------------------------------------------------------------- PATH@REVISION


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A throwaway repository: specs/pets.yaml committed as base.yaml, then with DELETE gone."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    (root / "specs").mkdir(parents=True)
    git("init", "-q", cwd=root)
    shutil.copy(BASE, root / "specs" / "pets.yaml")
    git("add", ".", cwd=root)
    git("commit", "-q", "-m", "v1", cwd=root)
    shutil.copy(SPECS / "operation_removed.yaml", root / "specs" / "pets.yaml")
    git("commit", "-q", "-am", "v2", cwd=root)
    return root


def test_revision_against_the_working_tree(repo: Path) -> None:
    result = run("diff", "specs/pets.yaml@HEAD~1", "specs/pets.yaml", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert [(c["kind"], c["location"]) for c in json.loads(result.stdout)] == [
        ("operation-removed", "client.pets.delete")
    ]


def test_two_revisions_from_another_directory(repo: Path) -> None:
    # The path is relative to the working directory; git runs in the repository holding it.
    result = invoke(
        "diff", "repo/specs/pets.yaml@HEAD", "repo/specs/pets.yaml@HEAD~1", cwd=repo.parent
    )
    assert result.returncode == 0, result.stderr
    assert "client.pets.delete: method added" in result.stdout


def test_a_file_deleted_since_can_be_read_at_a_revision(repo: Path) -> None:
    git("rm", "-q", "specs/pets.yaml", cwd=repo)
    result = invoke("diff", "specs/pets.yaml@HEAD~1", "specs/pets.yaml@HEAD", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "client.pets.delete: method removed" in result.stdout


def test_an_existing_path_wins_over_the_revision_syntax(repo: Path) -> None:
    # The file named 'pets.yaml@HEAD~1' has Pet.age, which HEAD~1's pets.yaml lacks.
    shutil.copy(SPECS / "field_added.yaml", repo / "specs" / "pets.yaml@HEAD~1")
    result = invoke("diff", "specs/pets.yaml@HEAD~1", "specs/pets.yaml", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "Pet.age: field removed" in result.stdout


def test_unknown_revision_is_bad_input(repo: Path) -> None:
    result = invoke("diff", "specs/pets.yaml@nope", "specs/pets.yaml", cwd=repo)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "clientgen: error: specs/pets.yaml@nope: git show nope:specs/pets.yaml failed: "
    )
    assert result.stderr.count("\n") == 1


def test_option_like_revision_is_refused(repo: Path) -> None:
    result = invoke("diff", "specs/pets.yaml@--output=x", "specs/pets.yaml", cwd=repo)
    assert result.returncode == 2
    assert "cannot start with '-'" in result.stderr
    assert not (repo / "x").exists()


# --------------------------------------------------------------------------------- pre-commit


def test_pre_commit_hooks() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    by_id = {hook["id"]: hook for hook in hooks}
    assert set(by_id) == {"clientgen-check", "clientgen-generate"}
    assert by_id["clientgen-check"]["entry"] == "clientgen check"
    assert by_id["clientgen-generate"]["entry"] == "clientgen generate"
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False
        assert hook.get("always_run") is True or hook.get("files")
        assert hook["name"]


def _pair_api(tmp_path: Path, name: str, code: str) -> ir.Api:
    spec = tmp_path / f"{name}.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: Codes, version: '1'}\npaths:\n  /codes:\n    get:\n"
        "      responses:\n        '200':\n          description: ok\n"
        "          content: {application/json: {schema: {$ref: '#/components/schemas/Code'}}}\n"
        "components:\n  schemas:\n    Code:\n      type: object\n      required: [code]\n"
        f"      properties:\n        code: {code}\n"
    )
    return build(spec, ClientOptions(package="codes"), spec.name)


def test_nullability_is_read_from_the_type_not_from_its_spelling(tmp_path: Path) -> None:
    """`Literal['a]'] | None`: a `]` inside a literal string once hid the `| None` from the
    diff, so a response field that became nullable was not called breaking for readers."""
    old = _pair_api(tmp_path, "old", "{type: string, enum: ['a]'], nullable: false, const: 'a]'}")
    new = _pair_api(tmp_path, "new", "{type: string, enum: ['a]'], nullable: true, const: 'a]'}")
    found = {(c.kind, c.breaking, c.location) for c in api_changes(old, new)}
    assert ("field-became-nullable", True, "Code.code") in found, found


LISTS = """\
openapi: 3.0.3
info: {title: Tags, version: '1'}
paths:%s
  /tags/{tag_id}:
    get:
      parameters: [{name: tag_id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {type: string}}}}
"""

LIST_METHOD = """
  /tags:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {type: string}}}}"""


def test_a_method_named_list_changes_no_return_type(tmp_path: Path) -> None:
    """Beside a method named `list`, a class spells `list[str]` as `builtins.list[str]`. The
    return type is the same; compared as text it was 'return type narrowed'."""
    apis = []
    for name, extra in (("old", ""), ("new", LIST_METHOD)):
        spec = tmp_path / f"{name}.yaml"
        spec.write_text(LISTS % extra)
        apis.append(build(spec, ClientOptions(package="tags"), spec.name))
    found = [(c.kind, c.breaking, c.location) for c in api_changes(*apis)]
    assert found == [("operation-added", False, "client.tags.list")]
    found = [(c.kind, c.breaking, c.location) for c in api_changes(*reversed(apis))]
    assert found == [("operation-removed", True, "client.tags.list")]


def test_a_type_is_compared_by_its_values_not_by_how_it_is_put_together(tmp_path: Path) -> None:
    """`anyOf: [integer|null, integer]` is `int | None` as much as a nullable integer is:
    compared by kind and spelling it was 'field type changed: int -> int' (breaking)."""
    old = _pair_api(tmp_path, "old", "{type: integer, nullable: true}")
    new = _pair_api(tmp_path, "new", "{anyOf: [{type: integer, nullable: true}, {type: integer}]}")
    assert api_changes(old, new) == []
    assert api_changes(new, old) == []

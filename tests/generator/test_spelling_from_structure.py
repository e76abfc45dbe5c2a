"""The structural spelling (`generator.python.annotations`) and import plan
(`generator.python.imports`) reproduce every string and import list `build` stores today.

Every document that builds (specs/, the feature, hostile and diff specs, a few small corpus
documents, and `specs/spelling_edges.yaml` here for the corners those do not reach) is built
once; every TypeRef, Field, Model, TypeAliasDef, Parameter, BodyArgument, RequestBody,
Operation, ModelModule and ResourceModule is spelled from structure and compared with what the
model stores.

Two facts the model does not keep are handed in, as the module docstring of
`generator.python.annotations` lists: the TypeRef of each type alias (recorded while building,
`_recording_aliases`), and whether a request body's type of kind bytes is plain bytes (it is
then the builder's own plain-bytes TypeRef, `_plain_bytes`). `KNOWN_MISMATCHES` lists what
structure does not reproduce, and why.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator import build as builder_module
from generator import ir
from generator.build import Builder, ClientOptions
from generator.errors import ClientgenError
from generator.pipeline import build
from generator.python import annotations as spelling
from generator.python.annotations import SpellContext
from generator.python.imports import model_module_plan, resource_module_plan
from tests.corpus_documents import CORPUS, needs_lenient

ROOT = Path(__file__).resolve().parents[2]
SMALL_CORPUS = (
    ("*",)
    if os.environ.get("CLIENTGEN_SPELLING_FULL_CORPUS")
    else ("oai-*.yaml", "mistral.yaml", "resend.yaml")
)
"""Corpus documents checked (CLIENTGEN_SPELLING_FULL_CORPUS=1: all of them, a minute more)."""
SKIPPING = ClientOptions(skip_unsupported=True)


def _lenient(path: Path) -> bool:
    """Whether to build a document leniently: the strict pipeline refuses it."""
    try:
        return needs_lenient(path)
    except ClientgenError:
        return True


def _documents() -> list[tuple[str, Path, ClientOptions]]:
    found: list[tuple[str, Path, ClientOptions]] = []
    for folder in ("specs", "tests/features/specs", "tests/hostile/specs", "tests/diff/specs"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".yaml", ".yml", ".json"):
                key = str(path.relative_to(ROOT))
                found.append((key, path, ClientOptions(lenient=_lenient(path))))
    unsupported = ROOT / "tests/features/specs/unsupported"
    found.append(
        ("unsupported/skip", unsupported / "skip_unsupported.yaml", SKIPPING),
    )
    found.append(
        (
            "unsupported/rollback",
            unsupported / "rollback_subset.yaml",
            ClientOptions(skip_unsupported=True, include_tags=("things",)),
        )
    )
    for pattern in SMALL_CORPUS:
        for path in sorted(CORPUS.glob(pattern)):
            if path.suffix not in (".yaml", ".yml", ".json"):
                continue
            found.append((f"corpus/{path.name}", path, ClientOptions(lenient=_lenient(path))))
    return found


EDGES = ROOT / "tests/generator/specs/spelling_edges.yaml"
DOCUMENTS = [*_documents(), ("edges", EDGES, ClientOptions())]

LITERAL_DATETIME = (
    "build adds 'datetime' to a module's uses when '_dt.' occurs anywhere in an annotation's "
    "text, inside a Literal value too (`_annotation_uses` tests a substring); the type has no "
    "date or time in it, so structure (rightly) does not need the import"
)
KNOWN_MISMATCHES: dict[str, dict[str, str]] = {
    "edges": {
        "models/stamp uses: spelled ('Literal', 'TypeAlias', 'stdlib'), "
        "stored ('Literal', 'TypeAlias', 'datetime', 'stdlib')": LITERAL_DATETIME,
        "models/thing uses: spelled ('Any', 'Base64Bytes', 'BaseModel', 'Literal', 'stdlib'), "
        "stored ('Any', 'Base64Bytes', 'BaseModel', 'Literal', 'datetime', 'stdlib')": (
            LITERAL_DATETIME
        ),
        "resources/things uses: spelled ('Any', 'Literal', 'Mapping', 'Sequence', 'builtins', "
        "'cast', 'operations', 'stdlib', 'uuid'), stored ('Any', 'Literal', 'Mapping', "
        "'Sequence', 'builtins', 'cast', 'datetime', 'operations', 'stdlib', 'uuid')": (
            LITERAL_DATETIME
        ),
    }
}
"""Document -> {mismatch: why structure does not reproduce it}."""

MEDIA_ONLY_MISMATCHES = {
    "PUT /raw body param_annotation: spelled 'FileContent', stored 'bytes'",
    "PUT /raw body: spelled 'FileContent', stored 'bytes'",
}
"""Told by its media type alone (`SpellContext`'s default), a JSON body without a schema (plain
bytes) cannot be told from one whose schema is `format: binary` (`FileContent`): both are kind
"bytes". A kind "file" would tell them apart."""


def _plain_bytes(body: ir.RequestBody) -> bool:
    """Whether a body's type is the builder's plain-bytes TypeRef (no schema, or raw bytes)."""
    return body.type is builder_module._BYTES


@contextmanager
def _recording_aliases(into: dict[str, ir.TypeRef]) -> Iterator[None]:
    """Record the TypeRef each type alias stands for (`ir.TypeAliasDef` keeps only its text)."""
    original = Builder._type_alias

    def recording(self: Builder, name: str, target: ir.TypeRef, obj: Any, pointer: str) -> None:
        original(self, name, target, obj, pointer)
        if name in self.type_aliases:
            into[name] = target

    Builder._type_alias = recording  # type: ignore[method-assign]
    try:
        yield
    finally:
        Builder._type_alias = original  # type: ignore[method-assign]


@dataclass
class Built:
    api: ir.Api | None
    alias_types: dict[str, ir.TypeRef] = field(default_factory=dict)
    refused: str | None = None


_BUILT: dict[str, Built] = {}


def _built(key: str, path: Path, options: ClientOptions) -> Built:
    if key not in _BUILT:
        alias_types: dict[str, ir.TypeRef] = {}
        try:
            with _recording_aliases(alias_types):
                api = build(path, options, display=path.name)
            _BUILT[key] = Built(api, alias_types)
        except ClientgenError as error:
            _BUILT[key] = Built(None, refused=str(error))
    return _BUILT[key]


class Checker:
    """Collects every difference between the structural spelling and the stored strings."""

    def __init__(
        self, api: ir.Api, alias_types: dict[str, ir.TypeRef], *, media_only: bool = False
    ) -> None:
        self.api = api
        raw_body = None if media_only else _plain_bytes
        self.context = SpellContext.of(api, alias_types, raw_body)
        self.mismatches: list[str] = []
        self.checked = 0

    def same(self, what: str, spelled: object, stored: object) -> None:
        self.checked += 1
        if spelled != stored:
            self.mismatches.append(f"{what}: spelled {spelled!r}, stored {stored!r}")

    def type_(self, where: str, type_: ir.TypeRef, raw: bool = False) -> None:
        context = self.context
        self.same(f"{where} annotation", spelling.spell_type(type_, context), type_.annotation)
        self.same(
            f"{where} param_annotation",
            spelling.spell_type_param(type_, context, raw=raw),
            type_.param_annotation,
        )
        for index, member in enumerate(type_.args):
            self.type_(f"{where}.args[{index}]", member)

    def models(self) -> None:
        context = self.context
        for model in self.api.models:
            for model_field in model.fields:
                where = f"{model.name}.{model_field.name}"
                self.type_(where, model_field.type)
                self.same(where, spelling.spell_field(model_field, context), model_field.annotation)
                self.same(
                    f"{where} (TypedDict)",
                    spelling.spell_field_param(model_field, context),
                    model_field.param_annotation,
                )
            if model.extra_type is not None:
                self.type_(f"{model.name} extra", model.extra_type)
            self.same(
                f"{model.name} extra", spelling.spell_extra(model, context), model.extra_annotation
            )
        locations = dict(self.api.model_locations)
        for module in self.api.model_modules:
            for alias in module.type_aliases:
                self.same(
                    f"alias {alias.name}",
                    spelling.spell_alias_target(alias, context),
                    alias.target,
                )
            plan = model_module_plan(module, context, locations)
            self.same(f"models/{module.module} imports", plan.imports, module.imports)
            self.same(f"models/{module.module} uses", plan.uses, module.uses)

    def operation(self, op: ir.Operation, qualify: bool) -> None:
        context = self.context
        where = f"{op.http_method} {op.path}"
        for param in (*op.query_params, *op.header_params, *op.cookie_params):
            self.type_(f"{where} {param.arg}", param.type)
            self.same(
                f"{where} {param.arg}", spelling.spell_parameter(param, context), param.annotation
            )
        for param in (*op.path_params, *op.keyword_params):
            self.type_(f"{where} {param.arg}", param.type)
            spelled = spelling.spell_parameter(param, context, qualify=qualify)
            self.same(f"{where} {param.arg} (signature)", spelled, param.annotation)
        if op.body is not None:
            self.body(where, op.body, qualify)
        for response in op.responses:
            if response.type is not None:
                raw = spelling.raw_response(response)
                self.type_(f"{where} {response.status}", response.type, raw=raw)
        self.same(
            f"{where} return",
            spelling.spell_return(op, context, qualify=qualify),
            op.return_annotation,
        )
        self.same(
            f"{where} async return",
            spelling.spell_async_return(op, context, qualify=qualify),
            op.async_return_annotation,
        )
        self.same(f"{where} cast_to", spelling.spell_cast_to(op, context), op.cast_to)
        self.same(f"{where} by_status", spelling.spell_by_status(op, context), op.by_status)

    def body(self, where: str, body: ir.RequestBody, qualify: bool) -> None:
        context = self.context
        for argument in body.fields:
            self.same(
                f"{where} body {argument.arg}",
                spelling.spell_body_argument(body, argument, context, qualify=qualify),
                argument.annotation,
            )
        if body.type is not None:
            self.type_(f"{where} body", body.type, raw=context.raw_body(body))
        self.same(
            f"{where} body", spelling.spell_body(body, context, qualify=qualify), body.annotation
        )

    def resources(self) -> None:
        known = {name for name, _ in self.api.model_locations} - {
            alias.name for module in self.api.model_modules for alias in module.type_aliases
        }
        for module in self.api.resources:
            for resource in module.classes:
                qualify = spelling.qualifies_builtins(resource)
                for op in resource.operations:
                    self.operation(op, qualify)
            plan = resource_module_plan(module, self.context, known)
            self.same(
                f"resources/{module.module} imports", plan.model_imports, module.model_imports
            )
            self.same(f"resources/{module.module} uses", plan.uses, module.uses)


def _mismatches(key: str, path: Path, options: ClientOptions, media_only: bool = False) -> set[str]:
    built = _built(key, path, options)
    if built.api is None:
        pytest.skip(f"the generator refuses it: {built.refused}")
    checker = Checker(built.api, built.alias_types, media_only=media_only)
    checker.models()
    checker.resources()
    return set(checker.mismatches)


@pytest.mark.parametrize(
    ("key", "path", "options"), DOCUMENTS, ids=[key for key, _, _ in DOCUMENTS]
)
def test_structure_spells_every_stored_string(key: str, path: Path, options: ClientOptions) -> None:
    mismatches = _mismatches(key, path, options)
    expected = set(KNOWN_MISMATCHES.get(key, {}))
    assert mismatches == expected, "\n".join(sorted(mismatches ^ expected)[:40])


@pytest.mark.xfail(strict=True, reason=LITERAL_DATETIME)
def test_a_literal_value_never_adds_an_import() -> None:
    assert not _mismatches("edges", EDGES, ClientOptions())


def test_the_media_type_alone_cannot_tell_plain_bytes_from_a_file() -> None:
    """Why TypeRef needs a kind "file": without the stand-in, exactly these differ."""
    mismatches = _mismatches("edges", EDGES, ClientOptions(), media_only=True)
    assert mismatches - set(KNOWN_MISMATCHES["edges"]) == MEDIA_ONLY_MISMATCHES

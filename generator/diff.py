"""API change report: what changed between two versions of a document, for client code.

Both versions are built into the intermediate model with the same options, so every change is
named as the generated client spells it: methods (`client.chat.create`), their arguments
(`client.chat.create(channel)`), model fields (`CreateChatResponse.response`), enum members
(`CreateChatRequestChannel.SMS`), servers (`SERVERS["uk_1"]`), auth classes and credentials.

Each change is classified breaking or not for code that uses the client, after oasdiff's rule
families: whatever callers must now pass, or can no longer pass or read, is breaking; additions
are not. Inputs (arguments, models reachable from them) and outputs (return types, error
bodies, models reachable from them) are judged in their own direction: a type may widen where
the client sends it and narrow where it reads it. Changes inside a model are reported once, on
the model, never once per operation that uses it. Text that does not shape the client
(descriptions, examples, key order, YAML style) is not compared at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from . import ir
from .errors import ClientgenError
from .options import ClientOptions


@dataclass(frozen=True)
class Change:
    """One change, located by the generated client's names."""

    kind: str
    """A key of `KINDS` ('argument-became-required', 'field-removed', ...)."""
    breaking: bool
    location: str
    """Where client code meets it: 'client.chat.create(channel)', 'Chat.status', ..."""
    message: str
    old: str | None = None
    """The old value (a type annotation, 'required', a URL, ...) where there is one."""
    new: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "breaking": self.breaking,
            "location": self.location,
            "message": self.message,
            "old": self.old,
            "new": self.new,
        }


GROUPS = ("Operations", "Models", "Enums", "Servers", "Security")
"""Sections of the report, in order."""

KINDS: dict[str, tuple[str, str]] = {
    # kind: (group, when it is breaking)
    "operation-added": ("Operations", "never"),
    "operation-removed": ("Operations", "always"),
    "operation-renamed": ("Operations", "always"),
    "operation-path-changed": ("Operations", "never (the client hides the HTTP method and path)"),
    "operation-deprecated": ("Operations", "never"),
    "operation-undeprecated": ("Operations", "never"),
    "argument-added": ("Operations", "when required"),
    "argument-removed": ("Operations", "always"),
    "argument-became-required": ("Operations", "always"),
    "argument-became-optional": ("Operations", "never"),
    "argument-type-changed": ("Operations", "unless every old value is still accepted"),
    "argument-format-changed": ("Operations", "always"),
    "argument-location-changed": ("Operations", "when it stops being positional (path)"),
    "argument-order-changed": ("Operations", "always (path arguments are positional)"),
    "argument-wire-name-changed": ("Operations", "never (the client sends the new name)"),
    "argument-deprecated": ("Operations", "never"),
    "request-content-type-changed": ("Operations", "never (the client encodes the body)"),
    "response-status-added": ("Operations", "never"),
    "response-status-removed": ("Operations", "always"),
    "response-type-changed": ("Operations", "unless every new value fits the old type"),
    "response-format-changed": ("Operations", "always"),
    "error-model-added": ("Operations", "never"),
    "error-model-removed": ("Operations", "always (APIStatusError.body is no longer parsed)"),
    "error-model-changed": ("Operations", "always"),
    "model-added": ("Models", "never"),
    "model-removed": ("Models", "always"),
    "typeddict-added": ("Models", "never"),
    "typeddict-removed": ("Models", "always"),
    "field-added": ("Models", "when required in a request model"),
    "field-removed": ("Models", "always"),
    "field-became-required": ("Models", "in request models"),
    "field-became-optional": ("Models", "in response models"),
    "field-became-nullable": ("Models", "in response models"),
    "field-became-non-nullable": ("Models", "in request models"),
    "field-type-changed": ("Models", "when narrowed (request) or widened (response)"),
    "field-format-changed": ("Models", "always"),
    "field-wire-name-changed": ("Models", "never (the alias follows)"),
    "field-deprecated": ("Models", "never"),
    "model-extra-type-changed": ("Models", "when narrowed (request) or widened (response)"),
    "enum-added": ("Enums", "never"),
    "enum-removed": ("Enums", "always"),
    "enum-value-added": ("Enums", "never (generated enums are open)"),
    "enum-value-removed": ("Enums", "always"),
    "enum-member-renamed": ("Enums", "always"),
    "enum-type-changed": ("Enums", "always"),
    "server-added": ("Servers", "never"),
    "server-removed": ("Servers", "always"),
    "server-url-changed": ("Servers", "never"),
    "default-server-changed": ("Servers", "never"),
    "security-scheme-added": ("Security", "never"),
    "security-scheme-removed": ("Security", "always"),
    "security-scheme-type-changed": ("Security", "always"),
    "security-scheme-parameter-changed": ("Security", "never (the client sends it)"),
    "credential-added": ("Security", "never"),
    "credential-removed": ("Security", "always"),
    "credential-env-var-changed": ("Security", "always"),
    "security-requirement-added": ("Security", "never (one more way to authenticate)"),
    "security-requirement-removed": (
        "Security",
        "unless a remaining alternative needs a subset of its schemes",
    ),
}
"""Every kind of change: its report section and when it is breaking."""

_STRINGISH = frozenset({"str", "datetime", "date", "time", "uuid", "bytes"})
"""Kinds that are one JSON string with different `format`s."""
_ANY = ir.TypeRef(kind="any", annotation="Any", param_annotation="Any")
_SCHEMA_COMPONENT = re.compile(r"^/components/schemas/[^/]+$")


# --------------------------------------------------------------------------------- the diff


def api_changes(old: ir.Api, new: ir.Api) -> list[Change]:
    """Every change from `old` to `new` that client code can see, sorted for stable output.

    Build both with the same `ClientOptions` (package and client name), or names differ.
    """
    differ = _Differ(old, new)
    differ.run()
    return sorted(set(differ.changes), key=_sort_key)


def _sort_key(change: Change) -> tuple[int, str, str, str, str, str]:
    group = KINDS[change.kind][0]
    return (
        GROUPS.index(group),
        change.location,
        change.kind,
        change.message,
        change.old or "",
        change.new or "",
    )


@dataclass(frozen=True)
class _Arg:
    """A method argument of any source: path, query, header, cookie, body field or body."""

    name: str
    location: str
    wire_name: str
    required: bool
    type: ir.TypeRef | None
    annotation: str
    """The type as the signature spells it, without `| NotGiven`."""
    deprecated: bool


class _Usage:
    """Which models and enums one version reads and writes."""

    def __init__(self, api: ir.Api) -> None:
        self.models = {model.name: model for model in api.models}
        self.inputs: set[str] = set()
        self.outputs: set[str] = set()
        flattened: set[str] = set()
        request: list[ir.TypeRef] = []
        response: list[ir.TypeRef] = []
        for op in _operations(api).values():
            request.extend(p.type for p in _params(op))
            if op.body is not None:
                if op.body.type is not None:
                    request.append(op.body.type)
                if op.body.model is not None and op.body.model in self.models:
                    flattened.add(op.body.model)
                    request.extend(f.type for f in self.models[op.body.model].fields)
            response.extend(r.type for r in op.responses if r.type is not None)
            response.extend(_model_ref(name) for _, name in op.errors)
        self._walk(request, self.inputs)
        self._walk(response, self.outputs)
        self.flattened_only = flattened - self.inputs - self.outputs
        """Body models only ever spread into arguments: their changes are argument changes."""

    def _walk(self, roots: Iterable[ir.TypeRef], into: set[str]) -> None:
        stack = list(roots)
        while stack:
            type_ = stack.pop()
            stack.extend(type_.args)
            if type_.kind in ("model", "enum") and type_.name and type_.name not in into:
                into.add(type_.name)
                model = self.models.get(type_.name)
                if model is not None:
                    stack.extend(f.type for f in model.fields)
                    if model.extra_type is not None:
                        stack.append(model.extra_type)


class _Differ:
    def __init__(self, old: ir.Api, new: ir.Api) -> None:
        self.old = old
        self.new = new
        self.old_usage = _Usage(old)
        self.new_usage = _Usage(new)
        self.changes: list[Change] = []

    def add(
        self,
        kind: str,
        breaking: bool,
        location: str,
        message: str,
        old: str | None = None,
        new: str | None = None,
    ) -> None:
        assert kind in KINDS, kind
        self.changes.append(Change(kind, breaking, location, message, _spell(old), _spell(new)))

    def run(self) -> None:
        self.operations()
        self.models()
        self.enums()
        self.servers()
        self.security()

    # ----------------------------------------------------------------------------- operations

    def operations(self) -> None:
        old_ops = _operations(self.old)
        new_ops = _operations(self.new)
        pairs = [(old_ops[call], new_ops[call]) for call in sorted(old_ops.keys() & new_ops.keys())]
        removed = {call: op for call, op in old_ops.items() if call not in new_ops}
        added = {call: op for call, op in new_ops.items() if call not in old_ops}
        # An operation whose method name changed: same HTTP method and path template.
        by_endpoint = {_endpoint_key(op): op for op in added.values()}
        for call in sorted(removed):
            old_op = removed[call]
            new_op = by_endpoint.pop(_endpoint_key(old_op), None)
            if new_op is None:
                self.add(
                    "operation-removed",
                    True,
                    _method(call),
                    "method removed",
                    old=_endpoint(old_op),
                )
                continue
            del added[new_op.call]
            self.add(
                "operation-renamed",
                True,
                _method(call),
                "method renamed",
                old=_method(call),
                new=_method(new_op.call),
            )
            pairs.append((old_op, new_op))
        for call in sorted(added):
            self.add(
                "operation-added", False, _method(call), "method added", new=_endpoint(added[call])
            )
        for old_op, new_op in pairs:
            self.operation(old_op, new_op)

    def operation(self, old: ir.Operation, new: ir.Operation) -> None:
        where = _method(new.call)
        if _endpoint(old) != _endpoint(new):
            self.add(
                "operation-path-changed",
                False,
                where,
                "HTTP method or path changed",
                old=_endpoint(old),
                new=_endpoint(new),
            )
        if old.deprecated != new.deprecated:
            if new.deprecated:
                self.add("operation-deprecated", False, where, "method deprecated")
            else:
                self.add("operation-undeprecated", False, where, "method no longer deprecated")
        self.arguments(old, new)
        old_ct = old.body.content_type if old.body is not None else None
        new_ct = new.body.content_type if new.body is not None else None
        if old_ct is not None and new_ct is not None and old_ct != new_ct:
            self.add(
                "request-content-type-changed",
                False,
                where,
                "request body content type changed",
                old=old_ct,
                new=new_ct,
            )
        self.responses(old, new)
        self.errors(old, new)
        self.operation_security(old, new)

    def arguments(self, old_op: ir.Operation, new_op: ir.Operation) -> None:
        old_args = _arguments(self.old, old_op)
        new_args = _arguments(self.new, new_op)
        method = _method(new_op.call)
        for name in sorted(old_args.keys() | new_args.keys()):
            where = f"{method}({name})"
            old = old_args.get(name)
            new = new_args.get(name)
            if old is None and new is not None:
                if new.required:
                    self.add(
                        "argument-added", True, where, "new required argument", new=new.annotation
                    )
                else:
                    self.add(
                        "argument-added", False, where, "new optional argument", new=new.annotation
                    )
                continue
            if new is None and old is not None:
                self.add("argument-removed", True, where, "argument removed", old=old.annotation)
                continue
            assert old is not None and new is not None
            if old.required != new.required:
                if new.required:
                    self.add(
                        "argument-became-required",
                        True,
                        where,
                        "argument became required",
                        old="optional",
                        new="required",
                    )
                else:
                    self.add(
                        "argument-became-optional",
                        False,
                        where,
                        "argument became optional",
                        old="required",
                        new="optional",
                    )
            self.argument_type(where, old, new)
            if old.location != new.location:
                positional_lost = old.location == "path" and new.location != "path"
                self.add(
                    "argument-location-changed",
                    positional_lost,
                    where,
                    (
                        "argument moved (no longer positional)"
                        if positional_lost
                        else "argument moved (the client sends it there)"
                    ),
                    old=old.location,
                    new=new.location,
                )
            elif old.wire_name != new.wire_name:
                self.add(
                    "argument-wire-name-changed",
                    False,
                    where,
                    "argument sent under a new name (the client sends it)",
                    old=old.wire_name,
                    new=new.wire_name,
                )
            if new.deprecated and not old.deprecated:
                self.add("argument-deprecated", False, where, "argument deprecated")
        old_positional = [a.name for a in old_args.values() if a.location == "path"]
        new_positional = [a.name for a in new_args.values() if a.location == "path"]
        common = set(old_positional) & set(new_positional)
        kept_old = [name for name in old_positional if name in common]
        kept_new = [name for name in new_positional if name in common]
        if kept_old != kept_new:
            self.add(
                "argument-order-changed",
                True,
                method,
                "positional (path) arguments reordered",
                old=", ".join(kept_old),
                new=", ".join(kept_new),
            )

    def argument_type(self, where: str, old: _Arg, new: _Arg) -> None:
        if old.type is None or new.type is None:
            if old.annotation != new.annotation:
                self.add(
                    "argument-type-changed",
                    True,
                    where,
                    "argument type changed",
                    old=old.annotation,
                    new=new.annotation,
                )
            return
        if _type_key(old.type) == _type_key(new.type):
            return
        if _format_changed(old.type, new.type):
            self.add(
                "argument-format-changed",
                True,
                where,
                "argument format changed",
                old=old.annotation,
                new=new.annotation,
            )
        elif _accepts(new.type, old.type):
            self.add(
                "argument-type-changed",
                False,
                where,
                "argument type widened",
                old=old.annotation,
                new=new.annotation,
            )
        else:
            self.add(
                "argument-type-changed",
                True,
                where,
                "argument type changed",
                old=old.annotation,
                new=new.annotation,
            )

    def responses(self, old: ir.Operation, new: ir.Operation) -> None:
        where = _method(new.call)
        old_status = {r.status for r in old.responses}
        new_status = {r.status for r in new.responses}
        for status in sorted(old_status - new_status):
            self.add(
                "response-status-removed",
                True,
                where,
                f"success status {status} removed",
                old=status,
            )
        for status in sorted(new_status - old_status):
            self.add(
                "response-status-added",
                False,
                where,
                f"success status {status} added",
                new=status,
            )
        if old.return_annotation == new.return_annotation:
            return
        old_type = _return_type(old)
        new_type = _return_type(new)
        if _format_changed(old_type, new_type):
            self.add(
                "response-format-changed",
                True,
                where,
                "return type format changed",
                old=old.return_annotation,
                new=new.return_annotation,
            )
        elif _accepts(old_type, new_type):
            self.add(
                "response-type-changed",
                False,
                where,
                "return type narrowed",
                old=old.return_annotation,
                new=new.return_annotation,
            )
        else:
            self.add(
                "response-type-changed",
                True,
                where,
                "return type changed",
                old=old.return_annotation,
                new=new.return_annotation,
            )

    def errors(self, old: ir.Operation, new: ir.Operation) -> None:
        where = _method(new.call)
        old_errors = dict(old.errors)
        new_errors = dict(new.errors)
        for status in sorted(old_errors.keys() | new_errors.keys()):
            before = old_errors.get(status)
            after = new_errors.get(status)
            if before == after:
                continue
            if before is None:
                self.add(
                    "error-model-added",
                    False,
                    where,
                    f"error {status}: APIStatusError.body is now parsed as a model",
                    new=after,
                )
            elif after is None:
                self.add(
                    "error-model-removed",
                    True,
                    where,
                    f"error {status}: APIStatusError.body is no longer parsed as a model",
                    old=before,
                )
            else:
                self.add(
                    "error-model-changed",
                    True,
                    where,
                    f"error {status}: APIStatusError.body model changed",
                    old=before,
                    new=after,
                )

    def operation_security(self, old: ir.Operation, new: ir.Operation) -> None:
        if old.security is None and new.security is None:
            return  # follows the document's default, compared once in `security`
        before = old.security if old.security is not None else self.old.default_security
        after = new.security if new.security is not None else self.new.default_security
        self.requirements(_method(new.call), "security", before, after)

    # ----------------------------------------------------------------------------- models

    def models(self) -> None:
        old_models = {m.name: m for m in self.old.models}
        new_models = {m.name: m for m in self.new.models}
        for name in sorted(old_models.keys() | new_models.keys()):
            old = old_models.get(name)
            new = new_models.get(name)
            if old is None and new is not None:
                if name not in self.new_usage.flattened_only and _is_component(new.pointer):
                    self.add("model-added", False, name, "model added")
                continue
            if new is None and old is not None:
                if name not in self.old_usage.flattened_only and _is_component(old.pointer):
                    self.add("model-removed", True, name, "model removed")
                continue
            assert old is not None and new is not None
            if name in self.old_usage.flattened_only and name in self.new_usage.flattened_only:
                continue  # reported as the arguments it spreads into
            self.model(old, new)

    def model(self, old: ir.Model, new: ir.Model) -> None:
        name = new.name
        inputs = name in self.old_usage.inputs or name in self.new_usage.inputs
        outputs = name in self.old_usage.outputs or name in self.new_usage.outputs
        if name in self.old_usage.flattened_only or name in self.new_usage.flattened_only:
            inputs = True
        if not inputs and not outputs:
            inputs = outputs = True  # not used by any method: judged both ways
        if old.param_name and not new.param_name:
            self.add("typeddict-removed", True, old.param_name, "TypedDict removed")
        elif new.param_name and not old.param_name:
            self.add("typeddict-added", False, new.param_name, "TypedDict added")
        old_fields = {f.name: f for f in old.fields}
        new_fields = {f.name: f for f in new.fields}
        for field_name in sorted(old_fields.keys() | new_fields.keys()):
            where = f"{name}.{field_name}"
            before = old_fields.get(field_name)
            after = new_fields.get(field_name)
            if before is None and after is not None:
                required = "required" if after.required else "optional"
                self.add(
                    "field-added",
                    inputs and after.required,
                    where,
                    f"{required} field added",
                    new=after.annotation,
                )
                continue
            if after is None and before is not None:
                self.add("field-removed", True, where, "field removed", old=before.annotation)
                continue
            assert before is not None and after is not None
            self.field(where, before, after, inputs=inputs, outputs=outputs)
        if _type_key(old.extra_type or _ANY) != _type_key(new.extra_type or _ANY):
            before_type = old.extra_type or _ANY
            after_type = new.extra_type or _ANY
            breaking = (inputs and not _accepts(after_type, before_type)) or (
                outputs and not _accepts(before_type, after_type)
            )
            self.add(
                "model-extra-type-changed",
                breaking,
                name,
                "type of additional properties changed",
                old=before_type.annotation,
                new=after_type.annotation,
            )

    def field(
        self, where: str, old: ir.Field, new: ir.Field, *, inputs: bool, outputs: bool
    ) -> None:
        if old.required != new.required:
            if new.required:
                self.add(
                    "field-became-required",
                    inputs,
                    where,
                    "field became required",
                    old="optional",
                    new="required",
                )
            else:
                # Reading code breaks where the attribute's annotation gains None.
                self.add(
                    "field-became-optional",
                    outputs and new.reads_none and not old.reads_none,
                    where,
                    "field became optional",
                    old="required",
                    new="optional",
                )
        if old.nullable != new.nullable:
            shown = old.annotation != new.annotation
            if new.nullable:
                self.add(
                    "field-became-nullable",
                    outputs and new.reads_none and not old.reads_none,
                    where,
                    (
                        "field became nullable"
                        if shown
                        else "field became nullable (optional already: annotation unchanged)"
                    ),
                    old=old.annotation if shown else "not nullable",
                    new=new.annotation if shown else "nullable",
                )
            else:
                self.add(
                    "field-became-non-nullable",
                    inputs,
                    where,
                    "field no longer nullable",
                    old=old.annotation if shown else "nullable",
                    new=new.annotation if shown else "not nullable",
                )
        before = _non_null(old.type)
        after = _non_null(new.type)
        if _type_key(before) != _type_key(after):
            if _format_changed(before, after):
                self.add(
                    "field-format-changed",
                    True,
                    where,
                    "field format changed",
                    old=before.annotation,
                    new=after.annotation,
                )
            else:
                breaking = (inputs and not _accepts(after, before)) or (
                    outputs and not _accepts(before, after)
                )
                self.add(
                    "field-type-changed",
                    breaking,
                    where,
                    "field type changed" if breaking else "field type changed compatibly",
                    old=before.annotation,
                    new=after.annotation,
                )
        if old.wire_name != new.wire_name:
            self.add(
                "field-wire-name-changed",
                False,
                where,
                "field has a new wire name (the alias follows)",
                old=old.wire_name,
                new=new.wire_name,
            )
        if new.deprecated and not old.deprecated:
            self.add("field-deprecated", False, where, "field deprecated")

    # ----------------------------------------------------------------------------- enums

    def enums(self) -> None:
        old_enums = {e.name: e for e in self.old.enums}
        new_enums = {e.name: e for e in self.new.enums}
        for name in sorted(old_enums.keys() | new_enums.keys()):
            old = old_enums.get(name)
            new = new_enums.get(name)
            if old is None and new is not None:
                if _is_component(new.pointer):
                    self.add("enum-added", False, name, "enum added")
                continue
            if new is None and old is not None:
                if _is_component(old.pointer):
                    self.add("enum-removed", True, name, "enum removed")
                continue
            assert old is not None and new is not None
            if old.base != new.base:
                self.add(
                    "enum-type-changed",
                    True,
                    name,
                    "enum value type changed",
                    old=old.base,
                    new=new.base,
                )
            old_members = {_enum_key(m.value): m for m in old.members}
            new_members = {_enum_key(m.value): m for m in new.members}
            for key in sorted(old_members.keys() - new_members.keys()):
                member = old_members[key]
                self.add(
                    "enum-value-removed",
                    True,
                    f"{name}.{member.name}",
                    "enum value removed",
                    old=_value_text(member.value),
                )
            for key in sorted(new_members.keys() - old_members.keys()):
                member = new_members[key]
                self.add(
                    "enum-value-added",
                    False,
                    f"{name}.{member.name}",
                    "enum value added",
                    new=_value_text(member.value),
                )
            for key in sorted(old_members.keys() & new_members.keys()):
                if old_members[key].name != new_members[key].name:
                    self.add(
                        "enum-member-renamed",
                        True,
                        f"{name}.{old_members[key].name}",
                        f"member for {_value_text(new_members[key].value)} renamed",
                        old=old_members[key].name,
                        new=new_members[key].name,
                    )

    # ----------------------------------------------------------------------------- servers

    def servers(self) -> None:
        old_servers = {s.name: s for s in self.old.servers}
        new_servers = {s.name: s for s in self.new.servers}
        for name in sorted(old_servers.keys() | new_servers.keys()):
            where = f'SERVERS["{name}"]'
            old = old_servers.get(name)
            new = new_servers.get(name)
            if old is None and new is not None:
                self.add("server-added", False, where, "server added", new=new.url)
            elif new is None and old is not None:
                self.add("server-removed", True, where, "server removed", old=old.url)
            elif old is not None and new is not None and old.url != new.url:
                self.add(
                    "server-url-changed",
                    False,
                    where,
                    "server URL changed",
                    old=old.url,
                    new=new.url,
                )
        # The first server is the default (the IR always has one).
        old_default = [(s.name, s.url) for s in self.old.servers[:1]]
        new_default = [(s.name, s.url) for s in self.new.servers[:1]]
        if old_default and new_default and old_default != new_default:
            self.add(
                "default-server-changed",
                False,
                "DEFAULT_SERVER",
                "default server changed",
                old="{} ({})".format(*old_default[0]),
                new="{} ({})".format(*new_default[0]),
            )

    # ----------------------------------------------------------------------------- security

    def security(self) -> None:
        old_schemes = {s.key: s for s in self.old.security_schemes}
        new_schemes = {s.key: s for s in self.new.security_schemes}
        for key in sorted(old_schemes.keys() | new_schemes.keys()):
            old = old_schemes.get(key)
            new = new_schemes.get(key)
            if old is None and new is not None:
                self.add(
                    "security-scheme-added",
                    False,
                    new.class_name,
                    f"security scheme '{key}' added",
                    new=_scheme_text(new),
                )
                continue
            if new is None and old is not None:
                self.add(
                    "security-scheme-removed",
                    True,
                    old.class_name,
                    f"security scheme '{key}' removed",
                    old=_scheme_text(old),
                )
                continue
            assert old is not None and new is not None
            if old.kind != new.kind:
                self.add(
                    "security-scheme-type-changed",
                    True,
                    new.class_name,
                    f"security scheme '{key}' changed type",
                    old=old.kind,
                    new=new.kind,
                )
            elif (old.location, old.parameter_name) != (new.location, new.parameter_name):
                self.add(
                    "security-scheme-parameter-changed",
                    False,
                    new.class_name,
                    f"security scheme '{key}' sends the credential elsewhere",
                    old=_scheme_text(old),
                    new=_scheme_text(new),
                )
        old_credentials = _credentials(self.old)
        new_credentials = _credentials(self.new)
        client = self.new.client_name
        for arg in sorted(old_credentials.keys() | new_credentials.keys()):
            where = f"{client}({arg})"
            before = old_credentials.get(arg)
            after = new_credentials.get(arg)
            if before is None:
                self.add("credential-added", False, where, "new credential argument", new=after)
            elif after is None:
                self.add(
                    "credential-removed", True, where, "credential argument removed", old=before
                )
            elif before != after:
                self.add(
                    "credential-env-var-changed",
                    True,
                    where,
                    "credential environment variable changed",
                    old=before,
                    new=after,
                )
        self.requirements(
            client, "default security", self.old.default_security, self.new.default_security
        )

    def requirements(
        self,
        where: str,
        label: str,
        old: tuple[tuple[str, ...], ...],
        new: tuple[tuple[str, ...], ...],
    ) -> None:
        """Security alternatives: any one is enough, and each needs all of its schemes.

        No requirement at all means no authentication. The client sends every credential it
        is given, so dropping an alternative breaks only callers configured for it alone:
        it is breaking unless a remaining alternative needs a subset of its schemes.
        """
        before = {frozenset(alternative) for alternative in old} or {frozenset()}
        after = {frozenset(alternative) for alternative in new} or {frozenset()}
        for alternative in sorted(before - after, key=_requirement_text):
            covered = any(other <= alternative for other in after)
            self.add(
                "security-requirement-removed",
                not covered,
                where,
                f"{label}: {_requirement_text(alternative)} no longer accepted",
                old=_requirements_text(before),
                new=_requirements_text(after),
            )
        for alternative in sorted(after - before, key=_requirement_text):
            self.add(
                "security-requirement-added",
                False,
                where,
                f"{label}: {_requirement_text(alternative)} now accepted",
                old=_requirements_text(before),
                new=_requirements_text(after),
            )


# --------------------------------------------------------------------------------- IR helpers


def _operations(api: ir.Api) -> dict[str, ir.Operation]:
    """Every operation by its call path ('workers.deployments.chat.create')."""
    found: dict[str, ir.Operation] = {}
    for module in api.resources:
        for resource in module.classes:
            for op in resource.operations:
                found[op.call] = op
    return found


def _params(op: ir.Operation) -> tuple[ir.Parameter, ...]:
    return (*op.path_params, *op.query_params, *op.header_params, *op.cookie_params)


def _arguments(api: ir.Api, op: ir.Operation) -> dict[str, _Arg]:
    """The method's arguments by name, positional (path) ones first in order."""
    args: dict[str, _Arg] = {}
    for param in _params(op):
        args[param.arg] = _Arg(
            name=param.arg,
            location=param.location,
            wire_name=param.wire_name,
            required=param.required,
            type=param.type,
            annotation=param.type.param_annotation,
            deprecated=param.deprecated,
        )
    body = op.body
    if body is None:
        return args
    if body.arg is not None:
        args[body.arg] = _Arg(
            name=body.arg,
            location="body",
            wire_name="",
            required=body.required,
            type=body.type,
            annotation=(
                body.type.param_annotation
                if body.type is not None
                else (body.annotation or "").removesuffix(" | NotGiven")
            ),
            deprecated=False,
        )
    model = next((m for m in api.models if m.name == body.model), None)
    fields = {f.name: f for f in model.fields} if model is not None else {}
    for body_field in body.fields:
        model_field = fields.get(body_field.field_name)
        args[body_field.arg] = _Arg(
            name=body_field.arg,
            location="body",
            wire_name=body_field.wire_name,
            required=body_field.required,
            type=model_field.type if model_field is not None else None,
            annotation=(
                model_field.type.param_annotation
                if model_field is not None
                else body_field.annotation.removesuffix(" | NotGiven")
            ),
            deprecated=model_field.deprecated if model_field is not None else False,
        )
    return args


def _credentials(api: ir.Api) -> dict[str, str]:
    """Client constructor credential argument -> its environment variable."""
    return {c.arg: c.env_var for scheme in api.security_schemes for c in scheme.credentials}


def _method(call: str) -> str:
    return f"client.{call}"


def _endpoint(op: ir.Operation) -> str:
    return f"{op.http_method} {op.path}"


def _endpoint_key(op: ir.Operation) -> tuple[str, str]:
    return op.http_method, re.sub(r"\{[^}]*\}", "{}", op.path)


def _is_component(pointer: str) -> bool:
    """A component schema's own class; inline classes follow the field or method using them."""
    return bool(_SCHEMA_COMPONENT.match(pointer))


def _model_ref(name: str) -> ir.TypeRef:
    return ir.TypeRef(kind="model", annotation=name, param_annotation=name, name=name)


def _return_type(op: ir.Operation) -> ir.TypeRef:
    """The method's return type as one TypeRef (a union of the success types)."""
    members: list[ir.TypeRef] = []
    nullable = not op.responses
    for response in op.responses:
        if response.type is None:
            nullable = True
        elif response.type not in members:
            members.append(response.type)
    if not members:
        return ir.TypeRef(kind="null", annotation="None", param_annotation="None", nullable=True)
    if len(members) == 1:
        return replace(members[0], nullable=members[0].nullable or nullable)
    return ir.TypeRef(
        kind="union",
        annotation=op.return_annotation,
        param_annotation=op.return_annotation,
        args=tuple(members),
        nullable=nullable or any(m.nullable for m in members),
    )


# --------------------------------------------------------------------------------- type rules


def _type_key(type_: ir.TypeRef) -> tuple[str, str, str]:
    return type_.kind, type_.annotation, type_.param_annotation


def _non_null(type_: ir.TypeRef) -> ir.TypeRef:
    """The type without its nullability (reported on its own for fields)."""
    if not type_.nullable or type_.kind == "null":
        return type_
    return replace(
        type_,
        nullable=False,
        annotation=type_.annotation.removesuffix(" | None"),
        param_annotation=type_.param_annotation.removesuffix(" | None"),
    )


def _parts(type_: ir.TypeRef) -> tuple[list[ir.TypeRef], bool]:
    """Non-null members of a type (unions flattened) and whether None is one of its values."""
    if type_.kind == "null":
        return [], True
    if type_.kind == "union":
        members: list[ir.TypeRef] = []
        nullable = type_.nullable
        for arg in type_.args:
            inner, inner_nullable = _parts(arg)
            members.extend(inner)
            nullable = nullable or inner_nullable
        return members, nullable
    return [type_], type_.nullable


def _accepts(wide: ir.TypeRef, narrow: ir.TypeRef) -> bool:
    """Whether every value of `narrow` is a value of `wide`.

    Inputs are compatible when the new type accepts the old (`_accepts(new, old)`), outputs
    when the old type accepts the new (`_accepts(old, new)`).
    """
    wide_members, wide_nullable = _parts(wide)
    narrow_members, narrow_nullable = _parts(narrow)
    if any(member.kind == "any" for member in wide_members):
        return True
    if narrow_nullable and not wide_nullable:
        return False
    return all(any(_accepts_one(w, n) for w in wide_members) for n in narrow_members)


def _accepts_one(wide: ir.TypeRef, narrow: ir.TypeRef) -> bool:
    if wide.kind == "any":
        return True
    if narrow.kind == "any":
        return False
    if wide.kind != narrow.kind:
        if wide.kind == "float" and narrow.kind == "int":
            return True
        # An open enum's values are plain strings (ints) to whoever reads or writes them.
        return narrow.kind == "enum" and wide.kind in narrow.param_annotation.split(" | ")
    if wide.kind in ("list", "dict"):
        if wide.args and narrow.args:
            return _accepts(wide.args[0], narrow.args[0])
        return not wide.args
    if wide.kind in ("model", "enum"):
        return wide.name == narrow.name
    return True


def _format_changed(old: ir.TypeRef, new: ir.TypeRef) -> bool:
    """The same JSON type with another `format` (str -> datetime, list[uuid] -> list[str])."""
    old_members, _ = _parts(old)
    new_members, _ = _parts(new)
    if len(old_members) != 1 or len(new_members) != 1:
        return False
    before, after = old_members[0], new_members[0]
    if before.kind != after.kind:
        return before.kind in _STRINGISH and after.kind in _STRINGISH
    if before.kind in ("list", "dict") and before.args and after.args:
        return _format_changed(before.args[0], after.args[0])
    return False


# --------------------------------------------------------------------------------- text helpers


def _spell(value: str | None) -> str | None:
    """Annotations as a user writes them: the generated modules' aliases spelled out."""
    if value is None:
        return None
    return value.replace("_dt.", "datetime.").replace("_uuid.", "uuid.")


def _enum_key(value: str | int | float | bool) -> tuple[str, str]:
    return type(value).__name__, repr(value)


def _value_text(value: str | int | float | bool) -> str:
    return json.dumps(value)


def _scheme_text(scheme: ir.SecurityScheme) -> str:
    if scheme.kind == "api_key":
        return f"api_key in {scheme.location} '{scheme.parameter_name}'"
    return scheme.kind


def _requirement_text(alternative: frozenset[str]) -> str:
    return " + ".join(sorted(alternative)) if alternative else "no authentication"


def _requirements_text(alternatives: set[frozenset[str]]) -> str:
    return " or ".join(_requirement_text(a) for a in sorted(alternatives, key=_requirement_text))


# --------------------------------------------------------------------------------- rendering

FORMATS = ("text", "markdown", "json")


def render_changes(changes: Sequence[Change], fmt: str = "text") -> str:
    """The report as text (grouped, one line per change), Markdown (for a pull request) or
    JSON (a sorted list of {kind, breaking, location, message, old, new})."""
    ordered = sorted(changes, key=_sort_key)
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


# --------------------------------------------------------------------------------- loading


def load_apis(old: str, new: str, options: ClientOptions | None = None) -> tuple[ir.Api, ir.Api]:
    """Build both versions with the same options; either may be `PATH@REVISION` (git).

    Without a package name both take the one the new version's title gives, so that every
    derived name (client class, credentials' environment variables) lines up.
    """
    # Imported here so that the pipeline may one day import this module (a summary on generate).
    from .pipeline import build  # noqa: PLC0415

    options = options if options is not None else ClientOptions()
    with spec_file(new) as (new_path, new_display):
        new_api = build(new_path, options, new_display)
    if options.package is None:
        options = replace(options, package=new_api.package)
    with spec_file(old) as (old_path, old_display):
        old_api = build(old_path, options, old_display)
    return old_api, new_api


@contextmanager
def spec_file(ref: str) -> Iterator[tuple[Path, str]]:
    """A document to load and the name to report it by.

    An existing path is itself; otherwise `PATH@REVISION` is the file's content at that git
    revision (`git show REVISION:PATH` in the repository holding PATH), in a temporary file
    with the same suffix for as long as the context lasts.
    """
    path = Path(ref)
    split = None if path.exists() else _split_revision(ref)
    if split is None:
        yield path, ref
        return
    file_part, revision = split
    if revision.startswith("-"):
        raise ClientgenError(f"{ref}: a git revision cannot start with '-'")
    content = _git_show(Path(file_part), revision, ref)
    suffix = Path(file_part).suffix or ".yaml"
    fd, temp = tempfile.mkstemp(prefix="clientgen-diff-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        yield Path(temp), ref
    finally:
        Path(temp).unlink(missing_ok=True)


def _split_revision(ref: str) -> tuple[str, str] | None:
    """`PATH@REVISION` -> (PATH, REVISION); None when `ref` has no such form.

    The first '@' whose left side is an existing file wins (revisions may hold '@', as in
    `HEAD@{1}`); failing that, the first whose left side is in an existing directory (a file
    deleted since), failing that, the first.
    """
    splits = [
        (ref[:index], ref[index + 1 :])
        for index, char in enumerate(ref)
        if char == "@" and index > 0 and index < len(ref) - 1
    ]
    if not splits:
        return None
    for file_part, revision in splits:
        if Path(file_part).is_file():
            return file_part, revision
    for file_part, revision in splits:
        if Path(file_part).parent.is_dir() and not file_part.endswith(("/", os.sep)):
            return file_part, revision
    return splits[0]


def _git_show(file: Path, revision: str, ref: str) -> bytes:
    git = shutil.which("git")
    if git is None:
        raise ClientgenError(f"{ref}: reading a git revision needs git, which is not installed")
    absolute = Path(os.path.abspath(file))
    directory = absolute.parent
    while not directory.is_dir() and directory != directory.parent:
        directory = directory.parent
    top = _run_git(git, ["rev-parse", "--show-toplevel"], directory, ref).decode().strip()
    real = Path(os.path.realpath(directory)) / absolute.relative_to(directory)
    try:
        relative = real.relative_to(Path(os.path.realpath(top))).as_posix()
    except ValueError:
        raise ClientgenError(f"{ref}: {file} is outside the git repository {top}") from None
    return _run_git(git, ["show", f"{revision}:{relative}"], Path(top), ref)


def _run_git(git: str, args: list[str], cwd: Path, ref: str) -> bytes:
    try:
        result = subprocess.run(  # noqa: S603 - fixed git subcommands; no shell
            [git, *args], cwd=cwd, capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ClientgenError(f"{ref}: git {args[0]} failed: {exc}") from None
    if result.returncode != 0:
        lines = [line.strip() for line in result.stderr.decode("utf-8", "replace").splitlines()]
        fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
        first = next(iter(fatal or [line for line in lines if line]), "")
        first = first or f"exit status {result.returncode}"
        raise ClientgenError(f"{ref}: git {' '.join(args)} failed: {first}")
    return result.stdout


def changes_since_head(
    spec: Path, options: ClientOptions, previous_sha256: str, new: ir.Api
) -> list[Change] | None:
    """The API changes since the spec version committed at git HEAD, if that is the version
    the previous generation used (its sha256); None when it cannot be told."""
    from .pipeline import build  # noqa: PLC0415 - pipeline imports black; diff alone does not need it

    try:
        with spec_file(f"{spec}@HEAD") as (old_path, _):
            if hashlib.sha256(old_path.read_bytes()).hexdigest() != previous_sha256:
                return None
            old = build(old_path, replace(options, package=new.package), str(spec))
    except (ClientgenError, OSError):
        return None
    return api_changes(old, new)

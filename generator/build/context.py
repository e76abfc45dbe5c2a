"""The build context: the document, the options, every registry the stages fill, and the transaction that undoes a left-out part (`--skip-unsupported`)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from .. import ir
from ..errors import SpecError, SpecWarning
from ..naming.registry import Namespace
from ..naming.reserved import RUNTIME_NAMES
from ..naming.rules import free_identifier, resource_class_names
from ..naming.words import class_name
from ..options import ClientOptions
from ..spec.load import LoadedSpec
from ..spec.parse import OpenAPIDocument
from ..spec.pointers import escape_token, ref_tokens, schema_component
from ..spec.refs import Resolver
from ..spec.schema_view import SchemaView
from ..spec.vocabulary import NARROWING_KEYWORDS, UNSUPPORTED_KEYWORDS
from .typerefs import is_false_schema

_REGISTRIES = (
    "class_names",
    "models",
    "enums",
    "aliases",
    "type_aliases",
    "_by_pointer",
    "_component_names",
    "_recursive",
    "_polymorphic",
    "_kept_classes",
    "names",
    "warnings",
)
"""What `Builder` accumulates while it builds: everything an attempt that is left out (with
`--skip-unsupported`) may have added, and so everything the rollback restores (the warnings
about what the attempt ignored included)."""


class _Unsupported(Exception):
    """A construct the generator cannot express, met with `skip_unsupported` set."""

    def __init__(self, message: str, pointer: str) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer


class Context:
    """The build context: the document, the options, every registry the stages fill, and the
    transaction that undoes a left-out part (`--skip-unsupported`)."""

    def __init__(
        self,
        spec: LoadedSpec,
        document: OpenAPIDocument,
        options: ClientOptions,
        kept_names: Mapping[str, str] | None = None,
    ) -> None:
        self.spec = spec
        self.doc = document
        self.options = options
        self.resolver = Resolver(document, spec)
        self.class_names = Namespace(RUNTIME_NAMES)
        self.models: dict[str, ir.Model] = {}
        self.enums: dict[str, ir.Enum] = {}
        self.aliases: dict[str, ir.UnionAlias] = {}
        self.type_aliases: dict[str, ir.TypeAliasDef] = {}
        self._by_pointer: dict[str, ir.TypeRef] = {}
        self._component_names: dict[str, str] = {}
        self._building: set[str] = set()
        self._building_inline: dict[str, ir.TypeRef] = {}
        """Pointer -> model of each inline object schema being built: one that refers back to
        itself through a component (`items: {allOf: [{$ref: Node}, ...]}` in Node) is that
        model, not a new one each time round."""
        self._recursive: set[str] = set()
        self.last_schema: str | None = None
        """Pointer of the schema resolved last: where a build that recursed too deeply was."""
        self._extended_by: dict[str, list[str]] | None = None
        self._polymorphic: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        """Model -> (discriminator property, [(tag, component of the subtype)])."""
        self.warnings: list[SpecWarning] = []
        self.decisions: list[str] = []
        """What the build decided that a user may want to review (`ir.Api.decisions`)."""
        self.top_resources: tuple[ir.Resource, ...] = ()
        self.kept_names = dict(kept_names or {})
        """Names an earlier generation gave (key -> name): kept where the key still exists."""
        self._kept_classes: dict[str, str] = {}
        self.names: dict[str, str] = {}
        """Every name given, keyed by what it names (recorded for the next generation)."""

    def _keep_class_names(self) -> None:
        """Reserve the class names an earlier generation gave, before any rule claims one.

        A kept name (and the names derived from it) must be a free identifier; a key whose
        name is not is named by the rules instead."""
        for key in sorted(self.kept_names):
            kind, _, what = key.partition(" ")
            name = self.kept_names[key]
            if kind in ("model", "enum", "alias"):
                derived = [name]
                if kind == "model" or what.startswith("/components/schemas/"):
                    derived.append(f"{name}Param")
            elif kind == "resource":
                derived = list(resource_class_names(name))
            elif kind == "auth":
                derived = [name]
            else:
                continue
            if all(free_identifier(n, self.class_names) for n in derived):
                for n in derived:
                    self.class_names.claim(n)
                self._kept_classes[key] = name

    def _kept(self, key: str, names: Namespace, reserved: Iterable[str] = ()) -> str | None:
        """The kept name for `key` if it is still free in `names` (then claimed)."""
        name = self.kept_names.get(key)
        if name is None or name in reserved or not free_identifier(name, names):
            return None
        return names.claim(name)

    def _class_name(self, key: str, preferred: str) -> str:
        """A class name for `key` ('model /pointer', 'resource pets', ...): the kept one, else
        `preferred` made unique."""
        name = self._kept_classes.get(key) or self.class_names.claim(preferred)
        self.names[key] = name
        return name

    def _check_supported(self, schema: SchemaView) -> None:
        """Fail on a schema keyword the generated types cannot honour (README: 'Not
        supported'); with `skip_unsupported`, what uses it is left out instead.

        The keywords that only narrow what is valid (`not`, `if`/`then`/`else`) are ignored,
        so the schema is typed by its other keywords, with one warning per schema at the first
        of them; `strict_keywords` makes them unsupported as well."""
        if isinstance(schema.obj, bool) or is_false_schema(schema.obj):
            return  # `false` (spelled `{not: {}}` where the parser needs an object) is supported
        narrowing = [word for word, attr in NARROWING_KEYWORDS if schema.get(attr) is not None]
        refused = [word for word, attr in UNSUPPORTED_KEYWORDS if schema.get(attr) is not None]
        if self.options.strict_keywords:
            refused = narrowing + refused
        if refused:
            pointer = f"{schema.pointer}/{escape_token(refused[0])}"
            message = f"schema keyword '{refused[0]}' is not supported"
            if self.options.skip_unsupported:
                raise _Unsupported(message, pointer)
            raise self._error(
                f"{message} (leave out what uses it with --skip-unsupported)", pointer
            )
        if narrowing:
            self._ignore_keywords(schema, narrowing)

    def _ignore_keywords(self, schema: SchemaView, words: list[str]) -> None:
        """Warn (once) that a schema's narrowing keywords `words` are ignored."""
        names = ", ".join(f"'{word}'" for word in words)
        several = len(words) > 1
        message = (
            f"schema keyword{'s' if several else ''} {names} ignored:"
            f" {'they only narrow' if several else 'it only narrows'} what is valid, so the"
            " schema is typed by its other keywords (an error with --strict-keywords)"
        )
        pointer = f"{schema.pointer}/{escape_token(words[0])}"
        warning = self.spec.warning("ignored-keyword", message, pointer)
        if warning not in self.warnings:
            self.warnings.append(warning)

    @contextmanager
    def transaction(self, what: str) -> Iterator[None]:
        """Build `what` as one transaction: if it uses an unsupported construct (with
        `skip_unsupported`), every registry is restored to what it held before (`_REGISTRIES`:
        models, names, aliases, kept classes, ...) and `what` is left out with a warning."""
        if not self.options.skip_unsupported:
            yield
            return
        saved = {name: copy.copy(getattr(self, name)) for name in _REGISTRIES}
        try:
            yield
        except _Unsupported as unsupported:
            for name, value in saved.items():
                setattr(self, name, value)
            warning = self.spec.warning(
                "left-out", f"{what} left out: {unsupported.message}", unsupported.pointer
            )
            if warning not in self.warnings:
                self.warnings.append(warning)

    def _components(self, kind: str) -> dict[str, Any]:
        components = self.doc.components
        value = getattr(components, kind, None) if components is not None else None
        return dict(value or {})

    def _error(self, message: str, pointer: str) -> SpecError:
        return self.spec.error(message, pointer)

    def _invalid(self, message: str, pointer: str, repair: str) -> None:
        """A piece of the document no value can satisfy (or of the wrong type): an error, or
        with `lenient` a 'repaired' warning saying `repair` (what the caller then does)."""
        if not self.options.lenient:
            raise self._error(message, pointer)
        warning = self.spec.warning("repaired", f"{message}; {repair}", pointer)
        if warning not in self.warnings:
            self.warnings.append(warning)

    def _schema(self, obj: Any, pointer: str) -> tuple[SchemaView, str | None]:
        """Resolve references; returns the schema and the component name it came from."""
        component: str | None = None
        if pointer:  # "" is a look at a schema's shape, not a place the build has reached
            self.last_schema = pointer
        while (ref := self.resolver.ref_of(obj)) is not None:
            component = schema_component(ref_tokens(ref))
            if component is not None:
                return SchemaView(obj, ref[1:], [], False), component
            obj = self.resolver.target(ref)
            pointer = ref[1:]
        if isinstance(obj, bool):
            return SchemaView(obj, pointer, [] if obj else ["null"], False), None
        raw_type = getattr(obj, "type", None)
        types: list[str] = []
        if isinstance(raw_type, list):
            types = [getattr(t, "value", str(t)) for t in raw_type]
        elif raw_type is not None:
            types = [getattr(raw_type, "value", str(raw_type))]
        nullable = "null" in types or bool(getattr(obj, "nullable", False))
        extra = getattr(obj, "model_extra", None) or {}
        if extra.get("nullable") is True:
            nullable = True
        only_null = types == ["null"]
        types = [t for t in types if t != "null"]
        enum = getattr(obj, "enum", None)
        if enum and None in enum:
            nullable = True
        return SchemaView(obj, pointer, types, nullable, only_null), None

    def _claim_model_name(self, text: str, pointer: str) -> str:
        key = f"model {pointer}"
        if key in self._kept_classes:
            return self._class_name(key, "")
        name = self._class_name(key, class_name(text, reserved=RUNTIME_NAMES))
        self.class_names.claim(f"{name}Param")
        return name

"""Stage 4, build: openapi-pydantic objects -> the intermediate model (`ir`).

The differences between OpenAPI 3.0 and 3.1 end here (`nullable` and `type: [.., "null"]` are
one notion), and every name the generated code uses is decided here with `naming`.
"""

from __future__ import annotations

import copy
import hashlib
import keyword
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from . import __version__, ir
from .errors import SpecError, SpecWarning
from .naming import (
    METHOD_RESERVED,
    MODEL_MODULE_NAMES,
    PYDANTIC_RESERVED,
    Namespace,
    all_order,
    class_name,
    constant_name,
    identifier,
    import_order,
    pascal,
    snake,
    upper_snake,
)
from .options import ClientOptions as ClientOptions  # noqa: PLC0414 - re-exported
from .render.filters import pystr
from .spec.load import LoadedSpec, join_pointer, split_pointer
from .spec.parse import OpenAPIDocument
from .spec.refs import Resolver, ref_tokens, schema_component
from .spec.vocabulary import UNSUPPORTED_KEYWORDS

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_METHOD_ORDER = {
    name: index
    for index, name in enumerate(
        ("get", "post", "put", "patch", "delete", "head", "options", "trace")
    )
}
_PREFIX_SEGMENT = re.compile(r"^(api|v\d+[a-z0-9]*|\d{4}-\d{2}-\d{2})$", re.I)
_EXTENSION = re.compile(r"\.(json|xml|csv|yaml|yml|txt)$", re.I)
ACTION_VERBS = frozenset(
    {
        "create",
        "list",
        "get",
        "retrieve",
        "update",
        "delete",
        "remove",
        "cancel",
        "search",
        "send",
        "start",
        "stop",
        "close",
        "open",
        "archive",
        "unarchive",
        "restore",
        "reset",
        "approve",
        "reject",
        "publish",
        "unpublish",
        "enable",
        "disable",
        "activate",
        "deactivate",
        "complete",
        "resume",
        "pause",
        "refresh",
        "verify",
        "validate",
        "test",
        "run",
        "execute",
        "import",
        "export",
        "upload",
        "download",
        "invite",
        "accept",
        "decline",
        "join",
        "leave",
        "submit",
        "sync",
        "clone",
        "copy",
        "move",
        "merge",
        "lock",
        "unlock",
        "subscribe",
        "unsubscribe",
        "assign",
        "unassign",
        "count",
        "preview",
        "transfer",
    }
)
"""A last static path segment that is one of these names the method (`/chat/create`)."""

RUNTIME_NAMES = frozenset(
    {
        "Headers",
        "Query",
        "Body",
        "Timeout",
        "FileContent",
        "Base64Bytes",
        "Stream",
        "AsyncStream",
        "TypeAlias",
        "Sequence",
        "APIError",
        "APIConnectionError",
        "APITimeoutError",
        "APIStatusError",
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "ConflictError",
        "UnprocessableEntityError",
        "RateLimitError",
        "InternalServerError",
        "APIResponseValidationError",
        "APIResponse",
        "BaseModel",
        "Field",
        "Enum",
        "Any",
        "Annotated",
        "Literal",
        "TypedDict",
        "Required",
        "NotRequired",
        "Union",
        "Optional",
        "Mapping",
        "NotGiven",
        "NOT_GIVEN",
        "Client",
        "AsyncClient",
        "SERVERS",
        "Auth",
        "OpenStrEnum",
        "OpenIntEnum",
        "TYPE_CHECKING",
        "ClassVar",
        "ConfigDict",
        "SerializeAsAny",
        "subtype_validator",
        "ApiKeyBase",
        "BearerBase",
        "BasicBase",
        "MissingCredentialsError",
        "Endpoint",
        "SyncAPIClient",
        "AsyncAPIClient",
        "SyncAPIResource",
        "AsyncAPIResource",
    }
)
"""Names the generated runtime and package exports use; models and classes avoid them."""

CLIENT_RESERVED = frozenset(
    {
        "self",
        "os",
        "client",
        "httpx",
        "super",
        "cached_property",
        "Mapping",
        "SERVERS",
        "DEFAULT_SERVER",
        "base_url",
        "server",
        "timeout",
        "max_retries",
        "default_headers",
        "http_client",
        "with_options",
        "with_raw_response",
        "close",
        "request",
        "auth",
        "copy",
        "servers",
    }
)
"""Client constructor arguments and attributes: credentials and resources avoid them."""

_JSON_TYPES = re.compile(r"^application/(.+\+)?json(;.*)?$|^\*/\*$")

WIRE_KEY_DEPTH = 4
"""Levels of nested TypedDicts whose keys a query object's key table covers."""


@dataclass
class _Schema:
    """A schema in either OpenAPI version, resolved, with the 3.0/3.1 differences normalized."""

    obj: Any
    pointer: str
    types: list[str]
    nullable: bool
    only_null: bool = False
    """`type: 'null'` (3.1): the value is always null."""

    def get(self, name: str) -> Any:
        value = getattr(self.obj, name, None)
        extra = getattr(self.obj, "model_extra", None)
        if value is None and extra:
            value = extra.get(name)
        return value


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
)
"""What `Builder` accumulates while it builds: everything an attempt that is left out (with
`--skip-unsupported`) may have added, and so everything the rollback restores."""


class Builder:
    """Builds one `ir.Api` from a parsed document."""

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
        self._recursive: set[str] = set()
        self._extended_by: dict[str, list[str]] | None = None
        self._polymorphic: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        """Model -> (discriminator property, [(tag, component of the subtype)])."""
        self.warnings: list[SpecWarning] = []
        self.top_resources: tuple[ir.Resource, ...] = ()
        self.kept_names = dict(kept_names or {})
        """Names an earlier generation gave (key -> name): kept where the key still exists."""
        self._kept_classes: dict[str, str] = {}
        self.names: dict[str, str] = {}
        """Every name given, keyed by what it names (recorded for the next generation)."""

    # ----------------------------------------------------------------------------- entry point

    def build(self) -> ir.Api:
        options = self.options
        assert options.package is not None, "the pipeline fills in the package name"
        client_name = options.client_name or class_name(options.package)
        self.class_names = Namespace(RUNTIME_NAMES | {client_name, f"Async{client_name}"})
        self._keep_class_names()
        schemas = self._components("schemas")
        for name in sorted(schemas):
            pointer = f"/components/schemas/{_escape(name)}"
            self._component_names[name] = self._claim_model_name(name, pointer)
        schemes = self._security_schemes(options.env_prefix or upper_snake(options.package))
        default_security = self._security(getattr(self.doc, "security", None)) or ()
        if not options.subset:  # a subset keeps only the schemas its operations use
            for name in sorted(schemas):
                pointer = f"/components/schemas/{_escape(name)}"
                with self._unless_unsupported(f"model {self._component_names[name]}"):
                    self._component_type(name, pointer)
        resources = self._resources(schemes)
        models, enums = self._finish_models(resources)
        aliases = tuple(self.aliases[name] for name in sorted(self.aliases))
        type_aliases = tuple(self.type_aliases[name] for name in sorted(self.type_aliases))
        exports = sorted(
            {m.name for m in models}
            | {m.param_name for m in models if m.param_name}
            | {e.name for e in enums}
            | {a.name for a in aliases}
        )
        resources = tuple(_with_imports(module, set(exports)) for module in resources)
        exports = sorted({*exports, *(a.name for a in type_aliases)})
        model_modules, model_locations = _model_modules(models, enums, aliases, type_aliases)
        info = self.doc.info
        servers = self._servers()
        return ir.Api(
            title=info.title,
            version=info.version,
            description=info.description,
            package=options.package,
            client_name=client_name,
            async_client_name=f"Async{client_name}",
            env_prefix=options.env_prefix or upper_snake(options.package),
            servers=servers,
            server_variables=any(server.variables for server in servers),
            security_schemes=schemes,
            default_security=default_security,
            resources=resources,
            top_resources=self.top_resources,
            models=models,
            enums=enums,
            model_exports=all_order(exports),
            model_imports=import_order(exports),
            auth_exports=all_order(["Auth", *(s.class_name for s in schemes)]),
            auth_imports=import_order(["Auth", *(s.class_name for s in schemes)]),
            exports=all_order(
                [
                    *PACKAGE_EXPORTS,
                    client_name,
                    f"Async{client_name}",
                    "Auth",
                    *(s.class_name for s in schemes),
                    *exports,
                ]
            ),
            model_modules=model_modules,
            model_locations=model_locations,
            credentials_required=bool(default_security)
            and () not in default_security
            and not any(
                op.security is not None and (not op.security or () in op.security)
                for module in resources
                for op in module.root.operations
            ),
            layout=options.layout,
            dist_name=options.package.replace("_", "-"),
            dist_version=_pep440(info.version),
            spec_sha256=self.spec.sha256,
            generator_version=__version__,
            warnings=tuple(self.warnings),
            names=tuple(sorted(self.names.items())),
        )

    # ----------------------------------------------------------------------------- kept names

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
                derived = list(_resource_classes(name))
            elif kind == "auth":
                derived = [name]
            else:
                continue
            if all(_free_identifier(n, self.class_names) for n in derived):
                for n in derived:
                    self.class_names.claim(n)
                self._kept_classes[key] = name

    def _kept(self, key: str, names: Namespace, reserved: Iterable[str] = ()) -> str | None:
        """The kept name for `key` if it is still free in `names` (then claimed)."""
        name = self.kept_names.get(key)
        if name is None or name in reserved or not _free_identifier(name, names):
            return None
        return names.claim(name)

    def _class_name(self, key: str, preferred: str) -> str:
        """A class name for `key` ('model /pointer', 'resource pets', ...): the kept one, else
        `preferred` made unique."""
        name = self._kept_classes.get(key) or self.class_names.claim(preferred)
        self.names[key] = name
        return name

    # ----------------------------------------------------------------------------- unsupported

    def _check_supported(self, schema: _Schema) -> None:
        """Fail on a schema keyword the generated types cannot honour (README: 'Not
        supported'); with `skip_unsupported`, what uses it is left out instead."""
        if isinstance(schema.obj, bool) or _is_false_schema(schema.obj):
            return  # `false` (spelled `{not: {}}` where the parser needs an object) is supported
        for word, attribute in UNSUPPORTED_KEYWORDS:
            if schema.get(attribute) is not None:
                pointer = f"{schema.pointer}/{_escape(word)}"
                message = f"schema keyword '{word}' is not supported"
                if self.options.skip_unsupported:
                    raise _Unsupported(message, pointer)
                raise self._error(
                    f"{message} (leave out what uses it with --skip-unsupported)", pointer
                )

    @contextmanager
    def _unless_unsupported(self, what: str) -> Iterator[None]:
        """Build `what`; if it uses an unsupported construct (with `skip_unsupported`), undo
        what the attempt added and leave it out with a warning."""
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

    # ----------------------------------------------------------------------------- schemas

    def _schema(self, obj: Any, pointer: str) -> tuple[_Schema, str | None]:
        """Resolve references; returns the schema and the component name it came from."""
        component: str | None = None
        while (ref := self.resolver.ref_of(obj)) is not None:
            component = schema_component(ref_tokens(ref))
            if component is not None:
                return _Schema(obj, ref[1:], [], False), component
            obj = self.resolver.target(ref)
            pointer = ref[1:]
        if isinstance(obj, bool):
            return _Schema(obj, pointer, [] if obj else ["null"], False), None
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
        return _Schema(obj, pointer, types, nullable, only_null), None

    def _claim_model_name(self, text: str, pointer: str) -> str:
        key = f"model {pointer}"
        if key in self._kept_classes:
            return self._class_name(key, "")
        name = self._class_name(key, class_name(text, reserved=RUNTIME_NAMES))
        self.class_names.claim(f"{name}Param")
        return name

    def _type_of(self, obj: Any, pointer: str, context: str) -> ir.TypeRef:
        """The TypeRef for a schema at `pointer`; inline models and enums are named `context`."""
        schema, component = self._schema(obj, pointer)
        if component is not None:
            return self._component_type(component, schema.pointer)
        if schema.pointer in self._by_pointer:
            return self._by_pointer[schema.pointer]
        result = self._new_type(schema, context)
        self._by_pointer[schema.pointer] = result
        return result

    def _component_type(self, name: str, pointer: str) -> ir.TypeRef:
        if pointer in self._by_pointer:
            return self._by_pointer[pointer]
        if name not in self._component_names:
            raise self._error(f"dangling $ref '#{pointer}'", pointer)
        if name in self._building:
            # A reference back to a component being built: a model is referred to by name;
            # anything else (a list or map alias of itself) cannot be named, so it is Any.
            if not self._becomes_model(self._components("schemas")[name]):
                return _ANY
            self._recursive.add(name)
            return _model_ref(self._component_names[name])
        self._building.add(name)
        try:
            schemas = self._components("schemas")
            schema, target = self._schema(schemas[name], pointer)
            if target is not None:
                result = self._component_type(target, schema.pointer)
                self._type_alias(self._component_names[name], result, schemas[name], pointer)
            else:
                result = self._new_type(schema, name, fixed_name=self._component_names[name])
                if result.kind == "literal":
                    self._type_alias(self._component_names[name], result, schema.obj, pointer)
        finally:
            self._building.discard(name)
        self._by_pointer[pointer] = result
        return result

    def _becomes_model(self, obj: Any) -> bool:
        """Whether a schema is generated as a model class (it has properties to hold)."""
        schema, component = self._schema(obj, "")
        if component is not None:
            return self._becomes_model(self._components("schemas")[component])
        if (
            isinstance(schema.obj, bool)
            or schema.get("enum")
            or schema.get("oneOf")
            or schema.get("anyOf")
        ):
            return False
        all_of = schema.get("allOf") or []
        if len(all_of) == 1 and not schema.get("properties"):
            return self._becomes_model(all_of[0])
        return bool(schema.get("properties") or all_of)

    def _new_type(self, schema: _Schema, context: str, fixed_name: str | None = None) -> ir.TypeRef:
        self._check_supported(schema)
        obj = schema.obj
        if isinstance(obj, bool):
            return _nullable(_ANY, schema.nullable) if obj else _NONE
        all_of = schema.get("allOf")
        one_of = schema.get("oneOf") or schema.get("anyOf")
        enum = schema.get("enum")
        const = schema.get("const")
        if all_of:
            # Parts that only annotate (`{description: ...}`, `{readOnly: true}`, `{default:
            # ...}`) do not change the type: an allOf of one type and annotations is that type.
            typed = [i for i, part in enumerate(all_of) if not _only_annotates(part)]
            if len(typed) == 1 and not schema.get("properties"):
                index = typed[0]
                if len(all_of) == 1 or not self._becomes_model(all_of[index]):
                    inner = self._type_of(all_of[index], f"{schema.pointer}/allOf/{index}", context)
                    return self._named_alias(inner, schema, fixed_name)
            return self._model(schema, context, fixed_name)
        if one_of:
            key = "oneOf" if schema.get("oneOf") else "anyOf"
            members: list[ir.TypeRef] = []
            member_components: dict[str, str] = {}
            nullable = schema.nullable
            for index, member in enumerate(one_of):
                member_type = self._type_of(
                    member, f"{schema.pointer}/{key}/{index}", f"{context}Variant{index + 1}"
                )
                _, member_component = self._schema(member, "")
                if member_type.kind == "null":
                    nullable = True
                elif member_type not in members:
                    members.append(member_type)
                    if member_component is not None and member_type.name:
                        member_components[member_component] = member_type.name
            if not members:
                return _NONE
            union = members[0] if len(members) == 1 else _union(members)
            discriminator = schema.get("discriminator")
            if len(members) > 1 and all(m.kind == "model" for m in members):
                if discriminator is not None:
                    union = self._tagged_union(
                        str(discriminator.propertyName),
                        _mapped_variants(discriminator, member_components),
                        members,
                        schema,
                        context,
                        fixed_name,
                    )
                elif (by_const := self._const_discriminator(members)) is not None:
                    union = self._tagged_union(*by_const, members, schema, context, fixed_name)
            return _nullable(union, nullable)
        if _has_const(schema):
            literal = _literal_type(const)
            if literal is not None:
                return _nullable(literal, schema.nullable)
        if enum:
            return self._enum(schema, enum, context, fixed_name)
        kind = schema.types[0] if len(schema.types) == 1 else None
        if len(schema.types) > 1:
            members = [_primitive(t, None) for t in schema.types]
            return _nullable(_union(members), schema.nullable)
        if kind == "array" or (
            kind is None and (schema.get("items") is not None or schema.get("prefixItems"))
        ):
            if schema.get("prefixItems"):
                return _nullable(self._prefix_items(schema, context), schema.nullable)
            items = schema.get("items")
            item = (
                self._type_of(items, f"{schema.pointer}/items", f"{context}Item")
                if items is not None and items is not True
                else _ANY
            )
            return _nullable(_list(item), schema.nullable)
        if kind == "object" or (
            kind is None
            and (
                schema.get("properties") or schema.get("additionalProperties") not in (None, False)
            )
        ):
            if schema.get("properties"):
                return self._model(schema, context, fixed_name)
            additional = schema.get("additionalProperties")
            value = _ANY
            if additional not in (None, True, False):
                value = self._type_of(
                    additional, f"{schema.pointer}/additionalProperties", f"{context}Value"
                )
            return _nullable(_dict(value), schema.nullable)
        if kind is None:
            return _NONE if schema.only_null else _ANY
        return _nullable(
            _primitive(kind, schema.get("schema_format") or schema.get("format")), schema.nullable
        )

    def _prefix_items(self, schema: _Schema, context: str) -> ir.TypeRef:
        """`prefixItems` (3.1): `tuple[A, B]` when the array has exactly one item per prefix
        schema (closed by `items: false` or `maxItems`, and `minItems` reaching the prefix).
        Any other length cannot be spelled as a tuple for Python 3.10 (no `*tuple[C, ...]`), so
        it is a list of the union of every item type (each item is one of them: sound, if less
        precise), `list[Any]` when the items after the prefix are free."""
        prefix = list(schema.get("prefixItems") or [])
        members = [
            self._type_of(
                item, f"{schema.pointer}/prefixItems/{index}", f"{context}Item{index + 1}"
            )
            for index, item in enumerate(prefix)
        ]
        items = schema.get("items")
        closed = items is False or _is_false_schema(items)
        max_items = schema.get("maxItems")
        min_items = schema.get("minItems") or 0
        if min_items >= len(members) and (
            closed or (max_items is not None and max_items <= len(members))
        ):
            return ir.TypeRef(
                kind="tuple",
                annotation=f"tuple[{', '.join(m.annotation for m in members)}]",
                param_annotation=f"tuple[{', '.join(m.param_annotation for m in members)}]",
                args=tuple(members),
            )
        if not closed and (max_items is None or max_items > len(members)):
            rest = (
                _ANY
                if items is None or items is True
                else self._type_of(items, f"{schema.pointer}/items", f"{context}Item")
            )
            members.append(rest)
        unique = list(dict.fromkeys(members))
        return _list(unique[0] if len(unique) == 1 else _union(unique))

    def _flag(self, obj: Any, keyword: str, depth: int = 0) -> bool:
        """Whether a boolean keyword (readOnly, writeOnly) holds for a schema: set on it, on
        the component it refers to, or on one of its allOf parts."""
        if depth > 8 or isinstance(obj, bool):
            return False
        schema, component = self._schema(obj, "")
        if component is not None:
            return self._flag(self._components("schemas").get(component), keyword, depth + 1)
        if isinstance(schema.obj, bool) or schema.obj is None:
            return False
        if schema.get(keyword):
            return True
        return any(self._flag(part, keyword, depth + 1) for part in schema.get("allOf") or [])

    def _named_alias(
        self, inner: ir.TypeRef, schema: _Schema, fixed_name: str | None
    ) -> ir.TypeRef:
        """A component that is only a reference (or allOf of one) is the referenced type."""
        result = _nullable(inner, schema.nullable)
        if fixed_name is not None:
            self._type_alias(fixed_name, result, schema.obj, schema.pointer)
        return result

    def _type_alias(self, name: str, target: ir.TypeRef, obj: Any, pointer: str) -> None:
        """Export a component that stands for another type under its own name, where that type
        is one the package names (a class or a union alias) or a Literal: an alias of a
        primitive or a container stays unnamed, like the primitive's own component."""
        if target.name == name or not (target.name or target.kind == "literal"):
            return
        self.type_aliases[name] = ir.TypeAliasDef(
            name=name,
            target=target.annotation,
            description=_text(getattr(obj, "description", None)),
            pointer=pointer,
        )

    def _enum_member(self, type_: ir.TypeRef, value: Any) -> str | None:
        if type_.kind != "enum" or type_.name not in self.enums:
            return None
        for member in self.enums[type_.name].members:
            if member.value == value:
                return f"{type_.name}.{member.name}"
        return None

    def _valid_default(self, type_: ir.TypeRef, value: Any) -> bool:
        """Whether a schema default may be emitted: it must be a value of the field's type
        (a default that does not match its schema is dropped, never pasted)."""
        if value is None:
            return False
        kind = type_.kind
        if kind == "enum" and type_.name in self.enums:
            return value in [member.value for member in self.enums[type_.name].members]
        if kind == "literal":
            return type(value) is type(type_.value) and value == type_.value
        if kind == "str":
            return isinstance(value, str)
        if kind == "bool":
            return isinstance(value, bool)
        if kind == "int":
            return isinstance(value, int) and not isinstance(value, bool)
        if kind == "float":
            return (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and not math.isnan(float(value))
            )
        return False  # containers: a mutable class default; absent reads as None instead

    def _const_discriminator(
        self, members: list[ir.TypeRef]
    ) -> tuple[str, list[tuple[str, str]]] | None:
        """A property that holds a different `const` in every member model (`kind: 'circle'`
        / `kind: 'square'`): (wire name, [(tag, class)]) to discriminate by, if there is one."""
        models = [self.models.get(member.name or "") for member in members]
        if any(model is None for model in models):
            return None  # a member still being built (recursion): no discriminator
        first = models[0]
        assert first is not None
        for candidate in first.fields:
            variants: list[tuple[str, str]] = []
            for model in models:
                assert model is not None
                found = next((f for f in model.fields if f.wire_name == candidate.wire_name), None)
                if found is None or found.type.kind != "literal" or found.type.nullable:
                    break
                variants.append((str(found.type.value), model.name))
            else:
                if len({tag for tag, _ in variants}) == len(variants):
                    return candidate.wire_name, variants
        return None

    def _tagged_union(
        self,
        property_name: str,
        variants: list[tuple[str, str]],
        members: list[ir.TypeRef],
        schema: _Schema,
        context: str,
        fixed_name: str | None,
    ) -> ir.TypeRef:
        """A oneOf/anyOf with a discriminator: a named alias that picks the member by the tag
        in `property_name` (`variants`: tag -> class)."""
        name = fixed_name or self._class_name(
            f"alias {schema.pointer}", class_name(context, reserved=RUNTIME_NAMES)
        )
        self.aliases[name] = ir.UnionAlias(
            name=name,
            property=property_name,
            variants=tuple(variants),
            members=tuple(m.name or "" for m in members),
            description=_text(schema.get("description")),
            pointer=schema.pointer,
        )
        union = _union(members)
        return ir.TypeRef(
            kind="alias",
            annotation=name,
            param_annotation=union.param_annotation,
            name=name,
            args=tuple(members),
        )

    def _enum(
        self, schema: _Schema, values: list[Any], context: str, fixed_name: str | None
    ) -> ir.TypeRef:
        present = [value for value in values if value is not None]
        declared = schema.types[0] if len(schema.types) == 1 else None
        if declared == "string":
            present = [value for value in present if isinstance(value, str)]
        elif declared == "integer":
            present = [v for v in present if isinstance(v, int) and not isinstance(v, bool)]
        if not present:
            return _nullable(_primitive(declared, None), schema.nullable) if declared else _NONE
        if all(isinstance(v, str) for v in present):
            base = "str"
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            base = "int"
        else:
            kind = schema.types[0] if schema.types else "any"
            return _nullable(_primitive(kind, None), schema.nullable)
        name = fixed_name or self._class_name(
            f"enum {schema.pointer}", class_name(context, reserved=RUNTIME_NAMES)
        )
        members: list[ir.EnumMember] = []
        member_names = Namespace({"_missing_", "mro"})
        seen: set[Any] = set()
        for value in present:
            if value in seen:
                continue
            seen.add(value)
            text = str(value)
            fallback = "VALUE" if base == "str" else "N"
            member = member_names.claim(constant_name(text, fallback=fallback))
            members.append(ir.EnumMember(name=member, value=value))
        self.enums[name] = ir.Enum(
            name=name,
            base=base,
            members=tuple(members),
            description=schema.get("description"),
            pointer=schema.pointer,
        )
        ref = ir.TypeRef(
            kind="enum",
            annotation=name,
            param_annotation=f"{name} | {base}",
            name=name,
        )
        return _nullable(ref, schema.nullable)

    def _extensions(self, component: str) -> list[str]:
        """Components whose allOf names `component` directly (its subtypes), sorted."""
        if self._extended_by is None:
            self._extended_by = {}
            for child, obj in sorted(self._components("schemas").items()):
                schema, target = self._schema(obj, "")
                if target is not None:
                    continue
                for part in schema.get("allOf") or []:
                    _, parent = self._schema(part, "")
                    if parent is not None and parent != child:
                        self._extended_by.setdefault(parent, []).append(child)
        return self._extended_by.get(component, [])

    def _polymorphic_base(self, schema: _Schema) -> tuple[str, str] | None:
        """(component, property) when the schema is a component whose discriminator picks
        among the components that extend it with allOf (the OpenAPI inheritance pattern)."""
        component = schema_component(split_pointer(schema.pointer))
        discriminator = schema.get("discriminator")
        if component is None or discriminator is None or schema.get("oneOf") or schema.get("anyOf"):
            return None
        if not self._extensions(component):
            return None
        return component, str(discriminator.propertyName)

    def _subtypes(self, component: str, discriminator: Any) -> list[tuple[str, str]]:
        """(tag, component) for each subtype: the mapping's entries that name one, and the
        others by their schema name."""
        children = self._extensions(component)
        variants: list[tuple[str, str]] = []
        for tag, target in dict(getattr(discriminator, "mapping", None) or {}).items():
            child = _mapped_component(str(target))
            if child in children:
                variants.append((str(tag), child))
        mapped = {child for _, child in variants}
        variants.extend((child, child) for child in children if child not in mapped)
        return variants

    def _base_of(self, schema: _Schema, name: str) -> str | None:
        """The model class a schema extends: the first allOf part that is a polymorphic base."""
        for index, part in enumerate(schema.get("allOf") or []):
            part_schema, parent = self._schema(part, f"{schema.pointer}/allOf/{index}")
            if parent is None or parent not in self._component_names:
                continue
            parent_schema, _ = self._schema(
                self._components("schemas")[parent], part_schema.pointer
            )
            if self._polymorphic_base(parent_schema) is None:
                continue
            if parent in self._building:
                # The base is being built (it builds its subtypes last): it is a model, and
                # referring to it here is not a recursion.
                if self._becomes_model(parent_schema.obj):
                    return self._component_names[parent]
                continue
            parent_type = self._component_type(parent, part_schema.pointer)
            if parent_type.kind == "model" and parent_type.name != name:
                return parent_type.name
        return None

    def _model(
        self,
        schema: _Schema,
        context: str,
        fixed_name: str | None,
    ) -> ir.TypeRef:
        name = fixed_name or self._claim_model_name(context, schema.pointer)
        polymorphic = self._polymorphic_base(schema)
        if polymorphic is not None:
            component, property_name = polymorphic
            self._polymorphic[name] = (
                property_name,
                self._subtypes(component, schema.get("discriminator")),
            )
        base = self._base_of(schema, name)
        properties: dict[str, tuple[Any, str]] = {}
        required: set[str] = set()
        description = schema.get("description")
        additional: Any = schema.get("additionalProperties")
        self._collect(schema, properties, required)
        for missing in sorted(required - set(properties)):
            # Required but not described: a field of any type, so that it can be sent.
            properties[missing] = (True, f"{schema.pointer}/required")
        fields: list[ir.Field] = []
        # An attribute must not be spelled like another property's wire name: with
        # populate_by_name, pydantic would take that key for both fields. Properties whose wire
        # name is already their attribute name claim it first.
        reserved = PYDANTIC_RESERVED | MODEL_MODULE_NAMES
        names = Namespace(reserved)
        own = {
            wire
            for wire in properties
            if identifier(wire, reserved=reserved, fallback="field") == wire
        }
        for wire in sorted(own):
            names.claim(wire)
        taken_by_wire = set(properties) - own
        constants: list[str] = []
        for wire_name, (prop, pointer) in properties.items():
            prop_schema, _ = self._schema(prop, pointer)
            field_type = self._type_of(prop, pointer, f"{name}{pascal(wire_name) or 'Value'}")
            if wire_name in own:
                attr = wire_name
            else:
                attr = names.claim(
                    identifier(wire_name, reserved=reserved | taken_by_wire | own, fallback="field")
                )
            read_only = self._flag(prop, "readOnly")
            write_only = self._flag(prop, "writeOnly")
            # readOnly fields are absent from requests and writeOnly ones from responses: the
            # shared model cannot require either.
            is_required = wire_name in required and not (read_only or write_only)
            default = prop_schema.get("default")
            annotation = field_type.annotation
            param_annotation = field_type.param_annotation
            reads_none = field_type.nullable or field_type.kind == "null"
            if is_required and field_type.kind == "literal" and not field_type.nullable:
                # A required const: the model fills it in (and counts it as set, so that it is
                # sent); callers never have to repeat it.
                is_required = False
                default = field_type.value
                constants.append(attr)
            elif not is_required and not field_type.nullable:
                annotation = f"{annotation} | None"
                reads_none = True
            has_default = not is_required and self._valid_default(field_type, default)
            fields.append(
                ir.Field(
                    name=attr,
                    wire_name=wire_name,
                    type=field_type,
                    required=is_required,
                    nullable=field_type.nullable,
                    annotation=annotation,
                    param_annotation=param_annotation,
                    has_alias=attr != wire_name,
                    reads_none=reads_none,
                    description=_text(prop_schema.get("description")),
                    deprecated=bool(prop_schema.get("deprecated")),
                    read_only=read_only,
                    write_only=write_only,
                    default=default,
                    has_default=has_default,
                    default_member=self._enum_member(field_type, default) if has_default else None,
                )
            )
        extra_type = None
        if additional not in (None, True, False):
            extra_type = self._type_of(
                additional, f"{schema.pointer}/additionalProperties", f"{name}Value"
            )
        self.models[name] = ir.Model(
            name=name,
            fields=tuple(fields),
            description=_text(description),
            pointer=schema.pointer,
            param_name=f"{name}Param",
            extra_type=extra_type,
            base=base,
            extra_annotation=(
                f"dict[str, {extra_type.annotation}]"
                if extra_type is not None and extra_type.kind != "any"
                else None
            ),
            constants=tuple(constants),
        )
        if polymorphic is not None:
            for _, child in self._polymorphic[name][1]:
                self._component_type(child, f"/components/schemas/{_escape(child)}")
        return _nullable(_model_ref(name), schema.nullable)

    def _collect(
        self, schema: _Schema, properties: dict[str, tuple[Any, str]], required: set[str]
    ) -> None:
        for prop_name, prop in (schema.get("properties") or {}).items():
            properties[prop_name] = (prop, f"{schema.pointer}/properties/{_escape(prop_name)}")
        required.update(schema.get("required") or [])
        for index, part in enumerate(schema.get("allOf") or []):
            part_schema, component = self._schema(part, f"{schema.pointer}/allOf/{index}")
            if component is not None:
                part_schema, _ = self._schema(
                    self._components("schemas")[component], part_schema.pointer
                )
            if part_schema.obj is not schema.obj:
                self._check_supported(part_schema)
                self._collect(part_schema, properties, required)

    def _finish_models(
        self, resources: tuple[ir.ResourceModule, ...]
    ) -> tuple[tuple[ir.Model, ...], tuple[ir.Enum, ...]]:
        """Mark recursion and which models need a TypedDict (reachable from request arguments)."""
        request_types: list[ir.TypeRef] = []
        for module in resources:
            for resource in module.classes:
                for op in resource.operations:
                    for param in (*op.path_params, *op.keyword_params):
                        request_types.append(param.type)
                    if op.body is not None:
                        if op.body.type is not None:
                            request_types.append(op.body.type)
                        if op.body.model is not None:
                            for body_field in self.models[op.body.model].fields:
                                request_types.append(body_field.type)
        needs_param: set[str] = set()
        stack = list(request_types)
        while stack:
            type_ = stack.pop()
            stack.extend(type_.args)
            if type_.kind == "model" and type_.name and type_.name not in needs_param:
                needs_param.add(type_.name)
                model = self.models.get(type_.name)
                if model is not None:
                    stack.extend(f.type for f in model.fields)
        self._link_subtypes()
        models = tuple(
            replace(
                model,
                param_name=model.param_name if model.name in needs_param else None,
                recursive=model.name in self._recursive,
            )
            for model in _dependency_order(self.models)
        )
        enums = tuple(self.enums[name] for name in sorted(self.enums))
        return models, enums

    def _link_subtypes(self) -> None:
        """Give each polymorphic base its subtypes, and spell the fields that hold a base
        `SerializeAsAny[Base]` (so that a subtype is serialized with its own fields).

        A subtype whose fields do not all keep the base's types (an allOf part that redefines
        an inherited property) cannot be a subclass: it stays a model of its own, and the base
        does not turn into it."""
        linked: dict[str, list[tuple[str, str]]] = {}
        for name, (property_name, variants) in self._polymorphic.items():
            inherited = self.models[name].fields
            subtypes: list[tuple[str, str]] = []
            for tag, component in variants:
                child = self.models.get(self._component_names[component])
                if child is None or child.base != name:
                    continue
                own = {f.wire_name: f for f in child.fields}
                if all(f.wire_name in own and _narrows(own[f.wire_name], f) for f in inherited):
                    subtypes.append((tag, child.name))
            if subtypes:
                linked[name] = subtypes
                self.models[name] = replace(
                    self.models[name], discriminator=property_name, subtypes=tuple(subtypes)
                )
        for model in list(self.models.values()):
            if model.base is not None and model.name not in {
                child for _, child in linked.get(model.base, [])
            }:
                self.models[model.name] = replace(model, base=None)
        if not linked:
            return
        pattern = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, linked)) + r")(?!\w)")
        for model in list(self.models.values()):
            self.models[model.name] = replace(
                model,
                fields=tuple(
                    replace(f, annotation=_rewrite_code(f.annotation, pattern, _SERIALIZE_AS_ANY))
                    for f in model.fields
                ),
                extra_annotation=model.extra_annotation
                and _rewrite_code(model.extra_annotation, pattern, _SERIALIZE_AS_ANY),
            )

    # ----------------------------------------------------------------------------- operations

    def _resources(self, schemes: tuple[ir.SecurityScheme, ...]) -> tuple[ir.ResourceModule, ...]:
        entries: list[tuple[list[str], str, Any, str, Any, str]] = []
        paths = self.doc.paths or {}
        for path, item in paths.items():
            item = self.resolver.resolve(  # noqa: PLW2901 - a path item may be a $ref
                item, "PathItem", f"/paths/{_escape(path)}"
            )
            for method in HTTP_METHODS:
                operation = getattr(item, method, None)
                if operation is None or not self.options.includes(path, operation.tags or []):
                    continue
                resource_path, method_name = self._place(path, method, operation)
                entries.append((resource_path, method_name, operation, path, item, method))
        # Priority for a contested name: GET before POST ..., then path order.
        entries.sort(key=lambda e: (e[0], e[1], _METHOD_ORDER[e[5]], e[3]))
        tree = _Node()
        for resource_path, method_name, operation, path, item, method in entries:
            node = tree
            for segment in resource_path:
                node = node.children.setdefault(segment, _Node())
            node.entries.append((method_name, operation, path, item, method))
        top_names = Namespace(CLIENT_RESERVED | PYTHON_NAMES)
        modules: list[ir.ResourceModule] = []
        module_names = Namespace(MODULE_RESERVED, fold_case=True)
        top: list[ir.Resource] = []
        for segment in sorted(tree.children):
            attr = top_names.claim(identifier(segment, reserved=CLIENT_RESERVED))
            top.append(
                self._resource(tree.children[segment], [attr], attr, schemes, modules, module_names)
            )
        self.top_resources = tuple(top)
        return tuple(sorted(modules, key=lambda m: m.module))

    def _overridden(self, path: str, method: str, operation: Any) -> bool:
        """Whether the configuration names this operation's method (`method_overrides`)."""
        overrides = self.options.method_overrides
        return f"{method.upper()} {path}" in overrides or (
            bool(operation.operationId) and operation.operationId in overrides
        )

    def _place(self, path: str, method: str, operation: Any) -> tuple[list[str], str]:
        """Resource path and method name by the naming rules (README: 'Naming')."""
        override = self.options.method_overrides.get(f"{method.upper()} {path}")
        if override is None and operation.operationId:
            override = self.options.method_overrides.get(operation.operationId)
        if override:
            parts = [snake(p) for p in override.split(".") if snake(p)]
            if len(parts) >= 2:
                return parts[:-1], parts[-1]
        segments = [s for s in path.split("/") if s]
        statics: list[str] = []
        leading = True
        for segment in segments:
            if "{" in segment:
                leading = False
                continue
            if leading and _PREFIX_SEGMENT.match(segment):
                continue
            leading = False
            word = snake(_EXTENSION.sub("", segment))
            if word:
                statics.append(word)
        ends_with_param = bool(segments) and "{" in segments[-1]
        if statics and not ends_with_param and statics[-1] in ACTION_VERBS and len(statics) >= 2:
            return statics[:-1], statics[-1]
        if not statics:
            tags = getattr(operation, "tags", None) or []
            statics = [snake(tags[0]) or "root"] if tags else ["root"]
        verb = {
            "get": "retrieve" if ends_with_param else "list",
            "post": "update" if ends_with_param else "create",
            "put": "update",
            "patch": "update",
            "delete": "delete",
        }.get(method, method)
        return statics, verb

    def _resource(
        self,
        node: _Node,
        path: list[str],
        attr: str,
        schemes: tuple[ir.SecurityScheme, ...],
        modules: list[ir.ResourceModule],
        module_names: Namespace,
    ) -> ir.Resource:
        """One resource and, recursively, its children; each gets a module of its own."""
        member_reserved = (PYTHON_NAMES | {"with_raw_response"}) - MEMBER_NAMES_ALLOWED
        names = Namespace(member_reserved)
        operations: list[ir.Operation] = []
        # Methods an earlier generation named keep their names; newcomers take what is left.
        # (A method the configuration names explicitly is named by the configuration.)
        kept: dict[str, str] = {}
        for _, operation, op_path, _, method in node.entries:
            key = f"method {method.upper()} {op_path}"
            if not self._overridden(op_path, method, operation):
                kept_name = self._kept(key, names)
                if kept_name is not None:
                    kept[key] = kept_name
        for method_name, operation, op_path, item, method in node.entries:
            key = f"method {method.upper()} {op_path}"
            name = method_name
            if key in kept:
                name = kept[key]
            else:
                if name in names and operation.operationId:
                    name = identifier(operation.operationId)
                name = names.claim(identifier(name, reserved=member_reserved))
            self.names[key] = name
            call = ".".join([*path, name])
            with self._unless_unsupported(f"operation {method.upper()} {op_path}"):
                operations.append(
                    self._operation(operation, item, op_path, method, name, call, schemes)
                )
        if any(op.name in MEMBER_NAMES_ALLOWED for op in operations):
            operations = [_qualify_builtins(op) for op in operations]
        children: list[ir.Resource] = []
        for child in sorted(node.children):
            child_attr = names.claim(identifier(child, reserved=PYTHON_NAMES))
            children.append(
                self._resource(
                    node.children[child],
                    [*path, child_attr],
                    child_attr,
                    schemes,
                    modules,
                    module_names,
                )
            )
        order = import_order(child.module for child in children)
        children.sort(key=lambda child: order.index(child.module))
        key = f"resource {'.'.join(path)}"
        if key in self._kept_classes:
            base = self._class_name(key, "")
        else:
            preferred = class_name("_".join(path))
            if preferred in self.class_names:
                preferred = f"{preferred}Resource"
            base = preferred
            counter = 2
            while not all(n not in self.class_names for n in _resource_classes(base)):
                base = f"{preferred}_{counter}"
                counter += 1
            base = self._class_name(key, base)
            for derived in _resource_classes(base)[1:]:
                self.class_names.claim(derived)
        async_name = f"Async{base}"
        raw_name = f"{base}WithRawResponse"
        async_raw_name = f"Async{base}WithRawResponse"
        resource = ir.Resource(
            attr=attr,
            path=".".join(path),
            module=module_names.claim(module_name("_".join(path))),
            class_name=base,
            async_class_name=async_name,
            raw_class_name=raw_name,
            async_raw_class_name=async_raw_name,
            import_names=import_order((base, async_name, raw_name, async_raw_name)),
            operations=tuple(operations),
            children=tuple(children),
        )
        modules.append(
            ir.ResourceModule(
                module=resource.module,
                root=resource,
                classes=(resource,),
                model_imports=(),  # planned from the finished operations (_with_imports)
            )
        )
        return resource

    def _operation(
        self,
        operation: Any,
        item: Any,
        path: str,
        method: str,
        name: str,
        call: str,
        schemes: tuple[ir.SecurityScheme, ...],
    ) -> ir.Operation:
        pointer = f"/paths/{_escape(path)}/{method}"
        context = class_name("_".join(call.split(".")))
        args = Namespace(METHOD_RESERVED)
        # parameters: path-level first, overridden by operation-level (name, in)
        merged: dict[tuple[str, str], tuple[Any, str]] = {}
        for source, params in (
            ("", getattr(item, "parameters", None)),
            (f"/{method}", operation.parameters),
        ):
            for index, raw in enumerate(params or []):
                param_pointer = f"/paths/{_escape(path)}{source}/parameters/{index}"
                param = self.resolver.resolve(raw, "Parameter", param_pointer)
                merged[(param.name, str(getattr(param.param_in, "value", param.param_in)))] = (
                    param,
                    param_pointer,
                )
        skipped = _credential_headers(schemes)
        by_location: dict[str, list[ir.Parameter]] = {
            "path": [],
            "query": [],
            "header": [],
            "cookie": [],
        }
        ordered = sorted(merged.values(), key=lambda pair: _path_position(path, pair[0]))
        for param, param_pointer in ordered:
            location = str(getattr(param.param_in, "value", param.param_in))
            wire = param.name
            if location == "header" and wire.lower() in {
                "accept",
                "content-type",
                "authorization",
            } | skipped.get("header", set()):
                continue
            if location in ("query", "cookie") and wire in skipped.get(location, set()):
                continue
            param_type = _ANY
            schema = getattr(param, "param_schema", None)
            if schema is not None:
                param_type = self._type_of(
                    schema, f"{param_pointer}/schema", f"{context}{pascal(wire)}"
                )
            elif getattr(param, "content", None):
                media = next(iter(param.content.values()))
                if media.media_type_schema is not None:
                    param_type = self._type_of(
                        media.media_type_schema,
                        f"{param_pointer}/content",
                        f"{context}{pascal(wire)}",
                    )
            required = bool(param.required) or location == "path"
            arg = _claim_arg(args, wire, location)
            style = getattr(param, "style", None)
            explode = getattr(param, "explode", None)
            style_text = (
                str(getattr(style, "value", style))
                if style
                else ("simple" if location in ("path", "header") else "form")
            )
            by_location[location].append(
                ir.Parameter(
                    arg=arg,
                    wire_name=wire,
                    location=location,
                    type=param_type,
                    required=required,
                    annotation=(
                        param_type.param_annotation
                        if required
                        else _omittable(param_type.param_annotation)
                    ),
                    description=_param_doc(param, schema),
                    deprecated=bool(param.deprecated),
                    style=style_text,
                    explode=bool(explode) if explode is not None else style_text == "form",
                    wire_keys=(
                        _pruned(self._key_table(param_type, frozenset()))
                        if location == "query"
                        else ()
                    ),
                )
            )
        body = self._body(operation, pointer, context, args)
        responses, cast_to, return_annotation, stream = self._responses(operation, pointer, context)
        async_return_annotation = return_annotation
        if stream:
            async_return_annotation = f"AsyncStream[{return_annotation}]"
            return_annotation = f"Stream[{return_annotation}]"
        errors = self._errors(operation, pointer, context)
        keyword = [p for loc in ("query", "header", "cookie") for p in by_location[loc]]
        keyword.sort(key=lambda p: not p.required)
        security = self._security(operation.security) if operation.security is not None else None
        return ir.Operation(
            name=name,
            http_method=method.upper(),
            path=path,
            operation_id=operation.operationId,
            summary=_text(operation.summary),
            description=_text(operation.description),
            deprecated=bool(operation.deprecated),
            path_params=tuple(by_location["path"]),
            query_params=tuple(by_location["query"]),
            header_params=tuple(by_location["header"]),
            cookie_params=tuple(by_location["cookie"]),
            body=body,
            responses=responses,
            errors=errors,
            return_annotation=return_annotation,
            async_return_annotation=async_return_annotation,
            stream=stream,
            # (a "media type" without a slash, such as cloudflare's 'undefined', is none)
            accept=_accept(responses),
            by_status=_by_status(responses) if not stream else (),
            cast_to=cast_to,
            security=security,
            call=call,
            endpoint="_" + constant_name(call.replace(".", "_")),
            examples=self._examples(by_location["path"], keyword, body),
            keyword_params=tuple(keyword),
            styled_query=tuple(
                p for p in by_location["query"] if (p.style, p.explode) != ("form", True)
            ),
            keyed_query=tuple(p for p in by_location["query"] if p.wire_keys),
            documented_args=_documented_args(by_location["path"], keyword, body),
        )

    def _key_table(self, type_: ir.TypeRef, seen: frozenset[str]) -> dict[str, ir.WireKey] | None:
        """Every key of the TypedDict an argument of `type_` accepts (attribute name -> wire name
        and nested keys), looking through lists and unions; None where it accepts none.

        A key that union members map differently is left out (sent as given: it cannot be told
        which member a dict is meant as). Nested TypedDicts are followed `WIRE_KEY_DEPTH` levels
        deep and a model is not expanded inside itself, so that a recursive model or a wide
        graph of models cannot make the table (written out in full per parameter) grow without
        bound; deeper keys are sent as given. OpenAPI defines the serialization of the first
        level only: deeper objects are written in the `simple` style.
        """
        if type_.kind == "list" and type_.args:
            return self._key_table(type_.args[0], seen)
        if type_.kind == "union":
            tables = [t for m in type_.args if (t := self._key_table(m, seen)) is not None]
            if not tables:
                return None
            merged: dict[str, ir.WireKey] = {}
            clashes: set[str] = set()
            for table in tables:
                for key, entry in table.items():
                    if merged.setdefault(key, entry) != entry:
                        clashes.add(key)
            return {key: entry for key, entry in merged.items() if key not in clashes}
        if type_.kind != "model" or not type_.name or type_.name in seen:
            return None
        if len(seen) >= WIRE_KEY_DEPTH:
            return None
        model = self.models.get(type_.name)
        if model is None:
            return None
        inner = seen | {model.name}
        return {
            f.name: ir.WireKey(
                key=f.name, wire_name=f.wire_name, nested=_pruned(self._key_table(f.type, inner))
            )
            for f in model.fields
        }

    def _body(
        self, operation: Any, pointer: str, context: str, args: Namespace
    ) -> ir.RequestBody | None:
        if operation.requestBody is None:
            return None
        body = self.resolver.resolve(operation.requestBody, "RequestBody", f"{pointer}/requestBody")
        content = dict(body.content or {})
        if not content:
            return None
        declared = _pick_content_type(content)
        media = content[declared]
        body_pointer = f"{pointer}/requestBody/content/{_escape(declared)}/schema"
        schema_obj = media.media_type_schema
        required = bool(body.required)
        # `*/*` accepts anything, and is no Content-Type to send: a body with a schema is sent
        # as what it is read as (JSON), one without as bytes.
        content_type = declared
        if declared == "*/*":
            content_type = (
                "application/json" if schema_obj is not None else "application/octet-stream"
            )
        if schema_obj is None:
            return ir.RequestBody(
                content_type=content_type,
                required=required,
                model=None,
                arg="body",
                type=_BYTES,
                annotation="bytes" if required else "bytes | NotGiven",
                description=_text(body.description),
            )
        body_type = self._type_of(schema_obj, body_pointer, f"{context}Request")
        is_binary = not (
            _JSON_TYPES.match(content_type)
            or content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
        )
        if is_binary:
            text = content_type.startswith("text/")
            if body_type.kind in ("str", "bytes", "base64", "any"):
                body_type = _STR if text else _BYTES
        model = (
            self.models.get(body_type.name or "")
            if body_type.kind == "model" and not body_type.nullable
            else None
        )
        if model is not None and not model.recursive and model.fields and not is_binary:
            fields: list[ir.BodyArgument] = []
            ordered = sorted(model.fields, key=lambda f: not f.required)
            for body_field in ordered:
                if body_field.read_only:
                    continue
                arg = _claim_arg(args, body_field.wire_name, "body")
                annotation = body_field.type.param_annotation
                constant = body_field.name in model.constants
                if not body_field.required and not constant:
                    annotation = _omittable(annotation)
                fields.append(
                    ir.BodyArgument(
                        arg=arg,
                        field_name=body_field.name,
                        wire_name=body_field.wire_name,
                        annotation=annotation,
                        required=body_field.required,
                        description=body_field.description,
                        key=(
                            body_field.wire_name
                            if content_type.startswith("multipart/")
                            else body_field.name
                        ),
                        default=body_field.default if constant else None,
                        has_default=constant,
                    )
                )
            return ir.RequestBody(
                content_type=content_type,
                required=required,
                model=model.name,
                fields=tuple(fields),
                description=_text(body.description),
            )
        arg = args.claim("body")
        annotation = (
            body_type.param_annotation if required else _omittable(body_type.param_annotation)
        )
        return ir.RequestBody(
            content_type=content_type,
            required=required,
            model=None,
            arg=arg,
            type=body_type,
            annotation=annotation,
            description=_text(body.description),
        )

    def _responses(
        self, operation: Any, pointer: str, context: str
    ) -> tuple[tuple[ir.Response, ...], str | None, str, bool]:
        """Success responses, the runtime type, the return annotation, and whether it streams."""
        found: list[ir.Response] = []
        responses = dict(operation.responses or {})
        success = [
            status for status in responses if status.startswith("2") or status.upper() == "2XX"
        ]
        if not success and "default" in responses:
            success = ["default"]  # the only documented response describes success too
        stream = False
        for status in sorted(success):
            response = self.resolver.resolve(
                responses[status], "Response", f"{pointer}/responses/{_escape(status)}"
            )
            content = dict(getattr(response, "content", None) or {})
            if not content or status == "204":
                found.append(
                    ir.Response(
                        status=status,
                        description=_text(response.description),
                        content_type=None,
                        type=None,
                    )
                )
                continue
            content_type = _pick_content_type(content)
            media = content[content_type]
            suffix = "Response" if len(success) == 1 else f"Response{status}"
            schema_pointer = f"{pointer}/responses/{status}/content/{_escape(content_type)}/schema"
            type_: ir.TypeRef
            if _JSON_TYPES.match(content_type) or content_type.startswith("text/event-stream"):
                # JSON bodies parse into their schema's type; an event stream's schema types
                # each event's data.
                is_stream = content_type.startswith("text/event-stream")
                stream = stream or is_stream
                type_ = _STR if is_stream else _ANY
                if media.media_type_schema is not None:
                    type_ = self._type_of(
                        media.media_type_schema,
                        schema_pointer,
                        f"{context}{'Event' if is_stream else suffix}",
                    )
            elif content_type.startswith("text/"):
                type_ = _STR
            else:
                type_ = _BYTES
            found.append(
                ir.Response(
                    status=status,
                    description=_text(response.description),
                    content_type=content_type,
                    type=type_,
                )
            )
        types: list[ir.TypeRef] = []
        for response in found:
            if response.type is not None and response.type not in types:
                types.append(response.type)
        if not types:
            return tuple(found), None, "None", False
        combined = types[0] if len(types) == 1 else _union(types)
        if any(response.type is None for response in found) and not stream:
            combined = _nullable(combined, True)
        return tuple(found), combined.annotation, combined.annotation, stream

    def _errors(self, operation: Any, pointer: str, context: str) -> tuple[tuple[str, str], ...]:
        errors: list[tuple[str, str]] = []
        for status, raw in dict(operation.responses or {}).items():
            if status.startswith(("2", "1", "3")):
                continue
            response = self.resolver.resolve(
                raw, "Response", f"{pointer}/responses/{_escape(status)}"
            )
            content = dict(getattr(response, "content", None) or {})
            json_types = [ct for ct in content if _JSON_TYPES.match(ct)]
            if not json_types or content[json_types[0]].media_type_schema is None:
                continue
            type_ = self._type_of(
                content[json_types[0]].media_type_schema,
                f"{pointer}/responses/{status}/content/{_escape(json_types[0])}/schema",
                f"{context}Error{status}",
            )
            if type_.kind != "model" or type_.name is None:
                continue
            errors.append((status.upper(), type_.name))
        return tuple(sorted(errors))

    def _examples(
        self,
        path_params: list[ir.Parameter],
        keyword: list[ir.Parameter],
        body: ir.RequestBody | None,
    ) -> tuple[ir.ExampleArgument, ...]:
        examples: list[ir.ExampleArgument] = []
        for param in [*path_params, *keyword]:
            if param.required:
                examples.append(
                    ir.ExampleArgument(param.arg, self._example_value(param.type, param.wire_name))
                )
        if body is not None:
            for body_field in body.fields:
                if body_field.required:
                    model = self.models[body.model or ""]
                    model_field = next(f for f in model.fields if f.name == body_field.field_name)
                    examples.append(
                        ir.ExampleArgument(
                            body_field.arg,
                            self._example_value(model_field.type, body_field.wire_name),
                        )
                    )
            if body.arg and body.required and body.type is not None:
                examples.append(
                    ir.ExampleArgument(body.arg, self._example_value(body.type, "body"))
                )
        return tuple(examples)

    def _example_value(self, type_: ir.TypeRef, wire_name: str) -> object:
        if type_.kind == "enum" and type_.name in self.enums:
            return self.enums[type_.name].members[0].value
        return _example_value(type_, wire_name)

    # ----------------------------------------------------------------------------- auth, servers

    def _security_schemes(self, env_prefix: str) -> tuple[ir.SecurityScheme, ...]:
        raw = self._components("securitySchemes")
        resolved = {
            key: self.resolver.resolve(
                value, "SecurityScheme", f"/components/securitySchemes/{_escape(key)}"
            )
            for key, value in raw.items()
        }
        supported = {
            key: scheme for key, scheme in resolved.items() if _scheme_kind(scheme) is not None
        }
        for key in sorted(set(resolved) - set(supported)):
            self.warnings.append(
                self.spec.warning(
                    "not-supported",
                    f"security scheme '{key}' ({resolved[key].type}) is not supported and was left out",
                    f"/components/securitySchemes/{_escape(key)}",
                )
            )
        single = len(supported) == 1
        credential_names = Namespace(CLIENT_RESERVED)
        kept: dict[str, str] = {}
        for key in sorted(supported):
            for index in range(2 if _scheme_kind(supported[key]) == "basic" else 1):
                credential = f"credential {key}#{index}"
                name = self._kept(credential, credential_names, CLIENT_RESERVED)
                if name is not None:
                    kept[credential] = name
        schemes: list[ir.SecurityScheme] = []
        for key in sorted(supported):
            scheme = supported[key]
            kind = _scheme_kind(scheme) or "bearer"
            base = (
                "api_key"
                if single
                else identifier(
                    re.sub(r"(?i)(auth|authentication|scheme|security)$", "", key) or key,
                    fallback="credential",
                )
            )
            credentials: list[ir.Credential] = []
            if kind == "basic":
                prefixes = (
                    ("username", "password") if single else (f"{base}_username", f"{base}_password")
                )
                for index, arg_text in enumerate(prefixes):
                    credential = f"credential {key}#{index}"
                    arg = kept.get(credential) or credential_names.claim(arg_text)
                    self.names[credential] = arg
                    credentials.append(
                        ir.Credential(arg=arg, env_var=f"{env_prefix}_{arg.upper()}")
                    )
            else:
                credential = f"credential {key}#0"
                arg = kept.get(credential) or credential_names.claim(base)
                self.names[credential] = arg
                credentials.append(ir.Credential(arg=arg, env_var=f"{env_prefix}_{arg.upper()}"))
            location = (
                str(getattr(scheme.security_scheme_in, "value", scheme.security_scheme_in))
                if kind == "api_key"
                else None
            )
            schemes.append(
                ir.SecurityScheme(
                    key=key,
                    class_name=self._class_name(
                        f"auth {key}", class_name(key if key[:1].isalpha() else f"Auth{key}")
                    ),
                    kind=kind,
                    location=location,
                    parameter_name=scheme.name if kind == "api_key" else None,
                    credentials=tuple(credentials),
                    description=_text(scheme.description),
                )
            )
        self._scheme_keys = {scheme.key for scheme in schemes}
        return tuple(schemes)

    def _security(self, requirements: Any) -> tuple[tuple[str, ...], ...] | None:
        if requirements is None:
            return None
        alternatives: list[tuple[str, ...]] = []
        for requirement in requirements:
            keys = tuple(key for key in requirement if key in self._scheme_keys)
            if len(keys) < len(requirement):
                continue  # needs a scheme we cannot apply
            alternatives.append(keys)
        return tuple(alternatives)

    def _servers(self) -> tuple[ir.Server, ...]:
        servers: list[Any] = list(self.doc.servers or [])
        names = Namespace()
        result: list[ir.Server] = []
        descriptions = [snake(_strip_server_words(s.description or "")) for s in servers]
        unique = len(set(descriptions)) == len(descriptions) and all(descriptions)
        keys = [f"server {server.url}" for server in servers]
        kept = {
            key: name
            for key in keys
            if keys.count(key) == 1 and (name := self._kept(key, names)) is not None
        }
        for index, server in enumerate(servers):
            url = server.url
            for var_name, variable in (server.variables or {}).items():
                url = url.replace("{" + var_name + "}", str(variable.default))
            name = kept.get(keys[index]) or names.claim(
                identifier(
                    (
                        descriptions[index]
                        if unique
                        else ("default" if index == 0 else f"server_{index + 1}")
                    ),
                    fallback="server",
                )
            )
            if keys.count(keys[index]) == 1:
                self.names[keys[index]] = name
            variables = tuple(
                ir.ServerVariable(
                    name=var_name,
                    default=str(variable.default),
                    enum=tuple(str(value) for value in variable.enum or ()),
                    description=_text(variable.description),
                )
                for var_name, variable in (server.variables or {}).items()
                if "{" + var_name + "}" in server.url
            )
            result.append(
                ir.Server(
                    name=name,
                    url=url,
                    description=_text(server.description),
                    template=server.url,
                    variables=variables,
                )
            )
        if not result:
            result.append(ir.Server(name="default", url="/", description=None))
        return tuple(result)


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    entries: list[tuple[str, Any, str, Any, str]] = field(default_factory=list)


MEMBER_NAMES_ALLOWED = frozenset({"list"})
"""Builtin names a method may have (`client.pets.list()`): the class's annotations then spell
the builtin `builtins.list`, since a class attribute shadows it in later signatures."""

_BUILTIN_LIST = re.compile(r"(?<![\w.])list\[")


def _qualify_builtins(op: ir.Operation) -> ir.Operation:
    """The operation with `list[...]` spelled `builtins.list[...]` in its signature."""

    def fix(annotation: str) -> str:
        return _rewrite_code(annotation, _BUILTIN_LIST, "builtins.list[")

    body = op.body
    if body is not None:
        body = replace(
            body,
            fields=tuple(replace(f, annotation=fix(f.annotation)) for f in body.fields),
            annotation=fix(body.annotation) if body.annotation else None,
        )

    def params(items: tuple[ir.Parameter, ...]) -> tuple[ir.Parameter, ...]:
        return tuple(replace(p, annotation=fix(p.annotation)) for p in items)

    return replace(
        op,
        return_annotation=fix(op.return_annotation),
        async_return_annotation=fix(op.async_return_annotation),
        path_params=params(op.path_params),
        keyword_params=params(op.keyword_params),
        body=body,
    )


MODULE_RESERVED = frozenset({"__init__", "importlib", "typing", "builtins", "_runtime"})
"""Module names under models/ and resources/ that would shadow what their package imports."""


class _Unsupported(Exception):
    """A construct the generator cannot express, met with `skip_unsupported` set."""

    def __init__(self, message: str, pointer: str) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer


_ANNOTATIONS = frozenset(
    {
        "description",
        "title",
        "default",
        "example",
        "examples",
        "readOnly",
        "writeOnly",
        "deprecated",
        "nullable",
        "externalDocs",
        "xml",
        # constraints the generated types do not check, so they do not change the type either
        "format",
        "enum",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
    }
)
"""Schema keywords that describe or constrain a value without changing its Python type."""


def _only_annotates(part: Any) -> bool:
    """Whether an allOf part only annotates (no `$ref`, no keyword that shapes the type)."""
    if isinstance(part, bool) or getattr(part, "ref", None) is not None:
        return False
    fields = getattr(part, "model_fields_set", None)
    if fields is None:
        return False
    aliases = {name: (info.alias or name) for name, info in type(part).model_fields.items()}
    used = {aliases.get(name, name) for name in fields}
    used |= set(getattr(part, "model_extra", None) or {})
    return all(key in _ANNOTATIONS or key.startswith("x-") for key in used)


def _accept(responses: Iterable[ir.Response]) -> str:
    """The Accept header: the declared response media types (a "media type" without a slash,
    such as cloudflare's 'undefined', is none: then anything), JSON when none is declared."""
    declared = [r.content_type for r in responses if r.content_type]
    valid = [t for t in declared if "/" in t]
    if declared and not valid:
        return "*/*"
    return ", ".join(dict.fromkeys(valid)) or "application/json"


def _resource_classes(base: str) -> tuple[str, str, str, str]:
    """The four classes of a resource: sync, async, and their raw-response views."""
    return (base, f"Async{base}", f"{base}WithRawResponse", f"Async{base}WithRawResponse")


def _free_identifier(name: str, names: Namespace) -> bool:
    """Whether a kept name can be used as it is: a public identifier nobody has claimed."""
    return (
        isinstance(name, str)
        and name.isidentifier()
        and not keyword.iskeyword(name)
        and not name.startswith("_")
        and name not in names
    )


def module_name(name: str, limit: int = 80) -> str:
    """A module (file) name of at most `limit` characters: a longer one keeps its start and
    gets a short digest of the whole, so that it stays distinct and stable."""
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[: limit - 9].rstrip('_')}_{digest}"


PACKAGE_EXPORTS = (
    "NOT_GIVEN",
    "SERVERS",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BaseModel",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialsError",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "__version__",
)
"""What every package's `__init__` exports besides its clients, auth classes and models."""

PYTHON_NAMES = METHOD_RESERVED | CLIENT_RESERVED | {"with_raw_response"}


# --------------------------------------------------------------------------------- type helpers


def _omittable(annotation: str) -> str:
    """The annotation of an argument that may be left out: `X | NotGiven` (None stays last)."""
    if annotation.endswith(" | None"):
        return annotation[: -len(" | None")] + " | NotGiven | None"
    return f"{annotation} | NotGiven"


def _pep440(version: str) -> str:
    """A PEP 440 version for the distribution: '1.0.3' stays, '2026-04-20' -> '2026.4.20',
    anything else -> '0.0.0'."""
    text = version.strip().lstrip("vV")
    if re.fullmatch(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?", text):
        return text
    date = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if date:
        return ".".join(str(int(part)) for part in date.groups())
    return "0.0.0"


def _claim_arg(args: Namespace, wire: str, location: str) -> str:
    """An argument name for `wire`; on a clash the location tells them apart (`id_query`)."""
    preferred = identifier(wire, reserved=METHOD_RESERVED, fallback="param")
    if preferred in args:
        preferred = f"{preferred}_{location}"
    return args.claim(preferred)


def _primitive(kind: str, fmt: str | None) -> ir.TypeRef:
    if kind == "string":
        if fmt == "date-time":
            return _DATETIME
        if fmt == "date":
            return ir.TypeRef(kind="date", annotation="_dt.date", param_annotation="_dt.date")
        if fmt == "uuid":
            return ir.TypeRef(
                kind="uuid", annotation="_uuid.UUID", param_annotation="_uuid.UUID | str"
            )
        if fmt == "binary":
            return _FILE
        if fmt == "byte":
            return _BASE64
        return _STR
    if kind == "integer":
        return ir.TypeRef(kind="int", annotation="int", param_annotation="int")
    if kind == "number":
        return ir.TypeRef(kind="float", annotation="float", param_annotation="float")
    if kind == "boolean":
        return ir.TypeRef(kind="bool", annotation="bool", param_annotation="bool")
    if kind == "null":
        return _NONE
    if kind == "array":
        return _list(_ANY)
    if kind == "object":
        return _dict(_ANY)
    return _ANY


_STR = ir.TypeRef(kind="str", annotation="str", param_annotation="str")
_BYTES = ir.TypeRef(kind="bytes", annotation="bytes", param_annotation="bytes")
_FILE = ir.TypeRef(kind="bytes", annotation="bytes", param_annotation="FileContent")
"""`format: binary`: arguments take bytes, a binary file, or (filename, content[, type])."""
_BASE64 = ir.TypeRef(kind="base64", annotation="Base64Bytes", param_annotation="bytes")
"""`format: byte`: bytes in Python, base64 text on the wire."""
_ANY = ir.TypeRef(kind="any", annotation="Any", param_annotation="Any")
_NONE = ir.TypeRef(kind="null", annotation="None", param_annotation="None", nullable=True)
_DATETIME = ir.TypeRef(kind="datetime", annotation="_dt.datetime", param_annotation="_dt.datetime")


def _is_false_schema(obj: Any) -> bool:
    """`false`, or `{not: {}}` as `false` is spelled where the parser needs an object."""
    if obj is False:
        return True
    negated = getattr(obj, "schema_not", None)
    if negated is None or getattr(obj, "model_fields_set", None) != {"schema_not"}:
        return False
    return not negated.model_fields_set and not negated.model_extra


_SERIALIZE_AS_ANY = r"SerializeAsAny[\1]"
"""A field holding a polymorphic base may hold a subclass: pydantic serializes it by the
field's type (dropping the subclass's own fields) unless it is marked SerializeAsAny."""


def _narrows(own: ir.Field, inherited: ir.Field) -> bool:
    """Whether a subclass may declare `own` where its base declares `inherited`."""
    if own.name != inherited.name:
        return False
    if own.annotation == inherited.annotation:
        return True
    # A const in the subtype where the base has the plain type (`kind: Literal['lion']`).
    return (
        own.type.kind == "literal"
        and not own.type.nullable
        and inherited.type.kind in ("str", "int", "bool")
        and not inherited.type.nullable
    )


def _has_const(schema: _Schema) -> bool:
    """Whether the schema has `const` (which may be null)."""
    obj = schema.obj
    return "const" in (getattr(obj, "model_fields_set", None) or ()) or "const" in (
        getattr(obj, "model_extra", None) or {}
    )


def _literal_type(value: Any) -> ir.TypeRef | None:
    """`Literal[value]` for a string, integer or boolean const, None for null; other consts
    (numbers with a fraction, arrays, objects) cannot be a Literal: None is returned for them
    and the schema's other keywords type the value."""
    if value is None:
        return _NONE
    if not isinstance(value, (str, int)):
        return None
    spelled = f"Literal[{pystr(value) if isinstance(value, str) else repr(value)}]"
    return ir.TypeRef(kind="literal", annotation=spelled, param_annotation=spelled, value=value)


def _mapped_variants(
    discriminator: Any, member_components: dict[str, str]
) -> list[tuple[str, str]]:
    """(tag, class) of a discriminator: its mapping's entries that name a member, else the
    members' schema names."""
    mapping = dict(getattr(discriminator, "mapping", None) or {})
    if not mapping:
        return list(member_components.items())
    variants: list[tuple[str, str]] = []
    for tag, target in mapping.items():
        component = _mapped_component(str(target))
        class_ = member_components.get(component)
        if class_ is not None:
            variants.append((str(tag), class_))
    return variants


def _model_ref(name: str) -> ir.TypeRef:
    return ir.TypeRef(
        kind="model", annotation=name, param_annotation=f"{name} | {name}Param", name=name
    )


def _list(item: ir.TypeRef) -> ir.TypeRef:
    return ir.TypeRef(
        kind="list",
        annotation=f"list[{item.annotation}]",
        param_annotation=f"Sequence[{item.param_annotation}]",
        args=(item,),
    )


def _dict(value: ir.TypeRef) -> ir.TypeRef:
    return ir.TypeRef(
        kind="dict",
        annotation=f"dict[str, {value.annotation}]",
        param_annotation=f"Mapping[str, {value.param_annotation}]",
        args=(value,),
    )


def _code_parts(annotation: str) -> list[tuple[bool, str]]:
    """An annotation cut into (is a string literal, text) pieces: `Literal['a | b']` holds spec
    text, which name lookups, union splitting and rewrites must leave alone."""
    parts: list[tuple[bool, str]] = []
    start = 0
    index = 0
    while index < len(annotation):
        quote = annotation[index]
        if quote not in "'\"":
            index += 1
            continue
        if index > start:
            parts.append((False, annotation[start:index]))
        end = index + 1
        while end < len(annotation) and annotation[end] != quote:
            end += 2 if annotation[end] == "\\" else 1
        parts.append((True, annotation[index : end + 1]))
        index = start = end + 1
    if start < len(annotation):
        parts.append((False, annotation[start:]))
    return parts


def _names_in(annotation: str) -> set[str]:
    """The identifiers an annotation uses (not the words inside its string literals)."""
    return {
        name
        for is_string, text in _code_parts(annotation)
        if not is_string
        for name in _NAME.findall(text)
    }


def _rewrite_code(annotation: str, pattern: re.Pattern[str], replacement: str) -> str:
    """`pattern` replaced outside the annotation's string literals."""
    return "".join(
        text if is_string else pattern.sub(replacement, text)
        for is_string, text in _code_parts(annotation)
    )


def _union_parts(annotation: str) -> list[str]:
    """The members of a union annotation, split only outside brackets and string literals."""
    parts: list[str] = []
    depth = 0
    current = ""
    for is_string, text in _code_parts(annotation):
        if is_string:
            current += text
            continue
        start = 0
        for index, char in enumerate(text):
            if char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
            elif depth == 0 and text.startswith(" | ", index):
                parts.append(current + text[start:index])
                current = ""
                start = index + 3
        current += text[start:]
    parts.append(current)
    return parts


def _union(members: list[ir.TypeRef]) -> ir.TypeRef:
    annotations: list[str] = []
    params: list[str] = []
    for member in members:
        for part in _union_parts(member.annotation):
            if part not in annotations:
                annotations.append(part)
        for part in _union_parts(member.param_annotation):
            if part not in params:
                params.append(part)
    if "Any" in annotations:
        return _ANY
    for spelled in (annotations, params):
        if "None" in spelled:
            spelled.remove("None")
            spelled.append("None")
    nullable = any(m.nullable for m in members)
    return ir.TypeRef(
        kind="union",
        annotation=" | ".join(annotations),
        param_annotation=" | ".join(params),
        args=tuple(members),
        nullable=nullable,
    )


def _nullable(type_: ir.TypeRef, nullable: bool) -> ir.TypeRef:
    if not nullable or type_.nullable or type_.kind == "any":
        return type_
    return replace(
        type_,
        annotation=f"{type_.annotation} | None",
        param_annotation=f"{type_.param_annotation} | None",
        nullable=True,
    )


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LOOKS_SECRET = re.compile(r"(^|_)(PAS+WO?R?D|PASS(PHRASE)?|PWD|TOKEN|SECRETE?)($|_)")
"""Names ruff's S105 takes for hard-coded passwords."""


def _annotation_uses(annotations: Iterable[str]) -> set[str]:
    """Import needs of annotations: 'datetime', 'uuid', 'Any', 'Mapping', 'Sequence'."""
    uses: set[str] = set()
    for annotation in annotations:
        if "_dt." in annotation:
            uses.add("datetime")
        if "_uuid." in annotation:
            uses.add("uuid")
        names = _names_in(annotation)
        uses.update(
            names
            & {
                "Any",
                "Literal",
                "Mapping",
                "Sequence",
                "FileContent",
                "Base64Bytes",
                "SerializeAsAny",
            }
        )
    return uses


def _model_modules(
    models: tuple[ir.Model, ...],
    enums: tuple[ir.Enum, ...],
    aliases: tuple[ir.UnionAlias, ...] = (),
    type_aliases: tuple[ir.TypeAliasDef, ...] = (),
) -> tuple[tuple[ir.ModelModule, ...], tuple[tuple[str, str], ...]]:
    """Group classes into modules, one per strongly connected component of their references,
    so that using one class loads only what it needs."""
    by_name: dict[str, ir.Model | ir.Enum | ir.UnionAlias | ir.TypeAliasDef] = {
        m.name: m for m in models
    }
    by_name.update({e.name: e for e in enums})
    by_name.update({a.name: a for a in aliases})
    by_name.update({a.name: a for a in type_aliases})
    edges: dict[str, list[str]] = {}
    for name, item in by_name.items():
        deps: set[str] = set()
        if isinstance(item, ir.UnionAlias):
            deps.update(item.members)
        if isinstance(item, ir.TypeAliasDef):
            deps.update(_names_in(item.target))
        if isinstance(item, ir.Model):
            if item.base is not None:
                deps.add(item.base)
            deps.update(subtype for _, subtype in item.subtypes)
            for model_field in item.fields:
                _collect_models(model_field.type, deps)
            if item.extra_type is not None:
                _collect_models(item.extra_type, deps)
        edges[name] = sorted(dep for dep in deps if dep in by_name and dep != name)
    components = _strongly_connected(sorted(by_name), edges)
    module_names = Namespace(MODULE_RESERVED, fold_case=True)
    module_of: dict[str, str] = {}
    named: list[tuple[str, list[str]]] = []
    for component in components:
        module = module_names.claim(module_name(identifier(min(component), fallback="models")))
        named.append((module, component))
        for name in component:
            module_of[name] = module
    # Bucket every class by its module once (models keep their dependency order).
    models_in: dict[str, list[ir.Model]] = {}
    enums_in: dict[str, list[ir.Enum]] = {}
    aliases_in: dict[str, list[ir.UnionAlias]] = {}
    type_aliases_in: dict[str, list[ir.TypeAliasDef]] = {}
    for type_alias in type_aliases:
        type_aliases_in.setdefault(module_of[type_alias.name], []).append(type_alias)
    for model in models:
        models_in.setdefault(module_of[model.name], []).append(model)
    for enum in enums:
        enums_in.setdefault(module_of[enum.name], []).append(enum)
    for alias in aliases:
        aliases_in.setdefault(module_of[alias.name], []).append(alias)
    known = set(by_name) | {f"{m.name}Param" for m in models if m.param_name}
    modules: list[ir.ModelModule] = []
    locations: list[tuple[str, str]] = []
    for module, _component in named:
        module_models = tuple(models_in.get(module, ()))
        module_enums = tuple(enums_in.get(module, ()))
        module_aliases = tuple(aliases_in.get(module, ()))
        module_type_aliases = tuple(type_aliases_in.get(module, ()))
        annotations: list[str] = [" | ".join(a.members) for a in module_aliases]
        annotations.extend(a.target for a in module_type_aliases)
        for model in module_models:
            annotations.extend(f.annotation for f in model.fields)
            if model.extra_annotation:
                annotations.append(model.extra_annotation)
            if model.param_name:
                annotations.extend(f.param_annotation for f in model.fields)
        imported: dict[str, set[str]] = {}
        for annotation in annotations:
            for name in _names_in(annotation) & known:
                owner = module_of.get(name.removesuffix("Param") if name not in by_name else name)
                if owner is not None and owner != module:
                    imported.setdefault(owner, set()).add(name)
        exports = [m.name for m in module_models] + [
            m.param_name for m in module_models if m.param_name
        ]
        exports += [e.name for e in module_enums] + [a.name for a in module_aliases]
        exports += [a.name for a in module_type_aliases]
        for name in exports:
            locations.append((name, module))
        module_order = import_order(imported)
        defined_here = {m.name for m in module_models}
        aliases_last = any(defined_here.intersection(a.members) for a in module_aliases) or any(
            _names_in(a.target) & defined_here for a in module_type_aliases
        )
        modules.append(
            ir.ModelModule(
                module=module,
                models=module_models,
                enums=module_enums,
                aliases=module_aliases,
                type_aliases=module_type_aliases,
                imports=tuple((m, import_order(imported[m])) for m in module_order),
                uses=_with_stdlib(
                    _model_uses(module_models, module_enums)
                    + (("TYPE_CHECKING", "TypeAlias", "tagged_union") if module_aliases else ())
                    + (
                        ("TypeAlias", *_annotation_uses(a.target for a in module_type_aliases))
                        if module_type_aliases
                        else ()
                    )
                ),
                exports=all_order(exports),
                import_names=import_order(exports),
                aliases_last=aliases_last,
            )
        )
    position = {name: index for index, name in enumerate(import_order(m.module for m in modules))}
    modules.sort(key=lambda m: position[m.module])
    return tuple(modules), tuple(sorted(locations))


_STDLIB_USES = frozenset(
    {
        "builtins",
        "datetime",
        "uuid",
        "warnings",
        "Mapping",
        "Sequence",
        "cached_property",
        "TYPE_CHECKING",
        "Annotated",
        "Any",
        "Literal",
        "TypeAlias",
        "TypedDict",
        "cast",
    }
)
"""Uses that are imported from the standard library (their own import block)."""


def _with_stdlib(uses: tuple[str, ...]) -> tuple[str, ...]:
    """`uses`, sorted, plus 'stdlib' when a module imports anything from the standard library
    (so that templates know whether that import block, and its blank line, exists)."""
    found = set(uses)
    if found & _STDLIB_USES:
        found.add("stdlib")
    return tuple(sorted(found))


def _strongly_connected(nodes: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively; components in a deterministic order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child_index = work.pop()
            if child_index == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = edges.get(node, [])
            if child_index < len(children):
                work.append((node, child_index + 1))
                child = children[child_index]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            for child in children:
                if child in on_stack and index.get(child, -1) > index[node]:
                    low[node] = min(low[node], low[child])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(sorted(component))
    return result


def _model_uses(models: tuple[ir.Model, ...], enums: tuple[ir.Enum, ...]) -> tuple[str, ...]:
    annotations: list[str] = []
    uses: set[str] = set()
    for model in models:
        uses.add("BaseModel")
        annotations.extend(f.annotation for f in model.fields)
        if model.extra_annotation:
            annotations.append(model.extra_annotation)
        if any(f.has_alias or f.deprecated for f in model.fields):
            uses.update({"Annotated", "Field"})
        if model.constants:
            uses.add("Any")
        if model.subtypes:
            uses.add("subtype_validator")
        if any(_secret_looking_default(f.name, f.default, f.has_default) for f in model.fields):
            uses.add("noqa-S105")
        if model.param_name:
            uses.add("TypedDict")
            annotations.extend(f.param_annotation for f in model.fields)
            if any(f.required for f in model.fields):
                uses.update({"TYPE_CHECKING", "Required"})
    for enum in enums:
        uses.add("OpenStrEnum" if enum.base == "str" else "OpenIntEnum")
        if any(_LOOKS_SECRET.search(member.name) for member in enum.members):
            uses.add("noqa-S105")
    return tuple(sorted(uses | _annotation_uses(annotations)))


def _secret_looking_default(name: str, default: object, has_default: bool) -> bool:
    """A text default of a name ruff takes for a password (`token_type = "Bearer"`, S105 and
    S107): a constant of the API, which the module says in a noqa."""
    return has_default and isinstance(default, str) and bool(_LOOKS_SECRET.search(name.upper()))


def _with_imports(module: ir.ResourceModule, known: set[str]) -> ir.ResourceModule:
    """The module with the model names and other imports its code uses."""
    annotations: list[str] = []
    uses: set[str] = set()
    names: set[str] = set()
    for resource in module.classes:
        if resource.children:
            uses.update({"cached_property", "TYPE_CHECKING"})
        for op in resource.operations:
            uses.add("operations")
            annotations.append(op.return_annotation)
            annotations.extend(p.annotation for p in (*op.path_params, *op.keyword_params))
            if op.cast_to:
                uses.add("cast")
                annotations.append(op.cast_to)
            # Evaluated when the module loads: each status's own type, which the return
            # annotation need not spell (`A | B` for 200 and `Any` for 202 return `Any`).
            annotations.extend(type_ for _, type_ in op.by_status)
            if op.stream:
                uses.add("stream")
            if "builtins." in op.return_annotation or "builtins." in op.async_return_annotation:
                uses.add("builtins")
            if op.deprecated:
                uses.add("warnings")
            if op.body is not None:
                annotations.extend(f.annotation for f in op.body.fields)
                if any(
                    _secret_looking_default(f.arg, f.default, f.has_default) for f in op.body.fields
                ):
                    uses.add("noqa-S107")
                if op.body.annotation:
                    annotations.append(op.body.annotation)
                if op.body.type is not None:
                    annotations.append(op.body.type.annotation)
                if op.body.model:
                    names.add(op.body.model)
            names.update(model for _, model in op.errors)
    for annotation in annotations:
        names.update(_names_in(annotation) & known)
    uses |= _annotation_uses(annotations)
    return replace(module, model_imports=import_order(names), uses=_with_stdlib(tuple(uses)))


def _by_status(responses: tuple[ir.Response, ...]) -> tuple[tuple[str, str], ...]:
    """(status, type) for each success response, when they do not all share one type."""
    types = {response.type for response in responses}
    if len(types) < 2:
        return ()
    return tuple(
        (response.status.upper(), response.type.annotation if response.type else "None")
        for response in responses
        if response.status != "default"
    )


def _param_doc(param: Any, schema: Any) -> str | None:
    """A parameter's description, saying when it is deprecated and what its default is."""
    parts = [_text(param.description) or ""]
    default = getattr(schema, "default", None) if schema is not None else None
    if default is not None and isinstance(default, (str, int, float, bool)):
        parts.append(f"Default: {default!r}.")
    if param.deprecated:
        parts.insert(0, "Deprecated.")
    text = " ".join(part for part in parts if part)
    return text or None


def _documented_args(
    path_params: list[ir.Parameter], keyword: list[ir.Parameter], body: ir.RequestBody | None
) -> tuple[tuple[str, str], ...]:
    documented = [(p.arg, p.description) for p in [*path_params, *keyword] if p.description]
    if body is not None:
        documented.extend((f.arg, f.description) for f in body.fields if f.description)
        if body.arg and body.description:
            documented.append((body.arg, body.description))
    return tuple((arg, text) for arg, text in documented if text)


def _pruned(table: dict[str, ir.WireKey] | None) -> tuple[ir.WireKey, ...]:
    """The entries of a key table that change something: a renamed key, or nested renames."""
    return tuple(
        entry for entry in (table or {}).values() if entry.key != entry.wire_name or entry.nested
    )


def _collect_models(type_: ir.TypeRef, into: set[str]) -> None:
    stack = [type_]
    while stack:
        current = stack.pop()
        if current.kind in ("model", "enum", "alias") and current.name:
            into.add(current.name)
        stack.extend(current.args)


def _dependency_order(models: dict[str, ir.Model]) -> list[ir.Model]:
    """Models sorted by name, each after the models its fields use (cycles broken by name)."""
    ordered: list[ir.Model] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in placed or name in visiting or name not in models:
            return
        visiting.add(name)
        deps: set[str] = set()
        if models[name].base is not None:
            deps.add(models[name].base)  # type: ignore[arg-type]
        for model_field in models[name].fields:
            _collect_models(model_field.type, deps)
        if models[name].extra_type is not None:
            _collect_models(models[name].extra_type, deps)  # type: ignore[arg-type]
        for dep in sorted(deps):
            visit(dep)
        visiting.discard(name)
        placed.add(name)
        ordered.append(models[name])

    for name in sorted(models):
        visit(name)
    return ordered


def _example_value(type_: ir.TypeRef, wire_name: str) -> object:
    kind = type_.kind
    if kind in ("str", "any", "uuid"):
        return wire_name
    if kind == "int":
        return 0
    if kind == "float":
        return 0.0
    if kind == "bool":
        return True
    if kind == "list":
        return []
    if kind in ("dict", "model"):
        return {}
    if kind == "literal":
        return type_.value
    if kind == "base64":
        return wire_name.encode()
    if kind == "tuple":
        return tuple(_example_value(member, wire_name) for member in type_.args)
    if kind == "enum":
        return None
    return wire_name


# --------------------------------------------------------------------------------- small helpers


def _escape(token: str) -> str:
    return join_pointer([token])[1:]


def _mapped_component(target: str) -> str:
    """The component a discriminator mapping value names: a `$ref` to a schema component, or
    (as the specification allows) the component's name itself."""
    return schema_component(ref_tokens(target)) or target


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _pick_content_type(content: Mapping[str, Any]) -> str:
    keys = list(content)
    for key in keys:
        if _JSON_TYPES.match(key.lower()):
            return key
    for preferred in ("application/x-www-form-urlencoded", "multipart/form-data"):
        if preferred in keys:
            return preferred
    return keys[0]


def _path_position(path: str, param: Any) -> int:
    marker = "{" + str(param.name) + "}"
    position = path.find(marker)
    return position if position >= 0 else len(path) + 1


def _credential_headers(schemes: tuple[ir.SecurityScheme, ...]) -> dict[str, set[str]]:
    """Parameters that duplicate a security scheme: they are credentials, not arguments."""
    found: dict[str, set[str]] = {"header": set(), "query": set(), "cookie": set()}
    for scheme in schemes:
        if scheme.kind == "api_key" and scheme.location and scheme.parameter_name:
            name = (
                scheme.parameter_name.lower()
                if scheme.location == "header"
                else scheme.parameter_name
            )
            found[scheme.location].add(name)
    return found


def _scheme_kind(scheme: Any) -> str | None:
    kind = str(getattr(scheme.type, "value", scheme.type))
    if kind == "apiKey":
        return "api_key"
    if kind == "http":
        http = (scheme.scheme or "").lower()
        if http == "bearer":
            return "bearer"
        if http == "basic":
            return "basic"
        return None
    if kind in ("oauth2", "openIdConnect"):
        return "bearer"
    return None


def _strip_server_words(description: str) -> str:
    words = [
        w
        for w in re.split(r"\s+", description)
        if w.lower()
        not in {"server", "hostname", "host", "for", "the", "region", "api", "url", "base"}
    ]
    return " ".join(words) if len(words) <= 3 else ""


def build_api(
    spec: LoadedSpec,
    document: OpenAPIDocument,
    options: ClientOptions,
    warnings: list[SpecWarning] | None = None,
    kept_names: Mapping[str, str] | None = None,
) -> ir.Api:
    """Build the intermediate model of one package (`warnings` from earlier stages carry on).

    `kept_names` are the names an earlier generation recorded (`ir.Api.names`): things the
    document still has keep them, so a growing spec renames nothing that existed."""
    builder = Builder(spec, document, options, kept_names)
    builder.warnings.extend(warnings or [])
    api = builder.build()
    if kept_names and not set(kept_names) <= set(builder.names):
        # Some kept names belong to things the document no longer has: free them for others.
        present = {key: name for key, name in kept_names.items() if key in builder.names}
        builder = Builder(spec, document, options, present)
        builder.warnings.extend(warnings or [])
        api = builder.build()
    return api

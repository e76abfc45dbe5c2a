"""Stage 1b, bundle: a document split over several files -> one document, with a source map.

A `$ref` to another file (`./schemas/pet.yaml#/Pet`, `common.yaml`, `../x.yaml#/components/...`)
is read relative to the file that holds it, and only under the root document's directory: a
reference above it, or a URL (`https:`, `file:`, ...), is a located error. What it points at is
copied into the root document: a schema into `components/schemas` under its key (or its file's
stem), kept once however often it is referred to, so that schemas in other files may refer to
each other and back; anything else (a path item, a parameter, a response, ...) where the
reference stood. References inside the copies are rewritten to the root's pointers. Every copy
is recorded as a `Source`, so that an error or warning about it names the file and line it
comes from; the bundle's sha256 covers every file read.

A document without references to other files is returned as it is.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from ..errors import SpecError
from .load import MAX_ALIAS_VALUES, MAX_NODES, LoadedSpec, Source, load_spec
from .pointers import join_pointer, ref_tokens, split_pointer
from .refs import NAMED_MAPS, iter_refs, lookup
from .vocabulary import (
    BOOLEAN_SCHEMA_SLOTS,
    DATA_KEYWORDS,
    SCHEMA_LISTS,
    SCHEMA_MAPS,
    SCHEMA_SLOTS,
)

_REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
"""A reference with a URI scheme (`https:`, `file:`, `urn:`) or a network path (`//host/x`)."""

_SUFFIXES = (".yaml", ".yml", ".json")

OPENAPI, SCHEMA, SCHEMA_MAP, SCHEMA_LIST = "openapi", "schema", "schema-map", "schema-list"
"""What a value of the document is, as the walk goes: an OpenAPI object (or a list or map of
them), one schema, a map of names to schemas, a list of schemas."""


@dataclass(frozen=True)
class _Frame:
    """One value to walk: where it is in the bundle, and where it comes from."""

    parent: Any
    key: Any
    tokens: tuple[str, ...]
    """Its place in the bundled document."""
    spec: LoadedSpec
    """The file it comes from, and its place there."""
    origin: tuple[str, ...]
    state: str
    chain: tuple[tuple[Path, str], ...] = ()
    """The (file, pointer) copies that led here, to refuse copying one into itself."""


def external_refs(spec: LoadedSpec) -> bool:
    """Whether the document refers to anything outside itself."""
    return any(not ref.startswith("#") for _, ref in iter_refs(spec.data))


def bundle(spec: LoadedSpec, path: Path, *, lenient: bool = False) -> LoadedSpec:
    """`spec` (loaded from `path`) with every reference to another file copied in.

    With `lenient`, a reference that cannot be followed is left as it stands (an external
    `$ref`, which the lenient repairs then drop with a warning) instead of failing.
    """
    if not external_refs(spec):
        return spec
    return _Bundler(spec, path, lenient).run()


class _Bundler:
    def __init__(self, spec: LoadedSpec, path: Path, lenient: bool) -> None:
        self.root = spec
        self.root_file = Path(os.path.realpath(path))
        self.root_dir = self.root_file.parent
        self.display_dir = PurePosixPath(Path(spec.path).parent.as_posix())
        self.lenient = lenient
        self.files: dict[Path, LoadedSpec] = {self.root_file: spec}
        self.paths: dict[int, Path] = {id(spec): self.root_file}
        self.copied: set[tuple[Path, str]] = set()
        """Schemas already copied into the root (each once)."""
        self.names: set[str] = set(self._schemas(create=False))
        self.placed: dict[tuple[Path, str], str] = {}
        """(file, pointer) of a schema -> its name in the root's components/schemas."""
        self.sources: list[Source] = []
        self.size = self.read = _count(spec.data)
        """Values in the bundle so far (the root's and every copy's), and in the files read:
        copies may at most add four times what the files hold (and MAX_ALIAS_VALUES)."""
        self.stack: list[_Frame] = []
        self.seen: dict[int, Any] = {}
        """Values walked, by id (holding them, so that no id is reused by a later copy)."""

    def run(self) -> LoadedSpec:
        self._claim_component_slots()
        self.stack.append(_Frame(None, None, (), self.root, (), OPENAPI))
        while self.stack:
            self._walk(self.stack.pop())
        files = tuple(
            sorted(
                (path.relative_to(self.root_dir).as_posix(), loaded.sha256)
                for path, loaded in self.files.items()
                if path != self.root_file
            )
        )
        digest = hashlib.sha256(f"clientgen-bundle\0{self.root.sha256}\0".encode())
        for name, sha in files:
            digest.update(f"{name}\0{sha}\0".encode())
        return replace(
            self.root, sha256=digest.hexdigest(), sources=tuple(self.sources), files=files
        )

    # ---------------------------------------------------------------------------- the walk

    def _claim_component_slots(self) -> None:
        """`components/schemas/Pet: {$ref: pet.yaml}` names that schema `Pet`, wherever else
        it is referred to from (claimed before the walk, so the slot's name wins)."""
        schemas = self._schemas(create=False)
        for name, value in list(schemas.items()):
            ref = value.get("$ref") if isinstance(value, dict) else None
            if not isinstance(ref, str) or ref.startswith("#"):
                continue
            try:
                target = self._target(ref, self.root, ("components", "schemas", name))
            except SpecError:
                continue  # reported when the walk reaches it
            self.placed.setdefault((target[0], join_pointer(target[2])), name)
            self.names.add(name)

    def _walk(self, frame: _Frame) -> None:
        node = frame.parent[frame.key] if frame.parent is not None else self.root.data
        if not isinstance(node, (dict, list)) or id(node) in self.seen:
            return
        self.seen[id(node)] = node
        if (
            isinstance(node, dict)
            and isinstance(node.get("$ref"), str)
            and self._follow(frame, node)
        ):
            return
        if frame.state == SCHEMA and isinstance(node, dict):
            self._mapping(frame, node)
        children = enumerate(node) if isinstance(node, list) else node.items()
        for key, value in reversed(list(children)):
            state = _child_state(frame, key, value)
            if state is not None:
                token = str(key)
                self.stack.append(
                    replace(
                        frame,
                        parent=node,
                        key=key,
                        tokens=(*frame.tokens, token),
                        origin=(*frame.origin, token),
                        state=state,
                    )
                )

    def _follow(
        self, frame: _Frame, node: dict[str, Any], site: tuple[str, ...] | None = None
    ) -> bool:
        """Rewrite or replace the reference `node`; True when the value was replaced (and is
        walked as what replaced it). `site`: where the reference text is (`$ref` in `node`)."""
        ref = node["$ref"]
        if ref.startswith("#") and frame.spec is self.root:
            return False
        site = site or (*frame.origin, "$ref")
        try:
            file, target_spec, tokens = self._target(ref, frame.spec, site)
            found, value = lookup(target_spec.data, list(tokens))
            if not found:
                where = "" if target_spec is frame.spec else f" in {target_spec.path}"
                raise frame.spec.error(
                    f"dangling $ref '{ref}': nothing at that JSON pointer{where}",
                    join_pointer(site),
                )
        except SpecError:
            if not self.lenient:
                raise
            if ref.startswith("#"):  # keep it external, for the lenient repairs to drop
                node["$ref"] = self._relative(frame.spec) + ref
            return False
        if file == self.root_file:
            node["$ref"] = "#" + join_pointer(tokens)
            return False
        key = (file, join_pointer(tokens))
        slot = frame.state == SCHEMA and self.placed.get(key)
        if frame.state == SCHEMA and not (slot and frame.tokens == _schema_tokens(slot)):
            node["$ref"] = "#" + join_pointer(_schema_tokens(self._hoist(key, target_spec, value)))
            return False
        if key in frame.chain:
            chain = " -> ".join(f"{f.name}#{p}" for f, p in (*frame.chain, key))
            raise frame.spec.error(f"cyclic $ref: {chain}", join_pointer(site))
        if slot:
            self.copied.add(key)
        self._copy_here(frame, node, target_spec, tokens, value, key)
        return True

    def _mapping(self, frame: _Frame, node: dict[str, Any]) -> None:
        """Rewrite a discriminator `mapping`'s references as `$ref`s are (a value without '#'
        or a file suffix is a schema name, and stays)."""
        discriminator = node.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if not isinstance(mapping, dict) or (
            frame.spec is self.root and not self._any_file(mapping)
        ):
            return
        for tag, ref in list(mapping.items()):
            if not isinstance(ref, str) or not ("#" in ref or ref.endswith(_SUFFIXES)):
                continue
            site = (*frame.origin, "discriminator", "mapping", tag)
            holder = {"$ref": ref}
            self._follow(replace(frame, tokens=()), holder, site)  # never the slot: hoisted
            mapping[tag] = holder["$ref"]

    @staticmethod
    def _any_file(mapping: dict[str, Any]) -> bool:
        return any(isinstance(ref, str) and not ref.startswith("#") for ref in mapping.values())

    def _copy_here(
        self,
        frame: _Frame,
        node: dict[str, Any],
        spec: LoadedSpec,
        tokens: tuple[str, ...],
        value: Any,
        key: tuple[Path, str],
    ) -> None:
        """Put a copy of `value` where the reference `node` stands (its other keys kept)."""
        new = self._copy(value, frame.spec, frame.origin)
        if isinstance(new, dict):
            new = {**new, **{k: v for k, v in node.items() if k != "$ref"}}
        if frame.parent is None:
            return
        frame.parent[frame.key] = new
        self.sources.append(Source(frame.tokens, spec, tokens))
        self.stack.append(replace(frame, spec=spec, origin=tokens, chain=(*frame.chain, key)))

    def _hoist(self, key: tuple[Path, str], spec: LoadedSpec, value: Any) -> str:
        """The name of the schema `key` in the root's components/schemas, copied in once."""
        name = self.placed.get(key)
        schemas = self._schemas(create=True)
        if name is None:
            tokens = split_pointer(key[1])
            base = tokens[-1] if tokens else key[0].stem
            name = base
            number = 1
            while name in self.names:
                number += 1
                name = f"{base}_{number}"
            self.placed[key] = name
            self.names.add(name)
        if key in self.copied:
            return name
        self.copied.add(key)
        tokens = split_pointer(key[1])
        schemas[name] = self._copy(value, spec, tuple(tokens))
        self.sources.append(Source(_schema_tokens(name), spec, tuple(tokens)))
        self.stack.append(_Frame(schemas, name, _schema_tokens(name), spec, tuple(tokens), SCHEMA))
        return name

    def _copy(self, value: Any, spec: LoadedSpec, origin: tuple[str, ...]) -> Any:
        """A copy of `value`; refused when the copies grow the document past MAX_NODES values
        (a value copied where each of many references stands, each of them copied again...)."""
        self.size += _count(value)
        allowed = min(MAX_NODES, 4 * self.read + MAX_ALIAS_VALUES)
        if self.size > allowed:
            raise spec.error(
                f"the document expands to more than {allowed} values through $refs to other"
                f" files ({self.read} written out in the files read; a reference bomb?)",
                join_pointer(origin),
            )
        return copy.deepcopy(value)

    def _schemas(self, *, create: bool) -> dict[str, Any]:
        data = self.root.data
        components = data.get("components")
        if not isinstance(components, dict):
            if not create:
                return {}
            components = data["components"] = {}
        schemas = components.get("schemas")
        if not isinstance(schemas, dict):
            if not create:
                return {}
            schemas = components["schemas"] = {}
        return schemas

    # ------------------------------------------------------------------------ the files

    def _target(
        self, ref: str, spec: LoadedSpec, site: tuple[str, ...]
    ) -> tuple[Path, LoadedSpec, tuple[str, ...]]:
        """(file, its loaded document, pointer tokens) a reference in `spec` points at."""
        if _REMOTE.match(ref):
            raise spec.error(
                f"remote $ref '{ref}' is not supported; only references inside the document"
                " ('#/...') and to files under its directory are",
                join_pointer(site),
            )
        name, _, fragment = ref.partition("#")
        if fragment and not fragment.startswith("/"):
            raise spec.error(
                f"$ref '{ref}': only JSON-pointer fragments ('#/...') are supported",
                join_pointer(site),
            )
        tokens = tuple(ref_tokens("#" + fragment))
        current = self._file_of(spec)
        if not name:
            return current, spec, tokens
        file = Path(os.path.realpath(current.parent / unquote(name)))
        if not file.is_relative_to(self.root_dir):
            raise spec.error(
                f"$ref '{ref}' points outside the root document's directory"
                f" ({self.display_dir.as_posix()}); only files under it are read",
                join_pointer(site),
            )
        if file not in self.files:
            display = (self.display_dir / file.relative_to(self.root_dir).as_posix()).as_posix()
            if not file.exists():
                raise spec.error(f"$ref '{ref}': no such file {display}", join_pointer(site))
            self.files[file] = load_spec(file, display)
            self.paths[id(self.files[file])] = file
            self.read += _count(self.files[file].data)
        return file, self.files[file], tokens

    def _file_of(self, spec: LoadedSpec) -> Path:
        return self.paths[id(spec)]

    def _relative(self, spec: LoadedSpec) -> str:
        return self._file_of(spec).relative_to(self.root_dir).as_posix()


def _count(value: Any) -> int:
    """How many values `value` holds, itself included (shared values counted each time)."""
    count = 0
    stack = [value]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        if count > MAX_NODES:
            break
    return count


def _schema_tokens(name: str) -> tuple[str, ...]:
    return ("components", "schemas", name)


def _child_state(frame: _Frame, key: Any, value: Any) -> str | None:
    """What the value under `key` is, or None when it is not walked (data, extensions)."""
    if not isinstance(value, (dict, list)):
        return None
    if frame.state in (SCHEMA_LIST, SCHEMA_MAP):
        return SCHEMA
    if isinstance(key, int):
        return frame.state if frame.state == OPENAPI else None
    named = frame.state == OPENAPI and bool(frame.tokens) and frame.tokens[-1] in NAMED_MAPS
    if key.startswith("x-") and not named:
        return None
    if frame.state == SCHEMA:
        if key in SCHEMA_SLOTS or key in BOOLEAN_SCHEMA_SLOTS:
            return SCHEMA_LIST if isinstance(value, list) else SCHEMA
        if key in SCHEMA_MAPS or key == "definitions":
            return SCHEMA_MAP
        if key in SCHEMA_LISTS:
            return SCHEMA_LIST
        return None
    if key in DATA_KEYWORDS and not named:
        return None
    if key == "schema" and not named:
        return SCHEMA
    if frame.tokens == ("components",) and key == "schemas":
        return SCHEMA_MAP
    return OPENAPI

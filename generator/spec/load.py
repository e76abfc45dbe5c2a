"""Stage 1, load: bytes on disk -> a plain mapping, with line:col for every error.

Accepts YAML, JSON, or a documentation page (Markdown/text) holding one fenced yaml or json
block that contains the OpenAPI document. Only safe YAML is read (no Python tags), timestamps
stay strings, mapping keys become strings, and hostile documents (alias bombs, deep nesting,
huge files) are refused before anything walks them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import SpecError, SpecWarning
from .files import MAX_FILE_BYTES, read_input
from .pointers import join_pointer, split_pointer

MAX_NODES = 5_000_000
"""Largest document accepted, counted in values after YAML aliases are expanded."""
MAX_DEPTH = 128
"""Deepest nesting of mappings and lists accepted. Type annotations nest about as deep as the
schemas they come from; black and Python's own parser give up on annotations much deeper than
150 levels, so a deeper document would fail later with a misleading "generated code does not
parse" (or, for YAML, crash the C parser outright)."""
MAX_ALIAS_VALUES = 10_000
"""Values YAML aliases may add to a document beyond the ones written out (or as many as are
written out, if that is more): aliases may at most double a document, so the work every later
stage does stays proportional to the size of the file (a 1 KB alias bomb of schemas otherwise
expands into hundreds of thousands of models)."""

_DIRECT_SUFFIXES = {".yaml", ".yml", ".json"}
_FENCE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.S | re.M,
)
_OPENAPI_LINE = re.compile(r'^(openapi|"openapi")\s*:', re.M)
_OPENAPI_JSON = re.compile(r'"(openapi|swagger)"\s*:')

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that keeps timestamps as strings and makes every mapping key a string."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        return {_key_text(key): value for key, value in mapping.items()}

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return int(super().construct_yaml_int(node))
        except ValueError:  # Python refuses int('9' * 5000): a located error, not a traceback
            raise yaml.constructor.ConstructorError(
                None, None, "integer too large (more than 4300 digits)", node.start_mark
            ) from None


_SpecLoader.add_constructor("tag:yaml.org,2002:int", _SpecLoader.construct_yaml_int)


def _key_text(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Source:
    """Where a part of a bundled document comes from: the value at `prefix` in the bundle is
    the value at `tokens` of the file `spec` (see `generator/spec/bundle.py`)."""

    prefix: tuple[str, ...]
    spec: LoadedSpec
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class LoadedSpec:
    """A loaded document: its data, its text, and how to find a JSON pointer in the file."""

    path: str
    """The file as the user named it (used in error messages)."""
    data: dict[str, Any]
    text: str
    """The YAML/JSON text of the document itself (the fenced block for a docs page)."""
    line_offset: int
    """Lines of the file before `text` starts (non-zero for a docs page)."""
    sha256: str
    """sha256 of the file's bytes."""
    _positions: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)
    sources: tuple[Source, ...] = field(default=(), compare=False, repr=False)
    """For a document bundled from several files: where each part copied in comes from."""
    files: tuple[tuple[str, str], ...] = ()
    """The other files read for a bundled document: (path relative to this file's directory,
    sha256 of its bytes), sorted; `sha256` then covers them too."""

    def origin(self, pointer: str) -> tuple[LoadedSpec, str]:
        """The file and the pointer in it that hold the value at `pointer` of this document."""
        if not self.sources:
            return self, pointer
        tokens = tuple(split_pointer(pointer))
        best: Source | None = None
        for source in self.sources:
            size = len(source.prefix)
            if tokens[:size] == source.prefix and (best is None or size > len(best.prefix)):
                best = source
        if best is None:
            return self, pointer
        return best.spec, join_pointer((*best.tokens, *tokens[len(best.prefix) :]))

    def locate(self, pointer: str) -> tuple[int, int] | None:
        """1-based (line, col) in the file of the value at `pointer`, or of its nearest parent."""
        if not self._positions:
            self._positions.update(_positions(self.text, self.line_offset))
        tokens = split_pointer(pointer)
        while True:
            found = self._positions.get(join_pointer(tokens))
            if found is not None:
                return found
            if not tokens:
                return None
            tokens = tokens[:-1]

    def error(self, message: str, pointer: str) -> SpecError:
        """A SpecError at `pointer`, with the line and column where the file has it (the file
        it comes from, for a part of a bundled document)."""
        spec, pointer = self.origin(pointer)
        where = spec.locate(pointer)
        line, col = where if where else (None, None)
        return SpecError(message, file=spec.path, line=line, col=col, pointer="#" + pointer)

    def warning(self, kind: str, message: str, pointer: str) -> SpecWarning:
        """A SpecWarning at `pointer`, with the line and column where the file has it (the
        file it comes from, for a part of a bundled document)."""
        spec, pointer = self.origin(pointer)
        where = spec.locate(pointer)
        line, col = where if where else (None, None)
        return SpecWarning(kind, message, "#" + pointer, spec.path, line, col)


def load_spec(path: Path, display: str | None = None) -> LoadedSpec:
    """Read and load one document; every failure is a one-line SpecError naming the file (a
    regular file only, read up to the size limit: see `generator/spec/files.py`)."""
    name = display or str(path)
    return load_spec_bytes(read_input(path, name), name, suffix=path.suffix.lower())


def load_spec_bytes(raw: bytes, name: str, suffix: str = ".yaml") -> LoadedSpec:
    """Load a document from bytes (see `load_spec`)."""
    sha = hashlib.sha256(raw).hexdigest()
    if len(raw) > MAX_FILE_BYTES:
        raise SpecError(f"document is over {MAX_FILE_BYTES} bytes", file=name)
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise SpecError("binary data (NUL byte); expected YAML or JSON text", file=name, line=line)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SpecError("not UTF-8 text; expected YAML or JSON", file=name, line=line) from None
    if not text.strip():
        raise SpecError("empty document; expected an OpenAPI mapping", file=name, line=1)

    line_offset = 0
    if suffix not in _DIRECT_SUFFIXES:
        block = _fenced_document(text)
        if block is not None:
            text, line_offset = block

    data = _parse_text(text, name, line_offset)
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise SpecError(
            f"the document is {_kind_name(kind)}, not a mapping; expected an OpenAPI object",
            file=name,
            line=line_offset + 1,
            col=1,
        )
    try:
        _check_size(data, name)
    except _TooDeep:
        raise _too_deep(text, name, line_offset) from None
    return LoadedSpec(path=name, data=data, text=text, line_offset=line_offset, sha256=sha)


def _kind_name(kind: str) -> str:
    return {"list": "a list", "str": "a string", "int": "a number", "float": "a number"}.get(
        kind, kind
    )


def _fenced_document(text: str) -> tuple[str, int] | None:
    """The first fenced yaml/json block that holds an OpenAPI document, and its line offset."""
    for match in _FENCE.finditer(text):
        body = match.group("body")
        if _OPENAPI_LINE.search(body) or _OPENAPI_JSON.search(body):
            offset = text.count("\n", 0, match.start("body"))
            return body, offset
    return None


class _HugeInteger(ValueError):
    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


def _json_int(digits: str) -> int:
    try:
        return int(digits)
    except ValueError:
        raise _HugeInteger(digits) from None


def _text_position(text: str, index: int, line_offset: int) -> tuple[int, int]:
    """1-based (line, col) in the file of the character at `index` of `text`."""
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1 + line_offset
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _parse_text(text: str, name: str, line_offset: int) -> Any:
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text, object_pairs_hook=_json_object, parse_int=_json_int)
        except json.JSONDecodeError as exc:
            raise SpecError(
                f"invalid JSON: {exc.msg}",
                file=name,
                line=exc.lineno + line_offset,
                col=exc.colno,
            ) from None
        except _HugeInteger as exc:
            at = _text_position(text, max(text.find(exc.digits), 0), line_offset)
            raise SpecError(
                "invalid JSON: integer too large (more than 4300 digits)",
                file=name,
                line=at[0],
                col=at[1],
            ) from None
        except RecursionError:
            raise _too_deep(text, name, line_offset) from None
    try:
        _check_yaml_depth(text, name, line_offset)
        return yaml.load(text, Loader=_SpecLoader)  # noqa: S506 - a safe loader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "python/" in str(problem) or "tag" in str(problem):
            problem = f"{problem} (only plain YAML is accepted)"
        line = mark.line + 1 + line_offset if mark else None
        col = mark.column + 1 if mark else None
        raise SpecError(f"invalid YAML: {problem}", file=name, line=line, col=col) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow in a stream (control characters): locate it.
        index = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        where = _text_position(text, index, line_offset) if index >= 0 else None
        character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise SpecError(
            f"invalid YAML: {character} is not allowed here ({exc.reason})",
            file=name,
            line=where[0] if where else None,
            col=where[1] if where else None,
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError(f"invalid YAML: {exc}", file=name) from None
    except RecursionError:
        raise SpecError(f"nesting deeper than {MAX_DEPTH} levels", file=name) from None


def _too_deep(text: str, name: str, line_offset: int) -> SpecError:
    """The nesting error, at the bracket that opens level MAX_DEPTH + 1 of a JSON text."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        lexeme = match.group()
        if lexeme in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, col = _text_position(text, match.start(), line_offset)
                return SpecError(
                    f"nesting deeper than {MAX_DEPTH} levels", file=name, line=line, col=col
                )
        elif lexeme in "]}":
            depth -= 1
    return SpecError(f"nesting deeper than {MAX_DEPTH} levels", file=name)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _check_yaml_depth(text: str, name: str, line_offset: int) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH before it is composed.

    libyaml's composer recurses in C: a few hundred kilobytes of `[[[[...` crash the
    interpreter (SIGSEGV) instead of raising. The event stream is flat, and stops at once.
    """
    try:
        _walk_yaml_depth(text, name, line_offset, _BaseLoader)
    except yaml.MarkedYAMLError as exc:
        if not _is_nesting_limit(exc):
            raise
        # libyaml >= 0.2.6 (PyYAML >= 6.0.4 wheels) stops at its own flow-nesting limit, which it
        # can reach while looking ahead, before it hands out the event that opens level
        # MAX_DEPTH + 1. The pure-Python parser looks ahead at most 1024 characters: it finds
        # that place, so the error is the same whichever PyYAML is installed.
        _walk_yaml_depth(text, name, line_offset, yaml.SafeLoader)
        raise _nesting_error(exc.problem_mark, name, line_offset) from None


def _is_nesting_limit(exc: yaml.MarkedYAMLError) -> bool:
    """Whether a YAML error is a parser's own nesting limit rather than a syntax error."""
    return "nesting depth" in f"{exc.problem or ''} {exc.context or ''}"


def _walk_yaml_depth(text: str, name: str, line_offset: int, loader: Any) -> None:
    """Raise the located nesting error at the event that opens level MAX_DEPTH + 1."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _nesting_error(event.start_mark, name, line_offset)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _nesting_error(mark: Any, name: str, line_offset: int) -> SpecError:
    """The nesting error at a YAML parser's mark (pure-Python or libyaml; None: no place)."""
    return SpecError(
        f"nesting deeper than {MAX_DEPTH} levels",
        file=name,
        line=mark.line + 1 + line_offset if mark else None,
        col=mark.column + 1 if mark else None,
    )


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return dict(pairs)


class _TooDeep(Exception):
    """Raised by `_check_size`; `load_spec_bytes` finds the place in the text."""


def _check_size(data: Any, name: str) -> None:
    """Refuse documents whose expanded size or depth would exhaust later stages.

    YAML aliases share one object between several places; the expanded count is what a walk of
    the document costs, so it is computed over the shared graph without expanding it.
    """
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(data, False)]
    active: set[int] = set()
    written = 0
    """Values as written out: each shared (aliased) mapping or list counted once."""
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            active.discard(key)
            size = 1
            depth = 0
            for child in children:
                if isinstance(child, (dict, list)):
                    size += sizes[id(child)]
                    depth = max(depth, depths[id(child)] + 1)
                else:
                    size += 1
            sizes[key] = size
            depths[key] = depth
            written += 1 + sum(1 for child in children if not isinstance(child, (dict, list)))
            if size > MAX_NODES:
                raise SpecError(
                    f"document expands to more than {MAX_NODES} values (YAML aliases?)", file=name
                )
            if depth > MAX_DEPTH:
                raise _TooDeep
            continue
        if key in sizes:
            continue
        if key in active:
            raise SpecError("a YAML alias refers to its own ancestor (recursive data)", file=name)
        active.add(key)
        stack.append((node, True))
        for child in children:
            if isinstance(child, (dict, list)) and id(child) not in sizes:
                stack.append((child, False))
        if len(active) > MAX_DEPTH + 1:
            raise _TooDeep
    allowed = written + max(MAX_ALIAS_VALUES, written)
    if isinstance(data, (dict, list)) and sizes[id(data)] > allowed:
        raise SpecError(
            f"document expands to more than {allowed} values through YAML aliases"
            f" ({written} written out; an alias bomb?)",
            file=name,
        )


def _children(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return list(node.values())
    if isinstance(node, list):
        return node
    return []


def _positions(text: str, line_offset: int) -> dict[str, tuple[int, int]]:
    """JSON pointer -> (line, col) of every mapping value and list item in `text`."""
    try:
        root = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return {}
    found: dict[str, tuple[int, int]] = {}
    stack: list[tuple[Any, tuple[str, ...]]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, tokens = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        found.setdefault(
            join_pointer(tokens),
            (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1),
        )
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = str(key_node.value)
                found.setdefault(
                    join_pointer((*tokens, key)),
                    (key_node.start_mark.line + 1 + line_offset, key_node.start_mark.column + 1),
                )
                stack.append((value_node, (*tokens, key)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, (*tokens, str(index))))
    return found

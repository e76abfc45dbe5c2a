"""The one JSON-pointer codec: pointers (RFC 6901) and the `$ref`s that hold them."""

from __future__ import annotations

from urllib.parse import unquote


def split_pointer(pointer: str) -> list[str]:
    """'/a/b~1c' -> ['a', 'b/c'] (RFC 6901)."""
    if pointer in ("", "#"):
        return []
    pointer = pointer[1:] if pointer.startswith("#") else pointer
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]]


def join_pointer(tokens: list[str] | tuple[str, ...]) -> str:
    """['a', 'b/c'] -> '/a/b~1c' (RFC 6901)."""
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def escape_token(token: str) -> str:
    """One reference token escaped for a pointer: 'a/b~c' -> 'a~1b~0c'."""
    return join_pointer([token])[1:]


def schema_pointer(component: str) -> str:
    """The JSON pointer of a schema component: 'a/b' -> '/components/schemas/a~1b'."""
    return join_pointer(["components", "schemas", component])


def ref_tokens(ref: str) -> list[str]:
    """'#/components/schemas/A%20B' -> ['components', 'schemas', 'A B'].

    The one place that reads a `$ref`: the fragment is split on '/', then each token has its
    `~1` and `~0` decoded (RFC 6901) and is percent-decoded, as json-schema-ref-parser (Prism,
    Redocly) reads it; so `%2F` is a '/' inside a name, not a separator, and `a%7E1b` names
    `a~1b`. `split_pointer` reads a plain JSON pointer (no percent-decoding).
    """
    return [unquote(token) for token in split_pointer(ref[1:] if ref.startswith("#") else ref)]


def schema_component(tokens: list[str]) -> str | None:
    """'Pet' for the tokens of '#/components/schemas/Pet', None for anything else."""
    if len(tokens) == 3 and tokens[0] == "components" and tokens[1] == "schemas":
        return tokens[2]
    return None

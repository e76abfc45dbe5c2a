"""User-facing errors: one line, naming the file and the place in it."""

from __future__ import annotations

from dataclasses import dataclass


class ClientgenError(Exception):
    """An error the command line reports as one line and exit status 2."""


class SpecError(ClientgenError):
    """A problem in an input document, located by line:col and/or JSON pointer."""

    def __init__(
        self,
        message: str,
        *,
        file: str,
        line: int | None = None,
        col: int | None = None,
        pointer: str | None = None,
    ) -> None:
        self.message = _one_line(message)
        self.file = file
        self.line = line
        self.col = col
        self.pointer = pointer
        super().__init__(str(self))

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.col is not None:
                place += f":{self.col}"
        text = f"{place}: {self.message}"
        if self.pointer is not None:
            text += f" (at {printable_pointer(self.pointer)})"
        return text


@dataclass(frozen=True)
class SpecWarning:
    """Something the generator repaired in a document or left out of the client, and where.

    One value serves the command line (`located`), the tests and `--skip-unsupported` alike.
    """

    kind: str
    """'repaired' (--lenient), 'left-out' (--skip-unsupported), 'not-supported' (a feature
    of the document the client does without: a webhook, a callback, an operation's own servers,
    response links, a security scheme of an unsupported type), 'ignored-keyword' (a schema
    keyword that only narrows what is valid, `not` or `if`/`then`/`else`, which the type leaves
    out unless --strict-keywords) or 'extension' (a construct the document's OpenAPI version does not
    define, used as the later version defines it)."""
    message: str
    pointer: str | None = None
    """Where in the document, as a JSON pointer in URI-fragment form ('#/paths/...')."""
    file: str | None = None
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        if self.pointer is None:
            return self.message
        return f"{self.message} (at {printable_pointer(self.pointer)})"

    def located(self) -> str:
        """'file:line:col: message (at pointer)', as errors are reported."""
        if self.file is None:
            return str(self)
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.col is not None:
                place += f":{self.col}"
        return f"{place}: {self}"


def printable_pointer(pointer: str) -> str:
    """The pointer as one printable line: every character that is not printable (a control
    character, a line or paragraph separator) percent-encoded as in a URI fragment."""
    if pointer.isprintable():
        return pointer
    return "".join(
        (
            ch
            if ch.isprintable()
            else "".join(f"%{byte:02X}" for byte in ch.encode("utf-8", "surrogatepass"))
        )
        for ch in pointer
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())

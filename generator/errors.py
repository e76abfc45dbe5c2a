"""User-facing errors: one line, naming the file and the place in it."""

from __future__ import annotations


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
            text += f" (at {self.pointer})"
        return text


def _one_line(text: str) -> str:
    return " ".join(text.split())

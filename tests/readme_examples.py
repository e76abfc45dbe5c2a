"""The python examples of a generated package's README, as one program that mypy can check and
Python can run.

Each ```python block becomes a function of its own (so that one block's names do not leak into
the next): a block of "Operations" takes the `client` and returns its `result`, the "Models"
block takes a `result` (a model of the package), every other block takes the `client`. The
vendoring block (`from myapp.vendor...`) is left out: it names the user's own package. Run as a
script, the program builds the client from the environment, calls every block in order (the
"Models" block with the last result that is a model) except those of "Endpoints the spec lacks",
whose paths the spec's server does not have, after writing the files the examples upload
(`Path("report.csv")`) into the working directory. A response that does not match its schema is
printed (`response not valid: ...`), not raised: the examples are the requests; a mock server's
answer to a recursive schema can be incomplete.
"""

from __future__ import annotations

import re
import textwrap

_HEADING = re.compile(r"^## (?P<title>.+)$")
NOT_RUN = frozenset({"Endpoints the spec lacks"})
_PATH = re.compile(r'Path\("([^"\\/]+)"\)')


def readme_blocks(text: str) -> list[tuple[str, str]]:
    """(section title, code) of every ```python block, in order."""
    blocks: list[tuple[str, str]] = []
    section, code, inside = "", [], False
    for line in text.splitlines():
        if inside:
            if line.startswith("```"):
                blocks.append((section, "\n".join(code)))
                inside = False
            else:
                code.append(line)
            continue
        heading = _HEADING.match(line)
        if heading:
            section = heading.group("title").strip()
        elif line.strip() == "```python":
            code, inside = [], True
    return blocks


def readme_program(text: str, package: str, client_class: str) -> str:
    """The README's examples as one module (see the module docstring)."""
    lines = [
        "# The python examples of the package's README (tests/readme_examples.py).",
        "# ruff: noqa",
        "from __future__ import annotations",
        "",
        "import pathlib",
        "",
        f"from {package} import APIResponseValidationError, BaseModel, {client_class}",
        "",
    ]
    calls: list[str] = []
    for index, (section, code) in enumerate(readme_blocks(text)):
        if "from myapp." in code:
            continue
        name = f"_block_{index}"
        body = textwrap.indent(code.strip() or "pass", "    ")
        if section == "Operations":
            returned = "result" if "result = " in code else "None"
            lines += [
                f"def {name}(client: {client_class}) -> object:",
                body,
                f"    return {returned}",
            ]
            calls.append(
                f"    try:\n        value = {name}(client)\n"
                "    except APIResponseValidationError as error:  # the server's answer\n"
                "        print(f'response not valid: {error}')\n        value = None\n"
                "    if isinstance(value, BaseModel):\n        result = value"
            )
        elif section == "Models":
            lines += [f"def {name}(result: BaseModel) -> None:", body]
            calls.append(f"    if result is not None:\n        {name}(result)")
        else:
            lines += [f"def {name}(client: {client_class}) -> None:", body]
            if section not in NOT_RUN:
                calls.append(f"    {name}(client)")
        lines.append("")
    paths = sorted({name for _, code in readme_blocks(text) for name in _PATH.findall(code)})
    lines += [
        "def main() -> None:",
        f"    uploads: list[str] = {paths!r}  # the files the examples upload",
        "    for name in uploads:",
        "        pathlib.Path(name).write_bytes(b'an example file')",
        f"    client = {client_class}()",
        "    result: BaseModel | None = None",
        *calls,
        f"    print('ran {len(calls)} examples')",
        "",
        "",
        'if __name__ == "__main__":',
        "    main()",
        "",
    ]
    return "\n".join(lines)

"""What the user decides about one generated package (light: no heavy imports)."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ClientOptions:
    """What the user decides about one generated package."""

    package: str | None = None
    """Package name; None takes it from the document's title."""
    client_name: str | None = None
    env_prefix: str | None = None
    method_overrides: Mapping[str, str] = field(default_factory=dict)
    """'METHOD /path' or operationId -> 'resource.sub.method'."""
    lenient: bool = False
    """Drop faulty pieces of the document with a warning instead of failing."""
    skip_unsupported: bool = False
    """Leave out (with a warning) the models and operations that use an unsupported construct,
    instead of failing on the first."""
    strict_keywords: bool = False
    """Fail on the schema keywords that only narrow what is valid (`not`, `if`/`then`/`else`)
    as on an unsupported construct, instead of typing the schema by its other keywords with a
    warning."""
    include_tags: tuple[str, ...] = ()
    """Generate only operations with one of these tags (and the schemas they use)."""
    include_paths: tuple[str, ...] = ()
    """Generate only operations whose path matches one of these glob patterns."""
    idempotency_header: str | None = None
    """A header (`Idempotency-Key`) that every POST and PATCH call carries, a fresh key per call
    and the same on every retry, where the operation declares no idempotency header of its own;
    None: only operations that declare one."""
    layout: str = "package"
    """'package' (the plain vendorable package) or 'project' (with a pyproject.toml around it)."""
    output: Path | None = None
    """The directory the package is generated into: the names its previous manifest recorded
    are kept (README: 'Names stay put'). None names everything by the rules alone."""

    @property
    def subset(self) -> bool:
        """Whether only some operations are generated (and unused schemas pruned)."""
        return bool(self.include_tags or self.include_paths)

    def includes(self, path: str, tags: list[str]) -> bool:
        """Whether an operation is part of the generated subset."""
        if self.include_tags and not set(tags) & set(self.include_tags):
            return False
        return not self.include_paths or any(
            fnmatch.fnmatchcase(path, p) for p in self.include_paths
        )

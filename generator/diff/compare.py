"""The entry point: every change between two versions, rule family by rule family."""

from __future__ import annotations

from .. import ir
from .changes import Change, sort_key
from .enums import compare_enums
from .models import compare_models
from .operations import compare_operations
from .security import compare_security
from .servers import compare_servers
from .versions import Versions


def api_changes(old: ir.Api, new: ir.Api) -> list[Change]:
    """Every change from `old` to `new` that client code can see, sorted for stable output.

    Build both with the same `ClientOptions` (package and client name), or names differ.
    """
    versions = Versions(old, new)
    for rules in (
        compare_operations,
        compare_models,
        compare_enums,
        compare_servers,
        compare_security,
    ):
        rules(versions)
    return sorted(set(versions.changes), key=sort_key)

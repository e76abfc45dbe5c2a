"""Rules for what a method gives back: its success statuses, its return type (judged as an
output: it may narrow), and the error models `APIStatusError.body` is parsed into."""

from __future__ import annotations

from .. import ir
from .types import accepts, format_changed, return_key, return_shape
from .versions import Versions, method


def compare_responses(v: Versions, old: ir.Operation, new: ir.Operation) -> None:
    """Success statuses added or removed, and the return type."""
    where = method(new.call)
    old_status = {r.status for r in old.responses}
    new_status = {r.status for r in new.responses}
    for status in sorted(old_status - new_status):
        v.add(
            "response-status-removed", True, where, f"success status {status} removed", old=status
        )
    for status in sorted(new_status - old_status):
        v.add("response-status-added", False, where, f"success status {status} added", new=status)
    if return_key(old, v.old_enums) == return_key(new, v.new_enums):
        return
    before, after = return_shape(old), return_shape(new)
    if format_changed(before, after):
        kind, breaking, message = "response-format-changed", True, "return type format changed"
    elif accepts(before, after, v.new_enums):
        kind, breaking, message = "response-type-changed", False, "return type narrowed"
    else:
        kind, breaking, message = "response-type-changed", True, "return type changed"
    v.add(
        kind,
        breaking,
        where,
        message,
        old=v.old_spelling.returns(old),
        new=v.new_spelling.returns(new),
    )


def compare_errors(v: Versions, old: ir.Operation, new: ir.Operation) -> None:
    """The model each error status is parsed into: added, removed or another."""
    where = method(new.call)
    old_errors = dict(old.errors)
    new_errors = dict(new.errors)
    for status in sorted(old_errors.keys() | new_errors.keys()):
        before = old_errors.get(status)
        after = new_errors.get(status)
        if before == after:
            continue
        if before is None:
            v.add(
                "error-model-added",
                False,
                where,
                f"error {status}: APIStatusError.body is now parsed as a model",
                new=after,
            )
        elif after is None:
            v.add(
                "error-model-removed",
                True,
                where,
                f"error {status}: APIStatusError.body is no longer parsed as a model",
                old=before,
            )
        else:
            v.add(
                "error-model-changed",
                True,
                where,
                f"error {status}: APIStatusError.body model changed",
                old=before,
                new=after,
            )

"""Rules for methods: added, removed, renamed (the same HTTP method and path under a new name),
moved, deprecated, their request content type; each kept method's arguments, responses and
security requirements are compared by the modules for those."""

from __future__ import annotations

import re

from .. import ir
from .arguments import compare_arguments
from .responses import compare_errors, compare_responses
from .security import compare_requirements
from .versions import Versions, method, operations_of


def compare_operations(v: Versions) -> None:
    """Methods of the old version paired with the new by call path (or, once renamed, by
    endpoint), and each pair compared."""
    old_ops = operations_of(v.old)
    new_ops = operations_of(v.new)
    pairs = [(old_ops[call], new_ops[call]) for call in sorted(old_ops.keys() & new_ops.keys())]
    removed = {call: op for call, op in old_ops.items() if call not in new_ops}
    added = {call: op for call, op in new_ops.items() if call not in old_ops}
    # An operation whose method name changed: same HTTP method and path template.
    by_endpoint = {_endpoint_key(op): op for op in added.values()}
    for call in sorted(removed):
        old_op = removed[call]
        new_op = by_endpoint.pop(_endpoint_key(old_op), None)
        if new_op is None:
            v.add("operation-removed", True, method(call), "method removed", old=_endpoint(old_op))
            continue
        del added[new_op.call]
        v.add(
            "operation-renamed",
            True,
            method(call),
            "method renamed",
            old=method(call),
            new=method(new_op.call),
        )
        pairs.append((old_op, new_op))
    for call in sorted(added):
        v.add("operation-added", False, method(call), "method added", new=_endpoint(added[call]))
    for old_op, new_op in pairs:
        _compare_operation(v, old_op, new_op)


def _compare_operation(v: Versions, old: ir.Operation, new: ir.Operation) -> None:
    where = method(new.call)
    if _endpoint(old) != _endpoint(new):
        v.add(
            "operation-path-changed",
            False,
            where,
            "HTTP method or path changed",
            old=_endpoint(old),
            new=_endpoint(new),
        )
    if old.deprecated != new.deprecated:
        if new.deprecated:
            v.add("operation-deprecated", False, where, "method deprecated")
        else:
            v.add("operation-undeprecated", False, where, "method no longer deprecated")
    compare_arguments(v, old, new)
    old_ct = old.body.content_type if old.body is not None else None
    new_ct = new.body.content_type if new.body is not None else None
    if old_ct is not None and new_ct is not None and old_ct != new_ct:
        v.add(
            "request-content-type-changed",
            False,
            where,
            "request body content type changed",
            old=old_ct,
            new=new_ct,
        )
    compare_responses(v, old, new)
    compare_errors(v, old, new)
    _compare_operation_security(v, old, new)


def _compare_operation_security(v: Versions, old: ir.Operation, new: ir.Operation) -> None:
    if old.security is None and new.security is None:
        return  # follows the document's default, compared once in `compare_security`
    before = old.security if old.security is not None else v.old.default_security
    after = new.security if new.security is not None else v.new.default_security
    compare_requirements(v, method(new.call), "security", before, after)


def _endpoint(op: ir.Operation) -> str:
    return f"{op.http_method} {op.path}"


def _endpoint_key(op: ir.Operation) -> tuple[str, str]:
    return op.http_method, re.sub(r"\{[^}]*\}", "{}", op.path)

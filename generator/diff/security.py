"""Rules for authentication: security schemes (one auth class each), the client's credential
arguments and their environment variables, and security requirements (the document's default
here; a method's own through `compare_requirements`)."""

from __future__ import annotations

from .. import ir
from .versions import Versions


def compare_security(v: Versions) -> None:
    """Schemes by key, credentials by argument, then the default requirements."""
    old_schemes = {s.key: s for s in v.old.security_schemes}
    new_schemes = {s.key: s for s in v.new.security_schemes}
    for key in sorted(old_schemes.keys() | new_schemes.keys()):
        _compare_scheme(v, key, old_schemes.get(key), new_schemes.get(key))
    _compare_credentials(v)
    compare_requirements(
        v, v.new.client_name, "default security", v.old.default_security, v.new.default_security
    )


def _compare_scheme(
    v: Versions, key: str, old: ir.SecurityScheme | None, new: ir.SecurityScheme | None
) -> None:
    if old is None and new is not None:
        v.add(
            "security-scheme-added",
            False,
            new.class_name,
            f"security scheme '{key}' added",
            new=_scheme_text(new),
        )
    elif new is None and old is not None:
        v.add(
            "security-scheme-removed",
            True,
            old.class_name,
            f"security scheme '{key}' removed",
            old=_scheme_text(old),
        )
    elif old is not None and new is not None:
        if old.kind != new.kind:
            v.add(
                "security-scheme-type-changed",
                True,
                new.class_name,
                f"security scheme '{key}' changed type",
                old=old.kind,
                new=new.kind,
            )
        elif (old.location, old.parameter_name) != (new.location, new.parameter_name):
            v.add(
                "security-scheme-parameter-changed",
                False,
                new.class_name,
                f"security scheme '{key}' sends the credential elsewhere",
                old=_scheme_text(old),
                new=_scheme_text(new),
            )


def _compare_credentials(v: Versions) -> None:
    old_credentials = _credentials(v.old)
    new_credentials = _credentials(v.new)
    client = v.new.client_name
    for arg in sorted(old_credentials.keys() | new_credentials.keys()):
        where = f"{client}({arg})"
        before = old_credentials.get(arg)
        after = new_credentials.get(arg)
        if before is None:
            v.add("credential-added", False, where, "new credential argument", new=after)
        elif after is None:
            v.add("credential-removed", True, where, "credential argument removed", old=before)
        elif before != after:
            v.add(
                "credential-env-var-changed",
                True,
                where,
                "credential environment variable changed",
                old=before,
                new=after,
            )


def compare_requirements(
    v: Versions,
    where: str,
    label: str,
    old: tuple[tuple[str, ...], ...],
    new: tuple[tuple[str, ...], ...],
) -> None:
    """Security alternatives: any one is enough, and each needs all of its schemes.

    No requirement at all means no authentication. The client sends every credential it
    is given, so dropping an alternative breaks only callers configured for it alone:
    it is breaking unless a remaining alternative needs a subset of its schemes.
    """
    before = {frozenset(alternative) for alternative in old} or {frozenset()}
    after = {frozenset(alternative) for alternative in new} or {frozenset()}
    for alternative in sorted(before - after, key=_requirement_text):
        covered = any(other <= alternative for other in after)
        v.add(
            "security-requirement-removed",
            not covered,
            where,
            f"{label}: {_requirement_text(alternative)} no longer accepted",
            old=_requirements_text(before),
            new=_requirements_text(after),
        )
    for alternative in sorted(after - before, key=_requirement_text):
        v.add(
            "security-requirement-added",
            False,
            where,
            f"{label}: {_requirement_text(alternative)} now accepted",
            old=_requirements_text(before),
            new=_requirements_text(after),
        )


def _credentials(api: ir.Api) -> dict[str, str]:
    """Client constructor credential argument -> its environment variable."""
    return {c.arg: c.env_var for scheme in api.security_schemes for c in scheme.credentials}


def _scheme_text(scheme: ir.SecurityScheme) -> str:
    if scheme.kind == "api_key":
        return f"api_key in {scheme.location} '{scheme.parameter_name}'"
    return scheme.kind


def _requirement_text(alternative: frozenset[str]) -> str:
    return " + ".join(sorted(alternative)) if alternative else "no authentication"


def _requirements_text(alternatives: set[frozenset[str]]) -> str:
    return " or ".join(_requirement_text(a) for a in sorted(alternatives, key=_requirement_text))

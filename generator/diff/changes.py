"""The change value: what one change is, every kind of change with its report section and
rule, and the order reports list changes in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """One change, located by the generated client's names."""

    kind: str
    """A key of `KINDS` ('argument-became-required', 'field-removed', ...)."""
    breaking: bool
    location: str
    """Where client code meets it: 'client.chat.create(channel)', 'Chat.status', ..."""
    message: str
    old: str | None = None
    """The old value (a type annotation, 'required', a URL, ...) where there is one."""
    new: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "breaking": self.breaking,
            "location": self.location,
            "message": self.message,
            "old": self.old,
            "new": self.new,
        }


GROUPS = ("Operations", "Models", "Enums", "Servers", "Security")
"""Sections of the report, in order."""

KINDS: dict[str, tuple[str, str]] = {
    # kind: (group, when it is breaking)
    "operation-added": ("Operations", "never"),
    "operation-removed": ("Operations", "always"),
    "operation-renamed": ("Operations", "always"),
    "operation-path-changed": ("Operations", "never (the client hides the HTTP method and path)"),
    "operation-deprecated": ("Operations", "never"),
    "operation-undeprecated": ("Operations", "never"),
    "argument-added": ("Operations", "when required"),
    "argument-removed": ("Operations", "always"),
    "argument-became-required": ("Operations", "always"),
    "argument-became-optional": ("Operations", "never"),
    "argument-type-changed": ("Operations", "unless every old value is still accepted"),
    "argument-format-changed": ("Operations", "always"),
    "argument-location-changed": ("Operations", "when it stops being positional (path)"),
    "argument-order-changed": ("Operations", "always (path arguments are positional)"),
    "argument-wire-name-changed": ("Operations", "never (the client sends the new name)"),
    "argument-deprecated": ("Operations", "never"),
    "request-content-type-changed": ("Operations", "never (the client encodes the body)"),
    "response-status-added": ("Operations", "never"),
    "response-status-removed": ("Operations", "always"),
    "response-type-changed": ("Operations", "unless every new value fits the old type"),
    "response-format-changed": ("Operations", "always"),
    "error-model-added": ("Operations", "never"),
    "error-model-removed": ("Operations", "always (APIStatusError.body is no longer parsed)"),
    "error-model-changed": ("Operations", "always"),
    "model-added": ("Models", "never"),
    "model-removed": ("Models", "always"),
    "typeddict-added": ("Models", "never"),
    "typeddict-removed": ("Models", "always"),
    "field-added": ("Models", "when required in a request model"),
    "field-removed": ("Models", "always"),
    "field-became-required": ("Models", "in request models"),
    "field-became-optional": ("Models", "in response models"),
    "field-became-nullable": ("Models", "in response models"),
    "field-became-non-nullable": ("Models", "in request models"),
    "field-type-changed": ("Models", "when narrowed (request) or widened (response)"),
    "field-format-changed": ("Models", "always"),
    "field-wire-name-changed": ("Models", "never (the alias follows)"),
    "field-deprecated": ("Models", "never"),
    "model-extra-type-changed": ("Models", "when narrowed (request) or widened (response)"),
    "enum-added": ("Enums", "never"),
    "enum-removed": ("Enums", "always"),
    "enum-value-added": ("Enums", "never (generated enums are open)"),
    "enum-value-removed": ("Enums", "always"),
    "enum-member-renamed": ("Enums", "always"),
    "enum-type-changed": ("Enums", "always"),
    "server-added": ("Servers", "never"),
    "server-removed": ("Servers", "always"),
    "server-url-changed": ("Servers", "never"),
    "default-server-changed": ("Servers", "never"),
    "security-scheme-added": ("Security", "never"),
    "security-scheme-removed": ("Security", "always"),
    "security-scheme-type-changed": ("Security", "always"),
    "security-scheme-parameter-changed": ("Security", "never (the client sends it)"),
    "credential-added": ("Security", "never"),
    "credential-removed": ("Security", "always"),
    "credential-env-var-changed": ("Security", "always"),
    "security-requirement-added": ("Security", "never (one more way to authenticate)"),
    "security-requirement-removed": (
        "Security",
        "unless a remaining alternative needs a subset of its schemes",
    ),
}
"""Every kind of change: its report section and when it is breaking."""


def sort_key(change: Change) -> tuple[int, str, str, str, str, str]:
    """Report order: section, then location, kind, message and values."""
    group = KINDS[change.kind][0]
    return (
        GROUPS.index(group),
        change.location,
        change.kind,
        change.message,
        change.old or "",
        change.new or "",
    )

"""API change report: what changed between two versions of a document, for client code.

Both versions are built into the intermediate model with the same options, so every change is
named as the generated client spells it: methods (`client.chat.create`), their arguments
(`client.chat.create(channel)`), model fields (`CreateChatResponse.response`), enum members
(`CreateChatRequestChannel.SMS`), servers (`SERVERS["uk_1"]`), auth classes and credentials.

Each change is classified breaking or not for code that uses the client, after oasdiff's rule
families: whatever callers must now pass, or can no longer pass or read, is breaking; additions
are not. Inputs (arguments, models reachable from them) and outputs (return types, error
bodies, models reachable from them) are judged in their own direction: a type may widen where
the client sends it and narrow where it reads it. Changes inside a model are reported once, on
the model, never once per operation that uses it. Text that does not shape the client
(descriptions, examples, key order, YAML style) is not compared at all.

Modules: `changes` (the Change value, its kinds and report order), `compare` (`api_changes`),
`versions` (the two versions and what each reads and writes), one module of rules per thing
compared (`operations`, `arguments`, `responses`, `models`, `enums`, `servers`, `security`),
`types` (type compatibility on the type structure), `report` (text, Markdown, JSON) and
`revisions` (documents at git revisions; `load_apis`, `changes_since_head`). Nothing here
imports the builder: callers pass `build` in.
"""

from .changes import GROUPS, KINDS, Change
from .compare import api_changes
from .report import FORMATS, render_changes
from .revisions import Build, changes_since_head, load_apis, spec_file

__all__ = [
    "FORMATS",
    "GROUPS",
    "KINDS",
    "Build",
    "Change",
    "api_changes",
    "changes_since_head",
    "load_apis",
    "render_changes",
    "spec_file",
]

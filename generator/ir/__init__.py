"""The intermediate model: the one contract between parsing and rendering.

Frozen dataclasses only. Every Python name and type annotation in here is final (decided by
`build` with `naming`; the only spec text in an annotation is a `Literal[...]` value, already
spelled as an escaped string literal); every other string is spec text, which templates escape
for the context they put it in. Templates never look at the OpenAPI document.
"""

from .operations import (
    BodyArgument,
    ExampleArgument,
    FilePart,
    Operation,
    Parameter,
    RequestBody,
    Response,
    WireKey,
)
from .package import (
    Api,
    Credential,
    ModelModule,
    Resource,
    ResourceModule,
    SecurityScheme,
    Server,
    ServerVariable,
)
from .types import Enum, EnumMember, Field, Model, TypeAliasDef, TypeRef, UnionAlias

__all__ = [
    "Api",
    "BodyArgument",
    "Credential",
    "Enum",
    "EnumMember",
    "ExampleArgument",
    "Field",
    "FilePart",
    "Model",
    "ModelModule",
    "Operation",
    "Parameter",
    "RequestBody",
    "Resource",
    "ResourceModule",
    "Response",
    "SecurityScheme",
    "Server",
    "ServerVariable",
    "TypeAliasDef",
    "TypeRef",
    "UnionAlias",
    "WireKey",
]

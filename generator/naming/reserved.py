"""Names the generated code keeps for itself: runtime, client, module and package names."""

from __future__ import annotations

from . import (
    METHOD_RESERVED,
)

RUNTIME_NAMES = frozenset(
    {
        "Headers",
        "Query",
        "Body",
        "Timeout",
        "FileContent",
        "Base64Bytes",
        "Stream",
        "AsyncStream",
        "TypeAlias",
        "Sequence",
        "APIError",
        "APIConnectionError",
        "APITimeoutError",
        "APIStatusError",
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "ConflictError",
        "UnprocessableEntityError",
        "RateLimitError",
        "InternalServerError",
        "APIResponseValidationError",
        "APIResponse",
        "BaseModel",
        "Field",
        "Enum",
        "Any",
        "Annotated",
        "Literal",
        "TypedDict",
        "Required",
        "NotRequired",
        "Union",
        "Optional",
        "Mapping",
        "NotGiven",
        "NOT_GIVEN",
        "Client",
        "AsyncClient",
        "SERVERS",
        "Auth",
        "OpenStrEnum",
        "OpenIntEnum",
        "TYPE_CHECKING",
        "ClassVar",
        "ConfigDict",
        "SerializeAsAny",
        "subtype_validator",
        "ApiKeyBase",
        "BearerBase",
        "BasicBase",
        "MissingCredentialsError",
        "Endpoint",
        "SyncAPIClient",
        "AsyncAPIClient",
        "SyncAPIResource",
        "AsyncAPIResource",
    }
)
"""Names the generated runtime and package exports use; models and classes avoid them."""


CLIENT_RESERVED = frozenset(
    {
        "self",
        "os",
        "client",
        "httpx",
        "super",
        "cached_property",
        "Mapping",
        "SERVERS",
        "DEFAULT_SERVER",
        "base_url",
        "server",
        "timeout",
        "max_retries",
        "default_headers",
        "http_client",
        "with_options",
        "with_raw_response",
        "close",
        "request",
        "auth",
        "copy",
        "servers",
    }
)
"""Client constructor arguments and attributes: credentials and resources avoid them."""


MEMBER_NAMES_ALLOWED = frozenset({"list"})
"""Builtin names a method may have (`client.pets.list()`): the class's annotations then spell
the builtin `builtins.list`, since a class attribute shadows it in later signatures."""


MODULE_RESERVED = frozenset({"__init__", "importlib", "typing", "builtins", "_runtime"})
"""Module names under models/ and resources/ that would shadow what their package imports."""


PACKAGE_EXPORTS = (
    "NOT_GIVEN",
    "SERVERS",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BaseModel",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialsError",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "__version__",
)
"""What every package's `__init__` exports besides its clients, auth classes and models."""


PYTHON_NAMES = METHOD_RESERVED | CLIENT_RESERVED | {"with_raw_response"}

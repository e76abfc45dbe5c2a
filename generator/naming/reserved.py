"""Names the generated code keeps for itself: runtime, client, module and package names."""

from __future__ import annotations

import keyword

PYTHON_KEYWORDS = frozenset(keyword.kwlist)

PYDANTIC_RESERVED = frozenset(
    {
        "to_dict",
        "to_json",
        "model_config",
        "model_fields",
        "model_computed_fields",
        "model_extra",
        "model_fields_set",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "model_private",
        "dict",
        "json",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "from_orm",
        "construct",
        "copy",
        "schema",
        "schema_json",
        "validate",
        "update_forward_refs",
        "fields",
    }
)
"""Attributes of pydantic.BaseModel that a field must not shadow (`modelConfig` is the classic)."""

MODEL_MODULE_NAMES = frozenset(
    {"str", "int", "float", "bool", "bytes", "dict", "list", "object", "None", "True", "False"}
)
"""Names the model module's annotations use unqualified; a field of that name would shadow them."""

METHOD_RESERVED = frozenset(
    {
        "warnings",
        "builtins",
        "self",
        "extra_headers",
        "extra_query",
        "extra_body",
        "timeout",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "dict",
        "list",
        "object",
        "httpx",
        "NotGiven",
        "NOT_GIVEN",
        "models",
        "cast",
        "Any",
    }
)
"""Names a generated method's signature and body use; an argument of that name is renamed."""

RUNTIME_NAMES = frozenset(
    {
        "Headers",
        "Query",
        "Body",
        "Timeout",
        "FileContent",
        "FileTypes",
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
        "RedirectError",
        "ResponseTooLargeError",
        "RequestValidationError",
        "RequestTypeError",
        "DEFAULT_MAX_RESPONSE_SIZE",
        "APIResponse",
        "AsyncAPIResponse",
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
        "ByDeclaredValues",
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
        "default_query",
        "http_client",
        "max_response_size",
        "attempt_timeout",
        "with_options",
        "with_raw_response",
        "with_streaming_response",
        "close",
        "request",
        "auth",
        "copy",
        "servers",
        "platform_headers",
    }
)
"""Client constructor arguments and attributes: credentials and resources avoid them."""

CLIENT_METHODS = frozenset({"get", "post", "put", "patch", "delete"})
"""The client's low-level request methods: a top-level resource or a credential avoids them
(a resource's own methods may have these names: `client.pets.delete()`)."""


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
    "AsyncAPIResponse",
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
    "RedirectError",
    "RequestTypeError",
    "RequestValidationError",
    "ResponseTooLargeError",
    "UnprocessableEntityError",
    "__version__",
)
"""What every package's `__init__` exports besides its clients, auth classes and models."""


PYTHON_NAMES = METHOD_RESERVED | CLIENT_RESERVED

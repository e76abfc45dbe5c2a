"""Operations: the methods of the client, their arguments, bodies and responses."""

from __future__ import annotations

from dataclasses import dataclass

from .types import TypeRef


@dataclass(frozen=True)
class WireKey:
    """A key of a TypedDict argument (the model's attribute name) and the property name the
    API knows it by, with the same for the TypedDict its value may be."""

    key: str
    wire_name: str
    nested: tuple[WireKey, ...] = ()
    """The keys of the value's own TypedDict that differ from their wire names (or hold such
    a TypedDict in turn); empty when the value is sent as given."""


@dataclass(frozen=True)
class Parameter:
    """A method argument from a path, query, header or cookie parameter."""

    arg: str
    wire_name: str
    location: str
    type: TypeRef
    required: bool
    description: str | None = None
    deprecated: bool = False
    style: str = "form"
    explode: bool = True
    wire_keys: tuple[WireKey, ...] = ()
    """For a query object given as its TypedDict: the keys to rename to the schema's property
    names before encoding (through lists, unions and nested TypedDicts); empty when every key
    already is its wire name."""
    example: object = None
    """The spec's example of the parameter (or of its schema), for the README; None: none."""


@dataclass(frozen=True)
class BodyArgument:
    """A method argument that is one property of a flattened object body."""

    arg: str
    field_name: str
    """Attribute of the body model it fills."""
    wire_name: str
    required: bool
    description: str | None = None
    key: str = ""
    """Key in the body mapping handed to the runtime: the model attribute, or for multipart
    bodies (sent without the model) the wire name."""
    default: object = None
    """For an optional argument with `has_default`: its default (a literal), else NOT_GIVEN."""
    has_default: bool = False


@dataclass(frozen=True)
class FilePart:
    """A binary field of a multipart body: sent as a file (or one file per item)."""

    wire_name: str
    arg: str
    array: bool
    """An array of files: one part per item."""


@dataclass(frozen=True)
class RequestBody:
    """The request body: flattened into `fields`, or one `body` argument of `type`."""

    content_type: str
    required: bool
    model: str | None
    """Model the flattened arguments are validated into before sending."""
    fields: tuple[BodyArgument, ...] = ()
    arg: str | None = None
    type: TypeRef | None = None
    description: str | None = None
    files: tuple[FilePart, ...] = ()
    """Multipart: the flattened fields that are files."""


@dataclass(frozen=True)
class Response:
    """A documented response: status key as written ('200', '2XX', 'default')."""

    status: str
    description: str | None
    content_type: str | None
    type: TypeRef | None


@dataclass(frozen=True)
class ExampleArgument:
    """An argument of an example call: the value is spec data, rendered as a literal (a
    `PurePosixPath` as `Path(...)`: a file to upload)."""

    arg: str
    value: object


@dataclass(frozen=True)
class Operation:
    """One HTTP operation, rendered as a method on a resource."""

    name: str
    http_method: str
    path: str
    """Path template as in the document, `{wireName}` placeholders."""
    operation_id: str | None
    summary: str | None
    description: str | None
    deprecated: bool
    path_params: tuple[Parameter, ...]
    query_params: tuple[Parameter, ...]
    header_params: tuple[Parameter, ...]
    cookie_params: tuple[Parameter, ...]
    body: RequestBody | None
    responses: tuple[Response, ...]
    """Success (2xx) responses."""
    errors: tuple[tuple[str, str], ...]
    """Error status -> model class parsed into APIStatusError.body."""
    security: tuple[tuple[str, ...], ...] | None
    """Alternatives of scheme keys; None follows the document's default."""
    call: str
    """How a user reaches it: 'workers.deployments.chat.create'."""
    stream: bool = False
    """`text/event-stream`: the method returns an iterator of events of its success type."""
    accept: str = "application/json"
    """Accept header: the success responses' media types."""
    endpoint: str = ""
    """Module constant holding the operation's runtime description."""
    examples: tuple[ExampleArgument, ...] = ()
    keyword_params: tuple[Parameter, ...] = ()
    """query, header and cookie parameters in signature order."""
    styled_query: tuple[Parameter, ...] = ()
    """Query parameters whose style is not form/explode."""
    keyed_query: tuple[Parameter, ...] = ()
    """Query parameters with `wire_keys`."""
    documented_args: tuple[tuple[str, str], ...] = ()
    """(argument, description) for the docstring's Args section."""
    credentials: tuple[tuple[str, ...], ...] = ()
    """The client's credential arguments the operation needs: every one of any alternative
    (an empty alternative: none); empty when the API has no security."""
    example_imports: tuple[str, ...] = ()
    """Import lines the example call needs (`from pathlib import Path` for a file)."""
    idempotency_header: str | None = None
    """The header the client fills with a fresh key per call (the same on every retry) when the
    caller gives none: the operation's own idempotency header parameter, else, for POST and
    PATCH, the configured `idempotency_header`."""

"""The intermediate model: the one contract between parsing and rendering.

Frozen dataclasses only. Every Python name and type annotation in here is final (decided by
`build` with `naming`; the only spec text in an annotation is a `Literal[...]` value, already
spelled as an escaped string literal); every other string is spec text, which templates escape
for the context they put it in. Templates never look at the OpenAPI document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import SpecWarning


@dataclass(frozen=True)
class TypeRef:
    """A type as the generated code spells it.

    `annotation` is the response-side spelling (models, return types: enums are open, so
    `Role | str`); `param_annotation` the request-side one (arguments and TypedDicts: a model
    is also accepted as its TypedDict, lists as any sequence).
    """

    kind: str
    """str, int, float, bool, datetime, date, time, uuid, bytes, any, null, list, dict,
    model, enum, union, literal (a `const`), tuple (`prefixItems`)."""
    annotation: str
    param_annotation: str
    name: str | None = None
    """Class name for kind model/enum."""
    args: tuple[TypeRef, ...] = ()
    """Item type (list), value type (dict), members (union)."""
    nullable: bool = False
    value: str | int | bool | None = None
    """For kind literal: the constant."""


@dataclass(frozen=True)
class Field:
    """One property of a model."""

    name: str
    wire_name: str
    type: TypeRef
    required: bool
    nullable: bool
    annotation: str
    """Full annotation in the model, `| None` included where absent or null reads as None."""
    param_annotation: str
    """Annotation in the model's TypedDict."""
    has_alias: bool
    reads_none: bool
    """The attribute may hold None (the property may be null, or absent and not filled in):
    what readers of the model must handle; `annotation` ends in `| None` exactly then."""
    description: str | None = None
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False
    default: object = None
    """The schema's default, emitted (as a literal) only when `has_default`."""
    has_default: bool = False
    """The default matches the field's type and the field is optional."""
    default_member: str | None = None
    """For an enum default: the member expression (`Speed.FAST`) emitted instead."""


@dataclass(frozen=True)
class Model:
    """A pydantic model, and (when requests use it) its TypedDict `param_name`."""

    name: str
    fields: tuple[Field, ...]
    description: str | None
    pointer: str
    """JSON pointer of the schema in the document."""
    param_name: str | None = None
    extra_type: TypeRef | None = None
    """Type of additional properties, when the schema types them."""
    extra_annotation: str | None = None
    """Annotation of `__pydantic_extra__` when additional properties have a type (other than
    Any): pydantic validates the extra keys into it and serializes them by it."""
    recursive: bool = False
    constants: tuple[str, ...] = ()
    """Fields holding a required `const`: they default to it and count as set (so that they
    are sent) without the caller giving them."""
    base: str | None = None
    """Parent model class: the schema extends (allOf) a schema whose discriminator names it."""
    discriminator: str | None = None
    """Wire name of the property whose value names the subtype (for a model with `subtypes`)."""
    subtypes: tuple[tuple[str, str], ...] = ()
    """(tag, subclass): data validated as this model becomes the subclass its tag names
    (unknown tags stay this model)."""


@dataclass(frozen=True)
class EnumMember:
    """One member: a derived constant name and the raw value (escaped when rendered)."""

    name: str
    value: str | int | float | bool


@dataclass(frozen=True)
class Enum:
    """An enum class; fields typed by it stay open to values the spec does not list."""

    name: str
    base: str
    """'str' or 'int'."""
    members: tuple[EnumMember, ...]
    description: str | None
    pointer: str


@dataclass(frozen=True)
class UnionAlias:
    """A oneOf/anyOf with a discriminator: `name` is `A | B` to type checkers, and pydantic
    picks the member by the `property` tag (unknown tags fall back to trying each member)."""

    name: str
    property: str
    """Wire name of the discriminating property."""
    variants: tuple[tuple[str, str], ...]
    """(tag value, model class name)."""
    members: tuple[str, ...]
    description: str | None
    pointer: str


@dataclass(frozen=True)
class TypeAliasDef:
    """A component schema that names another type (it is only a `$ref`, or a `const`): its
    name is importable, as an alias of that type."""

    name: str
    target: str
    """The annotation it stands for."""
    description: str | None
    pointer: str


@dataclass(frozen=True)
class ModelModule:
    """One file under models/: a group of classes that refer to each other (a strongly
    connected component), loaded only when one of its names is first used."""

    module: str
    models: tuple[Model, ...]
    enums: tuple[Enum, ...]
    aliases: tuple[UnionAlias, ...]
    type_aliases: tuple[TypeAliasDef, ...]
    imports: tuple[tuple[str, tuple[str, ...]], ...]
    """(module, names) imported from sibling modules, in import order."""
    uses: tuple[str, ...]
    """Other names the module needs imported ('datetime', 'Field', 'TypedDict', ...)."""
    exports: tuple[str, ...]
    """Every class it defines, in `__all__` order."""
    import_names: tuple[str, ...]
    """The same names in import order."""
    aliases_last: bool = False
    """An alias names a class this module defines: the aliases, which are evaluated when the
    module loads, come after the classes instead of before them."""


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
    annotation: str
    """Annotation in the method signature (`| NotGiven` when optional)."""
    description: str | None = None
    deprecated: bool = False
    style: str = "form"
    explode: bool = True
    wire_keys: tuple[WireKey, ...] = ()
    """For a query object given as its TypedDict: the keys to rename to the schema's property
    names before encoding (through lists, unions and nested TypedDicts); empty when every key
    already is its wire name."""


@dataclass(frozen=True)
class BodyArgument:
    """A method argument that is one property of a flattened object body."""

    arg: str
    field_name: str
    """Attribute of the body model it fills."""
    wire_name: str
    annotation: str
    required: bool
    description: str | None = None
    key: str = ""
    """Key in the body mapping handed to the runtime: the model attribute, or for multipart
    bodies (sent without the model) the wire name."""
    default: object = None
    """For an optional argument with `has_default`: its default (a literal), else NOT_GIVEN."""
    has_default: bool = False


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
    annotation: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Response:
    """A documented response: status key as written ('200', '2XX', 'default')."""

    status: str
    description: str | None
    content_type: str | None
    type: TypeRef | None


@dataclass(frozen=True)
class ExampleArgument:
    """An argument of an example call: the value is spec data, rendered as a literal."""

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
    return_annotation: str
    async_return_annotation: str
    """Differs from `return_annotation` for streams (`AsyncStream[...]`)."""
    cast_to: str | None
    """Runtime expression of the success type; None for no content."""
    security: tuple[tuple[str, ...], ...] | None
    """Alternatives of scheme keys; None follows the document's default."""
    call: str
    """How a user reaches it: 'workers.deployments.chat.create'."""
    stream: bool = False
    """`text/event-stream`: the method returns an iterator of events of type `cast_to`."""
    accept: str = "application/json"
    """Accept header: the success responses' media types."""
    by_status: tuple[tuple[str, str], ...] = ()
    """(status, runtime type) where several success responses have different types."""
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


@dataclass(frozen=True)
class Resource:
    """A node of the resource tree (`client.workers.deployments.chat`)."""

    attr: str
    path: str
    """Dotted attribute path from the client: 'workers.deployments.chat'."""
    module: str
    """Module under resources/ that defines it."""
    class_name: str
    async_class_name: str
    raw_class_name: str
    async_raw_class_name: str
    import_names: tuple[str, ...]
    """The four class names above in import order."""
    operations: tuple[Operation, ...]
    children: tuple[Resource, ...]


@dataclass(frozen=True)
class ResourceModule:
    """One file under resources/: one resource, its async twin and their raw-response views."""

    module: str
    root: Resource
    classes: tuple[Resource, ...]
    """Every resource in the file, children before parents."""
    model_imports: tuple[str, ...]
    """Names the module imports from models."""
    uses: tuple[str, ...] = ()
    """Other names the module needs imported ('datetime', 'cast', 'Sequence', ...)."""


@dataclass(frozen=True)
class Credential:
    """A client argument holding a secret, defaulting to an environment variable."""

    arg: str
    env_var: str


@dataclass(frozen=True)
class SecurityScheme:
    """One auth class per security scheme."""

    key: str
    """Name in components.securitySchemes."""
    class_name: str
    kind: str
    """'api_key', 'bearer' or 'basic'."""
    location: str | None
    """For api_key: header, query or cookie."""
    parameter_name: str | None
    """For api_key: the header, query or cookie name."""
    credentials: tuple[Credential, ...]
    description: str | None = None


@dataclass(frozen=True)
class ServerVariable:
    """A `{name}` in a server URL: its default and, when the spec lists them, allowed values."""

    name: str
    default: str
    enum: tuple[str, ...]
    description: str | None


@dataclass(frozen=True)
class Server:
    """A server of the document, selectable by name."""

    name: str
    url: str
    """With every variable at its default."""
    description: str | None
    template: str = ""
    """The URL as the spec writes it, `{variable}` placeholders included."""
    variables: tuple[ServerVariable, ...] = ()


@dataclass(frozen=True)
class Api:
    """Everything one generated package is made of."""

    title: str
    version: str
    description: str | None
    package: str
    client_name: str
    async_client_name: str
    env_prefix: str
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    default_security: tuple[tuple[str, ...], ...]
    credentials_required: bool
    server_variables: bool
    """Some server URL has variables: the client takes `server_variables=`."""
    """Every operation needs a credential: a client built without one is an error at once."""
    resources: tuple[ResourceModule, ...]
    """One module per resource, sorted by module name."""
    top_resources: tuple[Resource, ...]
    """The client's own attributes."""
    models: tuple[Model, ...]
    enums: tuple[Enum, ...]
    model_exports: tuple[str, ...]
    """Every class of models.py, sorted."""
    model_imports: tuple[str, ...]
    """The same names in import order."""
    auth_exports: tuple[str, ...]
    """Auth classes, sorted for `__all__`."""
    auth_imports: tuple[str, ...]
    """Auth classes in import order."""
    exports: tuple[str, ...]
    """The package's `__all__`, sorted."""
    model_modules: tuple[ModelModule, ...]
    """models/ split into lazily loaded modules, sorted by name."""
    model_locations: tuple[tuple[str, str], ...]
    """(class name, module under models/) for every model, TypedDict and enum, sorted."""
    layout: str
    """'package', or 'project' with a pyproject.toml around the package."""
    dist_name: str
    dist_version: str
    """PEP 440 version from info.version."""
    spec_sha256: str
    generator_version: str
    warnings: tuple[SpecWarning, ...] = field(default=(), compare=False)
    names: tuple[tuple[str, str], ...] = ()
    """Every public name, keyed by what it names ('method GET /pets/{id}' -> 'retrieve',
    'model /components/schemas/Pet' -> 'Pet', ...). The manifest records it, and the next
    generation into the same place keeps these names (README: 'Names stay put')."""

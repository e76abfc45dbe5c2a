"""The package: resources and their modules, model modules, security, servers, the Api."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import SpecWarning
from .operations import Operation
from .types import Enum, Model, TypeAliasDef, UnionAlias


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
    streaming_class_name: str
    async_streaming_class_name: str
    import_names: tuple[str, ...]
    """The six class names above in import order."""
    operations: tuple[Operation, ...]
    children: tuple[Resource, ...]


@dataclass(frozen=True)
class ResourceModule:
    """One file under resources/: one resource, its async twin and their raw- and
    streaming-response views."""

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
    decisions: tuple[str, ...] = field(default=(), compare=False)
    """What the build decided that a user may want to review (`generate -v`): each method's
    name and where it came from (path rule, operationId, configuration, previous generation)."""
    file_uploads: bool = False
    """Some operation takes a file in a multipart body (the README explains file arguments)."""
    names: tuple[tuple[str, str], ...] = ()
    """Every public name, keyed by what it names ('method GET /pets/{id}' -> 'retrieve',
    'model /components/schemas/Pet' -> 'Pet', ...). The manifest records it, and the next
    generation into the same place keeps these names (README: 'Names stay put')."""

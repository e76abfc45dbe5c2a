"""The whole build: every stage in order -> `ir.Api`."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .. import __version__, ir
from ..errors import ClientgenError, SpecWarning
from ..naming.registry import Namespace
from ..naming.reserved import PACKAGE_EXPORTS, RUNTIME_NAMES
from ..naming.words import class_name, upper_snake
from ..options import ClientOptions
from ..python.annotations import SpellContext
from ..python.modules import group_model_modules, with_imports
from ..python.order import all_order, import_order
from ..spec.load import LoadedSpec
from ..spec.parse import OpenAPIDocument
from ..spec.pointers import schema_pointer
from .left_out import webhooks_left_out
from .resources import Resources


def _pep440(version: str) -> str:
    """A PEP 440 version for the distribution: '1.0.3' stays, '2026-04-20' -> '2026.4.20',
    anything else -> '0.0.0'."""
    text = version.strip().lstrip("vV")
    if re.fullmatch(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?", text):
        return text
    date = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if date:
        return ".".join(str(int(part)) for part in date.groups())
    return "0.0.0"


def build_api(
    spec: LoadedSpec,
    document: OpenAPIDocument,
    options: ClientOptions,
    warnings: list[SpecWarning] | None = None,
    kept_names: Mapping[str, str] | None = None,
) -> ir.Api:
    """Build the intermediate model of one package (`warnings` from earlier stages carry on).

    `kept_names` are the names an earlier generation recorded (`ir.Api.names`): things the
    document still has keep them, so a growing spec renames nothing that existed."""
    builder = ApiBuilder(spec, document, options, kept_names)
    api = _run(builder, warnings)
    if kept_names and not set(kept_names) <= set(builder.names):
        # Some kept names belong to things the document no longer has: free them for others.
        present = {key: name for key, name in kept_names.items() if key in builder.names}
        api = _run(ApiBuilder(spec, document, options, present), warnings)
    return api


def _run(builder: ApiBuilder, warnings: list[SpecWarning] | None) -> ir.Api:
    """One build; a recursion too deep for Python is refused at the schema it had reached."""
    builder.warnings.extend(warnings or [])
    try:
        return builder.build()
    except RecursionError:
        pass  # leave the except block first: raising here would need the exhausted stack
    message = "schemas nest or refer to each other too deeply to generate"
    if builder.last_schema is None:
        raise ClientgenError(f"{builder.spec.path}: {message}")
    raise builder.spec.error(message, builder.last_schema)


def _credentials_required(
    default_security: tuple[tuple[str, ...], ...], resources: tuple[ir.ResourceModule, ...]
) -> bool:
    """Whether every operation needs a credential (a client without one is refused)."""
    return (
        bool(default_security)
        and () not in default_security
        and not any(
            op.security is not None and (not op.security or () in op.security)
            for module in resources
            for op in module.root.operations
        )
    )


def _file_uploads(resources: tuple[ir.ResourceModule, ...]) -> bool:
    """Whether some operation takes a file in a multipart body."""
    return any(
        op.body is not None and op.body.files
        for module in resources
        for resource in module.classes
        for op in resource.operations
    )


class ApiBuilder(Resources):
    """The whole build: every stage in order -> `ir.Api`."""

    def build(self) -> ir.Api:
        options = self.options
        assert options.package is not None, "the pipeline fills in the package name"
        client_name = options.client_name or class_name(options.package)
        self.class_names = Namespace(RUNTIME_NAMES | {client_name, f"Async{client_name}"})
        self._keep_class_names()
        schemas = self._components("schemas")
        for name in sorted(schemas):
            pointer = schema_pointer(name)
            self._component_names[name] = self._claim_model_name(name, pointer)
        schemes = self._security_schemes(options.env_prefix or upper_snake(options.package))
        default_security = self._security(getattr(self.doc, "security", None)) or ()
        if not options.subset:  # a subset keeps only the schemas its operations use
            for name in sorted(schemas):
                pointer = schema_pointer(name)
                with self.transaction(f"model {self._component_names[name]}"):
                    self._component_type(name, pointer)
        self.warnings.extend(webhooks_left_out(self.spec, self.doc))
        resources = self._resources(schemes)
        models, enums = self._finish_models(resources)
        aliases = tuple(self.aliases[name] for name in sorted(self.aliases))
        type_aliases = tuple(self.type_aliases[name] for name in sorted(self.type_aliases))
        exports = sorted(
            {m.name for m in models}
            | {m.param_name for m in models if m.param_name}
            | {e.name for e in enums}
            | {a.name for a in aliases}
        )
        context = SpellContext.of_types(models, enums)
        resources = tuple(with_imports(module, context, set(exports)) for module in resources)
        exports = sorted({*exports, *(a.name for a in type_aliases)})
        model_modules, model_locations = group_model_modules(models, enums, aliases, type_aliases)
        info = self.doc.info
        servers = self._servers()
        return ir.Api(
            title=info.title,
            version=info.version,
            description=info.description,
            package=options.package,
            client_name=client_name,
            async_client_name=f"Async{client_name}",
            env_prefix=options.env_prefix or upper_snake(options.package),
            servers=servers,
            server_variables=any(server.variables for server in servers),
            security_schemes=schemes,
            default_security=default_security,
            resources=resources,
            top_resources=self.top_resources,
            models=models,
            enums=enums,
            model_exports=all_order(exports),
            model_imports=import_order(exports),
            auth_exports=all_order(["Auth", *(s.class_name for s in schemes)]),
            auth_imports=import_order(["Auth", *(s.class_name for s in schemes)]),
            exports=all_order(
                [
                    *PACKAGE_EXPORTS,
                    client_name,
                    f"Async{client_name}",
                    "Auth",
                    *(s.class_name for s in schemes),
                    *exports,
                ]
            ),
            model_modules=model_modules,
            model_locations=model_locations,
            credentials_required=_credentials_required(default_security, resources),
            file_uploads=_file_uploads(resources),
            layout=options.layout,
            dist_name=options.package.replace("_", "-"),
            dist_version=_pep440(info.version),
            spec_sha256=self.spec.sha256,
            generator_version=__version__,
            warnings=tuple(self.warnings),
            decisions=tuple(sorted(self.decisions)),
            names=tuple(sorted(self.names.items())),
        )

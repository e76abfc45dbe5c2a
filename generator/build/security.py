"""Security schemes -> auth classes and credentials; requirements; servers."""

from __future__ import annotations

import re
from typing import Any

from .. import ir
from ..naming.registry import Namespace
from ..naming.reserved import CLIENT_METHODS, CLIENT_RESERVED
from ..naming.rules import env_var
from ..naming.words import class_name, identifier, snake
from ..spec.pointers import escape_token
from .responses import Responses
from .typerefs import spec_text


def credential_headers(schemes: tuple[ir.SecurityScheme, ...]) -> dict[str, set[str]]:
    """Parameters that duplicate a security scheme: they are credentials, not arguments."""
    found: dict[str, set[str]] = {"header": set(), "query": set(), "cookie": set()}
    for scheme in schemes:
        if scheme.kind == "api_key" and scheme.location and scheme.parameter_name:
            name = (
                scheme.parameter_name.lower()
                if scheme.location == "header"
                else scheme.parameter_name
            )
            found[scheme.location].add(name)
    return found


def _scheme_kind(scheme: Any) -> str | None:
    kind = str(getattr(scheme.type, "value", scheme.type))
    if kind == "apiKey":
        return "api_key"
    if kind == "http":
        http = (scheme.scheme or "").lower()
        if http == "bearer":
            return "bearer"
        if http == "basic":
            return "basic"
        return None
    if kind in ("oauth2", "openIdConnect"):
        return "bearer"
    return None


def _strip_server_words(description: str) -> str:
    words = [
        w
        for w in re.split(r"\s+", description)
        if w.lower()
        not in {"server", "hostname", "host", "for", "the", "region", "api", "url", "base"}
    ]
    return " ".join(words) if len(words) <= 3 else ""


_URL_VARIABLE = re.compile(r"\{([^{}]+)\}")
"""A `{variable}` of a server URL."""


class Security(Responses):
    """Security schemes -> auth classes and credentials; requirements; servers."""

    def _env_var(self, credential: str, env_prefix: str, arg: str) -> str:
        """The environment variable of a credential (`naming.rules.env_var`).

        A spelling other than the plain `{prefix}_{ARG}` is recorded (`env credential ...`).
        A credential an earlier generation recorded without one keeps the plain spelling it had
        then (README: 'Names stay put')."""
        plain = f"{env_prefix}_{arg.upper()}"
        rule = env_var(env_prefix, arg)
        key = f"env {credential}"
        if credential in self.kept_names and self.kept_names.get(key) != rule:
            return plain
        if rule != plain:
            self.names[key] = rule
        return rule

    def _security_schemes(self, env_prefix: str) -> tuple[ir.SecurityScheme, ...]:
        raw = self._components("securitySchemes")
        resolved = {
            key: self.resolver.resolve(
                value, "SecurityScheme", f"/components/securitySchemes/{escape_token(key)}"
            )
            for key, value in raw.items()
        }
        supported = {
            key: scheme for key, scheme in resolved.items() if _scheme_kind(scheme) is not None
        }
        for key in sorted(set(resolved) - set(supported)):
            self.warnings.append(
                self.spec.warning(
                    "not-supported",
                    f"security scheme '{key}' ({resolved[key].type}) is not supported and was left out",
                    f"/components/securitySchemes/{escape_token(key)}",
                )
            )
        single = len(supported) == 1
        credential_names = Namespace(CLIENT_RESERVED | CLIENT_METHODS)
        kept: dict[str, str] = {}
        for key in sorted(supported):
            for index in range(2 if _scheme_kind(supported[key]) == "basic" else 1):
                credential = f"credential {key}#{index}"
                name = self._kept(credential, credential_names, CLIENT_RESERVED | CLIENT_METHODS)
                if name is not None:
                    kept[credential] = name
        schemes: list[ir.SecurityScheme] = []
        for key in sorted(supported):
            scheme = supported[key]
            kind = _scheme_kind(scheme) or "bearer"
            base = (
                "api_key"
                if single
                else identifier(
                    re.sub(r"(?i)(auth|authentication|scheme|security)$", "", key) or key,
                    fallback="credential",
                )
            )
            credentials: list[ir.Credential] = []
            if kind == "basic":
                prefixes = (
                    ("username", "password") if single else (f"{base}_username", f"{base}_password")
                )
                for index, arg_text in enumerate(prefixes):
                    credential = f"credential {key}#{index}"
                    arg = kept.get(credential) or credential_names.claim(arg_text)
                    self.names[credential] = arg
                    credentials.append(
                        ir.Credential(arg=arg, env_var=self._env_var(credential, env_prefix, arg))
                    )
            else:
                credential = f"credential {key}#0"
                arg = kept.get(credential) or credential_names.claim(base)
                self.names[credential] = arg
                credentials.append(
                    ir.Credential(arg=arg, env_var=self._env_var(credential, env_prefix, arg))
                )
            location = (
                str(getattr(scheme.security_scheme_in, "value", scheme.security_scheme_in))
                if kind == "api_key"
                else None
            )
            schemes.append(
                ir.SecurityScheme(
                    key=key,
                    class_name=self._class_name(
                        f"auth {key}", class_name(key if key[:1].isalpha() else f"Auth{key}")
                    ),
                    kind=kind,
                    location=location,
                    parameter_name=scheme.name if kind == "api_key" else None,
                    credentials=tuple(credentials),
                    description=spec_text(scheme.description),
                )
            )
        self._scheme_keys = {scheme.key for scheme in schemes}
        return tuple(schemes)

    def _security(self, requirements: Any) -> tuple[tuple[str, ...], ...] | None:
        if requirements is None:
            return None
        alternatives: list[tuple[str, ...]] = []
        for requirement in requirements:
            keys = tuple(key for key in requirement if key in self._scheme_keys)
            if len(keys) < len(requirement):
                continue  # needs a scheme we cannot apply
            alternatives.append(keys)
        return tuple(alternatives)

    def _usable_servers(self) -> list[Any]:
        """The document's servers; in lenient mode only those whose URL has a value for every
        `{variable}` in it: a URL that keeps one cannot even be parsed (a lenient repair that
        dropped an invalid variable must not leave a client that cannot be built), so that
        server is left out with a warning."""
        servers: list[Any] = list(self.doc.servers or [])
        if not self.options.lenient:
            return servers
        usable: list[Any] = []
        for index, server in enumerate(servers):
            declared = set(server.variables or {})
            missing = [n for n in _URL_VARIABLE.findall(server.url) if n not in declared]
            if not missing:
                usable.append(server)
                continue
            names = ", ".join(f"'{{{name}}}'" for name in dict.fromkeys(missing))
            self.warnings.append(
                self.spec.warning(
                    "repaired",
                    f"server URL '{server.url}' has {names}, which no server variable declares:"
                    " left the server out",
                    f"/servers/{index}/url",
                )
            )
        return usable

    def _servers(self) -> tuple[ir.Server, ...]:
        servers = self._usable_servers()
        names = Namespace()
        result: list[ir.Server] = []
        descriptions = [snake(_strip_server_words(s.description or "")) for s in servers]
        unique = len(set(descriptions)) == len(descriptions) and all(descriptions)
        keys = [f"server {server.url}" for server in servers]
        kept = {
            key: name
            for key in keys
            if keys.count(key) == 1 and (name := self._kept(key, names)) is not None
        }
        for index, server in enumerate(servers):
            url = server.url
            for var_name, variable in (server.variables or {}).items():
                url = url.replace("{" + var_name + "}", str(variable.default))
            name = kept.get(keys[index]) or names.claim(
                identifier(
                    (
                        descriptions[index]
                        if unique
                        else ("default" if index == 0 else f"server_{index + 1}")
                    ),
                    fallback="server",
                )
            )
            if keys.count(keys[index]) == 1:
                self.names[keys[index]] = name
            variables = tuple(
                ir.ServerVariable(
                    name=var_name,
                    default=str(variable.default),
                    enum=tuple(str(value) for value in variable.enum or ()),
                    description=spec_text(variable.description),
                )
                for var_name, variable in (server.variables or {}).items()
                if "{" + var_name + "}" in server.url
            )
            result.append(
                ir.Server(
                    name=name,
                    url=url,
                    description=spec_text(server.description),
                    template=server.url,
                    variables=variables,
                )
            )
        if not result:
            result.append(ir.Server(name="default", url="/", description=None))
        return tuple(result)

"""Contract run over the real-world documents of the corpus (``tests/corpus_documents.py``).

For each document: the client is generated (lenient where the corpus tests generate it
leniently), Prism mocks the document, and every operation that has no request body or a JSON
one is called through the generated sync client, once with every argument ("full") and once
with only the required ones, with example arguments from ``corpus_examples`` (the document's
own examples where they fit their schemas, else values made up from the schemas); the first
three operations of each document are also called through the async client.

Not every operation of a large document is called, to keep the module within CI's time (about
8 minutes on a 2-core machine): per document, every operation with an ``EXPECTED`` entry (an
xfail or a known skip, so that each stays meaningful), plus the ``SAMPLE`` (50) others whose
sha256 of "METHOD path" (e.g. ``"GET /pets/{id}"``) is lowest; a document with at most 50
other operations is called whole (see ``sample``; never random, and independent of the other
documents). A call passes
when Prism logged no request-validation violation for it, and it either returned a value
parsed into the generated types or raised an ``APIStatusError`` for one of the document's own
responses (never one Prism made up: its 422 for an invalid request, 404 for no matching
path, ...).

What is known to fail is listed below with its reason: generator bugs are
``xfail(strict=True)`` (a fix turns them into failures until the entry goes), faults of a
document or of Prism are skipped. Two kinds are recognised as they happen and skipped with
Prism's own words: a response Prism cannot make (its 5xx), and a mock response that Prism
itself reports as breaking the document's schema exactly where the models reject it. Prism
gets a repaired copy of the documents listed in ``PRISM_COPIES``.
One Prism runs at a time (per document, restarted if a request kills it).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest
from corpus_documents import DOCUMENTS, NO_CORPUS, CorpusPackages, Outcome
from corpus_examples import JSON_MEDIA, Call, Schemas, credentials, plan_call
from prism import PrismServer

from generator import ir
from generator.pipeline import load_and_parse
from generator.spec.load import load_spec
from generator.spec.pointers import ref_tokens
from generator.spec.refs import lookup

pytestmark = [
    pytest.mark.skipif(not DOCUMENTS, reason=NO_CORPUS),
    # deprecated operations warn when called (documented behaviour)
    pytest.mark.filterwarnings("ignore:.* is deprecated:DeprecationWarning"),
]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
VARIANTS = ("full", "required")
ASYNC_SAMPLE = 3
"""Operations per document also called through the async client (the first ones in order)."""
SAMPLE = 50
"""At most this many operations per document are called, besides those with an `EXPECTED`
entry (always called): the ones whose sha256 of "METHOD path" is lowest (`sample`)."""
PRISM_ERROR_TYPE = "https://stoplight.io/prism/errors#"

PRISM_COPIES = {
    "cloudflare.yaml": (
        'Prism refuses the dangling $ref as published (fatal: \'token "requestBodies" in '
        '"#/components/requestBodies/requestBody" does not exist\'): it mocks the '
        "lenient-repaired document the client was generated from"
    ),
    "spotify.yaml": (
        "Prism also resolves $refs inside vendor extensions, and components.x-spotify-policy "
        "refers to '../policies.yaml', which is not published with the document (fatal: "
        "'Error opening file .../policies.yaml'): the copy leaves out the x- extensions whose "
        "$refs cannot be resolved (no effect on validation), and the lenient repair"
    ),
    "discord.json": (
        "the strict pipeline refuses its two `enum: []` (3.1 allows an empty enum, openapi-"
        "pydantic does not: 'List should have at least 1 item after validation, not 0'), so "
        "the client is generated leniently without them, and Prism mocks that same repaired "
        "document (an empty enum admits no value at all)"
    ),
    "intercom-2.15.yaml": (
        "the strict pipeline refuses `/export/reporting_data/{job_identifier}` and "
        "`/download/reporting_data/{job_identifier}`, whose placeholder is declared only as a "
        "query parameter (a client would send a literal `{job_identifier}`), so the client is "
        "generated leniently with a repaired path parameter, and Prism mocks that same repaired "
        "document"
    ),
    "googlemaps.yaml": (
        "the strict pipeline refuses `enum: [0, ...]` under `type: string` (an enum value not "
        "of the declared type), so the client is generated leniently (the value read as the "
        "string it spells, with a warning), and Prism mocks the document as loaded"
    ),
    "kubernetes-core-v1.json": (
        "the strict pipeline refuses `default: {}` on date-time fields (a default that is no "
        "value of its schema), so the client is generated leniently (the default left out, "
        "with a warning), and Prism mocks the document as loaded"
    ),
}
"""Documents Prism is given a repaired copy of, and why (measured with Prism 5.14.2)."""

# -- what is known to fail, and why -----------------------------------------------------

OMITTED: dict[tuple[str, str, str], str] = {
    ("googlemaps.yaml", "query", "maxprice"): (
        "`type: string` with `enum: [0, 1, 2, 3, 4]` (numbers): no value is both; Prism: "
        "'Request query parameter maxprice must be equal to one of the allowed values: 0, 1, 2, "
        "3, 4'"
    ),
    ("googlemaps.yaml", "query", "minprice"): "as maxprice",
    ("cloudflare.yaml", "query", "ssl"): (
        "`enum: [0, 1]` without a `type`: Prism compares the query text '0' with the number 0; "
        "Prism: 'Request query parameter ssl must be equal to one of the allowed values: 0, 1'"
    ),
    ("cloudflare.yaml", "query", "retry"): (
        "`enum: [true]` without a `type`: Prism: 'Request query parameter retry must be equal "
        "to one of the allowed values: true'"
    ),
    ("cloudflare.yaml", "query", "egs-pagination.json"): (
        "an object parameter (form, explode) whose properties `page` and `per_page` are also "
        "parameters of their own: both are sent, and Prism reads the repeated keys as arrays: "
        "'Request query parameter page must be number'"
    ),
    ("cloudflare.yaml", "body", "position"): (
        "rule_position is a `oneOf` of three objects without `required` properties: every "
        "object matches all three; Prism: 'Request body property position must match exactly "
        "one schema in oneOf'"
    ),
    ("cloudflare.yaml", "body", "shared_entries"): (
        "its items are a `oneOf` of two identical schemas (shared_entry_update_predefined, "
        "..._integration): no item matches exactly one; Prism: 'Request body property "
        "shared_entries.0 must match exactly one schema in oneOf'"
    ),
    ("linode.yaml", "body", "label"): (
        "pattern '^[a-zA-Z]((?!--|__|..)[a-zA-Z0-9-_.])+$' (the lookahead `..` refuses any "
        "two characters) with `minLength: 3`: no string of 3 or more characters matches"
    ),
    ("iceberg-rest-catalog.yaml", "body", "write-order"): (
        "SortOrder requires `order-id`, which is `readOnly`: corpus_examples leaves readOnly "
        "properties out of requests and its checker then finds the value missing a required "
        "property ('$: missing required property order-id')"
    ),
}
"""Document faults: optional arguments the "full" calls leave out because the document allows
no valid value for them: (document, location, wire name) -> the fault. `corpus_examples`
detects most of them itself (it finds no value and says why); any it detects that is not
listed here fails its case."""

ALLOF_ONEOF = (
    "generator bug: `allOf` with a `oneOf` member (CreateOrUpdateRuleRequest = allOf "
    "[RuleRequest: oneOf of rule kinds, {position}]) keeps only `position`: the rule itself "
    "cannot be sent; Prism: \"Request body must have required property 'version'\", 'Request "
    "body must match exactly one schema in oneOf'"
)
TYPELESS_OBJECT = (
    "generator bug: a schema with `properties` but no `type` becomes a model that refuses "
    "every non-object, while JSON Schema (and Prism) allow any value there; the client refuses "
    "the document's own example `value: 'on'` (pagerules) and Prism's schema-valid `null` "
    "responses: 'Input should be a valid dictionary or instance of ...'"
)
FRAGMENT_PATH = (
    "document/Prism: the path key has a URL fragment ('#stream', '#id'), which is never sent; "
    "Prism matches the request to the twin path without it (or to no path: 'Route not "
    "resolved, no path matched')"
)
ONEOF_AMBIGUOUS = (
    "document fault: the `oneOf` branches (azureAD, centrify, facebook, ...) differ only in "
    "optional `config` properties, so every value matches several; Prism: 'Request body must "
    "match exactly one schema in oneOf'"
)
PRISM_EMPTY_ITEM = (
    'Prism fault: its mock response `{"result": [{}]}` leaves out the properties the '
    "document requires of each item (id, paused, urls, priority), and Prism does not flag it "
    "(the document's `minimum: '-1e+09'` is a string)"
)


def _ids(document: str, *operations: str) -> list[str]:
    return [f"{document}:{operation}" for operation in operations]


def _cf_rulesets(*paths: str) -> list[str]:
    """Ruleset operations under /accounts/{account_id} and /zones/{zone_id}."""
    return [
        f"cloudflare.yaml:{method} /{scope}/{path}"
        for scope in ("accounts/{account_id}", "zones/{zone_id}")
        for method, path in (item.split(" ", 1) for item in paths)
    ]


RULES_ONEOF = (
    "generator bug (the ALLOF_ONEOF family): ruleset `rules` items are a `oneOf` of rule kinds "
    "that each extend a base with `allOf`; no value the client can build fits exactly one "
    "branch; Prism: \"Request body property rules.0 must have required property 'version'\""
)
TOKEN_POLICY_ID = (
    "generator bug: token policies' `id` is `readOnly` on its `$ref` target, so the client no "
    "longer requires it, but Prism 5.14.2 still requires readOnly properties in requests "
    "inside arrays ('Request body property policies.0 must have required property id')"
)

LINODE_LABEL = (
    "document fault: a required `label` whose pattern '^[a-zA-Z]((?!--|__|..)[a-zA-Z0-9-_.])+$'"
    " with `minLength: 3` no string matches; Prism: 'Request body property label must match "
    'pattern "^[a-zA-Z]((?!--|__|..)[a-zA-Z0-9-_.])+$"\''
)
PRISM_ARRAY_HEADER = (
    "Prism fault: an optional `simple` array header (X-Iceberg-Access-Delegation) that is not "
    "sent crashes Prism 5.14.2: 'TypeError: Cannot read properties of undefined (reading "
    "'split') at deserializeArray (.../deserializers/style/simple.js:20:38)'"
)
ACCEPT_PARAMETER = (
    "document/Prism: an `Accept` header parameter, which OpenAPI says to ignore (the client "
    "does), is validated by Prism: 'Request header parameter accept must be equal to one of "
    "the allowed values: application/octet-stream'"
)
EXPLODED_ONEOF_OBJECT = (
    "Prism fault: an object query parameter (form, explode) whose schema is a `oneOf` of "
    "one-property objects is sent as `?user_id=string`, which Prism does not read back as the "
    "object: \"Request query parameter filter must have required property 'user_id'\", "
    "'Request query parameter filter must match exactly one schema in oneOf'"
)
UUID_OF_24 = (
    "document fault: `from.id` is `format: uuid` with `minLength: 24, maxLength: 24` (its "
    "example '536e564f316c83104c000020' is no UUID): no value is both; the client refuses the "
    "truncated UUID the example generator makes"
)
INTEGER_IDS_IN_EXAMPLE = (
    "document fault: the response example's conversation_parts ids are integers (1, 2, 3, 4) "
    "where the schema says `type: string`; Prism sends the example without reporting it"
)
KRATOS_ONEOF = (
    "document fault: the body `oneOf` branches are told apart only by `method`, a plain "
    "string in every branch (the discriminator does not count for validation), so a password "
    "body fits five; Prism: 'Request body must match exactly one schema in oneOf'"
)

EXPECTED: dict[str, tuple[str, str]] = {
    **dict.fromkeys(_ids("linode.yaml", "POST /networking/firewalls"), ("skip", LINODE_LABEL)),
    **dict.fromkeys(
        [
            f"linode.yaml:POST {path}[full]"
            for path in (
                "/linode/instances/{linodeId}/configs",
                "/linode/stackscripts",
                "/nodebalancers/{nodeBalancerId}/configs/{configId}/nodes",
            )
        ],
        ("skip", LINODE_LABEL),
    ),
    **dict.fromkeys(
        [
            f"iceberg-rest-catalog.yaml:{operation}[required]"
            for operation in (
                "POST /v1/{prefix}/namespaces/{namespace}/tables",
                "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/plan",
                "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}/plan/{plan-id}",
                "DELETE /v1/{prefix}/namespaces/{namespace}/tables/{table}/plan/{plan-id}",
                "POST /v1/{prefix}/namespaces/{namespace}/register",
                "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}",
            )
        ],
        ("skip", PRISM_ARRAY_HEADER),
    ),
    "intercom-2.15.yaml:GET /download/reporting_data/{job_identifier}": (
        "skip",
        ACCEPT_PARAMETER,
    ),
    "intercom-2.15.yaml:GET /events": ("skip", EXPLODED_ONEOF_OBJECT),
    "intercom-2.15.yaml:POST /conversations": ("skip", UUID_OF_24),
    "intercom-2.15.yaml:GET /conversations/{conversation_id}": ("skip", INTEGER_IDS_IN_EXAMPLE),
    **dict.fromkeys(
        _ids("ory-kratos.json", "POST /self-service/registration", "POST /self-service/settings"),
        ("skip", KRATOS_ONEOF),
    ),
    **dict.fromkeys(
        _cf_rulesets(
            "POST rulesets",
            "PUT rulesets/{ruleset_id}",
            "PUT rulesets/phases/{ruleset_phase}/entrypoint",
        ),
        ("xfail", RULES_ONEOF),
    ),
    **dict.fromkeys(
        _ids("cloudflare.yaml", "POST /user/tokens", "PUT /user/tokens/{identifier}"),
        ("xfail", TOKEN_POLICY_ID),
    ),
    **dict.fromkeys(
        _cf_rulesets(
            "POST rulesets/{ruleset_id}/rules", "PATCH rulesets/{ruleset_id}/rules/{rule_id}"
        ),
        ("xfail", ALLOF_ONEOF),
    ),
    **dict.fromkeys(
        _ids(
            "cloudflare.yaml",
            "POST /accounts/{identifier}/access/apps/{app_id}/revoke_tokens",
            "POST /zones/{identifier}/access/apps/{app_id}/revoke_tokens",
            "POST /accounts/{identifier}/access/organizations/revoke_user",
            "POST /zones/{identifier}/access/organizations/revoke_user",
            "GET /zones/{zone_id}/page_shield/connections/{connection_id}",
            "POST /zones/{zone_id}/page_shield/policies",
            "GET /zones/{zone_id}/page_shield/policies/{policy_id}",
            "PUT /zones/{zone_id}/page_shield/policies/{policy_id}",
            "GET /zones/{zone_id}/page_shield/scripts/{script_id}",
            "GET /zones/{zone_identifier}/pagerules",
            "POST /zones/{zone_identifier}/pagerules",
            "PUT /zones/{zone_identifier}/pagerules/{identifier}",
            "PATCH /zones/{zone_identifier}/pagerules/{identifier}[full]",
            "GET /zones/{zone_identifier}/settings",
            "PATCH /zones/{zone_identifier}/settings",
            "GET /zones/{zone_identifier}/ssl/verification",
        ),
        ("xfail", TYPELESS_OBJECT),
    ),
    **dict.fromkeys(
        _ids(
            "mistral.yaml",
            "POST /v1/conversations#stream",
            "POST /v1/conversations/{conversation_id}#stream",
            "POST /v1/conversations/{conversation_id}/restart#stream",
            "GET /v1/connectors/{connector_id_or_name}#idOrName",
            "DELETE /v1/connectors/{connector_id}#id",
            "PATCH /v1/connectors/{connector_id}#id",
        ),
        ("skip", FRAGMENT_PATH),
    ),
    **dict.fromkeys(
        _ids(
            "cloudflare.yaml",
            "POST /accounts/{identifier}/access/identity_providers",
            "PUT /accounts/{identifier}/access/identity_providers/{uuid}",
            "POST /zones/{identifier}/access/identity_providers",
            "PUT /zones/{identifier}/access/identity_providers/{uuid}",
        ),
        ("skip", ONEOF_AMBIGUOUS),
    ),
    "cloudflare.yaml:GET /zones/{zone_identifier}/firewall/waf/overrides": (
        "skip",
        PRISM_EMPTY_ITEM,
    ),
}
"""Case id (``document:METHOD path``, or with ``[variant]`` for one variant) -> ("xfail" |
"skip", reason). xfail: a generator bug (strict: the case fails the run once it is fixed);
skip: a fault of the document or of Prism."""


# -- the cases: collected from the documents (cached by content) ---------------------


@dataclass(frozen=True)
class Case:
    """One operation of a corpus document, with no request body or a JSON one."""

    document: Path
    method: str
    path: str
    content_type: str | None

    @property
    def id(self) -> str:
        return f"{self.document.name}:{self.method.upper()} {self.path}"


def document_operations(document: Path) -> list[tuple[str, str, str | None, bool]]:
    """(method, path, request content type, in scope) of every operation, from the raw data.

    The content type is the one the generator sends (the first JSON one, else form,
    multipart, else the first); a `$ref` that resolves nowhere counts as no body, as the
    lenient repair drops it. Checked against the IR in `test_cases_match_the_generated_client`.
    """
    data = load_spec(document).data
    found: list[tuple[str, str, str | None, bool]] = []
    for path, raw_item in (data.get("paths") or {}).items():
        item = _resolve(data, raw_item)
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            body = _resolve(data, op.get("requestBody"))
            content = body.get("content") if isinstance(body, dict) else None
            if not isinstance(content, dict) or not content:
                found.append((method, path, None, True))
                continue
            keys = list(content)
            json_keys = [k for k in keys if JSON_MEDIA.match(k)]
            form = [
                k for k in ("application/x-www-form-urlencoded", "multipart/form-data") if k in keys
            ]
            chosen = (json_keys or form or keys)[0]
            found.append((method, path, chosen, bool(json_keys)))
    return found


def _resolve(data: Any, node: Any) -> Any:
    for _ in range(16):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        ref = node["$ref"]
        found, node = lookup(data, ref_tokens(ref)) if ref.startswith("#") else (False, None)
        if not found:
            return None
    return None


def corpus_cases(config: pytest.Config) -> tuple[list[Case], dict[str, int]]:
    """Every in-scope case, and per document the number of operations left out (bodies that
    are not JSON). Cached in pytest's cache by the document's sha256 (loading all documents
    takes ~8 s)."""
    cache = getattr(config, "cache", None)
    cases: list[Case] = []
    left_out: dict[str, int] = {}
    for document in DOCUMENTS:
        digest = hashlib.sha256(document.read_bytes()).hexdigest()
        key = f"clientgen/corpus-contract/{document.name}"
        stored = cache.get(key, None) if cache is not None else None
        if not (isinstance(stored, dict) and stored.get("sha256") == digest):
            operations = [list(op) for op in document_operations(document)]
            stored = {"sha256": digest, "operations": operations}
            if cache is not None:
                cache.set(key, stored)
        left_out[document.name] = 0
        for method, path, content_type, in_scope in stored["operations"]:
            if in_scope:
                cases.append(Case(document, method, path, content_type))
            else:
                left_out[document.name] += 1
    return cases, left_out


def _listed(case: Case) -> bool:
    return any(key == case.id or key.startswith(f"{case.id}[") for key in EXPECTED)


def sample(cases: list[Case]) -> list[Case]:
    """The cases called, in their original order: per document every case with an `EXPECTED`
    entry, and the `SAMPLE` others whose sha256 of "METHOD path" (e.g. "GET /pets/{id}") is
    lowest; a document with at most `SAMPLE` operations is called whole. Stable: the same
    document always gives the same sample, whatever else the corpus holds."""
    chosen: set[Case] = set()
    by_document: dict[Path, list[Case]] = {}
    for case in cases:
        by_document.setdefault(case.document, []).append(case)
    for group in by_document.values():
        others = [case for case in group if not _listed(case)]
        chosen |= {case for case in group if _listed(case)}
        digest = {
            case: hashlib.sha256(f"{case.method.upper()} {case.path}".encode()).hexdigest()
            for case in others
        }
        chosen |= set(sorted(others, key=digest.__getitem__)[:SAMPLE])
    return [case for case in cases if case in chosen]


def _marks(case: Case, variant: str) -> list[pytest.MarkDecorator]:
    expected = EXPECTED.get(case.id) or EXPECTED.get(f"{case.id}[{variant}]")
    if expected is None:
        return []
    kind, reason = expected
    if kind == "xfail":
        return [pytest.mark.xfail(strict=True, reason=reason)]
    return [pytest.mark.skip(reason=reason)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" not in metafunc.fixturenames:
        return
    cases, _ = corpus_cases(metafunc.config)
    cases = sample(cases)
    seen: dict[Path, int] = {}
    params = []
    for case in cases:
        seen[case.document] = seen.get(case.document, 0) + 1
        variants = VARIANTS + (("async",) if seen[case.document] <= ASYNC_SAMPLE else ())
        params += [
            pytest.param(
                case,
                variant,
                id=f"{case.id}[{variant}]",
                marks=_marks(case, variant),
            )
            for variant in variants
        ]
    metafunc.parametrize(("case", "variant"), params)


# -- one document at a time: its client, its Prism ------------------------------------


def prism_document(document: Path, lenient: bool, workdir: Path) -> tuple[Path, dict[str, Any]]:
    """The file Prism mocks, and the document data the examples come from.

    The data is what the client was generated from (lenient repairs applied). Prism gets a
    copy of it where the published file will not load (see `PRISM_COPIES`).
    """
    spec, _ = load_and_parse(document, lenient=lenient, warnings=[])
    data = spec.data
    dropped = _drop_unresolvable_extensions(data)
    if not lenient and not dropped:
        return document, data
    copy = workdir / f"{document.stem}.prism.json"
    copy.write_text(json.dumps(data, default=str), encoding="utf-8")
    return copy, data


def _drop_unresolvable_extensions(data: dict[str, Any]) -> list[str]:
    """Remove `x-` members holding a `$ref` that is external or resolves nowhere.

    (The lenient repair handles `$ref`s elsewhere; the generator never reads extensions.)
    """
    dropped: list[str] = []
    for _ in range(8):  # a dropped extension may be the target of another one's $ref
        bad = [tokens for tokens, ref in _extension_refs(data) if _unresolvable(data, ref)]
        for tokens in bad:
            index = next(i for i, token in enumerate(tokens) if token.startswith("x-"))
            found, parent = lookup(data, list(tokens[:index]))
            if found and isinstance(parent, dict) and tokens[index] in parent:
                del parent[tokens[index]]
                dropped.append("/".join(tokens[: index + 1]))
        if not bad:
            break
    return dropped


def _unresolvable(data: Any, ref: str) -> bool:
    return not ref.startswith("#") or not lookup(data, ref_tokens(ref))[0]


def _extension_refs(data: Any) -> Iterator[tuple[tuple[str, ...], str]]:
    """(tokens of the holder, ref) of `$ref`s inside `x-` members."""
    stack: list[tuple[Any, tuple[str, ...], bool]] = [(data, (), False)]
    while stack:
        node, where, inside = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if inside and isinstance(ref, str):
                yield where, ref
            for key, value in node.items():
                if isinstance(value, (dict, list)):
                    stack.append((value, (*where, str(key)), inside or str(key).startswith("x-")))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, (dict, list)):
                    stack.append((value, (*where, str(index)), inside))


@dataclass
class Exchange:
    request: httpx.Request
    response: httpx.Response | None = None


class DocumentRun:
    """A corpus document's generated package, its Prism, and sync/async clients on it."""

    def __init__(
        self,
        outcome: Outcome,
        out: Path,
        prism_file: Path,
        data: dict[str, Any],
        server: PrismServer,
    ) -> None:
        assert outcome.api is not None, outcome.error
        self.outcome = outcome
        self.api: ir.Api = outcome.api
        self.prism_file = prism_file
        self.schemas = Schemas(data)
        self.server = server
        if str(out) not in sys.path:
            sys.path.insert(0, str(out))
        self.package: ModuleType = importlib.import_module(outcome.package)
        self.exchanges: list[Exchange] = []
        hooks = {"request": [self.on_request], "response": [self.on_response]}
        self.http = httpx.Client(trust_env=False, event_hooks=hooks)
        self.client = self.make_client(http_client=self.http)
        self.operations: dict[tuple[str, str], ir.Operation] = {}
        self.modules: dict[tuple[str, str], str] = {}
        for module in self.api.resources:
            for op in module.root.operations:
                self.operations[(op.http_method.lower(), op.path)] = op
                self.modules[(op.http_method, op.path)] = module.module
        self._plans: dict[tuple[str, str], Call] = {}
        self._mark: int | None = None
        self.last_log: list[str] = []
        self.rewrite: Callable[[httpx.Request], None] | None = None
        """Changes each request on its way out (guard tests only)."""
        self.calls = 0
        self.seconds = 0.0

    def make_client(self, *, asynchronous: bool = False, **options: Any) -> Any:
        name = self.api.async_client_name if asynchronous else self.api.client_name
        client_class = getattr(self.package, name)
        return client_class(
            base_url=self.server.base_url,
            max_retries=0,
            **credentials(self.api),
            **options,
        )

    def on_request(self, request: httpx.Request) -> None:
        if self.rewrite is not None:
            self.rewrite(request)
        self.exchanges.append(Exchange(request))

    def on_response(self, response: httpx.Response) -> None:
        if self.exchanges:
            self.exchanges[-1].response = response

    def operation(self, case: Case) -> ir.Operation:
        op = self.operations.get((case.method, case.path))
        assert op is not None, f"{case.id}: the generated client has no such operation"
        # A body declared as '*/*' (any type) is sent as JSON.
        expected = "application/json" if case.content_type == "*/*" else case.content_type
        assert (op.body.content_type if op.body else None) == (
            expected if op.body else None
        ), f"{case.id}: the client sends {op.body}, the case expected {expected}"
        return op

    def plan(self, op: ir.Operation) -> Call:
        key = (op.http_method, op.path)
        if key not in self._plans:
            self._plans[key] = plan_call(self.schemas, self.api, op, self.package)
        return self._plans[key]

    def endpoint(self, op: ir.Operation) -> Any:
        """The `Endpoint` constant the generated resource module holds for `op`."""
        module = self.modules[(op.http_method, op.path)]
        resource = importlib.import_module(f"{self.package.__name__}.resources.{module}")
        return getattr(resource, op.endpoint)

    def rejected_locations(self, op: ir.Operation, error: Any) -> list[tuple[str, ...]]:
        """Where the models reject the response of a failed parse (pydantic's error locations)."""
        endpoint = self.endpoint(op)
        status = str(error.status_code)
        cast_to = endpoint.by_status.get(
            status, endpoint.by_status.get(f"{status[0]}XX", endpoint.cast_to)
        )
        try:
            pydantic.TypeAdapter(cast_to).validate_python(error.body)
        except pydantic.ValidationError as exc:
            return [tuple(str(part) for part in e["loc"]) for e in exc.errors()]
        return []

    def mark(self) -> int:
        """A log position before the next call (the last check already synced the log)."""
        return self._mark if self._mark is not None else self.server.mark()

    def violations_since(self, mark: int) -> list[str]:
        found = self.server.violations_since(mark)
        self.last_log = self.server.log_lines()[mark:]
        self._mark = mark + len(self.last_log)
        return found

    def response_violations(self) -> list[str]:
        """What Prism found wrong with its own response to the last call (its log says
        `Violation: response...`): the document's example breaks the document's schema."""
        return [
            line.split("Violation: ", 1)[1]
            for line in self.last_log
            if "[VALIDATOR]" in line and "Violation: response" in line
        ]

    def server_died(self, wait: float = 3.0) -> bool:
        deadline = time.monotonic() + wait
        while self.server.running and time.monotonic() < deadline:
            time.sleep(0.05)
        return not self.server.running

    def close(self) -> None:
        self.http.close()
        self.server.stop()


class CorpusRun:
    """At most one document's Prism runs at a time: the cases come grouped by document."""

    def __init__(self, packages: CorpusPackages, start_prism: Any, workdir: Path) -> None:
        self.packages = packages
        self.start_prism = start_prism
        self.workdir = workdir
        self.current: DocumentRun | None = None
        self.failed: dict[Path, str] = {}
        self.timings: dict[str, dict[str, float]] = {}
        self.restarts: dict[str, int] = {}

    def document(self, document: Path) -> DocumentRun:
        if self.current is not None and self.current.outcome.document == document:
            if self.current.server.running:
                return self.current
            self.restarts[document.name] = self.restarts.get(document.name, 0) + 1
        self.close()
        if document in self.failed:
            pytest.fail(self.failed[document])
        began = time.monotonic()
        outcome = self.packages.get(document)
        if outcome.error is not None:
            self.failed[document] = f"{document.name} did not generate: {outcome.error}"
            pytest.fail(self.failed[document])
        generated = time.monotonic()
        prism_file, data = prism_document(document, outcome.lenient, self.workdir)
        copied = prism_file != document
        assert copied == (document.name in PRISM_COPIES), f"{document.name}: see PRISM_COPIES"
        try:
            server = self.start_prism(prism_file, startup_timeout=180.0)
        except Exception as exc:
            self.failed[document] = f"Prism cannot mock {document.name}: {exc}"
            pytest.fail(self.failed[document])
        self.current = DocumentRun(outcome, self.packages.out, prism_file, data, server)
        timing = self.timings.setdefault(document.name, {"calls": 0, "call_seconds": 0.0})
        timing.setdefault("generate", generated - began)
        timing["prism_start"] = timing.get("prism_start", 0.0) + (server.startup_seconds or 0.0)
        return self.current

    def close(self) -> None:
        if self.current is not None:
            timing = self.timings[self.current.outcome.document.name]
            timing["calls"] += self.current.calls
            timing["call_seconds"] += self.current.seconds
            self.current.close()
            self.current = None


@pytest.fixture(scope="module")
def corpus_run(
    corpus_packages: CorpusPackages,
    start_prism: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[CorpusRun]:
    run = CorpusRun(corpus_packages, start_prism, tmp_path_factory.mktemp("corpus-prism"))
    try:
        yield run
    finally:
        run.close()
        if run.timings:
            print("\ncorpus contract timings (s):")
            for name, timing in run.timings.items():
                print(f"  {name}: " + ", ".join(f"{k}={v:.1f}" for k, v in timing.items()))
            if run.restarts:
                print(f"  Prism restarted after crashes: {run.restarts}")


# -- calling ---------------------------------------------------------------------------


def sends_body(op: ir.Operation, call: Call, kwargs: dict[str, Any]) -> bool:
    """Whether the call sends a request body (one is required, or a body argument is given)."""
    assert op.body is not None
    names = {call.arg_for.get(("body", f.wire_name)) for f in op.body.fields} | {op.body.arg}
    return op.body.required or bool(names & set(kwargs))


def resolve_method(client: Any, call: str) -> Any:
    target = client
    for part in call.split("."):
        target = getattr(target, part)
    return target


def describe(run: DocumentRun, call: Call, kwargs: dict[str, Any]) -> str:
    """The arguments and the request that went out, for failure messages."""
    lines = [f"arguments: {kwargs!r}", f"sources: {call.sources!r}"]
    if call.problems:
        lines.append(f"no valid value found (example generator) for: {call.problems!r}")
    for exchange in run.exchanges:
        request = exchange.request
        lines.append(f"request: {request.method} {request.url}")
        headers = {k: v for k, v in request.headers.items() if k.lower() != "user-agent"}
        lines.append(f"  headers: {headers}")
        if request.content:
            lines.append(f"  body: {request.content[:2000]!r}")
        if exchange.response is not None:
            response = exchange.response
            response.read()
            lines.append(f"response: {response.status_code} {response.content[:1000]!r}")
    if found := run.response_violations():
        lines.append(f"Prism's own response breaks the document's schema: {found[:5]}")
    return "\n".join(lines)


def check_outcome(
    run: DocumentRun, case: Case, op: ir.Operation, outcome: object, context: str
) -> None:
    """Returned, or raised an APIStatusError for one of the document's own responses.

    Skipped (after the request passed) where Prism cannot make a response (its own 5xx), and
    where the models reject a response exactly where Prism says its response breaks the
    document's schema (a faulty example in the document, not a faulty model).
    """
    package = run.package
    if isinstance(outcome, package.APIStatusError):
        body = outcome.body
        made_up = isinstance(body, dict) and str(body.get("type", "")).startswith(PRISM_ERROR_TYPE)
        if made_up and outcome.status_code >= 500:
            pytest.skip(
                f"{case.id}: request accepted; Prism cannot mock the response: "
                f"{body.get('title')!r} ({outcome.status_code} {body.get('type')})"
            )
        assert not made_up, (
            f"{case.id}: Prism answered with its own {outcome.status_code} error "
            f"{body.get('title')!r}: {body.get('detail')!r}\n{context}"
        )
        return
    if isinstance(outcome, package.APIResponseValidationError):
        prism_found = run.response_violations()
        rejected = run.rejected_locations(op, outcome)
        prism_paths = [
            v.split(" ", 1)[0].split(".")[2:] for v in prism_found if v.startswith("response.body")
        ]
        uncovered = [loc for loc in rejected if not any(_covers(p, loc) for p in prism_paths)]
        if prism_paths and rejected and not uncovered:
            pytest.skip(
                f"{case.id}: document or Prism fault: Prism's mock response (the document's "
                "example, or a value Prism made up) breaks the document's schema, as Prism "
                "itself reports, "
                f"exactly where the models reject it: {prism_found[:2]}"
            )
        pytest.fail(
            f"{case.id}: the response did not parse into the models: {outcome}\n"
            f"rejected where Prism saw no fault: {uncovered[:5]}\n{context}"
        )
    if isinstance(outcome, BaseException):
        raise outcome


def _covers(prism_path: list[str], location: tuple[str, ...]) -> bool:
    """Whether Prism's violation path leads to pydantic's error location (which may have
    union member names in between)."""
    index = 0
    for part in location:
        if index < len(prism_path) and part == prism_path[index]:
            index += 1
    return index == len(prism_path)


def call_sync(run: DocumentRun, op: ir.Operation, kwargs: dict[str, Any]) -> object:
    method = resolve_method(run.client, op.call)
    try:
        result = method(**kwargs)
        if op.stream:
            with result as stream:
                return list(stream)
        return result
    except (run.package.APIError, pydantic.ValidationError) as exc:
        return exc


async def call_async(run: DocumentRun, op: ir.Operation, kwargs: dict[str, Any]) -> object:
    async def on_request(request: httpx.Request) -> None:
        run.on_request(request)

    async def on_response(response: httpx.Response) -> None:
        run.on_response(response)

    hooks = {"request": [on_request], "response": [on_response]}
    async with httpx.AsyncClient(trust_env=False, event_hooks=hooks) as http:
        client = run.make_client(asynchronous=True, http_client=http)
        method = resolve_method(client, op.call)
        try:
            result = await method(**kwargs)
            if op.stream:
                async with result as stream:
                    return [event async for event in stream]
            return result
        except (run.package.APIError, pydantic.ValidationError) as exc:
            return exc


# -- the tests -------------------------------------------------------------------------


async def test_corpus_operation(
    corpus_run: CorpusRun, case: Case, variant: str, request: pytest.FixtureRequest
) -> None:
    """Variants: "full" (every argument), "required", "async" (full, async client; a sample)."""
    await exercise(corpus_run, case, variant, request)


Mutation = Callable[[dict[str, Any]], None]


async def exercise(
    corpus_run: CorpusRun,
    case: Case,
    variant: str,
    request: pytest.FixtureRequest,
    mutate: Mutation | None = None,
) -> None:
    """Call the case's operation and check what Prism and the client made of it.

    `mutate` changes the arguments before the call (guard tests only).
    """
    run = corpus_run.document(case.document)
    op = run.operation(case)
    call = run.plan(op)
    undeclared = {
        key: why for key, why in call.omitted.items() if (case.document.name, *key) not in OMITTED
    }
    dropped = {  # listed faults the example generator cannot see (e.g. colliding parameters)
        call.arg_for[(location, name)]
        for document, location, name in OMITTED
        if document == case.document.name and (location, name) in call.arg_for
    }
    assert not undeclared, (
        f"{case.id}: no valid value for optional arguments {undeclared}: fix corpus_examples.py "
        "or, if the document allows none, add them to OMITTED with the reason"
    )
    kwargs = call.kwargs("full" if variant == "async" else variant)
    for name in dropped & set(kwargs) - call.required:
        del kwargs[name]
    if mutate is not None:
        mutate(kwargs)
    run.exchanges.clear()
    mark = run.mark()
    began = time.monotonic()
    if variant == "async":
        outcome = await call_async(run, op, kwargs)
    else:
        outcome = call_sync(run, op, kwargs)
    if isinstance(outcome, run.package.APIConnectionError) and run.server_died():
        log = "\n".join(run.server.log_lines()[mark:][-25:])
        pytest.fail(
            f"{case.id}: Prism crashed on the request (restarted for the next case):\n{log}"
        )
    violations = run.violations_since(mark)
    run.calls += 1
    run.seconds += time.monotonic() - began
    context = describe(run, call, kwargs)
    if isinstance(outcome, pydantic.ValidationError):
        pytest.fail(f"{case.id}: the client refused the arguments before sending: {outcome}")
    assert violations == [], f"{case.id}: Prism rejected the request: {violations}\n{context}"
    assert len(run.exchanges) == 1, context
    check_outcome(run, case, op, outcome, context)


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_cases_match_the_generated_client(
    corpus_packages: CorpusPackages, request: pytest.FixtureRequest, document: Path
) -> None:
    """The collected cases are exactly the client's operations with no body or a JSON one."""
    outcome = corpus_packages.get(document)
    assert outcome.api is not None, outcome.error
    cases, left_out = corpus_cases(request.config)
    collected = {(c.method, c.path) for c in cases if c.document == document}
    in_client = {
        (op.http_method.lower(), op.path): op
        for module in outcome.api.resources
        for op in module.root.operations
    }
    in_scope = {
        key
        for key, op in in_client.items()
        if op.body is None or JSON_MEDIA.match(op.body.content_type)
    }
    assert collected == in_scope
    assert left_out[document.name] == len(in_client) - len(in_scope)


async def test_guard_a_dropped_required_query_parameter_fails_its_case(
    corpus_run: CorpusRun, request: pytest.FixtureRequest
) -> None:
    """The check does fail: the same call with its required `place_id` lost on the wire (what
    a client that drops or misnames a query parameter sends)."""
    document = next((d for d in DOCUMENTS if d.name == "googlemaps.yaml"), None)
    if document is None:
        pytest.skip("googlemaps.yaml is not in the corpus")
    case = Case(document, "get", "/maps/api/place/details/json", None)
    run = corpus_run.document(document)

    def drop_place_id(outgoing: httpx.Request) -> None:
        outgoing.url = outgoing.url.copy_remove_param("place_id")

    run.rewrite = drop_place_id
    try:
        with pytest.raises(AssertionError) as caught:
            await exercise(corpus_run, case, "required", request)
    finally:
        run.rewrite = None
    assert "Prism rejected the request" in str(caught.value)
    assert "Request query must have required property 'place_id'" in str(caught.value)

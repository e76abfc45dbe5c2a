"""Naming beyond the path rules (README "Naming rules"): environment variable names, the verb of
a verb-first operationId, the naming extensions, and what wins over what; and that a package
generated before these rules keeps its names (README "Names stay put")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build import ClientOptions
from generator.ir import Api
from generator.naming.rules import env_var, operation_verb
from generator.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "features" / "specs" / "naming_sources.yaml"


@pytest.mark.parametrize(
    ("prefix", "arg", "expected"),
    [
        ("ACME_DOCS_API", "api_key", "ACME_DOCS_API_KEY"),
        ("ACME_DOCS_API", "token", "ACME_DOCS_API_TOKEN"),
        ("acme_api", "api_token", "acme_api_TOKEN"),
        ("POLYAI", "api_key", "POLYAI_API_KEY"),
        ("RAPID", "api_key", "RAPID_API_KEY"),  # a word ending in 'api' is not the word API
        ("ACME_API", "apiary", "ACME_API_APIARY"),
    ],
)
def test_a_generic_api_word_is_not_repeated_in_environment_variables(
    prefix: str, arg: str, expected: str
) -> None:
    assert env_var(prefix, arg) == expected


@pytest.mark.parametrize(
    ("operation_id", "verb"),
    [
        ("downloadDocument", "download"),
        ("upload_document", "upload"),
        ("SendInvoiceReminder", "send"),
        ("cancel", "cancel"),
        ("getDocument", None),  # generic verbs leave the path rules' verb
        ("listDocuments", None),
        ("createUpload", None),
        ("deleteDocument", None),
        ("documentDownload", None),  # not verb-first
        ("downloads", None),  # a noun, not the verb
        (None, None),
    ],
)
def test_the_verb_of_a_verb_first_operation_id(operation_id: str | None, verb: str | None) -> None:
    assert operation_verb(operation_id) == verb


def _build(tmp_path: Path, document: dict[str, Any] | None = None, **options: Any) -> Api:
    spec = tmp_path / "spec.yaml"
    data = document if document is not None else yaml.safe_load(SPEC.read_text("utf-8"))
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return build(spec, ClientOptions(**options))


def _calls(api: Api) -> dict[str, str]:
    found: dict[str, str] = {}
    stack = list(api.top_resources)
    while stack:
        resource = stack.pop()
        found.update({op.operation_id or "": op.call for op in resource.operations})
        stack.extend(resource.children)
    return found


def test_the_title_gives_the_package_and_environment_variables_without_api_twice(
    tmp_path: Path,
) -> None:
    api = _build(tmp_path)
    assert api.package == "acme_docs_api"
    assert api.env_prefix == "ACME_DOCS_API"
    [scheme] = api.security_schemes
    assert [c.env_var for c in scheme.credentials] == ["ACME_DOCS_API_KEY"]


def test_configuration_overrides_win_over_extensions_and_verbs(tmp_path: Path) -> None:
    overrides = {
        "createRefund": "refunds.issue",
        "GET /documents/{id}/content": "documents.content.fetch",
    }
    calls = _calls(_build(tmp_path, package="acme", method_overrides=overrides))
    assert calls["createRefund"] == "refunds.issue"
    assert calls["downloadDocument"] == "documents.content.fetch"
    assert calls["uploadDocument"] == "documents.upload"


def test_a_package_generated_before_keeps_its_names_and_environment_variables(
    tmp_path: Path,
) -> None:
    """The manifest of a generation by the path rules alone: every method, its place included,
    and the credential's environment variable stay as they were."""
    output = tmp_path / "out"
    package = output / "acme_docs_api"
    package.mkdir(parents=True)
    old = {
        "method GET /documents/{id}/content": "list",
        "method POST /documents": "create",
        "method DELETE /subscriptions/{id}": "delete",
        "method POST /v1/payments/{id}/refunds": "create",
        "method GET /stats/daily": "list",
        "credential ApiKeyAuth#0": "api_key",
        "resource documents.content": "DocumentsContent",
    }
    (package / ".clientgen-manifest.json").write_text(json.dumps({"names": old}), "utf-8")
    api = _build(tmp_path, output=output)
    calls = _calls(api)
    assert calls["downloadDocument"] == "documents.content.list"
    assert calls["uploadDocument"] == "documents.create"
    assert calls["cancelSubscription"] == "subscriptions.delete"
    assert calls["createRefund"] == "payments.refunds.create"
    assert calls["getDailyStats"] == "stats.daily.list"
    # operations the manifest does not record are named by the new rules
    assert calls["sendInvoiceReminder"] == "invoices.reminders.send"
    [scheme] = api.security_schemes
    assert [c.env_var for c in scheme.credentials] == ["ACME_DOCS_API_API_KEY"]
    decisions = "\n".join(api.decisions)
    assert (
        "GET /documents/{id}/content -> documents.content.list (kept from the previous"
        " generation; by the rules now 'documents.download'"
    ) in decisions


def test_a_new_environment_variable_spelling_is_recorded_and_kept(tmp_path: Path) -> None:
    """A first generation records the shortened variable; the next keeps it."""
    api = _build(tmp_path)
    assert dict(api.names)["env credential ApiKeyAuth#0"] == "ACME_DOCS_API_KEY"
    output = tmp_path / "out"
    (output / "acme_docs_api").mkdir(parents=True)
    manifest = output / "acme_docs_api" / ".clientgen-manifest.json"
    manifest.write_text(json.dumps({"names": dict(api.names)}), "utf-8")
    again = _build(tmp_path, output=output)
    assert [c.env_var for c in again.security_schemes[0].credentials] == ["ACME_DOCS_API_KEY"]


def test_names_from_extensions_and_verbs_stay_put_on_regeneration(tmp_path: Path) -> None:
    """A method placed by an extension or an operationId's verb is recorded with its place, and
    a regeneration (even after the extension is gone) keeps both."""
    first = _build(tmp_path)
    output = tmp_path / "out"
    (output / "acme_docs_api").mkdir(parents=True)
    manifest = output / "acme_docs_api" / ".clientgen-manifest.json"
    manifest.write_text(json.dumps({"names": dict(first.names)}), "utf-8")
    document = yaml.safe_load(SPEC.read_text("utf-8"))
    refunds = document["paths"]["/v1/payments/{id}/refunds"]["post"]
    del refunds["x-fern-sdk-group-name"], refunds["x-fern-sdk-method-name"]
    again = _build(tmp_path, document, output=output)
    assert _calls(again) == _calls(first)
    assert _calls(again)["createRefund"] == "payments.refund"


def test_verbose_tells_the_names_from_operation_ids_and_extensions(tmp_path: Path) -> None:
    """`generate -v` lists every method with its source, and the environment variables."""
    environment = {**os.environ, "CLIENTGEN_NO_CACHE": "1", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(SPEC), "-o", "out", "-v"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert (
        "GET /documents/{id}/content -> documents.download (operationId 'downloadDocument':"
        " its verb 'download' rather than the path rule's 'documents.content.list')"
    ) in lines
    assert (
        "GET /stats/daily -> analytics.stats.get_daily"
        " (x-speakeasy-group, x-speakeasy-name-override in the spec)"
    ) in lines
    [names] = [line for line in lines if line.startswith("package acme_docs_api")]
    assert "ACME_DOCS_API_KEY" in names and "ACME_DOCS_API_API_KEY" not in names, names

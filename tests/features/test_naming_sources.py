"""Where a method's name comes from besides the path rules (README "Naming rules"): a verb-first
operationId whose verb the path rules would hide, and the naming extensions of other SDK
generators (`x-fern-sdk-*`, `x-speakeasy-*`). `specs/naming_sources.yaml`."""

from __future__ import annotations

import pytest
from feature_harness import FeatureSet, Recorder

CALLS = {
    # the path rules' verb stands: generic operationIds, and an action segment
    "listDocuments": "documents.list",
    "getDocument": "documents.retrieve",
    "createSubscription": "subscriptions.create",
    "exportReport": "reports.export",
    "document_reports": "reports.list",
    # a verb-first operationId names what the path rules would call list/create/...
    "downloadDocument": "documents.download",  # not documents.content.list
    "uploadDocument": "documents.upload",  # not documents.create
    "cancelSubscription": "subscriptions.cancel",  # not subscriptions.delete
    "sendInvoiceReminder": "invoices.reminders.send",  # its object is the last resource
    # extensions: Fern's group (a string or a list) and method, Speakeasy's dotted group
    "createRefund": "payments.refund",
    "listAdminUsers": "admin.users.list_all",
    "getDailyStats": "analytics.stats.get_daily",
    "healthCheck": "health.check",  # a method name alone stays on the path's resource
    "uploadFile": "files.add",  # an extension wins over the operationId's verb
}


@pytest.mark.parametrize("operation_id", sorted(CALLS))
def test_each_operation_is_called_as_its_name_source_says(
    features: FeatureSet, operation_id: str
) -> None:
    f = features.feature("naming_sources")
    assert f.operation(operation_id).call == CALLS[operation_id]
    assert callable(f.method(f.client(Recorder(), api_key="k"), operation_id))


def test_the_decisions_name_the_operation_id_or_extension(features: FeatureSet) -> None:
    decisions = "\n".join(features.api("naming_sources").decisions)
    assert (
        "GET /documents/{id}/content -> documents.download"
        " (operationId 'downloadDocument': its verb 'download'"
    ) in decisions
    assert "POST /documents -> documents.upload (operationId 'uploadDocument'" in decisions
    assert "POST /v1/payments/{id}/refunds -> payments.refund (x-fern-sdk-group-name" in decisions
    assert "GET /stats/daily -> analytics.stats.get_daily (x-speakeasy-group" in decisions
    assert "GET /documents -> documents.list (path rule)" in decisions

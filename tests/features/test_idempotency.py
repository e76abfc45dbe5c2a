"""Idempotency keys (issue 15): a call that may be retried but is not idempotent carries a key,
the same on every attempt, so that the server can recognise a repeat. The spec's own
idempotency header parameter (`Idempotency-Key`, `X-Idempotency-Key`, on any method) becomes
optional and is filled when not given; else, with `idempotency_header` configured, every POST
and PATCH carries that header; nothing otherwise. A key given by the caller (argument or
`extra_headers`) is sent as it is. Sync and async, through `httpx.MockTransport`."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from feature_harness import MODES, Feature, FeatureSet, Mode, Recorder, reply

PAYMENT = {"id": "p1", "amount": 5}


def scripted(*answers: Any) -> Recorder:
    pending: Iterator[Any] = iter(answers)

    def answer(request: httpx.Request) -> httpx.Response:
        return next(pending)(request)

    return Recorder(answer)


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    async def asleep(_: float) -> None:
        return None

    monkeypatch.setattr("time.sleep", lambda _: None)
    monkeypatch.setattr("anyio.sleep", asleep)


async def call(
    feature: Feature, mode: Mode, recorder: Recorder, op: str, *args: Any, **kwargs: Any
) -> Any:
    client = feature.client(recorder, mode, max_retries=2)
    result = feature.method(client, op)(*args, **kwargs)
    return await result if inspect.isawaitable(result) else result


def keys(recorder: Recorder, header: str = "Idempotency-Key") -> list[str | None]:
    return [request.headers.get(header) for request in recorder.requests]


@pytest.mark.parametrize("mode", MODES)
async def test_a_declared_key_is_filled_and_the_same_on_every_retry(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("idempotency")
    recorder = scripted(reply(503, {}), reply(500, {}), reply(201, PAYMENT))
    await call(f, mode, recorder, "createPayment", amount=5)
    sent = keys(recorder)
    assert len(sent) == 3
    assert sent[0] is not None and len(set(sent)) == 1
    assert uuid.UUID(sent[0]).version == 4
    recorder = scripted(reply(201, PAYMENT))
    await call(f, mode, recorder, "createPayment", amount=5)
    assert keys(recorder)[0] not in (None, sent[0])  # a new call, a new key


@pytest.mark.parametrize("mode", MODES)
async def test_a_key_the_caller_gives_is_sent_as_it_is(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("idempotency")
    argument = f.operation("createPayment").header_params[0].arg
    recorder = scripted(reply(503, {}), reply(201, PAYMENT))
    await call(f, mode, recorder, "createPayment", amount=5, **{argument: "order-17"})
    assert keys(recorder) == ["order-17", "order-17"]
    recorder = scripted(reply(201, PAYMENT))
    await call(
        f, mode, recorder, "createPayment", amount=5, extra_headers={"idempotency-key": "k-9"}
    )
    assert keys(recorder) == ["k-9"]
    assert len([name for name in recorder.last.headers if name.lower() == "idempotency-key"]) == 1


def test_the_declared_parameter_becomes_optional_and_says_why(features: FeatureSet) -> None:
    f = features.feature("idempotency")
    (param,) = f.operation("createPayment").header_params
    assert not param.required
    assert "fresh key" in (param.description or "")
    assert f.signature("createPayment").parameters[param.arg].default is not inspect.Parameter.empty


@pytest.mark.parametrize("mode", MODES)
async def test_a_declared_key_applies_to_its_own_method_whatever_it_is(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("idempotency")
    recorder = scripted(reply(502, {}), reply(200, PAYMENT))
    await call(f, mode, recorder, "replacePayment", "p1", amount=5)
    sent = keys(recorder, "X-Idempotency-Key")
    assert sent[0] is not None and sent == [sent[0], sent[0]]
    assert keys(recorder) == [None, None]  # its own header only


@pytest.mark.parametrize("mode", MODES)
async def test_without_configuration_undeclared_operations_send_no_key(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("idempotency")
    for op, args, answer in (
        ("createRefund", {"payment_id": "p1"}, reply(201, {"id": "r1"})),
        ("updatePayment", {"payment_id": "p1", "amount": 1}, reply(200, PAYMENT)),
        ("listPayments", {}, reply(200, [PAYMENT])),
    ):
        recorder = scripted(answer)
        await call(f, mode, recorder, op, **args)
        assert not any("idempotency" in name.lower() for name in recorder.last.headers), op


@pytest.mark.parametrize("mode", MODES)
async def test_a_configured_header_goes_on_every_post_and_patch(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("idempotency_configured")
    assert f.operation("createRefund").idempotency_header == "Idempotency-Key"
    recorder = scripted(reply(429, {}), reply(201, {"id": "r1"}))
    await call(f, mode, recorder, "createRefund", payment_id="p1")
    sent = keys(recorder)
    assert sent[0] is not None and sent == [sent[0], sent[0]]
    recorder = scripted(reply(200, PAYMENT))
    await call(f, mode, recorder, "updatePayment", payment_id="p1", amount=1)
    assert keys(recorder)[0] is not None
    # GET and DELETE are idempotent by definition: no key
    for op, args, answer in (
        ("listPayments", {}, reply(200, [PAYMENT])),
        ("deletePayment", {"payment_id": "p1"}, reply(204)),
    ):
        recorder = scripted(answer)
        await call(f, mode, recorder, op, **args)
        assert keys(recorder) == [None], op
    # an operation's own idempotency header wins over the configured one
    recorder = scripted(reply(200, PAYMENT))
    await call(f, mode, recorder, "replacePayment", "p1", amount=5)
    assert keys(recorder) == [None]
    assert keys(recorder, "X-Idempotency-Key")[0] is not None


def test_the_configured_header_reaches_the_generated_endpoint(features: FeatureSet) -> None:
    plain = features.feature("idempotency")
    configured = features.feature("idempotency_configured")
    assert plain.operation("createRefund").idempotency_header is None
    assert plain.operation("createPayment").idempotency_header == "Idempotency-Key"
    assert configured.operation("updatePayment").idempotency_header == "Idempotency-Key"
    assert configured.operation("deletePayment").idempotency_header is None

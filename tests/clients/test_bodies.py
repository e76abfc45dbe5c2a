"""Requirements 3 and 12: request bodies, extra_* merging, and path parameter encoding."""

from __future__ import annotations

import brainbase_labs as bb
import pytest
from harness import (
    BB_KEY,
    BRAINBASE,
    POLY_KEY,
    POLY_TOKEN,
    POLYAI,
    UPONAI,
    Api,
    Mode,
    Recorder,
    body_of,
    header_names,
    ok,
)
from polyai import CreateChatRequestChannel, PolyAI

# -- wire names ------------------------------------------------------------------------------


async def test_brainbase_every_argument_by_wire_name(mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(BRAINBASE))
    client = BRAINBASE.client(mode, recorder)
    await BRAINBASE.call(
        client,
        flow_version_id="fv1",
        allowed_users=["u1", "u2"],
        welcome_message="Hi",
        llm_model="gpt-4o",
        extractions={"email": {"type": "string", "description": "e-mail", "required": True}},
        success_criteria=[
            {
                "title": "Resolved",
                "items": [{"title": "t", "description": "d", "type": "BINARY", "threshold": 0.5}],
            }
        ],
    )
    assert body_of(recorder.last) == {
        "name": "Support",
        "flowId": "f1",
        "flowVersionId": "fv1",
        "allowedUsers": ["u1", "u2"],
        "welcomeMessage": "Hi",
        "llmModel": "gpt-4o",
        "modelConfig": {"temperature": "0.2"},
        "extractions": {"email": {"type": "string", "description": "e-mail", "required": True}},
        "successCriteria": [
            {
                "title": "Resolved",
                "items": [{"title": "t", "description": "d", "type": "BINARY", "threshold": 0.5}],
            }
        ],
    }


async def test_required_arguments_only_send_no_nulls(mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(BRAINBASE))
    client = BRAINBASE.client(mode, recorder)
    await BRAINBASE.call(client, model_config=bb.NOT_GIVEN)
    assert body_of(recorder.last) == {"name": "Support", "flowId": "f1"}


async def test_uponai_every_argument(mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(UPONAI))
    client = UPONAI.client(mode, recorder)
    await UPONAI.call(client, uponai_dynamic_variables={"customer_tier": "enterprise"})
    assert body_of(recorder.last) == {
        "workspaceId": 42,
        "agent_id": "chat_agent_1",
        "metadata": {"source": "website"},
        "uponai_dynamic_variables": {"customer_tier": "enterprise"},
    }


async def test_polyai_every_argument(mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(POLYAI))
    client = POLYAI.client(mode, recorder)
    await POLYAI.call(
        client,
        integration_attributes={"customer_id": "12345", "nested": {"a": [1, 2]}},
        variant_id="VARIANT-1",
        asr_lang_code="en-US",
        tts_lang_code="en-GB",
        initial_message="Hello, I need help",
    )
    assert body_of(recorder.last) == {
        "integration_attributes": {"customer_id": "12345", "nested": {"a": [1, 2]}},
        "variant_id": "VARIANT-1",
        "channel": "webchat",
        "asr_lang_code": "en-US",
        "tts_lang_code": "en-GB",
        "initial_message": "Hello, I need help",
    }


# -- nested objects: plain dicts and model instances ------------------------------------------

CRITERIA_WIRE = [
    {
        "title": "Resolved",
        "description": "The issue was resolved",
        "items": [
            {"title": "Fixed", "description": "Problem fixed", "type": "BINARY", "threshold": 1},
            {"title": "Tone", "description": "Polite", "type": "SCORE", "threshold": 0.8},
        ],
    },
    {"title": "Fast", "items": []},
]
EXTRACTIONS_WIRE = {
    "email": {"type": "string", "description": "Customer e-mail", "required": True},
    "age": {"type": "number", "description": "Age"},
}


def criteria_as_dicts() -> list[bb.CreateChatDeploymentRequestSuccessCriteriaItemParam]:
    return [
        {
            "title": "Resolved",
            "description": "The issue was resolved",
            "items": [
                {
                    "title": "Fixed",
                    "description": "Problem fixed",
                    "type": "BINARY",
                    "threshold": 1,
                },
                {"title": "Tone", "description": "Polite", "type": "SCORE", "threshold": 0.8},
            ],
        },
        {"title": "Fast", "items": []},
    ]


def criteria_as_models() -> list[bb.CreateChatDeploymentRequestSuccessCriteriaItem]:
    item_type = bb.CreateChatDeploymentRequestSuccessCriteriaItemItemsItemType
    return [
        bb.CreateChatDeploymentRequestSuccessCriteriaItem(
            title="Resolved",
            description="The issue was resolved",
            items=[
                bb.CreateChatDeploymentRequestSuccessCriteriaItemItemsItem(
                    title="Fixed", description="Problem fixed", type=item_type.BINARY, threshold=1
                ),
                bb.CreateChatDeploymentRequestSuccessCriteriaItemItemsItem(
                    title="Tone", description="Polite", type=item_type.SCORE, threshold=0.8
                ),
            ],
        ),
        bb.CreateChatDeploymentRequestSuccessCriteriaItem(title="Fast", items=[]),
    ]


def extractions_as_dicts() -> dict[str, bb.CreateChatDeploymentRequestExtractionsValueParam]:
    return {
        "email": {"type": "string", "description": "Customer e-mail", "required": True},
        "age": {"type": "number", "description": "Age"},
    }


def extractions_as_models() -> dict[str, bb.CreateChatDeploymentRequestExtractionsValue]:
    value_type = bb.CreateChatDeploymentRequestExtractionsValueType
    return {
        "email": bb.CreateChatDeploymentRequestExtractionsValue(
            type=value_type.STRING, description="Customer e-mail", required=True
        ),
        "age": bb.CreateChatDeploymentRequestExtractionsValue(
            type=value_type.NUMBER, description="Age"
        ),
    }


@pytest.mark.parametrize("form", ["dicts", "models"])
async def test_nested_objects_as_dicts_or_models(form: str, mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(BRAINBASE))
    client = BRAINBASE.client(mode, recorder)
    if form == "dicts":
        await BRAINBASE.call(
            client, success_criteria=criteria_as_dicts(), extractions=extractions_as_dicts()
        )
    else:
        await BRAINBASE.call(
            client, success_criteria=criteria_as_models(), extractions=extractions_as_models()
        )
    sent = body_of(recorder.last)
    assert sent["successCriteria"] == CRITERIA_WIRE
    assert sent["extractions"] == EXTRACTIONS_WIRE
    assert "success_criteria" not in sent


def test_typed_nested_arguments_sync(recorder: Recorder) -> None:
    """The same call written with the TypedDicts and models, checked by mypy too."""
    recorder.script(ok(BRAINBASE))
    client = bb.BrainbaseLabs(api_key=BB_KEY, http_client=recorder.sync_client())
    client.workers.deployments.chat.create(
        "w1",
        name="n",
        flow_id="f",
        success_criteria=[*criteria_as_dicts()[:1], *criteria_as_models()[1:]],
        extractions={**extractions_as_models(), "email": extractions_as_dicts()["email"]},
    )
    sent = body_of(recorder.last)
    assert sent["successCriteria"] == CRITERIA_WIRE
    assert sent["extractions"] == {
        "age": EXTRACTIONS_WIRE["age"],
        "email": EXTRACTIONS_WIRE["email"],
    }


@pytest.mark.parametrize("channel", [CreateChatRequestChannel.WHATSAPP, "whatsapp"])
async def test_enum_member_or_string(
    channel: CreateChatRequestChannel | str, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(POLYAI))
    await POLYAI.call(POLYAI.client(mode, recorder), channel=channel)
    assert body_of(recorder.last) == {"channel": "whatsapp"}


# -- PolyAI's optional body ---------------------------------------------------------------------


async def test_polyai_optional_body_with_nothing_set_sends_no_body(
    mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(POLYAI))
    client = POLYAI.client(mode, recorder)
    result = await POLYAI.call(client, channel=POLYAI.package.NOT_GIVEN)
    assert result.conversation_id == "CONV-1"
    request = recorder.last
    assert request.content == b""
    assert "content-type" not in request.headers
    assert request.headers.get("content-length") in (None, "0")
    assert str(request.url) == POLYAI.url


def test_polyai_typed_call_without_body(recorder: Recorder) -> None:
    recorder.script(ok(POLYAI))
    PolyAI(api_key=POLY_KEY, token=POLY_TOKEN, http_client=recorder.sync_client()).chat.create(
        "v1", "ACCOUNT-1", "PROJECT-1"
    )
    assert recorder.last.content == b""
    assert "content-type" not in recorder.last.headers


async def test_polyai_extra_body_alone_is_a_json_body(mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(POLYAI))
    client = POLYAI.client(mode, recorder)
    await POLYAI.call(client, channel=POLYAI.package.NOT_GIVEN, extra_body={"beta": True})
    assert body_of(recorder.last) == {"beta": True}


# -- extra_body / extra_headers / extra_query ---------------------------------------------------


async def test_extra_body_merges_and_overrides(api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder)
    first_key = next(iter(api.json_body))
    await api.call(client, extra_body={"experimental": {"x": [1]}, first_key: "override"})
    assert body_of(recorder.last) == {
        **api.json_body,
        "experimental": {"x": [1]},
        first_key: "override",
    }


async def test_extra_headers_merge_in(api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder)
    await api.call(client, extra_headers={"X-Trace-Id": "trace-1", "X-Feature": "on"})
    request = recorder.last
    assert request.headers["x-trace-id"] == "trace-1"
    assert request.headers["x-feature"] == "on"
    for name, value in api.auth_headers.items():
        assert request.headers[name] == value
    assert body_of(request) == dict(api.json_body)


@pytest.mark.parametrize(
    ("name", "value"),
    [("accept", "application/vnd.test+json"), ("user-agent", "my-app/2.0"), ("X-Custom", "v")],
)
async def test_extra_headers_replace_defaults_whatever_their_case(
    name: str, value: str, api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder, default_headers={"x-custom": "default"})
    await api.call(client, extra_headers={name: value})
    request = recorder.last
    assert request.headers.get_list(name) == [value]
    assert len(header_names(request)) == len(set(header_names(request)))


async def test_extra_content_type_is_not_duplicated(mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(BRAINBASE))
    client = BRAINBASE.client(mode, recorder)
    await BRAINBASE.call(client, extra_headers={"content-type": "application/vnd.api+json"})
    assert recorder.last.headers.get_list("content-type") == ["application/vnd.api+json"]


async def test_extra_query_merges_in(api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder)
    await api.call(client, extra_query={"dry_run": True, "tag": ["a", "b"], "q": "x y&z"})
    request = recorder.last
    assert request.url.copy_with(query=None) == api.url
    assert request.url.params.multi_items() == [
        ("dry_run", "true"),
        ("tag", "a"),
        ("tag", "b"),
        ("q", "x y&z"),
    ]
    assert body_of(request) == dict(api.json_body)


# -- path parameters ----------------------------------------------------------------------------

BRAINBASE_PREFIX = "https://brainbase-monorepo-api.onrender.com/api/workers/"


@pytest.mark.parametrize(
    ("worker_id", "segment"),
    [
        ("a/b c", "a%2Fb%20c"),
        ("../admin", "..%2Fadmin"),
        ("../../x?y=1#z", "..%2F..%2Fx%3Fy%3D1%23z"),
        ("q?x=1", "q%3Fx%3D1"),
        ("frag#x", "frag%23x"),
        ("%2F", "%252F"),
        ("é&+;", "%C3%A9%26%2B%3B"),
        ("..", "%2E%2E"),
        (".", "%2E"),
    ],
)
async def test_path_values_are_encoded_whole(
    worker_id: str, segment: str, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(BRAINBASE))
    client = BRAINBASE.client(mode, recorder)
    await BRAINBASE.call(client, worker_id=worker_id)
    request = recorder.last
    assert request.url.raw_path.decode() == f"/api/workers/{segment}/deployments/chat"
    assert str(request.url) == f"{BRAINBASE_PREFIX}{segment}/deployments/chat"
    assert request.url.query == b""
    assert request.url.fragment == ""


@pytest.mark.parametrize("value", ["..", ".", "../..", "a/../.."])
async def test_path_values_cannot_climb_out_of_a_base_url_prefix(
    value: str, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(POLYAI))
    client = POLYAI.client(mode, recorder, base_url="https://gateway.example/polyai/")
    await POLYAI.call(client, version=value, account_id=value, project_id=value)
    path = recorder.last.url.raw_path.decode()
    assert path.startswith("/polyai/")
    assert path.endswith("/chat/create")
    assert len(path.split("/")) == len(["", "polyai", "v", "a", "p", "chat", "create"])


async def test_empty_path_value_is_rejected(mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(BRAINBASE))
    client = BRAINBASE.client(mode, recorder)
    with pytest.raises(ValueError, match="workerId"):
        await BRAINBASE.call(client, worker_id="")
    assert recorder.requests == []

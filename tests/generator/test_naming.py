"""Naming rules: valid, distinct, stable identifiers; wire names kept as aliases."""

from __future__ import annotations

import keyword

import pytest

from generator.naming.registry import Namespace
from generator.naming.words import class_name, constant_name, identifier, pascal, snake
from generator.python.order import all_order, import_order


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("flowId", "flow_id"),
        ("X-API-KEY", "x_api_key"),
        ("chatCreate", "chat_create"),
        ("HTTPServerURL", "http_server_url"),
        ("uponai_dynamic_variables", "uponai_dynamic_variables"),
        ("foo-bar", "foo_bar"),
        ("FooBar", "foo_bar"),
        ("foo.bar/baz", "foo_bar_baz"),
        ("Ünïcödé name", "unicode_name"),
        ("日本", ""),
    ],
)
def test_snake(text: str, expected: str) -> None:
    assert snake(text) == expected


def test_identifier_avoids_keywords_reserved_names_and_leading_digits() -> None:
    assert identifier("class") == "class_"
    assert identifier("modelConfig", reserved={"model_config"}) == "model_config_"
    assert identifier("2fa") == "n_2_fa"
    assert identifier("") == "value"
    assert identifier("日本", fallback="field") == "field"
    for word in keyword.kwlist:
        assert not keyword.iskeyword(identifier(word))
        assert identifier(word).isidentifier()


def test_class_names_keep_valid_schema_names_and_fix_the_rest() -> None:
    assert class_name("ChatDeployment") == "ChatDeployment"
    assert class_name("chat deployment") == "ChatDeployment"
    assert class_name("successCriteria") == "SuccessCriteria"
    assert class_name("404Error") == "Model404Error"
    assert class_name("None") == "None_"
    assert pascal("X-API-KEY") == "XApiKey"


def test_constant_names() -> None:
    assert constant_name("web_chat") == "WEB_CHAT"
    assert constant_name("1st") == "VALUE_1_ST"
    assert constant_name("") == "VALUE"


def test_namespace_resolves_clashes_in_claim_order() -> None:
    names = Namespace({"taken"})
    claims = [
        names.claim(identifier(text))
        for text in ("fooBar", "foo_bar", "FooBar", "foo-bar", "taken")
    ]
    assert claims == ["foo_bar", "foo_bar_2", "foo_bar_3", "foo_bar_4", "taken_2"]
    folded = Namespace(fold_case=True)
    assert [folded.claim(n) for n in ("Models", "models")] == ["Models", "models_2"]


NAMES = [
    "AccountsEmail",
    "AccountSettings",
    "ARecord",
    "AAAARecord",
    "Access",
    "Model10",
    "Model2",
    "Zeta_2",
    "Zeta",
    "ZETA",
    "A_B",
    "ab",
]


def test_import_lists_sort_like_ruff_isort() -> None:
    assert import_order(NAMES) == (
        "A_B",
        "ZETA",
        "AAAARecord",
        "Access",
        "AccountsEmail",
        "AccountSettings",
        "ARecord",
        "Model2",
        "Model10",
        "Zeta",
        "Zeta_2",
        "ab",
    )


def test_dunder_all_sorts_like_ruff_ruf022() -> None:
    assert all_order(NAMES) == (
        "A_B",
        "ZETA",
        "AAAARecord",
        "ARecord",
        "Access",
        "AccountSettings",
        "AccountsEmail",
        "Model2",
        "Model10",
        "Zeta",
        "Zeta_2",
        "ab",
    )

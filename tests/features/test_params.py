"""Parameters: path, query, header and cookie; path-level parameters; style/explode of arrays
and objects (exact query strings); names that clash between locations."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from feature_harness import MODES, FeatureSet, Mode, json_of

# ---------------------------------------------------------------------------------- locations


@pytest.mark.parametrize("mode", MODES)
async def test_every_location_lands_in_its_place(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("params_locations")
    _, request = await f.acall(
        mode, "getItem", "o1", "i/2 3", q="a b", page=2, x_trace="t-1", session="s1", lang="en"
    )
    assert request.url.raw_path.split(b"?")[0] == b"/orgs/o1/items/i%2F2%203"
    assert request.url.params.multi_items() == [("q", "a b"), ("page", "2")]
    assert request.headers["x-trace"] == "t-1"
    assert request.headers["cookie"] == "session=s1; lang=en"


def test_optional_parameters_left_out_are_not_sent(features: FeatureSet) -> None:
    f = features.feature("params_locations")
    _, request = f.call("getItem", "o1", "i1", q="x", x_trace="t")
    assert request.url.query == b"q=x"
    assert "cookie" not in request.headers
    assert "x-request-id" not in request.headers


def test_path_level_parameters_apply_to_every_operation(features: FeatureSet) -> None:
    f = features.feature("params_locations")
    for op_id in ("getItem", "deleteItem"):
        params = f.signature(op_id).parameters
        assert list(params)[:2] == ["org_id", "item_id"], op_id
        assert "x_request_id" in params, op_id
    _, request = f.call("getItem", "o1", "i1", q="x", x_trace="t", x_request_id="r-1", verbose=True)
    assert request.headers["x-request-id"] == "r-1"
    assert request.url.params["verbose"] == "true"


def test_operation_level_parameter_overrides_the_path_level_one(features: FeatureSet) -> None:
    f = features.feature("params_locations")
    verbose = f.signature("deleteItem").parameters["verbose"]
    assert verbose.default is verbose.empty, "the DELETE operation makes `verbose` required"
    get_verbose = f.signature("getItem").parameters["verbose"]
    assert get_verbose.default is not get_verbose.empty
    _, request = f.call("deleteItem", "o1", "i1", verbose=False)
    assert (request.method, request.url.query) == ("DELETE", b"verbose=false")


# ------------------------------------------------------------------------------------- styles
#
# Exact strings are those of the OpenAPI style-examples table (3.1.1 / 3.2, RFC 3986 encoding):
# form explode=false joins with a literal comma, spaceDelimited with %20, pipeDelimited with
# %7C, deepObject percent-encodes its brackets.


def _query(features: FeatureSet, **kwargs: Any) -> bytes:
    f = features.feature("params_styles")
    _, request = f.call("search", **kwargs)
    return request.url.query


def _pairs(features: FeatureSet, **kwargs: Any) -> list[tuple[str, str]]:
    f = features.feature("params_styles")
    _, request = f.call("search", **kwargs)
    return request.url.params.multi_items()


def test_style_form_explode_array(features: FeatureSet) -> None:
    assert _query(features, tags=["a", "b"]) == b"tags=a&tags=b"


def test_style_form_no_explode_array_values(features: FeatureSet) -> None:
    assert _pairs(features, ids=[1, 2, 3]) == [("ids", "1,2,3")]


def test_style_form_no_explode_array_exact(features: FeatureSet) -> None:
    assert _query(features, ids=[1, 2, 3]) == b"ids=1,2,3"


def test_style_space_delimited_values(features: FeatureSet) -> None:
    assert _pairs(features, words=["a", "b"]) == [("words", "a b")]


def test_style_space_delimited_exact(features: FeatureSet) -> None:
    assert _query(features, words=["a", "b"]) == b"words=a%20b"


def test_style_pipe_delimited(features: FeatureSet) -> None:
    assert _pairs(features, codes=["a", "b"]) == [("codes", "a|b")]
    assert _query(features, codes=["a", "b"]) == b"codes=a%7Cb"


def test_style_deep_object_with_a_model(features: FeatureSet) -> None:
    m = features.feature("params_styles").module
    query = _query(features, filter=m.Color(r=100, g=200))
    assert query == b"filter%5BR%5D=100&filter%5BG%5D=200"


def test_style_deep_object_with_a_typed_dict(features: FeatureSet) -> None:
    query = _query(features, filter={"r": 100, "g": 200})
    assert query == b"filter%5BR%5D=100&filter%5BG%5D=200"


def test_style_form_explode_object(features: FeatureSet) -> None:
    assert _query(features, point={"x": 1, "y": 2}) == b"x=1&y=2"


def test_style_form_no_explode_object_values(features: FeatureSet) -> None:
    assert _pairs(features, box={"x": 1, "y": 2}) == [("box", "x,1,y,2")]


def test_style_form_no_explode_object_exact(features: FeatureSet) -> None:
    assert _query(features, box={"x": 1, "y": 2}) == b"box=x,1,y,2"


def test_style_delimited_objects_exact(features: FeatureSet) -> None:
    m = features.feature("params_styles").module
    assert _query(features, tone=m.Color(r=1, g=2)) == b"tone=R%201%20G%202"
    assert _query(features, hue=m.Color(r=1, g=2)) == b"hue=R%7C1%7CG%7C2"


def test_objects_given_as_models_are_sent_with_wire_names(features: FeatureSet) -> None:
    m = features.feature("params_styles").module
    assert _query(features, shade=m.Color(r=1, g=2)) == b"R=1&G=2"
    assert _query(features, tint=m.Color(r=1, g=2)) == b"tint=R,1,G,2"


def test_separator_characters_in_values_are_encoded(features: FeatureSet) -> None:
    """Only the separators a style defines stay literal: an item's own `,` `&` `=` `#` `+`,
    space, `%` or non-ASCII character is percent-encoded, so `a%2Cb` is one item."""
    values = ["a,b", "c&d=e#f", "g+h i", "%2C", "é"]
    assert _query(features, labels=values) == b"labels=a%2Cb,c%26d%3De%23f,g%2Bh+i,%252C,%C3%A9"
    assert _pairs(features, labels=values) == [("labels", ",".join(values))]
    assert _query(features, tint={"R": "1,2&x=3"}) == b"tint=R,1%2C2%26x%3D3"
    assert _query(features, words=["a+b", "c,d&e"]) == b"words=a%2Bb%20c%2Cd%26e"
    assert _query(features, codes=["a,b", "c d"]) == b"codes=a%2Cb%7Cc+d"
    assert _query(features, filter={"R": "1&filter[G]=2"}) == (
        b"filter%5BR%5D=1%26filter%5BG%5D%3D2"
    )


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("words", ["a b", "c"]),
        ("codes", ["a|b", "c"]),
        ("tone", {"R": "1 2"}),
        ("hue", {"R": "1|2"}),
    ],
)
def test_an_item_holding_its_styles_delimiter_is_refused(
    features: FeatureSet, argument: str, value: object
) -> None:
    """spaceDelimited and pipeDelimited have no escape for their delimiter: encoded, an item's
    own space or pipe would read as two items."""
    with pytest.raises(ValueError, match="delimiter"):
        _query(features, **{argument: value})


def test_plain_scalars_are_encoded_as_httpx_encodes_them(features: FeatureSet) -> None:
    f = features.feature("params_locations")
    _, request = f.call("getItem", "o1", "i1", q="a b+c&d=é/~", x_trace="t")
    assert request.url.query == str(httpx.QueryParams({"q": "a b+c&d=é/~"})).encode()
    assert request.url.query == b"q=a+b%2Bc%26d%3D%C3%A9%2F~"


def test_form_objects_given_as_typed_dicts_are_sent_with_wire_names(features: FeatureSet) -> None:
    assert _query(features, shade={"r": 1, "g": 2}) == b"R=1&G=2"
    assert _query(features, tint={"r": 1, "g": 2}) == b"tint=R,1,G,2"
    assert _query(features, tone={"r": 1, "g": 2}) == b"tone=R%201%20G%202"


def test_keys_already_spelled_as_wire_names_are_sent_as_given(features: FeatureSet) -> None:
    assert _query(features, shade={"R": 1, "extra": "x"}) == b"R=1&extra=x"


def test_nested_typed_dicts_are_sent_with_wire_names(features: FeatureSet) -> None:
    """Through nested TypedDicts and lists of them (OpenAPI leaves the serialization of nested
    objects undefined: they are written in the simple style)."""
    area = {"fill": {"r": 1}, "corners": [{"g": 2}, {"b": 3}], "origin": {"x": 4}}
    assert _query(features, area=area) == (
        b"area%5BFill%5D=R%2C1&area%5BCorners%5D=G%2C2%2CB%2C3&area%5BOrigin%5D=x%2C4"
    )


def _wire_keys(keys: Any) -> dict[str, Any]:
    return {k.key: (k.wire_name, _wire_keys(k.nested)) for k in keys}


def test_key_tables_are_decided_in_the_ir(features: FeatureSet) -> None:
    op = features.feature("params_styles").operation("search")
    by_wire = {p.wire_name: p for p in op.query_params}
    color = {"r": ("R", {}), "g": ("G", {}), "b": ("B", {})}
    assert _wire_keys(by_wire["filter"].wire_keys) == color
    assert _wire_keys(by_wire["area"].wire_keys) == {
        "fill": ("Fill", color),
        "corners": ("Corners", color),
        "origin": ("Origin", {}),
    }
    assert by_wire["point"].wire_keys == ()  # x and y are already their wire names
    assert [p.wire_name for p in op.keyed_query] == [
        p.wire_name for p in op.query_params if p.wire_keys
    ]


def test_key_tables_stop_at_recursion_and_leave_out_keys_union_members_disagree_on(
    features: FeatureSet,
) -> None:
    op = features.feature("params_styles").operation("search")
    by_wire = {p.wire_name: p for p in op.query_params}
    # Node.kids holds Nodes: the table does not expand Node inside itself.
    assert _wire_keys(by_wire["tree"].wire_keys) == {
        "label": ("Label", {}),
        "kids": ("Kids", {}),
    }
    # Color's `r` is R, Dot's `r` is r: a dict's `r` is sent as given.
    assert _wire_keys(by_wire["either"].wire_keys) == {
        "g": ("G", {}),
        "b": ("B", {}),
        "size": ("Size", {}),
    }
    assert _query(features, tree={"label": "a", "kids": [{"label": "b"}]}) == (
        b"tree%5BLabel%5D=a&tree%5BKids%5D=label%2Cb"
    )
    assert _query(features, either={"r": 1, "size": 2}) == b"r=1&Size=2"


def test_style_simple_array_header(features: FeatureSet) -> None:
    f = features.feature("params_styles")
    _, request = f.call("search", x_ids=[1, 2])
    assert request.headers["x-ids"] == "1,2"


def test_style_simple_array_path(features: FeatureSet) -> None:
    f = features.feature("params_styles")
    _, request = f.call("getMatrix", [1, 2, 3])
    assert request.url.raw_path == b"/matrix/1,2,3"


# ------------------------------------------------------------------------------ name clashes


def test_same_name_in_path_and_query(features: FeatureSet) -> None:
    f = features.feature("params_clash")
    op = f.operation("getItem")
    assert [p.arg for p in op.path_params] == ["id"]
    assert [p.arg for p in op.query_params] == ["id_query"]
    _, request = f.call("getItem", "p-1", id_query="q-1")
    assert request.url.path == "/items/p-1"
    assert request.url.query == b"id=q-1"


def test_same_name_in_body_query_header_and_path(features: FeatureSet) -> None:
    f = features.feature("params_clash")
    op = f.operation("updateItem")
    args = {
        "path": [p.arg for p in op.path_params],
        "query": [p.arg for p in op.query_params],
        "header": [p.arg for p in op.header_params],
        "body": [b.arg for b in op.body.fields],
    }
    everything = [arg for group in args.values() for arg in group]
    assert len(everything) == len(set(everything)), args
    assert args["path"] == ["id"]
    assert "name_body" in args["body"]
    assert "id_body" in args["body"]
    values: dict[str, Any] = {
        args["path"][0]: "p-1",
        args["query"][0]: "in-query",
        args["header"][0]: "in-header",
    }
    body_args = dict(zip((b.wire_name for b in op.body.fields), args["body"], strict=True))
    values[body_args["name"]] = "in-body"
    values[body_args["id"]] = "body-id"
    path_value = values.pop("id")
    _, request = f.call("updateItem", path_value, **values)
    assert request.url.path == "/items/p-1"
    assert request.url.params.multi_items() == [("name", "in-query")]
    assert request.headers["name"] == "in-header"
    assert json_of(request) == {"name": "in-body", "id": "body-id"}

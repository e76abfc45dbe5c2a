"""Issue 15: models parsed from responses dump with `to_dict()` / `to_json()` and their
`by_alias`, `exclude_unset`, `exclude_none` and `indent` options, sync and async."""

from __future__ import annotations

import json

from harness import Api, Mode, Recorder, ok


async def test_response_models_dump_with_options(api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(api))
    result = await api.call(api.client(mode, recorder))
    assert isinstance(result, api.model)
    assert result.to_dict() == dict(api.ok_body)
    python_names = result.to_dict(by_alias=False)
    assert python_names == result.model_dump(mode="json", exclude_unset=True)
    assert set(python_names) == set(result.model_fields_set) | set(result.model_extra or {})
    text = result.to_json(indent=2)
    assert text.startswith('{\n  "')
    assert json.loads(text) == dict(api.ok_body)
    assert json.loads(result.to_json()) == dict(api.ok_body)
    assert "\n" not in result.to_json()
    everything = result.to_dict(exclude_unset=False)
    assert set(everything) >= set(api.ok_body)
    assert None not in result.to_dict(exclude_unset=False, exclude_none=True).values()

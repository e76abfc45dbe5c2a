"""Issue 15: `default_query` on the client (constructor and `with_options`), under each call's
`extra_query`; `copy()` is `with_options`."""

from __future__ import annotations

from harness import Api, Mode, Recorder, assert_sent, ok


async def test_default_query_is_sent_with_every_call(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder, default_query={"tenant": "t1", "trace": "on"})
    await api.call(client)
    assert_sent(api, recorder.last, url=f"{api.url}?tenant=t1&trace=on")


async def test_extra_query_wins_over_default_query(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder, default_query={"tenant": "t1", "trace": "on"})
    await api.call(client, extra_query={"tenant": "t2"})
    assert_sent(api, recorder.last, url=f"{api.url}?trace=on&tenant=t2")


async def test_with_options_merges_default_query(api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder, default_query={"tenant": "t1", "trace": "on"})
    other = client.with_options(default_query={"tenant": "t3"})
    await api.call(other)
    assert_sent(api, recorder.last, url=f"{api.url}?tenant=t3&trace=on")
    await api.call(client)
    assert_sent(api, recorder.last, url=f"{api.url}?tenant=t1&trace=on")
    await api.call(client.with_options(max_retries=0))
    assert_sent(api, recorder.last, url=f"{api.url}?tenant=t1&trace=on")


async def test_copy_is_with_options(api: Api, mode: Mode, recorder: Recorder) -> None:
    cls = api.sync_class if mode == "sync" else api.async_class
    assert cls.copy is cls.with_options
    recorder.script(ok(api))
    client = api.client(mode, recorder)
    copied = client.copy(default_query={"a": "1"}, max_retries=5)
    assert type(copied) is cls
    assert copied.max_retries == 5
    await api.call(copied)
    assert_sent(api, recorder.last, url=f"{api.url}?a=1")

"""Issue 15: headers that identify the client (as the vendor SDKs send `X-Stainless-*`), each
documented, all switched off with `platform_headers=False`."""

from __future__ import annotations

import platform

import httpx
from harness import PLATFORM_HEADERS, Answer, Api, Mode, Recorder, ok, respond


async def test_platform_headers_identify_the_client(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(ok(api))
    await api.call(api.client(mode, recorder))
    headers = recorder.last.headers
    assert {name: headers.get_list(name) for name in PLATFORM_HEADERS} == {
        "x-clientgen-lang": ["python"],
        "x-clientgen-package": [api.id],
        "x-clientgen-package-version": [api.version],
        "x-clientgen-os": [platform.system() or "unknown"],
        "x-clientgen-arch": [platform.machine().lower() or "unknown"],
        "x-clientgen-runtime": [platform.python_implementation()],
        "x-clientgen-runtime-version": [platform.python_version()],
        "x-clientgen-async": ["true" if mode == "async" else "false"],
        "x-clientgen-retry-count": ["0"],
    }


async def test_retry_count_counts_the_retries(api: Api, mode: Mode, recorder: Recorder) -> None:
    sent: list[str] = []  # as sent: the runtime sends the same request object again

    def seen(answer: Answer) -> Answer:
        def record(request: httpx.Request) -> httpx.Response:
            sent.append(request.headers["x-clientgen-retry-count"])
            return answer(request)

        return record

    recorder.script(seen(respond(503, {})), seen(respond(429, {})), seen(ok(api)))
    await api.call(api.client(mode, recorder))
    assert sent == ["0", "1", "2"]


async def test_platform_headers_false_sends_none_of_them(
    api: Api, mode: Mode, recorder: Recorder
) -> None:
    recorder.script(respond(503, {}), ok(api))
    client = api.client(mode, recorder, platform_headers=False)
    await api.call(client)
    for request in recorder.requests:
        assert not [name for name in request.headers if name.startswith("x-clientgen-")]
        # the User-Agent names the client and its version, not the Python version
        assert request.headers["user-agent"] == f"{api.client_name}/Python {api.version}"
    await api.call(client.with_options(max_retries=0))
    assert "x-clientgen-lang" not in recorder.last.headers
    await api.call(client.copy(platform_headers=True))
    assert recorder.last.headers["x-clientgen-lang"] == "python"


async def test_a_platform_header_can_be_replaced(api: Api, mode: Mode, recorder: Recorder) -> None:
    recorder.script(ok(api))
    client = api.client(mode, recorder, default_headers={"X-Clientgen-OS": "hidden"})
    await api.call(client)
    assert recorder.last.headers.get_list("x-clientgen-os") == ["hidden"]

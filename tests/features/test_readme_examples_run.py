"""Every feature package's README examples run against a Prism mock of its own spec: each
operation's example call is a request the spec accepts (no violation Prism logs), answered and
parsed; the other examples build what they say. (The seeds' are run by the contract tests; all
are type-checked by test_feature_static_checks.)"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from feature_harness import POSITIVE, SOURCES, FeatureSet, package_name

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "contract"))
from prism import PrismServer

NOT_MOCKED = {
    # Prism cannot serve or check these documents:
    "lenient_dangling_ref": "an invalid document on purpose (a dangling $ref): Prism refuses to load it",
    "sse": "Prism answers a text/event-stream of objects with 500 (cannot serialise them)",
    "params_styles": "Prism stops answering on its matrix- and label-style path parameters",
    "multipart_files": "Prism does not read repeated multipart parts as an array (photos)",
    "discriminator": "Cat and Dog differ only by the mapping, so every pet body matches both and "
    "JSON Schema's oneOf, which Prism checks, refuses it",
    "spelling_edges": "a binary string under application/json: no body is both the file and JSON",
    # what an example made from types alone cannot know:
    "narrowing_keywords": "`not`/`if` constraints the example values do not meet",
}
"""Feature specs whose README examples are type-checked but not run, and why."""


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[PrismServer]:
    spec, _ = SOURCES[request.param]
    prism = PrismServer(spec).start()
    try:
        yield prism
    finally:
        prism.stop()


@pytest.mark.parametrize(
    ("stem", "server"),
    [(stem, stem) for stem in POSITIVE if stem not in NOT_MOCKED],
    indirect=["server"],
)
def test_readme_examples_run_against_prism(
    features: FeatureSet, server: PrismServer, stem: str, tmp_path: Path
) -> None:
    api = features.generated(stem).api
    program = features.out / f"readme_{package_name(stem)}.py"
    env = {k: v for k, v in os.environ.items() if not k.startswith(f"{api.env_prefix}_")}
    env[f"{api.env_prefix}_BASE_URL"] = server.base_url
    for scheme in api.security_schemes:
        for credential in scheme.credentials:
            env[credential.env_var] = f"test-{credential.arg}"
    env["PYTHONPATH"] = str(features.out)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    mark = server.mark()
    done = subprocess.run(
        [sys.executable, str(program)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert server.violations_since(mark) == []

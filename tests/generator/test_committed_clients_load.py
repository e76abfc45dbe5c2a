"""The committed clients load as their users load them: every module, both clients, every
resource (see tests/load_everything.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from load_everything import load_everything

from generator.config import ClientConfig, load_config
from generator.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
CONFIG = load_config(ROOT / "pyproject.toml")


@pytest.mark.parametrize("client", CONFIG.clients, ids=lambda c: c.options.package)
def test_every_module_of_a_committed_client_loads(client: ClientConfig) -> None:
    api = build(client.spec, client.options, str(client.spec))
    assert load_everything(CONFIG.output, api) == []

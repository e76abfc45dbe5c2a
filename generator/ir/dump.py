"""`clientgen ir`: the intermediate model as stable JSON."""

from __future__ import annotations

import json
from dataclasses import asdict

from . import Api


def ir_json(api: Api) -> str:
    """The intermediate model as stable JSON."""
    data = asdict(api)
    data.pop("warnings", None)
    return json.dumps(data, indent=2, sort_keys=True, default=str) + "\n"

"""Load a generated package the way its users will: every module, both clients, every resource.

`mypy --strict` and `import package` are not enough: models and resources load lazily, so a
module that raises `NameError` when loaded (a name used before it is defined, an import that is
missing) only fails when a user first touches it. `load_everything` runs, in a fresh interpreter:

- `import` of every module of the package, twice, each time in a fresh interpreter: once in
  sorted order and once in reverse, so that no module works only because another loaded first;
- `model_rebuild(raise_errors=True)` of every pydantic model of the package (a forward
  reference that cannot be resolved fails here, not at the first response);
- the sync and the async client built with a dummy value for every credential, and every
  resource of the IR touched on both, and on their `with_raw_response` and
  `with_streaming_response` views.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator import ir

SCRIPT = r"""
import importlib, inspect, json, pkgutil, sys
import pydantic

package_name, order, plan = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
package = importlib.import_module(package_name)
names = sorted(m.name for m in pkgutil.walk_packages(package.__path__, package_name + "."))
if order == "reverse":
    names.reverse()
modules = [importlib.import_module(name) for name in names]
for module in modules:
    for value in list(vars(module).values()):
        if (
            inspect.isclass(value)
            and issubclass(value, pydantic.BaseModel)
            and value.__module__ == module.__name__
        ):
            value.model_rebuild(raise_errors=True)
clients = [getattr(package, plan["client"]), getattr(package, plan["async_client"])]
for cls in clients:
    client = cls(base_url="http://localhost:9", **plan["credentials"])
    for root in (client, client.with_raw_response, client.with_streaming_response):
        for path in plan["resources"]:
            node = root
            for attr in path.split("."):
                node = getattr(node, attr)
            if root is client:  # each resource's own views
                node.with_raw_response, node.with_streaming_response
print("loaded", len(names), "modules")
"""


def plan_of(api: ir.Api) -> dict[str, object]:
    """What the script needs to know of the IR: class names, credentials, resource paths."""
    credentials = {
        credential.arg: f"test-{credential.arg}"
        for scheme in api.security_schemes
        for credential in scheme.credentials
    }
    resources: list[str] = []
    pending = [module.root for module in api.resources]
    while pending:
        resource = pending.pop()
        resources.append(resource.path)
        pending.extend(resource.children)
    return {
        "client": api.client_name,
        "async_client": api.async_client_name,
        "credentials": credentials,
        "resources": sorted(set(resources)),
    }


def load_everything(directory: Path, api: ir.Api, timeout: float = 900) -> list[str]:
    """Problems found loading `directory/<api.package>` (empty when it all loads)."""
    problems: list[str] = []
    plan = json.dumps(plan_of(api))
    for order in ("sorted", "reverse"):
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT, api.package, order, plan],
            cwd=directory,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            problems.append(f"{api.package} ({order} order): {result.stderr.strip()[-3000:]}")
    return problems

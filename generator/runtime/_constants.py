"""The package's own values: the one part of the runtime that differs between packages.

clientgen's own copy (generator/runtime/_constants.py) holds neutral placeholders; a generated
package's copy is rendered with its values (templates/package/_runtime/_constants.py.jinja).
"""

from __future__ import annotations

__version__ = "0.0.0"
PACKAGE = "clientgen_runtime"
ENV_PREFIX = "CLIENTGEN_RUNTIME"

"""Stage 4, build: openapi-pydantic objects -> the intermediate model (`ir`), in layers.

Each module is one stage and builds on the one before it: `context` (registries, names, the
transaction of a left-out part), `enums`, `schemas` (schema -> type), `unions`, `inheritance`,
`models`, `bodies`, `responses`, `security`, `operations`, `resources`, `api`. The recursion
between a schema's type and the model it creates goes through methods a lower stage declares
and a higher one provides, never through an import of a higher stage.
"""

from ..options import ClientOptions
from .api import build_api

__all__ = ["ClientOptions", "build_api"]

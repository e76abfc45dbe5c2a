"""Transport, retries, request building and response parsing, shared by every resource.

The runtime of a generated package, copied into it as its `_runtime` subpackage: the modules
are the same in every package but for `_constants` (the package's name, version and
environment prefix). This module re-exports what the generated code imports from it.
"""

from ._constants import __version__ as __version__
from ._models import Base64Bytes as Base64Bytes
from ._models import BaseModel as BaseModel
from ._models import ByDeclaredValues as ByDeclaredValues
from ._models import OpenIntEnum as OpenIntEnum
from ._models import OpenStrEnum as OpenStrEnum
from ._models import subtype_validator as subtype_validator
from ._models import tagged_union as tagged_union
from ._resources import AsyncAPIResource as AsyncAPIResource
from ._resources import SyncAPIResource as SyncAPIResource
from ._resources import async_to_raw_response_wrapper as async_to_raw_response_wrapper
from ._resources import async_to_streamed_response_wrapper as async_to_streamed_response_wrapper
from ._resources import to_raw_response_wrapper as to_raw_response_wrapper
from ._resources import to_streamed_response_wrapper as to_streamed_response_wrapper
from ._responses import APIResponse as APIResponse
from ._responses import AsyncAPIResponse as AsyncAPIResponse
from ._streaming import AsyncStream as AsyncStream
from ._streaming import Stream as Stream
from ._transport import DEFAULT_MAX_RESPONSE_SIZE as DEFAULT_MAX_RESPONSE_SIZE
from ._transport import DEFAULT_MAX_RETRIES as DEFAULT_MAX_RETRIES
from ._transport import AsyncAPIClient as AsyncAPIClient
from ._transport import SyncAPIClient as SyncAPIClient
from ._types import NOT_GIVEN as NOT_GIVEN
from ._types import Body as Body
from ._types import Endpoint as Endpoint
from ._types import FileTypes as FileTypes
from ._types import Headers as Headers
from ._types import NotGiven as NotGiven
from ._types import Query as Query
from ._types import Timeout as Timeout

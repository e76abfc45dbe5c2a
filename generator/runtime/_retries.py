"""When to retry and how long to wait: the status codes worth another attempt, the server's
`Retry-After` (seconds, an HTTP date or `retry-after-ms`), and exponential backoff with jitter."""

from __future__ import annotations

import datetime as _dt
import email.utils
import random

import httpx

INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
RETRYABLE_STATUS = frozenset({408, 409, 429})


def _retry_after(response: httpx.Response | None) -> float | None:
    if response is None:
        return None
    header = response.headers.get("retry-after-ms")
    if header is not None:
        try:
            return float(header) / 1000.0
        except ValueError:
            pass
    header = response.headers.get("retry-after")
    if header is None:
        return None
    try:
        return float(header)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None  # neither seconds nor an HTTP date: ignore it, back off instead
    if parsed is None:
        return None
    return (parsed - _dt.datetime.now(parsed.tzinfo)).total_seconds()


def retry_delay(attempt: int, response: httpx.Response | None) -> float:
    """Seconds to wait before retry number `attempt` (0-based)."""
    after = _retry_after(response)
    # `Retry-After: 0` (or less, or absurdly long) is no reason to retry at once: back off.
    if after is not None and 0 < after <= MAX_RETRY_AFTER:
        return after
    # The exponent is capped: 2.0**1024 overflows, and the delay is capped long before.
    delay = min(INITIAL_RETRY_DELAY * (2.0 ** min(attempt, 32)), MAX_RETRY_DELAY)
    return delay * (1.0 - 0.25 * random.random())  # noqa: S311 - jitter, not a secret


def should_retry(response: httpx.Response) -> bool:
    """Whether a response status is worth another attempt."""
    hint = response.headers.get("x-should-retry")
    if hint == "true":
        return True
    if hint == "false":
        return False
    return response.status_code in RETRYABLE_STATUS or response.status_code >= 500

"""When to send a failed request again: backoff with full jitter, and ``Retry-After``.

:class:`RetryPolicy` says how long to wait after a failed attempt (``None``: give up);
:func:`parse_retry_after` reads a server's ``Retry-After``. Neither sleeps nor draws random
numbers itself: :class:`vault_sync.dav.client.DavClient` does, through what it is given.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC

__all__ = ["RetryPolicy", "parse_retry_after"]


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter: ``rand() * min(cap, base * factor**(n-1))``."""

    attempts: int = 6
    base: float = 0.5
    factor: float = 2.0
    cap: float = 30.0
    max_retry_after: float = 120.0  # a longer Retry-After is not waited for here
    budget: float = 180.0  # seconds one request may take with all its attempts and waits

    def delay(
        self,
        attempt: int,
        retry_after: float | None,
        rand: Callable[[], float],
        elapsed: float = 0.0,
    ) -> float | None:
        """Seconds to wait after failed attempt number ``attempt`` (1-based), ``elapsed``
        seconds after the first began; ``None``: give up (too many attempts, or the wait
        would end past the budget)."""
        if attempt >= self.attempts:
            return None
        backoff = rand() * min(self.cap, self.base * self.factor ** (attempt - 1))
        if retry_after is not None:
            if retry_after > self.max_retry_after:
                return None
            backoff = max(backoff, retry_after)
        if elapsed + backoff >= self.budget:
            return None
        return backoff


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP-date; ``None`` if absent or bad."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if seconds >= 0 else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))

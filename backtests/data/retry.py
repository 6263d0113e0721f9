"""Retries with exponential backoff for the online sources."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from backtests.errors import FetchError

T = TypeVar("T")
log = logging.getLogger(__name__)


class Retryable(Exception):
    """Raised by a source for a transient failure (rate limit, timeout, 5xx)."""


def with_retries(call: Callable[[], T], what: str, attempts: int = 4, backoff: float = 2.0,
                 sleep: Callable[[float], None] | None = None) -> T:
    """Run `call`, retrying Retryable failures with waits of backoff, 2*backoff, ..."""
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except Retryable as e:
            if attempt == attempts:
                raise FetchError(f"{what}: gave up after {attempts} attempts ({e}); try again "
                                 "later, or import a snapshot with `playbook data import PATH`"
                                 ) from None
            wait = backoff * 2 ** (attempt - 1)
            log.warning("%s: %s; retry %d/%d in %.0fs", what, e, attempt, attempts - 1, wait)
            (sleep or time.sleep)(wait)
    raise AssertionError("unreachable")

"""Retries with exponential backoff for the online sources, and "no network" told apart.

A transient failure (rate limit, timeout, 5xx) is retried with waits of 2, 4, 8 s. A failure to
connect at all (DNS, connection refused, network unreachable) on the first series of a fetch
means there is no network: retrying every series would take minutes to say so.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from backtests.errors import FetchError, OfflineError

T = TypeVar("T")
log = logging.getLogger(__name__)


class Retryable(Exception):
    """Raised by a source for a transient failure (rate limit, timeout, 5xx)."""


class NoConnection(Retryable):
    """Raised by a source when it could not connect at all (DNS, refused, unreachable)."""


class GaveUp(FetchError):
    """Every attempt failed transiently: the source never answered."""


def with_retries(call: Callable[[], T], what: str, attempts: int = 4, backoff: float = 2.0,
                 sleep: Callable[[float], None] | None = None, offline_fails_fast: bool = False
                 ) -> T:
    """Run `call`, retrying Retryable failures with waits of backoff, 2*backoff, ...

    With `offline_fails_fast`, a NoConnection failure raises OfflineError at once.
    """
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except NoConnection as e:
            if offline_fails_fast:
                raise OfflineError(f"no network: {what} could not connect ({e}); connect to "
                                   "the internet and retry, or import a snapshot with "
                                   "`playbook data import PATH`") from None
            if attempt == attempts:
                raise _gave_up(what, attempts, e) from None
            _wait(what, e, attempt, attempts, backoff, sleep)
        except Retryable as e:
            if attempt == attempts:
                raise _gave_up(what, attempts, e) from None
            _wait(what, e, attempt, attempts, backoff, sleep)
    raise AssertionError("unreachable")


def _gave_up(what: str, attempts: int, e: Exception) -> GaveUp:
    return GaveUp(f"{what}: gave up after {attempts} attempts ({e}); try again later, or "
                      "import a snapshot with `playbook data import PATH`")


def _wait(what: str, e: Exception, attempt: int, attempts: int, backoff: float,
          sleep: Callable[[float], None] | None) -> None:
    wait = backoff * 2 ** (attempt - 1)
    log.warning("%s: %s; retry %d/%d in %.0fs", what, e, attempt, attempts - 1, wait)
    (time.sleep if sleep is None else sleep)(wait)

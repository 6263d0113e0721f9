"""Compiled state machines: the regime machine and every rule, written once.

Each kernel is a pure function of arrays. By default it is compiled by numba with cache=True
(no command recompiles after the first run); with PLAYBOOK_JIT=0 in the environment the same
functions run as plain Python, which is faster for a one-off read over a few thousand days
(`playbook now`, `regimes`) because it skips loading the compiler (~1 s of CPU).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])
JIT = os.environ.get("PLAYBOOK_JIT", "1") != "0"


def kernel(fn: F) -> F:
    """numba.njit(cache=True), or the function itself when PLAYBOOK_JIT=0."""
    if not JIT:
        return fn
    from numba import njit

    return njit(cache=True)(fn)  # type: ignore[return-value]

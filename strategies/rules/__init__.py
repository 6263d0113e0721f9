"""The built-in rules, each declared once (parameters, mixes, state machine, words).

`BUILT_IN` is the registry's starting list; strategies.registry adds user rules to it.
"""

from __future__ import annotations

from strategies.rules import benchmarks, contrarian, defensive, playbook, soft_landing
from strategies.strategy import Strategy

BUILT_IN: tuple[Strategy, ...] = (
    benchmarks.BUY_AND_HOLD, benchmarks.SIXTY_FORTY, benchmarks.STRATEGIC_STATIC,
    defensive.STRATEGY, contrarian.STRATEGY, soft_landing.STRATEGY, playbook.STRATEGY)

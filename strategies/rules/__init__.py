"""The built-in rules, each declared once: the scenario rules as TOML files (the same format a
user writes, strategies/rulefile.py), the benchmarks in Python (their mixes are computed from
their parameters). `BUILT_IN` is the registry's starting list.
"""

from __future__ import annotations

from pathlib import Path

from strategies.rulefile import load_toml_rule
from strategies.rules import benchmarks
from strategies.strategy import Strategy

HERE = Path(__file__).parent
ORDER = ("defensive_correction", "contrarian_qe", "soft_landing_tilt", "playbook")

BUILT_IN: tuple[Strategy, ...] = (
    benchmarks.BUY_AND_HOLD, benchmarks.SIXTY_FORTY, benchmarks.STRATEGIC_STATIC,
    *(load_toml_rule(HERE / f"{name}.toml", "built-in") for name in ORDER))

"""Trading frictions and the rebalance band: the one definition of their defaults.

Light on purpose (no pandas, no vectorbt): the CLI's option defaults, the run configuration
and the engine all read these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from backtests.errors import ConfigError, clip

# Upper bounds (exclusive): 10,000 bp is 100% per trade; a band of 1 would never trade.
LIMITS = {"fee_bps": 10_000.0, "slippage_bps": 10_000.0, "band": 1.0}
UNITS = {"fee_bps": "basis points per trade", "slippage_bps": "basis points per trade",
         "band": "weight drift, e.g. 0.02 = 2pp"}


@dataclass(frozen=True)
class Costs:
    """Trading frictions and the rebalance band (defaults: 5 bp fee + 5 bp slippage)."""

    fee_bps: float = 5.0
    slippage_bps: float = 5.0
    band: float = 0.02  # trade when the target changes or a weight drifts > 2pp from it

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if (why := problem(f.name, value)) is not None:
                raise ConfigError(f"costs.{f.name} = {clip(repr(value))}: {why}")

    # How they are applied, stated once: the core (backtests.engine.core) passes these rates to
    # vectorbt's order step, fee on the notional and slippage on the fill price, per trade.
    @property
    def fee_rate(self) -> float:
        return self.fee_bps / 1e4

    @property
    def slippage_rate(self) -> float:
        return self.slippage_bps / 1e4


def problem(name: str, value: object) -> str | None:
    """What is wrong with one cost setting (None: nothing): the one check, for `Costs` and for
    a run configuration's [costs] (episodes.runconfig.CostsConfig)."""
    ok = (isinstance(value, int | float) and not isinstance(value, bool)
          and math.isfinite(value) and 0 <= value < LIMITS[name])
    if ok:
        return None
    default = next(f.default for f in fields(Costs) if f.name == name)
    return (f"must be a number >= 0 and < {LIMITS[name]:g} ({UNITS[name]}; "
            f"--{name.replace('_', '-')} on the command line); the default is {default}")


DEFAULT = Costs()

"""The benchmarks every rule is judged against."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pydantic import Field

from strategies.base import Inputs
from strategies.mixes import month_starts
from strategies.params import Params


class BuyAndHoldParams(Params):
    sleeve: str = Field("us_equity", description="the one sleeve held, never rebalanced")


def buy_and_hold(inputs: Inputs, p: BuyAndHoldParams) -> pd.DataFrame:
    """Buy the sleeve once and hold it: the passive equity investor's outcome."""
    out = pd.DataFrame(np.nan, index=inputs.index, columns=[p.sleeve])
    out.iloc[0] = 1.0
    return out


class SixtyFortyParams(Params):
    equity: str = Field("us_equity", description="equity sleeve")
    bonds: str = Field("long_treasury", description="bond sleeve")
    equity_weight: float = Field(0.6, ge=0, le=1, description="the classic 60/40 split")


def sixty_forty(inputs: Inputs, p: SixtyFortyParams) -> pd.DataFrame:
    """60% equity / 40% long Treasuries, rebalanced on the first trading day of each month."""
    out = pd.DataFrame(np.nan, index=inputs.index, columns=[p.equity, p.bonds])
    first = month_starts(inputs.index)
    first[0] = True
    out.loc[first, p.equity] = p.equity_weight
    out.loc[first, p.bonds] = 1.0 - p.equity_weight
    return out

"""The benchmarks every rule is judged against."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pydantic import Field

from strategies.base import Inputs
from strategies.mixes import STRATEGIC, Mix, month_starts, stack
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


class StrategicStaticParams(Params):
    mix: Mix = Field(default_factory=lambda: dict(STRATEGIC), description=(
        "the same strategic mix the rules return to, held through every regime"))


def strategic_static(inputs: Inputs, p: StrategicStaticParams) -> pd.DataFrame:
    """The strategic mix, rebalanced on the first trading day of each month, whatever the regime.

    The rules' own neutral allocation without any timing: a rule's difference against it is its
    timing value, while its difference against sixty_forty also includes the choice of mix
    (mostly intermediate rather than long Treasuries).
    """
    first = month_starts(inputs.index)
    first[0] = True
    out = stack(inputs.index, [p.mix] * len(first), [p.mix])
    out.loc[~first] = np.nan
    return out

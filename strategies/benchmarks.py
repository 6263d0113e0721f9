"""The benchmarks every rule is judged against."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from strategies.base import Inputs, coefficients, weights
from strategies.mixes import STRATEGIC, Mix
from strategies.params import Params

if TYPE_CHECKING:
    import pandas as pd

KERNEL = "periodic"


class BuyAndHoldParams(Params):
    sleeve: str = Field("us_equity", description="the one sleeve held, never rebalanced")


def buy_and_hold(inputs: Inputs, p: BuyAndHoldParams) -> pd.DataFrame:
    """Buy the sleeve once and hold it: the passive equity investor's outcome."""
    return weights(coefficients(KERNEL, inputs, pack_buy_and_hold(p)),
                   mixes_buy_and_hold(p), inputs.index)


def mixes_buy_and_hold(p: BuyAndHoldParams) -> list[dict[str, float]]:
    return [{p.sleeve: 1.0}]


def pack_buy_and_hold(p: BuyAndHoldParams) -> list[float]:
    return [0.0]  # never rebalanced


class SixtyFortyParams(Params):
    equity: str = Field("us_equity", description="equity sleeve")
    bonds: str = Field("long_treasury", description="bond sleeve")
    equity_weight: float = Field(0.6, ge=0, le=1, description="the classic 60/40 split")


def sixty_forty(inputs: Inputs, p: SixtyFortyParams) -> pd.DataFrame:
    """60% equity / 40% long Treasuries, rebalanced on the first trading day of each month."""
    return weights(coefficients(KERNEL, inputs, pack_monthly(p)), mixes_sixty_forty(p),
                   inputs.index)


def mixes_sixty_forty(p: SixtyFortyParams) -> list[dict[str, float]]:
    return [{p.equity: p.equity_weight, p.bonds: 1.0 - p.equity_weight}]


def pack_monthly(p: Params) -> list[float]:
    return [1.0]  # rebalanced on month starts


class StrategicStaticParams(Params):
    mix: Mix = Field(default_factory=lambda: dict(STRATEGIC), description=(
        "the same strategic mix the rules return to, held through every regime"))


def strategic_static(inputs: Inputs, p: StrategicStaticParams) -> pd.DataFrame:
    """The strategic mix, rebalanced on the first trading day of each month, whatever the regime.

    The rules' own neutral allocation without any timing: a rule's difference against it is its
    timing value, while its difference against sixty_forty also includes the choice of mix
    (mostly intermediate rather than long Treasuries).
    """
    return weights(coefficients(KERNEL, inputs, pack_monthly(p)), [p.mix], inputs.index)

"""The benchmarks every rule is judged against."""

from __future__ import annotations

from pydantic import Field

from strategies.mixes import STRATEGIC, Mix
from strategies.params import Params
from strategies.strategy import compiled

HEADLINE = __doc__.splitlines()[0]
PERIODIC = "strategies.kernels.rules:periodic"


class BuyAndHoldParams(Params):
    sleeve: str = Field("us_equity", description="the one sleeve held, never rebalanced")


class SixtyFortyParams(Params):
    equity: str = Field("us_equity", description="equity sleeve")
    bonds: str = Field("long_treasury", description="bond sleeve")
    equity_weight: float = Field(0.6, ge=0, le=1, description="the classic 60/40 split")


class StrategicStaticParams(Params):
    mix: Mix = Field(default_factory=lambda: dict(STRATEGIC), description=(
        "the same strategic mix the rules return to, held through every regime"))


def _never(p: Params) -> list[float]:
    return [0.0]  # `periodic`: bought on the first day, never rebalanced


def _monthly(p: Params) -> list[float]:
    return [1.0]  # `periodic`: restored on the first trading day of each month


BUY_AND_HOLD = compiled(
    "buy_and_hold", BuyAndHoldParams, PERIODIC, scenario="benchmark",
    headline=HEADLINE,
    description="Buy the sleeve once and hold it: the passive equity investor's outcome.",
    mixes=lambda p: [{p.sleeve: 1.0}], pack=_never)
SIXTY_FORTY = compiled(
    "sixty_forty", SixtyFortyParams, PERIODIC, scenario="benchmark", headline=HEADLINE,
    description=("60% equity / 40% long Treasuries, rebalanced on the first trading day of "
                 "each month."),
    mixes=lambda p: [{p.equity: p.equity_weight, p.bonds: 1.0 - p.equity_weight}],
    pack=_monthly)
STRATEGIC_STATIC = compiled(
    "strategic_static", StrategicStaticParams, PERIODIC, scenario="benchmark",
    headline=HEADLINE,
    description=("The strategic mix, rebalanced on the first trading day of each month, "
                 "whatever the regime."),
    reasoning="""
    The rules' own neutral allocation without any timing: a rule's difference against it is its
    timing value, while its difference against sixty_forty also includes the choice of mix
    (mostly intermediate rather than long Treasuries).
    """, pack=_monthly)

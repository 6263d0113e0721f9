"""Scenario 1: tech soft landing under 'rate cuts + balance-sheet reduction'."""

from __future__ import annotations

from pydantic import Field

from strategies.kernels import rules as kernels
from strategies.mixes import SOFT_LANDING, STRATEGIC, Mix
from strategies.params import Params
from strategies.schema import REGIMES
from strategies.strategy import compiled


class SoftLandingParams(Params):
    strategic: Mix = Field(default_factory=lambda: dict(STRATEGIC),
                           description="allocation outside calm regimes")
    tilt: Mix = Field(default_factory=lambda: dict(SOFT_LANDING), description=(
        "risk-on with 'valuation recovery opportunities in A-shares and Hong Kong stocks'"))


def pack(p: SoftLandingParams) -> list[float]:
    return [1.0 if r == "calm" else 0.0 for r in REGIMES] + [2.0]  # mix per regime, mix count


STRATEGY = compiled(
    "soft_landing_tilt", SoftLandingParams, kernels.by_regime, scenario="scenario 1",
    headline=__doc__.splitlines()[0], description="Scenario 1 of the article.",
    reasoning="""
    "Tech stocks achieve a soft landing ... US stocks fluctuate with an upward bias, and
    capital outflow pressure on emerging markets is manageable." Stay risk-on, tilted to
    emerging markets and Hong Kong/China while the regime is calm; the strategic mix otherwise.
    """,
    pack=pack)

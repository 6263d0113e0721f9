"""Scenario 2: a significant tech correction without QE -> cut risk, add defensive assets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from strategies.base import Inputs, coefficients, defend_flags, weights
from strategies.mixes import DEFENSIVE, DEFENSIVE_SHORT, STRATEGIC, Mix
from strategies.params import Params, Regimes

if TYPE_CHECKING:
    import pandas as pd

KERNEL = "defensive"
SHORTEN = ("when inflation is high or the 10-year yield is at 4.5% and rising, hold the "
           "short-duration defensive mix: long bonds fall with stocks then (2022)")


class DefensiveParams(Params):
    strategic: Mix = Field(default_factory=lambda: dict(STRATEGIC),
                           description="the normal, risk-on allocation")
    defensive: Mix = Field(default_factory=lambda: dict(DEFENSIVE), description=(
        "'reduce risk exposure and increase allocations to defensive assets'"))
    defensive_short: Mix = Field(default_factory=lambda: dict(DEFENSIVE_SHORT), description=(
        "the defensive mix without duration: cash, short Treasuries and gold"))
    defend_in: Regimes = Field(("correction", "crisis"), description=(
        "regimes that switch to the defensive mix (a QE announcement alone never does: "
        "qe_launched keeps whatever is held)"))
    confirm_days: int = Field(5, ge=0, le=120, description=(
        "hysteresis: re-risk only after this many consecutive non-defensive days"))
    shorten_duration: bool = Field(True, description=SHORTEN)


def mixes(p: DefensiveParams) -> list[dict[str, float]]:
    return [p.strategic, p.defensive, p.defensive_short]


def pack(p: DefensiveParams) -> list[float]:
    return [*defend_flags(p.defend_in), float(p.confirm_days), float(p.shorten_duration)]


def defensive_correction(inputs: Inputs, p: DefensiveParams) -> pd.DataFrame:
    """Scenario 2 of the article.

    "Tech stocks experience a significant correction, but the Fed does not restart QE ...
    investment strategies should reduce risk exposure and increase allocations to defensive
    assets." Defensive while the regime is a correction or crisis; back to the strategic mix
    once the regime has been calm or recovering for `confirm_days` days in a row.
    """
    return weights(coefficients(KERNEL, inputs, pack(p)), mixes(p), inputs.index)

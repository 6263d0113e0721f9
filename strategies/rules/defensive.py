"""Scenario 2: a significant tech correction without QE -> cut risk, add defensive assets."""

from __future__ import annotations

from pydantic import Field

from strategies.kernels import rules as kernels
from strategies.mixes import DEFENSIVE, DEFENSIVE_SHORT, STRATEGIC, Mix
from strategies.params import Params, Regimes
from strategies.schema import REGIMES
from strategies.strategy import compiled

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


def pack(p: DefensiveParams) -> list[float]:
    return [*[1.0 if r in p.defend_in else 0.0 for r in REGIMES], float(p.confirm_days),
            float(p.shorten_duration)]


STRATEGY = compiled(
    "defensive_correction", DefensiveParams, kernels.defensive, scenario="scenario 2",
    headline=__doc__.splitlines()[0], description="Scenario 2 of the article.",
    reasoning="""
    "Tech stocks experience a significant correction, but the Fed does not restart QE ...
    investment strategies should reduce risk exposure and increase allocations to defensive
    assets." Defensive while the regime is a correction or crisis; back to the strategic mix
    once the regime has been calm or recovering for `confirm_days` days in a row.
    """,
    pack=pack)

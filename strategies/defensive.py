"""Scenario 2: a significant tech correction without QE -> cut risk, add defensive assets."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pydantic import Field

from strategies.base import Inputs
from strategies.mixes import DEFENSIVE, STRATEGIC, Mix, by_state
from strategies.params import Params


class DefensiveParams(Params):
    strategic: Mix = Field(default_factory=lambda: dict(STRATEGIC),
                           description="the normal, risk-on allocation")
    defensive: Mix = Field(default_factory=lambda: dict(DEFENSIVE), description=(
        "'reduce risk exposure and increase allocations to defensive assets'"))
    defend_in: tuple[str, ...] = Field(("correction", "crisis", "qe_launched"),
                                       description="regimes that switch to the defensive mix")
    confirm_days: int = Field(5, ge=0, le=120, description=(
        "hysteresis: re-risk only after this many consecutive non-defensive days"))


def defensive_correction(inputs: Inputs, p: DefensiveParams) -> pd.DataFrame:
    """Scenario 2 of the article.

    "Tech stocks experience a significant correction, but the Fed does not restart QE ...
    investment strategies should reduce risk exposure and increase allocations to defensive
    assets." Defensive while the regime is a correction or crisis; back to the strategic mix
    once the regime has been calm or recovering for `confirm_days` days in a row.
    """
    danger = inputs.regime.isin(p.defend_in).to_numpy()
    state = np.empty(len(danger), dtype=object)
    defensive, calm_run = False, 0
    for i, d in enumerate(danger):
        calm_run = 0 if d else calm_run + 1
        if d:
            defensive = True
        elif defensive and calm_run > p.confirm_days:
            defensive = False
        state[i] = "defensive" if defensive else "strategic"
    return by_state(pd.Series(state, index=inputs.index),
                    {"strategic": p.strategic, "defensive": p.defensive})

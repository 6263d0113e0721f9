"""Scenario 1: tech soft landing under 'rate cuts + balance-sheet reduction'."""

from __future__ import annotations

import pandas as pd
from pydantic import Field

from strategies.base import Inputs
from strategies.mixes import SOFT_LANDING, STRATEGIC, Mix, by_state
from strategies.params import Params


class SoftLandingParams(Params):
    strategic: Mix = Field(default_factory=lambda: dict(STRATEGIC),
                           description="allocation outside calm regimes")
    tilt: Mix = Field(default_factory=lambda: dict(SOFT_LANDING), description=(
        "risk-on with 'valuation recovery opportunities in A-shares and Hong Kong stocks'"))


def soft_landing_tilt(inputs: Inputs, p: SoftLandingParams) -> pd.DataFrame:
    """Scenario 1 of the article.

    "Tech stocks achieve a soft landing ... US stocks fluctuate with an upward bias, and
    capital outflow pressure on emerging markets is manageable." Stay risk-on, tilted to
    emerging markets and Hong Kong/China while the regime is calm; the strategic mix otherwise.
    """
    state = inputs.regime.eq("calm").map({True: "tilt", False: "strategic"})
    return by_state(state, {"strategic": p.strategic, "tilt": p.tilt})

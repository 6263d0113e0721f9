"""Scenario 1: tech soft landing under 'rate cuts + balance-sheet reduction'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from strategies.base import Inputs, coefficients, weights
from strategies.mixes import SOFT_LANDING, STRATEGIC, Mix
from strategies.params import Params
from strategies.regimes import STATES

if TYPE_CHECKING:
    import pandas as pd

KERNEL = "by_regime"


class SoftLandingParams(Params):
    strategic: Mix = Field(default_factory=lambda: dict(STRATEGIC),
                           description="allocation outside calm regimes")
    tilt: Mix = Field(default_factory=lambda: dict(SOFT_LANDING), description=(
        "risk-on with 'valuation recovery opportunities in A-shares and Hong Kong stocks'"))


def mixes(p: SoftLandingParams) -> list[dict[str, float]]:
    return [p.strategic, p.tilt]


def pack(p: SoftLandingParams) -> list[float]:
    return [1.0 if r == "calm" else 0.0 for r in STATES] + [2.0]  # mix per regime, mix count


def soft_landing_tilt(inputs: Inputs, p: SoftLandingParams) -> pd.DataFrame:
    """Scenario 1 of the article.

    "Tech stocks achieve a soft landing ... US stocks fluctuate with an upward bias, and
    capital outflow pressure on emerging markets is manageable." Stay risk-on, tilted to
    emerging markets and Hong Kong/China while the regime is calm; the strategic mix otherwise.
    """
    return weights(coefficients(KERNEL, inputs, pack(p)), mixes(p), inputs.index)

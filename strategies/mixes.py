"""Allocation mixes (sleeve -> weight): the building blocks every rule blends.

A weights frame has one row per date and one column per sleeve. A row of NaN means "no order
today"; otherwise missing sleeves are 0 and whatever the row does not allocate sits in cash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator

if TYPE_CHECKING:
    import numpy as np


def _check_mix(mix: dict[str, float]) -> dict[str, float]:
    bad = {k: v for k, v in mix.items() if isinstance(v, bool) or not 0.0 <= v <= 1.0}
    if bad:
        raise ValueError(f"weights must be numbers between 0 and 1, got {bad}")
    total = sum(mix.values())
    if total > 1.0 + 1e-9:
        raise ValueError(f"weights sum to {total:.4f} > 1; the rest goes to cash, so reduce "
                         "them to a total of at most 1")
    return mix


Mix = Annotated[dict[str, float], AfterValidator(_check_mix)]

# Default mixes, each a deliberate, documented choice that a quant can override.
STRATEGIC: dict[str, float] = {  # a balanced ~60/40 with a little gold
    "us_equity": 0.45, "us_growth": 0.10, "em_equity": 0.05,
    "intermediate_treasury": 0.25, "long_treasury": 0.10, "gold": 0.05}
SOFT_LANDING: dict[str, float] = {  # scenario 1: risk-on, tilted to EM / Hong Kong-China
    "us_equity": 0.35, "us_growth": 0.10, "em_equity": 0.10, "china_hk_equity": 0.05,
    "intermediate_treasury": 0.25, "long_treasury": 0.10, "gold": 0.05}
DEFENSIVE: dict[str, float] = {  # scenario 2: equity cut to a floor, into bonds/cash/gold
    "us_equity": 0.20, "long_treasury": 0.30, "intermediate_treasury": 0.20, "cash": 0.15,
    "gold": 0.15}
CRISIS: dict[str, float] = {  # systemic stress before QE: deeper still
    "us_equity": 0.10, "long_treasury": 0.35, "intermediate_treasury": 0.20, "cash": 0.20,
    "gold": 0.15}
# The same equity and gold with the duration taken out: used while inflation is high or the
# 10-year yield is at 4.5% and rising, when long bonds fall with stocks (2022: long Treasuries
# -32%), so "defensive" means cash, short Treasuries and gold.
DEFENSIVE_SHORT: dict[str, float] = {
    "us_equity": 0.20, "short_treasury": 0.30, "cash": 0.35, "gold": 0.15}
CRISIS_SHORT: dict[str, float] = {
    "us_equity": 0.10, "short_treasury": 0.35, "cash": 0.40, "gold": 0.15}
RISK_ON: dict[str, float] = {  # scenario 3: growth, EM, gold and base metals once QE lands
    "us_growth": 0.30, "us_equity": 0.20, "em_equity": 0.20, "gold": 0.15,
    "commodities": 0.10, "intermediate_treasury": 0.05}


def sleeves_of(mixes: list[dict[str, float]]) -> list[str]:
    """Every sleeve any mix names, sorted: the columns never depend on which mixes are used."""
    return sorted({k for m in mixes for k in m})


def matrix(mixes: list[dict[str, float]], sleeves: list[str]) -> np.ndarray:
    """mixes x sleeves weights (0 where a mix does not name a sleeve)."""
    import numpy as np

    return np.array([[m.get(s, 0.0) for s in sleeves] for m in mixes], dtype="float64").reshape(
        len(mixes), len(sleeves))

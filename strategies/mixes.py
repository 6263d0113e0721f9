"""Allocation mixes (sleeve -> weight) and the building blocks that turn states into weights.

A weights frame has one row per date and one column per sleeve. A row of NaN means "no order
today"; otherwise missing sleeves are 0 and whatever the row does not allocate sits in cash.
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
import pandas as pd
from pydantic import AfterValidator


def _check_mix(mix: dict[str, float]) -> dict[str, float]:
    bad = {k: v for k, v in mix.items() if not 0.0 <= v <= 1.0}
    if bad:
        raise ValueError(f"weights must be between 0 and 1, got {bad}")
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
RISK_ON: dict[str, float] = {  # scenario 3: growth, EM, gold and base metals once QE lands
    "us_growth": 0.30, "us_equity": 0.20, "em_equity": 0.20, "gold": 0.15,
    "commodities": 0.10, "intermediate_treasury": 0.05}


def blend(a: dict[str, float], b: dict[str, float], f: float) -> dict[str, float]:
    """(1 - f) * a + f * b, sleeve by sleeve."""
    keys = set(a) | set(b)
    return {k: (1.0 - f) * a.get(k, 0.0) + f * b.get(k, 0.0) for k in keys}


def by_state(states: pd.Series, mixes: dict[str, dict[str, float]]) -> pd.DataFrame:
    """One mix per day, chosen by the day's state."""
    return stack(pd.DatetimeIndex(states.index), [mixes[str(s)] for s in states.to_numpy()],
                 list(mixes.values()))


def month_starts(index: pd.DatetimeIndex) -> np.ndarray:
    """True on the first trading day of each month."""
    period = index.to_period("M")
    first = np.ones(len(index), dtype=bool)
    first[1:] = period[1:] != period[:-1]
    return first


def stack(index: pd.DatetimeIndex, rows: list[dict[str, float]],
          mixes: list[dict[str, float]]) -> pd.DataFrame:
    """One mix per day as a weights frame; columns are every sleeve any of `mixes` names, so
    the shape never depends on which mixes the data happened to select."""
    sleeves = sorted({k for m in mixes for k in m})
    matrix = np.array([[r.get(s, 0.0) for s in sleeves] for r in rows], dtype="float64")
    return pd.DataFrame(matrix.reshape(len(rows), len(sleeves)), index=index, columns=sleeves)

"""Credit, funding, rates, balance-sheet and labour-market indicators from the panel."""

from __future__ import annotations

import pandas as pd


def policy_rate_top(target: pd.Series, target_upper: pd.Series) -> pd.Series:
    """The policy rate ceiling: the single target to 2008-12-15, then the range's top."""
    return target_upper.combine_first(target)


def funding_spread(sofr: pd.Series, policy_top: pd.Series) -> pd.Series:
    """SOFR minus the top of the policy range (pp); NaN before SOFR exists (2018-04)."""
    return sofr - policy_top


def change(series: pd.Series, days: int) -> pd.Series:
    """Change over `days` trading days (63 ~ 3 months, 65 ~ 13 weeks)."""
    return series - series.shift(days)


def pct_change(series: pd.Series, days: int) -> pd.Series:
    return series / series.shift(days) - 1.0


def sahm(value: pd.Series, asof: pd.Series) -> pd.Series:
    """Sahm rule on the months visible at each date: 3-month average of the unemployment rate
    minus the lowest 3-month average of the previous 12 months (pp).

    Reads a REVISED series (UNRATE's latest vintage: seasonal factors are revised yearly).
    """
    known = pd.DataFrame({"value": value, "asof": asof}).dropna()
    # Each month's value on the first trading day it was visible, in as-of order.
    first = known[~known["asof"].duplicated()]
    avg3 = first["value"].rolling(3).mean()
    gap = avg3 - avg3.shift(1).rolling(12).min()
    out = pd.Series(gap.to_numpy(), index=first.index)
    return out.reindex(value.index).ffill()

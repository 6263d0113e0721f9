"""Funding, rates, balance-sheet, inflation and labour-market indicators from the panel."""

from __future__ import annotations

import pandas as pd


def policy_rate_top(target: pd.Series, target_upper: pd.Series) -> pd.Series:
    """The policy rate ceiling: the single target to 2008-12-15, then the range's top."""
    return target_upper.combine_first(target)


def set_the_day_before(policy: pd.Series) -> pd.Series:
    """A policy rate as it stood on the previous trading day: the day on which a rate that is
    published one business day late (SOFR, EFFR) was set. On a decision day the visible SOFR is
    the eve's, set under the old range: comparing it with the new one would read every rate
    cut as funding stress (2019-08-01, 2020-03-04, 2020-03-16, 2024-09-19, 2025-10-30)."""
    return policy.shift(1)


def funding_spread(sofr: pd.Series, policy_top: pd.Series) -> pd.Series:
    """SOFR minus the top of the policy range (pp); NaN before SOFR exists (2018-04)."""
    return sofr - policy_top


def change(series: pd.Series, days: int) -> pd.Series:
    """Change over `days` trading days (63 ~ 3 months, 65 ~ 13 weeks)."""
    return series - series.shift(days)


def pct_change(series: pd.Series, days: int) -> pd.Series:
    return series / series.shift(days) - 1.0


def _first_visible(value: pd.Series, asof: pd.Series) -> pd.DataFrame:
    """Each observation on the first trading day it was visible, in as-of order."""
    known = pd.DataFrame({"value": value, "asof": asof}).dropna()
    return known[~known["asof"].duplicated()]


def _on_days(monthly: pd.Series, index: pd.Index) -> pd.Series:
    # A monthly figure stays the latest one until the next is published (what a reader holds).
    return monthly.reindex(index).ffill()


def year_on_year(value: pd.Series, asof: pd.Series) -> pd.Series:
    """12-month change of a monthly index on the months visible at each date (0.04 = 4%)."""
    first = _first_visible(value, asof)
    months = pd.PeriodIndex(pd.DatetimeIndex(first["asof"]), freq="M")
    by_month = pd.Series(first["value"].to_numpy(), index=months)
    prior = by_month.reindex(months - 12).to_numpy()  # a missing month gives NaN, not a guess
    return _on_days(pd.Series(first["value"].to_numpy() / prior - 1.0, index=first.index),
                    value.index)

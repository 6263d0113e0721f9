"""Performance metrics: one function each, on daily returns of trading days (252 a year).

Computed here rather than by vectorbt, whose default year is 365 days: with daily bars on
trading days that would inflate annualised returns ~45% and volatility/Sharpe ~20%.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

YEAR = 252
MONTH = 21


def growth(r: pd.Series) -> pd.Series:
    """Value path from 1.0 (the value before the first return)."""
    return (1.0 + r).cumprod()


def total_return(r: pd.Series) -> float:
    return float(np.prod(1.0 + r.to_numpy()) - 1.0)


def cagr(r: pd.Series) -> float:
    return float((1.0 + total_return(r)) ** (YEAR / len(r)) - 1.0)


def ann_volatility(r: pd.Series) -> float:
    return float(r.std(ddof=1) * math.sqrt(YEAR))


def sharpe(r: pd.Series, rf: pd.Series) -> float:
    """Annualised Sharpe of returns in excess of the cash sleeve (the T-bill accrual)."""
    ex = r - rf.reindex(r.index).fillna(0.0)
    return float(ex.mean() / ex.std(ddof=1) * math.sqrt(YEAR))


def sortino(r: pd.Series, rf: pd.Series) -> float:
    """Annualised mean excess return over downside deviation (all days in the denominator)."""
    ex = r - rf.reindex(r.index).fillna(0.0)
    downside = math.sqrt(float((np.minimum(ex.to_numpy(), 0.0) ** 2).mean()))
    return float(ex.mean() / downside * math.sqrt(YEAR)) if downside > 0 else math.inf


def drawdown(r: pd.Series) -> pd.Series:
    """Drawdown from the running peak, the starting 1.0 included."""
    v = growth(r)
    peak = np.maximum(v.cummax().to_numpy(), 1.0)
    return pd.Series(v.to_numpy() / peak - 1.0, index=v.index)


def max_drawdown(r: pd.Series) -> float:
    return float(drawdown(r).min())


def max_drawdown_duration(r: pd.Series) -> int:
    """Longest run of trading days spent below a previous peak."""
    under = (drawdown(r) < 0).to_numpy()
    longest = run = 0
    for u in under:
        run = run + 1 if u else 0
        longest = max(longest, run)
    return longest


def time_to_recover(r: pd.Series) -> float:
    """Trading days from the deepest trough back to the prior peak (NaN: not recovered)."""
    dd = drawdown(r)
    trough = int(np.argmin(dd.to_numpy()))
    after = np.flatnonzero(dd.to_numpy()[trough:] >= 0)
    return float(after[0]) if after.size else math.nan


def calmar(r: pd.Series) -> float:
    mdd = max_drawdown(r)
    return cagr(r) / abs(mdd) if mdd < 0 else math.inf


def worst_day(r: pd.Series) -> float:
    return float(r.min())


def worst_month(r: pd.Series) -> float:
    monthly = (1.0 + r).groupby(pd.DatetimeIndex(r.index).to_period("M")).prod() - 1.0
    return float(monthly.min())


def annual_turnover(turnover: pd.Series) -> float:
    """One-way turnover per year: (buys + sells) / 2 / portfolio value, annualised."""
    return float(turnover.sum() / 2.0 / (len(turnover) / YEAR))


def period_return(r: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Return from the close of `start` to the close of `end` (NaN outside the data)."""
    v = growth(r)
    if start < v.index[0] or start > v.index[-1]:
        return math.nan
    a = float(v.asof(start))  # type: ignore[arg-type]
    b = float(v.asof(min(end, v.index[-1])))  # type: ignore[arg-type]
    return b / a - 1.0


def summary(r: pd.Series, rf: pd.Series, turnover: pd.Series, rebalances: int,
            phases: dict[str, pd.Timestamp]) -> dict[str, float]:
    """Every metric of one run (phase returns where the episode names a peak/trough)."""
    out = {
        "total_return": total_return(r), "cagr": cagr(r), "ann_volatility": ann_volatility(r),
        "sharpe": sharpe(r, rf), "sortino": sortino(r, rf), "max_drawdown": max_drawdown(r),
        "max_drawdown_days": float(max_drawdown_duration(r)),
        "recovery_days": time_to_recover(r), "calmar": calmar(r),
        "annual_turnover": annual_turnover(turnover), "rebalances": float(rebalances),
        "worst_day": worst_day(r), "worst_month": worst_month(r),
    }
    peak = phases.get("nasdaq_peak", phases.get("sp500_peak"))
    trough = phases.get("trough")
    if peak is not None and trough is not None:
        out["peak_to_trough"] = period_return(r, peak, trough)
        out["trough_plus_12m"] = period_return(r, trough, trough + pd.DateOffset(months=12))
    return out

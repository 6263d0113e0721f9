"""Performance metrics: one function each, on daily returns of trading days (252 a year).

Computed here rather than by vectorbt, whose default year is 365 days: with daily bars on
trading days that would inflate annualised returns ~45% and volatility/Sharpe ~20%.

A run's first return is the cost of getting in (the engine invests 1.0 of cash at the first
close), not a market day: annualisation therefore counts N - 1 periods, and turnover leaves
the initial purchase out. Every definition is stated in backtests/report/glossary.py, which
the report prints; change both together.
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


# Core metrics on arrays: the last axis is time, so one call scores one run or a whole sweep.
def total_return_a(r: np.ndarray) -> np.ndarray:
    return np.prod(1.0 + r, axis=-1) - 1.0


def years_a(r: np.ndarray) -> float:
    """Years of market days: N - 1 periods (day one is the entry-cost day)."""
    return (r.shape[-1] - 1) / YEAR


def cagr_a(r: np.ndarray) -> np.ndarray:
    if r.shape[-1] < 2:
        return np.full(r.shape[:-1], np.nan)
    return (1.0 + total_return_a(r)) ** (1.0 / years_a(r)) - 1.0


def ann_volatility_a(r: np.ndarray) -> np.ndarray:
    return np.std(r, axis=-1, ddof=1) * math.sqrt(YEAR)


def sharpe_a(r: np.ndarray, rf: np.ndarray) -> np.ndarray:
    ex = r - rf
    return ex.mean(axis=-1) / ex.std(axis=-1, ddof=1) * math.sqrt(YEAR)


def sortino_a(r: np.ndarray, rf: np.ndarray) -> np.ndarray:
    ex = r - rf
    downside = np.sqrt((np.minimum(ex, 0.0) ** 2).mean(axis=-1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(downside > 0, ex.mean(axis=-1) / downside * math.sqrt(YEAR), np.inf)


def drawdown_a(r: np.ndarray) -> np.ndarray:
    v = np.cumprod(1.0 + r, axis=-1)
    return v / np.maximum(np.maximum.accumulate(v, axis=-1), 1.0) - 1.0


def max_drawdown_a(r: np.ndarray) -> np.ndarray:
    return drawdown_a(r).min(axis=-1)


def calmar_a(r: np.ndarray) -> np.ndarray:
    mdd = max_drawdown_a(r)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(mdd < 0, cagr_a(r) / np.abs(mdd), np.inf)


def annual_turnover_a(turnover: np.ndarray) -> np.ndarray:
    """One-way turnover per year, (buys + sells) / 2 / value, without the initial purchase."""
    if turnover.shape[-1] < 2:
        return np.full(turnover.shape[:-1], np.nan)
    return turnover[..., 1:].sum(axis=-1) / 2.0 / years_a(turnover)


def total_return(r: pd.Series) -> float:
    return float(total_return_a(r.to_numpy()))


def cagr(r: pd.Series) -> float:
    return float(cagr_a(r.to_numpy()))


def ann_volatility(r: pd.Series) -> float:
    return float(ann_volatility_a(r.to_numpy()))


def _rf(r: pd.Series, rf: pd.Series) -> np.ndarray:
    return rf.reindex(r.index).fillna(0.0).to_numpy()


def sharpe(r: pd.Series, rf: pd.Series) -> float:
    """Annualised Sharpe of returns in excess of the cash sleeve (the T-bill accrual)."""
    return float(sharpe_a(r.to_numpy(), _rf(r, rf)))


def sortino(r: pd.Series, rf: pd.Series) -> float:
    """Annualised mean excess return over downside deviation (all days in the denominator)."""
    return float(sortino_a(r.to_numpy(), _rf(r, rf)))


def drawdown(r: pd.Series) -> pd.Series:
    """Drawdown from the running peak, the starting 1.0 included."""
    return pd.Series(drawdown_a(r.to_numpy()), index=r.index)


def max_drawdown(r: pd.Series) -> float:
    return float(max_drawdown_a(r.to_numpy()))


def drawdown_periods(r: pd.Series) -> pd.DataFrame:
    """Every stretch below a previous peak: first and last day under water, the trough, the
    depth, calendar days (last - first + 1, as quantstats counts them) and whether it ended.

    A stretch still under water on the last day is `recovered = False`; its days run to the
    end of the data.
    """
    dd = drawdown(r)
    under = (dd < 0).to_numpy()
    edges = np.flatnonzero(np.diff(np.concatenate([[0], under.astype(int), [0]])))
    rows = []
    for a, b in zip(edges[::2], edges[1::2] - 1, strict=True):
        part = dd.iloc[a:b + 1]
        rows.append({"start": dd.index[a], "trough": part.idxmin(), "last": dd.index[b],
                     "depth": float(part.min()), "recovered": bool(b < len(dd) - 1),
                     "days": int((dd.index[b] - dd.index[a]).days) + 1})
    return pd.DataFrame(rows, columns=["start", "trough", "last", "depth", "recovered",
                                       "days"])


def longest_drawdown_days(r: pd.Series) -> float:
    """Calendar days of the longest stretch under a previous peak (recovered or not)."""
    periods = drawdown_periods(r)
    return float(periods["days"].max()) if len(periods) else 0.0


def time_to_recover(r: pd.Series) -> float:
    """Calendar days the worst drawdown lasted, from its first day under the previous peak to
    its last (peak to recovery); NaN when it had not recovered by the end of the data."""
    periods = drawdown_periods(r)
    if not len(periods):
        return 0.0
    worst = periods.loc[periods["depth"].idxmin()]
    return float(worst["days"]) if worst["recovered"] else math.nan


def calmar(r: pd.Series) -> float:
    return float(calmar_a(r.to_numpy()))


def worst_day(r: pd.Series) -> float:
    return float(r.min())


def worst_month(r: pd.Series) -> float:
    monthly = (1.0 + r).groupby(pd.DatetimeIndex(r.index).to_period("M")).prod() - 1.0
    return float(monthly.min())


def annual_turnover(turnover: pd.Series) -> float:
    """One-way turnover per year: (buys + sells) / 2 / portfolio value, annualised over the
    N - 1 market days, the initial purchase (day one) left out."""
    return float(annual_turnover_a(turnover.to_numpy()))


def cost_drag_bp(costs_total: float, value: pd.Series) -> float:
    """Costs paid per year in basis points of the average portfolio value."""
    if len(value) < 2:
        return math.nan
    return float(costs_total / value.mean() / years_a(value.to_numpy()) * 1e4)


def period_return(r: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Return from the close of `start` to the close of `end` (NaN outside the data)."""
    v = growth(r)
    if start < v.index[0] or start > v.index[-1]:
        return math.nan
    a = float(v.asof(start))  # type: ignore[arg-type]
    b = float(v.asof(min(end, v.index[-1])))  # type: ignore[arg-type]
    return b / a - 1.0


def summary(r: pd.Series, rf: pd.Series, turnover: pd.Series, rebalances: int,
            phases: dict[str, pd.Timestamp], costs_total: float = math.nan,
            value: pd.Series | None = None) -> dict[str, float]:
    """Every metric of one run (phase returns where the episode names a peak/trough);
    `costs_total` (fees + slippage per 1.0 invested) and `value` give the cost metrics."""
    out = {
        "total_return": total_return(r), "cagr": cagr(r), "ann_volatility": ann_volatility(r),
        "sharpe": sharpe(r, rf), "sortino": sortino(r, rf), "max_drawdown": max_drawdown(r),
        "longest_drawdown_days": longest_drawdown_days(r),
        "time_to_recover_days": time_to_recover(r), "calmar": calmar(r),
        "annual_turnover": annual_turnover(turnover), "rebalances": float(rebalances),
        "costs_total": costs_total,
        "cost_drag_bp": (cost_drag_bp(costs_total, value) if value is not None
                         else math.nan),
        "worst_day": worst_day(r), "worst_month": worst_month(r),
    }
    peak = phases.get("nasdaq_peak", phases.get("sp500_peak"))
    trough = phases.get("trough")
    if peak is not None and trough is not None:
        out["peak_to_trough"] = period_return(r, peak, trough)
        out["trough_plus_12m"] = period_return(r, trough, trough + pd.DateOffset(months=12))
    return out

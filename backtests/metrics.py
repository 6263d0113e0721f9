"""Performance metrics: one function each, on daily returns of trading days (252 a year).

Computed here rather than by vectorbt, whose default year is 365 days: with daily bars on
trading days that would inflate annualised returns ~45% and volatility/Sharpe ~20%.

The core metrics are backtests.metrics_core's compiled functions (one definition shared with
the sweep kernel). A run's first return is the cost of getting in (the engine invests 1.0 of
cash at the first close), not a market day: annualisation therefore counts N - 1 periods, and
turnover leaves the initial purchase out. Every definition is stated in
backtests/report/glossary.py, which the report prints; change both together.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from backtests import metrics_core as core

YEAR = core.YEAR


def growth(r: pd.Series) -> pd.Series:
    """Value path from 1.0 (the value before the first return)."""
    return (1.0 + r).cumprod()


def total_return(r: pd.Series) -> float:
    return float(core.total_return(_arr(r)))


def cagr(r: pd.Series) -> float:
    """(1 + total return)^(252 / (N - 1)) - 1: day one is the entry cost, not a market day."""
    return float(core.cagr(_arr(r)))


def ann_volatility(r: pd.Series) -> float:
    return float(core.ann_volatility(_arr(r)))


def _rf(r: pd.Series, rf: pd.Series) -> np.ndarray:
    return np.ascontiguousarray(rf.reindex(r.index).fillna(0.0).to_numpy(dtype=float))


def _arr(r: pd.Series) -> np.ndarray:
    return np.ascontiguousarray(r.to_numpy(dtype=float))


def sharpe(r: pd.Series, rf: pd.Series) -> float:
    """Annualised Sharpe of returns in excess of the cash sleeve (the T-bill accrual)."""
    return float(core.sharpe(_arr(r), _rf(r, rf)))


def sortino(r: pd.Series, rf: pd.Series) -> float:
    """Annualised mean excess return over downside deviation (all days in the denominator)."""
    return float(core.sortino(_arr(r), _rf(r, rf)))


def drawdown(r: pd.Series) -> pd.Series:
    """Drawdown from the running peak, the starting 1.0 included."""
    return pd.Series(core.drawdown(_arr(r)), index=r.index)


def max_drawdown(r: pd.Series) -> float:
    return float(core.max_drawdown(_arr(r)))


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
    worst = periods.iloc[int(periods["depth"].to_numpy().argmin())]
    return float(worst["days"]) if worst["recovered"] else math.nan


def calmar(r: pd.Series) -> float:
    return float(core.calmar(_arr(r)))


def worst_day(r: pd.Series) -> float:
    return float(r.min())


def worst_month(r: pd.Series) -> float:
    monthly = (1.0 + r).groupby(pd.DatetimeIndex(r.index).to_period("M")).prod() - 1.0
    return float(monthly.min())


def annual_turnover(turnover: pd.Series) -> float:
    """One-way turnover per year: (buys + sells) / 2 / portfolio value, annualised over the
    N - 1 market days, the initial purchase (day one) left out."""
    return float(core.annual_turnover(_arr(turnover)))


def cost_drag_bp(costs_total: float, value: pd.Series) -> float:
    """Costs paid per year in basis points of the average portfolio value."""
    if len(value) < 2:
        return math.nan
    return float(costs_total / value.mean() / ((len(value) - 1) / YEAR) * 1e4)


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

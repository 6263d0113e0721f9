"""The core metrics on one path of daily returns, compiled: one definition for single runs
(backtests.evaluate.metrics wraps these) and for the sweep kernel (called per path, no Python).

`r` holds a run's daily returns, day one being the entry cost; `rf` the cash sleeve's daily
returns on the same days; 252 trading days a year.
"""

from __future__ import annotations

import math

import numpy as np

from strategies.kernels import compiled

YEAR = 252


@compiled
def total_return(r: np.ndarray) -> float:
    g = 1.0
    for x in r:
        g *= 1.0 + x
    return g - 1.0


@compiled
def years(n: int) -> float:
    """Years of market days in a run of n returns: day one is the entry cost, not a market
    day, so N - 1 periods."""
    return (n - 1) / YEAR


@compiled
def cagr(r: np.ndarray) -> float:
    return cagr_from(total_return(r), r.shape[0])


@compiled
def cagr_from(total: float, n: int) -> float:
    """The CAGR of a run of n returns whose total return is `total` (computed once)."""
    if n < 2:
        return math.nan
    return (1.0 + total) ** (1.0 / years(n)) - 1.0


@compiled
def _std(x: np.ndarray) -> float:
    """Sample standard deviation (ddof 1), two passes, no temporaries."""
    n = x.shape[0]
    mean = x.sum() / n
    ss = 0.0
    for v in x:
        ss += (v - mean) ** 2
    return math.sqrt(ss / (n - 1))


@compiled
def ann_volatility(r: np.ndarray) -> float:
    return _std(r) * math.sqrt(YEAR)


@compiled
def sharpe(r: np.ndarray, rf: np.ndarray) -> float:
    """Annualised mean excess return over its standard deviation."""
    return sharpe_ex(r - rf)


@compiled
def sharpe_ex(ex: np.ndarray) -> float:
    """The Sharpe ratio of excess returns `ex` (r - rf)."""
    return ex.sum() / ex.shape[0] / _std(ex) * math.sqrt(YEAR)


@compiled
def sortino(r: np.ndarray, rf: np.ndarray) -> float:
    """Annualised mean excess return over downside deviation (all days in the denominator)."""
    return sortino_ex(r - rf)


@compiled
def sortino_ex(ex: np.ndarray) -> float:
    """The Sortino ratio of excess returns `ex` (r - rf)."""
    sq = 0.0
    for v in ex:
        if v < 0:
            sq += v * v
    down = math.sqrt(sq / ex.shape[0])
    return ex.sum() / ex.shape[0] / down * math.sqrt(YEAR) if down > 0 else math.inf


@compiled
def drawdown(r: np.ndarray) -> np.ndarray:
    """Fall from the running peak of the value path, the starting 1.0 included."""
    out = np.empty(r.shape[0])
    v, peak = 1.0, 1.0
    for i in range(r.shape[0]):
        v *= 1.0 + r[i]
        peak = max(peak, v)
        out[i] = v / peak - 1.0
    return out


@compiled
def max_drawdown(r: np.ndarray) -> float:
    worst, v, peak = 0.0, 1.0, 1.0
    for x in r:
        v *= 1.0 + x
        peak = max(peak, v)
        worst = min(worst, v / peak - 1.0)
    return worst


@compiled
def calmar(r: np.ndarray) -> float:
    return calmar_from(cagr(r), max_drawdown(r))


@compiled
def calmar_from(growth: float, mdd: float) -> float:
    """CAGR over the depth of the worst drawdown (infinite without a drawdown)."""
    return growth / abs(mdd) if mdd < 0 else math.inf


@compiled
def annual_turnover(turnover: np.ndarray) -> float:
    """One-way turnover per year, (buys + sells) / 2 / portfolio value, over the N - 1 market
    days: the initial purchase (day one) is left out."""
    if turnover.shape[0] < 2:
        return math.nan
    return turnover[1:].sum() / 2.0 / years(turnover.shape[0])


@compiled
def core(r: np.ndarray, ex: np.ndarray, turnover: np.ndarray, trades: int) -> np.ndarray:
    """The sweep's metrics, in the order of backtests.sweep.chunks.CORE, from the returns and
    the excess returns (r - rf), each quantity computed once."""
    total = total_return(r)
    growth, mdd = cagr_from(total, r.shape[0]), max_drawdown(r)
    return np.array([total, growth, ann_volatility(r), sharpe_ex(ex),
                     sortino_ex(ex), mdd, calmar_from(growth, mdd),
                     annual_turnover(turnover), float(trades)])

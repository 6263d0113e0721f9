"""How sure is "beats the benchmark"? A stationary block bootstrap of paired daily returns.

For each episode the days are resampled once with arch's StationaryBootstrap (Politis &
Romano 1994: blocks of geometric length, mean `BLOCK` days, wrapping around) and the same
resampled days serve every strategy (common random numbers: a strategy and the benchmark are
always compared on the same days, and every strategy on the same draws). Each statistic is a
function of per-day sums, so every replication of every strategy is one matrix product:
counts (replications x days, how often each day was drawn) @ per-day terms (days x columns).

- annualised return difference: CAGR(strategy) - CAGR(benchmark),
  CAGR = exp(252/(T-1) sum log1p r) - 1 (T - 1 market days, as backtests.metrics counts them)
- Sharpe difference: Sharpe(strategy) - Sharpe(benchmark), on returns in excess of the cash
  sleeve, as backtests.metrics computes it.

The 90% interval is the 5th-95th percentile of the replications; it "excludes zero" when both
ends have the same sign. Deterministic: the seed is fixed per episode (from its name).

The mean block length is stated, not estimated: one month (21 trading days), because the
rules hold an allocation for weeks to months, so a strategy's edge over the benchmark comes in
runs of days that a shorter block would cut apart. arch's Politis-White estimate
(`optimal_block_length`) is reported beside it as `block_opt`: on these differences it ranges
from under a day to ~60 days in a single short episode, too unstable to use per episode and
incompatible with one draw shared by every strategy.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import numpy as np
import pandas as pd

from backtests.metrics import YEAR


class _Returns(Protocol):
    @property
    def returns(self) -> pd.Series: ...


class RunLike(Protocol):
    """What run_intervals reads of a run (backtests.runner.Run has it): declared here so that
    this module does not import the runner, which imports this one."""

    @property
    def strategy(self) -> str: ...
    @property
    def episode(self) -> str: ...
    @property
    def result(self) -> _Returns: ...


BLOCK = 21  # mean block length, trading days (stated; see the module docstring)
REPS = 2000
LEVEL = 0.90
SEED = 20_251_126
CHUNK = 250  # replications per matrix product
STATS = ("cagr", "sharpe")
COLUMNS = ["strategy", "episode", "days", "block", "block_opt", "reps",
           *[f"{s}_{k}" for s in STATS for k in ("diff", "lo", "hi", "excludes_zero")]]


def resample_counts(days: int, episode: str, reps: int = REPS, block: float = BLOCK,
                    seed: int = SEED, chunk: int = CHUNK) -> Iterator[np.ndarray]:
    """Chunks of (replications x days): how often each day is drawn in each stationary-
    bootstrap replication (chunked so memory stays ~chunk x days, not reps x days)."""
    from arch.bootstrap import StationaryBootstrap  # heavy: imported only when used

    rng = np.random.default_rng([seed, zlib.crc32(episode.encode())])
    bs = StationaryBootstrap(block, np.arange(days), seed=rng)  # type: ignore[arg-type]
    counts = np.empty((min(chunk, reps), days))
    i = 0
    for done, _ in enumerate(bs.bootstrap(reps), start=1):
        counts[i] = np.bincount(np.asarray(bs.index).ravel(), minlength=days)
        i += 1
        if i == len(counts) or done == reps:
            yield counts[:i].copy()
            i = 0


def _stats(counts: np.ndarray, r: np.ndarray, rf: np.ndarray) -> dict[str, np.ndarray]:
    """CAGR and Sharpe of each column of r (days x n) under each row of counts (reps x days)."""
    days = r.shape[0]
    ex = r - rf[:, None]
    sums = counts @ np.hstack([np.log1p(r), ex, ex * ex])  # reps x 3n
    n = r.shape[1]
    log_growth, s1, s2 = sums[:, :n], sums[:, n:2 * n], sums[:, 2 * n:]
    mean = s1 / days
    var = (s2 - days * mean**2) / (days - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        sharpe = np.where(var > 0, mean / np.sqrt(np.maximum(var, 0.0)), np.nan) * math.sqrt(YEAR)
    return {"cagr": np.expm1(log_growth * (YEAR / (days - 1))), "sharpe": sharpe}


def bootstrap_differences(returns: pd.DataFrame, benchmark: str, rf: pd.Series, episode: str,
                          reps: int = REPS, block: float = BLOCK, level: float = LEVEL,
                          seed: int = SEED) -> pd.DataFrame:
    """One row per column of `returns` (days x strategies, the benchmark among them): the
    observed CAGR and Sharpe differences against the benchmark and their bootstrap interval."""
    if benchmark not in returns.columns:
        raise ValueError(f"benchmark '{benchmark}' is not among {', '.join(returns.columns)}")
    if returns.isna().to_numpy().any():
        raise ValueError(f"episode {episode}: returns hold NaN; the strategies must share "
                         "their trading days")
    r = returns.to_numpy(dtype=float)
    rfa = rf.reindex(returns.index).fillna(0.0).to_numpy(dtype=float)
    days = len(r)
    b = list(returns.columns).index(benchmark)
    observed = _stats(np.ones((1, days)), r, rfa)
    parts = [_stats(c, r, rfa) for c in resample_counts(days, episode, reps, block, seed)]
    boot = {s: np.vstack([p[s] for p in parts]) for s in STATS}
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    out: dict[str, Any] = {"strategy": list(returns.columns), "episode": episode, "days": days,
                           "block": block, "block_opt": _optimal_blocks(r, b), "reps": reps}
    for s in STATS:
        diff = boot[s] - boot[s][:, [b]]  # the same resampled days for both
        lo, hi = np.quantile(diff, [lo_q, hi_q], axis=0)
        out[f"{s}_diff"] = observed[s][0] - observed[s][0, b]
        out[f"{s}_lo"], out[f"{s}_hi"] = lo, hi
        out[f"{s}_excludes_zero"] = (lo > 0) | (hi < 0)
    return pd.DataFrame(out, columns=COLUMNS)


def _optimal_blocks(r: np.ndarray, b: int) -> np.ndarray:
    """arch's Politis-White stationary block length of each daily difference (diagnostic)."""
    from arch.bootstrap import optimal_block_length

    diff = r - r[:, [b]]
    out = np.full(r.shape[1], np.nan)
    for k in range(r.shape[1]):
        if np.ptp(diff[:, k]) > 0:  # a constant difference has no dependence to estimate
            out[k] = float(optimal_block_length(diff[:, k])["stationary"].iloc[0])
    return out


def interval_rows(intervals: pd.DataFrame, benchmark: str) -> pd.DataFrame:
    """The intervals as long metric rows for metrics.csv: <stat>_vs_<benchmark>_lo / _hi /
    _excludes_zero (1 or 0) per strategy and episode."""
    rows = []
    for rec in intervals.to_dict("records"):
        for s in STATS:
            for key in ("lo", "hi", "excludes_zero"):
                rows.append({"strategy": rec["strategy"], "episode": rec["episode"],
                             "metric": f"{s}_vs_{benchmark}_{key}",
                             "value": float(rec[f"{s}_{key}"])})
    return pd.DataFrame(rows, columns=["strategy", "episode", "metric", "value"])


def run_intervals(runs: Sequence[RunLike], benchmark: str, rf: pd.Series) -> pd.DataFrame:
    """bootstrap_differences for every episode of `runs` (all strategies share its draws)."""
    frames = []
    for episode in dict.fromkeys(r.episode for r in runs):
        group = [r for r in runs if r.episode == episode]
        if not any(r.strategy == benchmark for r in group):
            continue
        returns = pd.DataFrame({r.strategy: r.result.returns for r in group})
        frames.append(bootstrap_differences(returns, benchmark, rf, episode))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)

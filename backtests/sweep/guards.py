"""Overfitting guards for a sweep: leave-one-episode-out, deflated Sharpe, PBO by CSCV.

- Deflated Sharpe ratio: Bailey & López de Prado (2014), "The Deflated Sharpe Ratio:
  Correcting for Selection Bias, Backtest Overfitting and Non-Normality", J. Portfolio Mgmt.
- Probability of backtest overfitting by combinatorially symmetric cross-validation:
  Bailey, Borwein, López de Prado & Zhu (2017), "The Probability of Backtest Overfitting",
  J. Computational Finance.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

EULER_GAMMA = 0.5772156649015329


def expected_max_sharpe(n_trials: int, var_sharpe: float) -> float:
    """SR0: the expected maximum Sharpe of n independent trials with true Sharpe 0."""
    if n_trials < 2:
        return 0.0
    z1 = stats.norm.ppf(1.0 - 1.0 / n_trials)
    z2 = stats.norm.ppf(1.0 - 1.0 / (n_trials * math.e))
    return math.sqrt(var_sharpe) * ((1.0 - EULER_GAMMA) * z1 + EULER_GAMMA * z2)


def deflated_sharpe(sharpe: float, n_obs: int, skew: float, kurtosis: float, n_trials: int,
                    var_sharpe: float) -> float:
    """Probability that the true Sharpe exceeds SR0, given the trials (per-period Sharpes;
    `kurtosis` is the raw, not excess, kurtosis)."""
    sr0 = expected_max_sharpe(n_trials, var_sharpe)
    denom = math.sqrt(1.0 - skew * sharpe + (kurtosis - 1.0) / 4.0 * sharpe**2)
    return float(stats.norm.cdf((sharpe - sr0) * math.sqrt(n_obs - 1) / denom))


@dataclass(frozen=True)
class PBO:
    pbo: float  # share of splits where the in-sample best ranks below the out-of-sample median
    logits: np.ndarray
    splits: int


def pbo_cscv(blocks: np.ndarray) -> PBO:
    """PBO from per-block sums of excess returns: blocks[trial, s] = (sum, sum_sq, count).

    Each split takes half the S blocks in sample and the rest out of sample; performance is
    the Sharpe ratio of the pooled days. S must be even.
    """
    n_trials, s, _ = blocks.shape
    if s % 2 or n_trials < 2:
        raise ValueError(f"PBO needs an even number of blocks and >= 2 trials, got S={s}, "
                         f"N={n_trials}")
    logits = []
    for ins in itertools.combinations(range(s), s // 2):
        mask = np.zeros(s, dtype=bool)
        mask[list(ins)] = True
        is_sr, oos_sr = _pooled_sharpe(blocks[:, mask]), _pooled_sharpe(blocks[:, ~mask])
        best = int(np.argmax(is_sr))
        rank = stats.rankdata(oos_sr)[best]  # 1 = worst out of sample
        omega = rank / (n_trials + 1.0)
        logits.append(math.log(omega / (1.0 - omega)))
    arr = np.array(logits)
    return PBO(float((arr <= 0).mean()), arr, len(arr))


def _pooled_sharpe(b: np.ndarray) -> np.ndarray:
    total, sq, count = b[..., 0].sum(axis=1), b[..., 1].sum(axis=1), b[..., 2].sum(axis=1)
    mean = total / count
    var = (sq - count * mean**2) / (count - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(var > 0, mean / np.sqrt(var), 0.0)


def leave_one_out(table: pd.DataFrame, metric: str, episodes: list[str]) -> pd.DataFrame:
    """For each held-out episode: the best combination on the others (mean metric) and how it
    did on the held-out one, against the best achievable there and the median."""
    wide = table.pivot_table(index="combo", columns="episode", values=metric)[episodes]
    rows = []
    for held in episodes:
        train = [e for e in episodes if e != held]
        train_mean = wide[train].mean(axis=1).to_numpy()
        pos = int(np.argmax(train_mean))
        pick = int(wide.index[pos])
        out = wide[held]
        rows.append({"held_out": held, "chosen_combo": pick,
                     "in_sample_best": float(train_mean[pos]),
                     "held_out_value": float(out[pick]), "held_out_best": float(out.max()),
                     "held_out_median": float(out.median()),
                     "discriminates": bool(out.max() - out.min() > 1e-12),
                     # mid-rank: an episode where every combination ties scores 50%
                     "held_out_percentile": float(((out < out[pick]).sum()
                                                   + 0.5 * (out == out[pick]).sum()
                                                   - 0.5) / max(len(out) - 1, 1))})
    return pd.DataFrame(rows)

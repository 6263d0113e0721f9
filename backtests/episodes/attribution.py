"""Where a strategy's edge over the benchmark came from: by regime and by sleeve.

The decomposition is exact and additive. With V the portfolio value (1.0 of cash before the
first close) the total return is V_T − 1 = Σ_t (V_t − V_{t−1}), and each day's gain splits
into sleeves: V_{t−1} · w_{k,t−1} · R_{k,t} (weight held at the previous close times the
sleeve's return that day); what is left (fees, slippage, cash vectorbt holds uninvested) is
`costs`. Summing days by the regime in force at the previous close gives the regime split.
Both splits of (strategy − benchmark) add up to the difference in total return, to rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from backtests.episodes.runner import MarketData, Run
from strategies.regimes import STATES

COSTS = "costs"
UNKNOWN = "no regime yet"


@dataclass(frozen=True)
class Attribution:
    """One run's daily gains as a share of the starting capital."""

    by_sleeve: pd.DataFrame  # dates x (sleeves..., costs)
    regime: pd.Series  # the regime in force at the previous close, per date


def contributions(value: pd.Series, weights: pd.DataFrame, sleeve_returns: pd.DataFrame,
                  regime: pd.Series) -> Attribution:
    """Daily contributions of each sleeve (and of costs) to the total return.

    `value` starts after the first close (1.0 of cash stood before it), `weights` are those
    held at each close, `sleeve_returns` each sleeve's daily return (NaN where it has no data,
    allowed only where nothing is held), `regime` the regime classified at each close.
    """
    dates = value.index
    held = weights.reindex(index=dates, columns=sleeve_returns.columns).fillna(0.0)
    prev_value = value.shift(1).fillna(1.0)
    prev_held = held.shift(1).fillna(0.0)
    ret = sleeve_returns.reindex(dates)
    exposed = prev_held.to_numpy() != 0
    if np.isnan(ret.to_numpy()[exposed]).any():
        raise ValueError("attribution: a sleeve with weight held has no return that day")
    gain = prev_held * ret.fillna(0.0)
    parts = gain.mul(prev_value, axis=0)
    parts[COSTS] = value.diff().fillna(value.iloc[0] - 1.0) - parts.sum(axis=1)
    # on the trading calendar, so the entry day gets the regime classified on its eve
    in_force = regime.shift(1).reindex(dates)
    return Attribution(parts, in_force)


def difference(mine: Attribution, bench: Attribution, regimes: list[str]
               ) -> tuple[pd.Series, pd.Series]:
    """(by regime, by sleeve) of mine − bench; each sums to the total-return difference."""
    columns = mine.by_sleeve.columns.union(bench.by_sleeve.columns, sort=False)
    a = mine.by_sleeve.reindex(columns=columns, fill_value=0.0)
    b = bench.by_sleeve.reindex(index=a.index, columns=columns, fill_value=0.0)
    daily = a.sum(axis=1) - b.sum(axis=1)
    by_regime = daily.groupby(mine.regime.fillna(UNKNOWN)).sum()
    return by_regime.reindex(_order(by_regime.index, regimes)), a.sum() - b.sum()


def _order(present: pd.Index, regimes: list[str]) -> list[str]:
    """The machine's order first, then anything else (e.g. days before any regime)."""
    return [r for r in regimes if r in present] + [r for r in present if r not in regimes]


def of_run(run: Run, market: MarketData, sleeve_returns: pd.DataFrame) -> Attribution:
    return contributions(run.result.value, run.result.weights,
                         sleeve_returns[list(run.result.weights.columns)],
                         market.context.regimes["regime"])


@dataclass(frozen=True)
class EpisodeAttribution:
    """Per episode: one column per strategy (vs the benchmark), rows by regime / by sleeve."""

    by_regime: pd.DataFrame
    by_sleeve: pd.DataFrame
    regime_days: pd.Series  # share of the episode's days in each regime
    total: pd.Series  # the total-return difference per strategy (= each column's sum)


def episode(runs: list[Run], market: MarketData, benchmark: str, regimes: list[str],
            sleeve_returns: pd.DataFrame | None = None) -> EpisodeAttribution:
    """Attribution of every strategy of one episode against the benchmark."""
    if sleeve_returns is None:
        sleeve_returns = market.sleeve_returns
    parts = {r.strategy: of_run(r, market, sleeve_returns) for r in runs}
    base = parts[benchmark]
    by_regime, by_sleeve = {}, {}
    for name, att in parts.items():
        if name != benchmark:
            by_regime[name], by_sleeve[name] = difference(att, base, regimes)
    reg = pd.DataFrame(by_regime).fillna(0.0)
    sleeves = pd.DataFrame(by_sleeve).fillna(0.0)
    share = base.regime.fillna(UNKNOWN).value_counts(normalize=True)
    share = share.reindex(_order(share.index, regimes))
    total = pd.Series({r.strategy: r.metrics["total_return"] - next(
        b.metrics["total_return"] for b in runs if b.strategy == benchmark)
        for r in runs if r.strategy != benchmark})
    return EpisodeAttribution(reg.reindex(share.index).fillna(0.0), sleeves, share, total)


def attribute(runs: list[Run], market: MarketData, benchmark: str,
              episodes: list[str]) -> dict[str, EpisodeAttribution]:
    """Every episode's attribution against the benchmark (sleeve returns computed once)."""
    sleeve_returns = market.sleeve_returns
    return {e: episode([r for r in runs if r.episode == e], market, benchmark,
                       list(STATES), sleeve_returns) for e in episodes}

"""One chunk of a sweep: what one process computes for a slice of the combinations.

The same two functions run in-process and on Dask workers, so a distributed sweep is the
in-process sweep cut into pieces (results identical). A chunk carries only small arrays
(packed parameters, mix matrices); each process derives the episode windows and the feature
matrix from its own copy of the market, once per set of regime parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from backtests.engine import CASH, Costs
from backtests.episodes import Episode
from backtests.execution import fallback_chain, no_fallback_error, window
from backtests.runner import Market
from strategies.regimes import RegimeParams

CORE = ("total_return", "cagr", "ann_volatility", "sharpe", "sortino", "max_drawdown",
        "calmar", "annual_turnover", "rebalances")


@dataclass(frozen=True)
class Windows:
    """Every episode window, concatenated for the kernel (offsets delimit each one)."""

    names: list[str]
    rows: np.ndarray  # per day, the calendar row whose decision it trades (the lag)
    row_off: np.ndarray
    dest: np.ndarray  # fallback destination per day and sleeve
    epoch: np.ndarray  # per day: how many times dest changed so far in its window
    close: np.ndarray  # days x sleeves, back-filled before a sleeve exists (weight 0 there)
    growth: np.ndarray  # each window's growth index of every sleeve (rebalance.growth_index)
    rf: np.ndarray  # cash-sleeve returns, as the engine's Sharpe subtracts them
    day_off: np.ndarray
    dates: list[pd.DatetimeIndex]


@dataclass(frozen=True)
class Chunk:
    """A slice of one regime group's combinations, ready for the kernels."""

    kernel: int  # index in strategies.kernels.rules.KERNELS
    combos: np.ndarray  # global indices of the combinations
    params: np.ndarray  # packed rule parameters, one row per combination
    mix_ids: np.ndarray  # index into `mixes` per combination
    mixes: np.ndarray  # distinct mix matrices (mixes x sleeves each)
    regime: RegimeParams
    episodes: dict[str, Episode]
    costs: Costs
    blocks: int


def windows(market: Market, episodes: dict[str, Episode]) -> Windows:
    """Every episode's execution.window, concatenated, and its cash returns."""
    cal = market.prices.index
    chain = fallback_chain(list(market.prices.columns), market.fallback)
    wins, rf, dates = [], [], []
    for ep in episodes.values():
        start, end = ep.window(market.data_end)
        days = np.flatnonzero((cal >= start) & (cal <= end))
        wins.append(window(market.prices, chain, days))
        rf.append(market.cash_returns.iloc[days].fillna(0.0).to_numpy())
        dates.append(pd.DatetimeIndex(cal[days]))
    off = np.cumsum([0, *(len(r) for r in rf)])

    def cat(name: str) -> np.ndarray:
        return np.ascontiguousarray(np.concatenate([getattr(w, name) for w in wins]))

    return Windows(list(episodes), cat("rows"), off, cat("dest"), cat("epoch"), cat("close"),
                   cat("growth"), np.ascontiguousarray(np.concatenate(rf)), off, dates)


_PREPARED: dict[str, tuple[Market, Windows, np.ndarray]] = {}


def prepared(market: Market, chunk: Chunk) -> tuple[Windows, np.ndarray]:
    """The chunk's episode windows and feature matrix, computed once per market, episodes and
    regime parameters in this process."""
    from backtests.pipeline import reclassify
    from strategies.base import Inputs
    from strategies.features import features

    key = repr((id(market), {k: e.model_dump() for k, e in chunk.episodes.items()},
                chunk.regime.model_dump()))
    hit = _PREPARED.get(key)
    if hit is None or hit[0] is not market:
        if len(_PREPARED) > 16:
            _PREPARED.clear()
        ctx = reclassify(market.context, chunk.regime)
        hit = (market, windows(market, chunk.episodes), features(Inputs(ctx.signals,
                                                                       ctx.regimes)))
        _PREPARED[key] = hit
    return hit[1], hit[2]


def chunk_keys(market: Market, chunk: Chunk) -> np.ndarray:
    """Path keys (combinations x windows x 2) of the chunk's combinations."""
    from backtests.sweep.fused import path_keys

    wins, x = prepared(market, chunk)
    return np.asarray(path_keys(chunk.kernel, x, chunk.params, chunk.mix_ids, wins.rows,
                                wins.row_off))


def chunk_simulate(market: Market, chunk: Chunk, need: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Metrics (combinations x windows x CORE) and block sums of the windows `need` marks."""
    from backtests.sweep.fused import simulate

    wins, x = prepared(market, chunk)
    todo = np.flatnonzero(need.any(axis=1))
    c = chunk.costs
    s, b, err = simulate(chunk.kernel, x, chunk.params, chunk.mixes, chunk.mix_ids, todo,
                         need[todo], wins.rows, wins.row_off, wins.dest, wins.epoch, wins.close,
                         wins.growth,
                         wins.rf, wins.day_off, list(market.prices.columns).index(CASH), c.band,
                         c.fee_rate, c.slippage_rate, chunk.blocks, len(CORE))
    _raise_first(err, wins, market)
    stats = np.full((len(chunk.combos), len(wins.names), len(CORE)), np.nan)
    blocks = np.zeros((len(chunk.combos), len(wins.names), chunk.blocks, 3))
    stats[todo], blocks[todo] = s, b
    return stats, blocks


def _raise_first(err: np.ndarray, wins: Windows, market: Market) -> None:
    """The engine's own error for the first path that put weight where no fallback has data."""
    bad = np.argwhere(err[:, :, 0] >= 0)
    if not len(bad):
        return
    j, w = bad[0]
    row, col = err[j, w]
    if col < 0:
        from backtests.errors import ConfigError

        raise ConfigError(f"no target decided before {wins.dates[w][0].date()}; the strategy "
                          "must state weights on or before the day before start")
    day = market.prices.index[wins.rows[wins.row_off[w] + row]]
    raise no_fallback_error(str(market.prices.columns[col]), day)

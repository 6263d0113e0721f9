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

from backtests.engine.execution import fallback_chain, no_fallback_error, window
from backtests.engine.portfolio import CASH, Costs
from backtests.episodes.definitions import Episode
from backtests.episodes.runner import MarketData
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

    kernel: int  # index in strategies.kernels.rules.KERNELS, or OWN
    combos: np.ndarray  # global indices of the combinations
    params: np.ndarray  # packed rule parameters, one row per combination
    mix_ids: np.ndarray  # index into `mixes` per combination
    mixes: np.ndarray  # distinct mix matrices (mixes x sleeves each)
    regime: RegimeParams
    episodes: dict[str, Episode]
    costs: Costs
    blocks: int
    rule: str = ""  # the rule whose own kernel runs (kernel == OWN)


OWN = -1  # a rule's own compiled kernel: run per combination, then the same fused core


def windows(market: MarketData, episodes: dict[str, Episode]) -> Windows:
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


_PREPARED: dict[str, tuple[MarketData, Windows, np.ndarray]] = {}


def prepared(market: MarketData, chunk: Chunk) -> tuple[Windows, np.ndarray]:
    """The chunk's episode windows and feature matrix (with a rule's own features, when it
    runs its own kernel), computed once per market, episodes, regime parameters and rule in
    this process."""
    from backtests.episodes.pipeline import reclassify
    from strategies.base import Inputs
    from strategies.features import features
    from strategies.registry import get

    own = get(chunk.rule).features if chunk.kernel == OWN else ()
    key = repr((id(market), {k: e.model_dump() for k, e in chunk.episodes.items()},
                chunk.regime.model_dump(), chunk.rule if chunk.kernel == OWN else ""))
    hit = _PREPARED.get(key)
    if hit is None or hit[0] is not market:
        if len(_PREPARED) > 16:
            _PREPARED.clear()
        ctx = reclassify(market.context, chunk.regime)
        inputs = Inputs(ctx.signals, ctx.regimes, ctx.panel if own else None)
        hit = (market, windows(market, chunk.episodes), features(inputs, own))
        _PREPARED[key] = hit
    return hit[1], hit[2]


def own_coefficients(chunk: Chunk, x: np.ndarray) -> np.ndarray:
    """Combinations x days x mixes from the rule's own kernel, one call per combination
    (its compiled code runs; only the loop over combinations is Python)."""
    from backtests.errors import ConfigError
    from strategies.registry import get

    strat = get(chunk.rule)
    kernel = strat.kernel
    assert kernel is not None  # a pandas rule is swept by runs (sweep.single)
    out = np.empty((len(chunk.params), x.shape[0], chunk.mixes.shape[1]))
    for j, p in enumerate(chunk.params):
        coefs = np.asarray(kernel(x, p), dtype=np.float64)
        if coefs.shape != out.shape[1:]:
            raise ConfigError(f"rule '{chunk.rule}' ({strat.source}): its kernel returned an "
                              f"array of shape {coefs.shape}; it must return days x mixes, "
                              f"{out.shape[1:]} here (one column per Mix field, in order)")
        out[j] = coefs
    return out


def chunk_keys(market: MarketData, chunk: Chunk) -> np.ndarray:
    """Path keys (combinations x windows x 2) of the chunk's combinations."""
    from backtests.sweep.fused import path_keys, path_keys_of

    wins, x = prepared(market, chunk)
    if chunk.kernel == OWN:
        return np.asarray(path_keys_of(own_coefficients(chunk, x), chunk.mix_ids, wins.rows,
                                       wins.row_off))
    return np.asarray(path_keys(chunk.kernel, x, chunk.params, chunk.mix_ids, wins.rows,
                                wins.row_off))


def chunk_simulate(market: MarketData, chunk: Chunk, need: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Metrics (combinations x windows x CORE) and block sums of the windows `need` marks."""
    from backtests.sweep.fused import simulate, simulate_of

    wins, x = prepared(market, chunk)
    todo = np.flatnonzero(need.any(axis=1))
    c = chunk.costs
    shared = (need[todo], wins.rows, wins.row_off, wins.dest, wins.epoch, wins.close,
              wins.growth, wins.rf, wins.day_off, list(market.prices.columns).index(CASH),
              c.band, c.fee_rate, c.slippage_rate, chunk.blocks, len(CORE))
    if chunk.kernel == OWN:
        s, b, err = simulate_of(own_coefficients(chunk, x), chunk.mixes, chunk.mix_ids, todo,
                                *shared)
    else:
        s, b, err = simulate(chunk.kernel, x, chunk.params, chunk.mixes, chunk.mix_ids, todo,
                             *shared)
    _raise_first(err, wins, market)
    stats = np.full((len(chunk.combos), len(wins.names), len(CORE)), np.nan)
    blocks = np.zeros((len(chunk.combos), len(wins.names), chunk.blocks, 3))
    stats[todo], blocks[todo] = s, b
    return stats, blocks


def _raise_first(err: np.ndarray, wins: Windows, market: MarketData) -> None:
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

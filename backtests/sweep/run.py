"""Run a grid over episodes: every rule through its compiled kernel, distinct paths only.

Combinations are grouped by their regime parameters (each group classifies the regimes once),
packed into float vectors for the rule's kernel, hashed per episode window on the coefficient
rows they decide with, and each distinct path is simulated once in one compiled pass
(backtests.sweep.fused). Memory holds per-path metrics and block sums, never combinations x days.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from backtests.engine import CASH, Costs
from backtests.episodes import Episode
from backtests.execution import destinations, fallback_chain, no_fallback_error
from backtests.runner import Market
from backtests.sweep.grid import Grid
from strategies.kernels.rules import KERNELS
from strategies.mixes import matrix
from strategies.registry import get

CORE = ("total_return", "cagr", "ann_volatility", "sharpe", "sortino", "max_drawdown",
        "calmar", "annual_turnover", "rebalances")
CHUNK = 2_000  # combinations per compiled call (progress, and the unit sent to a cluster)


@dataclass(frozen=True)
class Windows:
    """Every episode window, concatenated for the kernel (offsets delimit each one)."""

    names: list[str]
    rows: np.ndarray  # calendar positions of [eve, day 0, ..., day T-1] per window
    row_off: np.ndarray
    dest: np.ndarray  # fallback destination per decision row and sleeve
    close: np.ndarray  # days x sleeves, back-filled before a sleeve exists (weight 0 there)
    ret: np.ndarray  # daily returns, 0 where no data (drift for the band)
    rf: np.ndarray  # cash-sleeve returns, as the engine's Sharpe subtracts them
    day_off: np.ndarray
    dates: list[pd.DatetimeIndex]


@dataclass(frozen=True)
class SweepResult:
    grid: Grid
    table: pd.DataFrame  # one row per (combination, episode): params + CORE metrics
    blocks: dict[str, np.ndarray]  # episode -> (combos, S, 3): sum, sum of squares, count
    unique_paths: dict[str, int]
    seconds: float
    fast_path: bool = True  # every rule runs compiled now


def windows(market: Market, episodes: dict[str, Episode]) -> Windows:
    cal = market.prices.index
    chain = fallback_chain(list(market.prices.columns), market.fallback)
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("rows", "dest", "close", "ret", "rf")}
    dates = []
    for ep in episodes.values():
        start, end = ep.window(market.data_end)
        days = np.flatnonzero((cal >= start) & (cal <= end))
        rows = np.concatenate([[days[0] - 1], days])
        prices = market.prices.iloc[days]
        parts["rows"].append(rows)
        parts["dest"].append(destinations(market.prices.iloc[rows].notna().to_numpy(), chain))
        parts["close"].append(prices.bfill().to_numpy())
        parts["ret"].append(prices.pct_change().fillna(0.0).to_numpy())
        parts["rf"].append(market.cash_returns.iloc[days].fillna(0.0).to_numpy())
        dates.append(pd.DatetimeIndex(prices.index))
    cat = {k: np.ascontiguousarray(np.concatenate(v)) for k, v in parts.items()}
    row_off = np.cumsum([0, *(len(r) for r in parts["rows"])])
    day_off = np.cumsum([0, *(len(r) for r in parts["rf"])])
    return Windows(list(episodes), cat["rows"].astype(np.int64), row_off, cat["dest"],
                   cat["close"], cat["ret"], cat["rf"], day_off, dates)


def run_sweep(market: Market, grid: Grid, episodes: dict[str, Episode], costs: Costs,
              blocks: int = 10, on_combo: Callable[[int, int], None] | None = None
              ) -> SweepResult:
    started = time.perf_counter()
    strat = get(grid.strategy)
    sleeves = list(market.prices.columns)
    wins = windows(market, episodes)
    n, n_win = len(grid.params), len(wins.names)
    mix_lists = {repr(m): m for m in (strat.mixes(p) for p in grid.params)}  # distinct, ordered
    ids = {key: i for i, key in enumerate(mix_lists)}
    mixes = np.stack([matrix(m, sleeves) for m in mix_lists.values()])
    mix_ids = np.array([ids[repr(strat.mixes(p))] for p in grid.params], dtype=np.int64)
    packed = np.array([strat.pack(p) for p in grid.params], dtype=np.float64)
    stats = np.full((n, n_win, len(CORE)), np.nan)
    block_sums = np.zeros((n, n_win, blocks, 3))
    seen: list[dict[bytes, int]] = [{} for _ in range(n_win)]
    kernel = KERNELS.index(strat.kernel)
    done = 0
    for group, x in _regime_groups(market, grid):
        for lo in range(0, len(group), CHUNK):
            idx = group[lo:lo + CHUNK]
            _chunk(kernel, x, idx, packed, mixes, mix_ids, wins, costs, blocks, seen, stats,
                   block_sums, market)
            done += len(idx)
            if on_combo:
                on_combo(done, n)
    frames = []
    for w, name in enumerate(wins.names):
        frame = pd.DataFrame(grid.combos)
        frame.insert(0, "episode", name)
        frame.insert(0, "combo", range(n))
        frames.append(pd.concat([frame, pd.DataFrame(stats[:, w], columns=CORE)], axis=1))
    return SweepResult(grid, pd.concat(frames, ignore_index=True),
                       {name: block_sums[:, w] for w, name in enumerate(wins.names)},
                       {name: len(seen[w]) for w, name in enumerate(wins.names)},
                       time.perf_counter() - started)


def _regime_groups(market: Market, grid: Grid) -> list[tuple[np.ndarray, np.ndarray]]:
    """(combination indices, feature matrix) per distinct regime parameter set."""
    from backtests.pipeline import reclassify
    from strategies.base import Inputs
    from strategies.features import features

    keys = [repr(r.model_dump()) for r in grid.regime_params]
    out = []
    for key in dict.fromkeys(keys):
        idx = np.array([c for c, k in enumerate(keys) if k == key], dtype=np.int64)
        ctx = reclassify(market.context, grid.regime_params[idx[0]])
        out.append((idx, features(Inputs(ctx.signals, ctx.regimes))))
    return out


def _chunk(kernel: int, x: np.ndarray, idx: np.ndarray, packed: np.ndarray, mixes: np.ndarray,
           mix_ids: np.ndarray, wins: Windows, costs: Costs, blocks: int,
           seen: list[dict[bytes, int]], stats: np.ndarray, block_sums: np.ndarray,
           market: Market) -> None:
    """Simulate the distinct paths of combinations `idx`; copy results to their duplicates."""
    from backtests.sweep.fused import path_keys, simulate

    params, ids = packed[idx], mix_ids[idx]
    keys = path_keys(kernel, x, params, ids, wins.rows, wins.row_off)
    need = np.zeros((len(idx), len(wins.names)), dtype=np.bool_)
    copies: list[tuple[int, int, int]] = []  # (combo, window, first combo with that path)
    for j, c in enumerate(idx):
        for w in range(len(wins.names)):
            key = keys[j, w].tobytes()
            first = seen[w].setdefault(key, int(c))
            need[j, w] = first == c
            if first != c:
                copies.append((int(c), w, first))
    todo = np.flatnonzero(need.any(axis=1))
    s, b, err = simulate(kernel, x, params, mixes, ids, todo, need[todo], wins.rows,
                         wins.row_off, wins.dest, wins.close, wins.ret, wins.rf, wins.day_off,
                         list(market.prices.columns).index(CASH), costs.band,
                         costs.fee_bps / 1e4, costs.slippage_bps / 1e4, blocks, len(CORE))
    _raise_first(err, todo, wins, market)
    for j, t in enumerate(todo):
        c = idx[t]
        stats[c][need[t]] = s[j][need[t]]
        block_sums[c][need[t]] = b[j][need[t]]
    for c, w, first in copies:  # identical weight path: identical results
        stats[c, w], block_sums[c, w] = stats[first, w], block_sums[first, w]


def _raise_first(err: np.ndarray, todo: np.ndarray, wins: Windows, market: Market) -> None:
    """The engine's own error for the first path that put weight where no fallback has data."""
    bad = np.argwhere(err[:, :, 0] >= 0)
    if not len(bad):
        return
    j, w = bad[0]
    row, col = err[j, w]
    day = market.prices.index[wins.rows[wins.row_off[w] + row]]
    if col < 0:
        from backtests.errors import ConfigError

        raise ConfigError(f"no target decided before {wins.dates[w][0].date()}; the strategy "
                          "must state weights on or before the day before start")
    raise no_fallback_error(str(market.prices.columns[col]), day)

"""Run a grid over episodes: one weight path per combination, deduplicated, batch-simulated.

Memory is bounded by one combination's calendar-long weight matrix (~25k days x 9 sleeves,
1.8 MB) plus, per episode, the unique simulated paths' metrics and S block sums for PBO
(never a combinations x days matrix), so 10,000 combinations need well under 100 MB.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from backtests import metrics as m
from backtests.engine import CASH, Costs
from backtests.episodes import Episode
from backtests.runner import Market
from backtests.sweep.grid import Grid
from backtests.sweep.kernel import prepare, simulate_path
from backtests.sweep.paths import FastContrarian, fast_path_ok, rule_weights
from strategies.base import Inputs

CORE = ("total_return", "cagr", "ann_volatility", "sharpe", "sortino", "max_drawdown",
        "calmar", "annual_turnover", "rebalances")


@dataclass(frozen=True)
class Window:
    """Everything about one episode that is the same for every combination."""

    name: str
    rows: np.ndarray  # calendar positions of [eve, day 0, ..., day T-1]
    close: np.ndarray  # T x K, back-filled before a sleeve exists (weight 0 there)
    ret: np.ndarray  # T x K daily returns, 0 where no data (drift for the band)
    dest: np.ndarray  # (T+1) x K fallback destination per decision row
    rf: np.ndarray  # T cash-sleeve returns, as the engine's Sharpe subtracts them
    index: pd.DatetimeIndex


@dataclass(frozen=True)
class SweepResult:
    grid: Grid
    table: pd.DataFrame  # one row per (combination, episode): params + CORE metrics
    blocks: dict[str, np.ndarray]  # episode -> (combos, S, 3): sum, sum of squares, count
    unique_paths: dict[str, int]
    seconds: float
    fast_path: bool


def window(market: Market, name: str, ep: Episode) -> Window:
    start, end = ep.window(market.data_end)
    cal = market.prices.index
    days = np.flatnonzero((cal >= start) & (cal <= end))
    rows = np.concatenate([[days[0] - 1], days])
    prices = market.prices.iloc[days]
    sleeves = list(market.prices.columns)
    have = market.prices.iloc[rows].notna().to_numpy()
    dest = np.tile(np.arange(len(sleeves)), (len(rows), 1))
    for k, sleeve in enumerate(sleeves):
        for i in np.flatnonzero(~have[:, k]):
            d = market.fallback.get(sleeve)
            while d is not None and not have[i, sleeves.index(d)]:
                d = market.fallback.get(d)
            dest[i, k] = sleeves.index(d) if d is not None else k
    rf = market.cash_returns.iloc[days].fillna(0.0).to_numpy(copy=True)
    return Window(name, rows, prices.bfill().to_numpy(), prices.pct_change().fillna(0.0)
                  .to_numpy(), dest, rf, pd.DatetimeIndex(prices.index))


def _orders(w_full: np.ndarray, win: Window, cash_col: int) -> np.ndarray:
    decided = w_full[win.rows].copy()
    if np.isnan(decided[0]).all():  # the last decision before the start, as the engine does
        earlier = np.flatnonzero(~np.isnan(w_full[: win.rows[0]]).all(axis=1))
        decided[0] = w_full[earlier[-1]]
    return prepare(decided, cash_col, win.dest)[:-1]


def run_sweep(market: Market, grid: Grid, episodes: dict[str, Episode], costs: Costs,
              blocks: int = 10, on_combo: Callable[[int, int], None] | None = None
              ) -> SweepResult:
    started = time.perf_counter()
    sleeves = list(market.prices.columns)
    cash_col = sleeves.index(CASH)
    inputs = Inputs(market.context.signals, market.context.regimes)
    fast = fast_path_ok(grid.strategy, grid.axes)
    wins = [window(market, n, e) for n, e in episodes.items()]
    n = len(grid.params)
    stats = {w.name: np.full((n, len(CORE)), np.nan) for w in wins}
    block_sums = {w.name: np.zeros((n, blocks, 3)) for w in wins}
    seen: dict[str, dict[bytes, int]] = {w.name: {} for w in wins}
    twin = FastContrarian(inputs, sleeves) if fast else None
    for c, params in enumerate(grid.params):
        if twin is not None:
            coefs = twin.coefs(params)  # type: ignore[arg-type]
        else:
            w_full = rule_weights(grid.strategy, inputs, params, sleeves)
        for win in wins:
            if twin is not None:  # dedup on the blend coefficients: cheaper than on weights
                part = coefs[win.rows]
                key = hashlib.blake2b(part.tobytes(), digest_size=16).digest()
            else:
                orders = _orders(w_full, win, cash_col)
                key = hashlib.blake2b(orders.tobytes(), digest_size=16).digest()
            first = seen[win.name].get(key)
            if first is not None:  # identical weight path: identical results
                stats[win.name][c] = stats[win.name][first]
                block_sums[win.name][c] = block_sums[win.name][first]
                continue
            seen[win.name][key] = c
            if twin is not None:
                orders = prepare(twin.weights(part, params), cash_col,  # type: ignore[arg-type]
                                 win.dest)[:-1]
            value, traded, trades, _ = simulate_path(orders, win.close, win.ret, costs.band,
                                                     costs.fee_bps / 1e4,
                                                     costs.slippage_bps / 1e4)
            r = np.empty_like(value)
            r[0] = value[0] - 1.0
            r[1:] = value[1:] / value[:-1] - 1.0
            stats[win.name][c] = _core(r, win.rf, traded / value, trades)
            block_sums[win.name][c] = _blocks(r - win.rf, blocks)
        if on_combo:
            on_combo(c + 1, n)
    frames = []
    for win in wins:
        frame = pd.DataFrame(grid.combos)
        frame.insert(0, "episode", win.name)
        frame.insert(0, "combo", range(n))
        frames.append(pd.concat([frame, pd.DataFrame(stats[win.name], columns=CORE)], axis=1))
    return SweepResult(grid, pd.concat(frames, ignore_index=True), block_sums,
                       {k: len(v) for k, v in seen.items()}, time.perf_counter() - started,
                       fast)


def _core(r: np.ndarray, rf: np.ndarray, turnover: np.ndarray, trades: int) -> np.ndarray:
    return np.array([m.total_return_a(r), m.cagr_a(r), m.ann_volatility_a(r),
                     m.sharpe_a(r, rf), m.sortino_a(r, rf), m.max_drawdown_a(r),
                     m.calmar_a(r), m.annual_turnover_a(turnover), float(trades)])


def _blocks(ex: np.ndarray, s: int) -> np.ndarray:
    """Per contiguous block: sum, sum of squares and count of excess returns (for CSCV)."""
    parts = np.array_split(ex, s)
    return np.array([[p.sum(), (p * p).sum(), len(p)] for p in parts])

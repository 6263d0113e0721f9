"""Sweep a rule the fused sweep cannot run (a pandas rule, whose `rule` function gives the
target weights: there are no coefficients to hand the core) through the single-run path,
one combination and episode at a time. (A compiled rule of your own is fused: its kernel
runs per combination, then the same core; backtests.sweep.chunks.own_coefficients.)

Slower than the fused kernel, but the numbers are the single backtest's own, never a
placeholder's; run_sweep says so in the result's notes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from backtests.engine.costs import Costs
from backtests.episodes.definitions import Episode
from backtests.episodes.runner import MarketData, run_one
from backtests.sweep.chunks import CORE
from backtests.sweep.fused import block_sums
from backtests.sweep.grid import Grid
from strategies.base import Inputs
from strategies.registry import get

NOTE = ("{rule} has no kernel the fused sweep runs: swept through the single-run path, one "
        "backtest per combination and episode ({n:,} runs)")


def sweep_by_runs(market: MarketData, grid: Grid, episodes: dict[str, Episode], costs: Costs,
                  blocks: int, on_combo: Callable[[int, int], None] | None = None
                  ) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """(stats: combinations x episodes x CORE, block sums, distinct paths per episode)."""
    from backtests.episodes.pipeline import reclassify

    rule = get(grid.strategy).rule
    n, names = len(grid.params), list(episodes)
    stats = np.full((n, len(names), len(CORE)), np.nan)
    sums = np.zeros((n, len(names), blocks, 3))
    seen: list[set[bytes]] = [set() for _ in names]
    inputs: dict[str, Inputs] = {}
    for c, params in enumerate(grid.params):
        regime = grid.regime_params[c]
        key = repr(regime.model_dump())
        if key not in inputs:  # classify the regimes once per set of regime parameters
            ctx = reclassify(market.context, regime)
            inputs[key] = Inputs(ctx.signals, ctx.regimes, ctx.panel)  # series features
        weights = rule(inputs[key], params)
        for w, name in enumerate(names):
            run = run_one(market, grid.strategy, params, name, episodes[name], costs, weights)
            stats[c, w] = [run.metrics[k] for k in CORE]
            r = run.result.returns
            rf = market.cash_returns.reindex(r.index).fillna(0.0)
            sums[c, w] = block_sums((r - rf).to_numpy(), blocks)
            seen[w].add(r.to_numpy().tobytes())
        if on_combo:
            on_combo(c + 1, n)
    return stats, sums, {name: len(seen[w]) for w, name in enumerate(names)}

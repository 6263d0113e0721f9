"""A sweep of a rule the compiled sweep cannot run (a user's own kernel, or a pandas rule):
every combination through the single-run path, the engine's own backtest, so each value equals
`playbook backtest` exactly. Slower (one engine run per combination and episode); the sweep
says so rather than substituting another rule's numbers.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from backtests.sweep.chunks import CORE
from backtests.sweep.fused import _blocks

if TYPE_CHECKING:
    from backtests.engine import Costs
    from backtests.episodes import Episode
    from backtests.runner import Market
    from backtests.sweep.grid import Grid
    from backtests.sweep.run import SweepResult

log = logging.getLogger(__name__)


def compiled_sweep_runs(strategy: str) -> bool:
    """Whether the compiled sweep has this rule's kernel (the built-in ones)."""
    from strategies.kernels.rules import KERNELS
    from strategies.registry import get

    return get(strategy).kernel in KERNELS


def single_run_sweep(market: Market, grid: Grid, episodes: dict[str, Episode], costs: Costs,
                     blocks: int = 10, on_combo: Callable[[int, int], None] | None = None
                     ) -> SweepResult:
    """The sweep's result (table, block sums) from one engine backtest per combination."""
    from backtests.pipeline import reclassify
    from backtests.runner import run_matrix
    from backtests.sweep.run import SweepResult

    started = time.perf_counter()
    log.warning("%s: no built-in compiled kernel; the sweep runs each of its %d combinations "
                "through the single-run path", grid.strategy, len(grid.params))
    n, names = len(grid.params), list(episodes)
    stats = np.full((n, len(names), len(CORE)), np.nan)
    sums = np.zeros((n, len(names), blocks, 3))
    for c, (params, regime) in enumerate(zip(grid.params, grid.regime_params, strict=True)):
        loaded = dataclasses.replace(market, context=reclassify(market.context, regime))
        runs = run_matrix(loaded, {grid.strategy: params}, episodes, costs)
        for w, run in enumerate(runs):
            r = run.result.returns
            ex = (r - market.cash_returns.reindex(r.index).fillna(0.0)).to_numpy()
            stats[c, w] = [run.metrics[k] for k in CORE]
            sums[c, w] = _blocks(ex, blocks)
        if on_combo:
            on_combo(c + 1, n)
    frames = []
    for w, name in enumerate(names):
        frame = pd.DataFrame(grid.combos)
        frame.insert(0, "episode", name)
        frame.insert(0, "combo", range(n))
        frames.append(pd.concat([frame, pd.DataFrame(stats[:, w], columns=CORE)], axis=1))
    paths = {name: len(np.unique(stats[:, w], axis=0)) for w, name in enumerate(names)}
    return SweepResult(grid, pd.concat(frames, ignore_index=True),
                       {name: sums[:, w] for w, name in enumerate(names)}, paths,
                       time.perf_counter() - started, fast_path=False)

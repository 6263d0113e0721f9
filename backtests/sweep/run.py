"""Run a grid over episodes: every rule through its compiled kernel, distinct paths only.

Combinations are grouped by their regime parameters (each group classifies the regimes once),
packed into float vectors for the rule's kernel and cut into chunks. First every chunk hashes
its paths (per episode window, the coefficient rows it decides with and its mixes); then each
distinct path is simulated once, in one compiled pass (backtests.sweep.fused). Chunks run in
this process or on a Dask cluster (backtests.sweep.cluster): the results are identical.
Memory holds per-path metrics and block sums, never combinations x days.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, get_origin

import numpy as np
import pandas as pd

from backtests.engine.portfolio import Costs
from backtests.episodes.definitions import Episode
from backtests.episodes.runner import MarketData
from backtests.sweep.chunks import CORE, OWN, Chunk, chunk_keys, chunk_simulate
from backtests.sweep.grid import REGIME, Grid
from strategies.kernels.rules import KERNELS
from strategies.mixes import matrix
from strategies.registry import get
from strategies.strategy import Strategy

__all__ = ["CORE", "SweepResult", "run_sweep"]
CHUNK = 2_000  # combinations per compiled call (progress, and the unit sent to a cluster)
OWN_CHUNK = 200  # a rule's own kernel: its coefficients per chunk held in memory (~15 MB a mix)


class Executor(Protocol):
    """Runs chunk functions (chunk_keys, chunk_simulate) over many argument tuples."""

    def map(self, fn: Callable[..., Any], items: list[tuple[Any, ...]]) -> list[Any]: ...


class InProcess:
    """Today's path: every chunk in this process, on the market already loaded."""

    def __init__(self, market: MarketData) -> None:
        self.market = market

    def map(self, fn: Callable[..., Any], items: list[tuple[Any, ...]]) -> list[Any]:
        return [fn(self.market, *item) for item in items]


@dataclass(frozen=True)
class SweepResult:
    grid: Grid
    table: pd.DataFrame  # one row per (combination, episode): params + CORE metrics
    blocks: dict[str, np.ndarray]  # episode -> (combos, S, 3): sum, sum of squares, count
    unique_paths: dict[str, int]
    seconds: float
    notes: tuple[str, ...] = ()  # how the sweep ran, when not every path ran compiled


def chunks(grid: Grid, market: MarketData, episodes: dict[str, Episode], costs: Costs,
           blocks: int, size: int = CHUNK) -> list[Chunk]:
    """The grid cut into chunks, each within one group of equal regime parameters."""
    strat = get(grid.strategy)
    sleeves = list(market.prices.columns)
    mix_lists = [strat.mixes(p) for p in grid.params]
    mix_keys = [repr(m) for m in mix_lists]
    ids = {key: i for i, key in enumerate(dict.fromkeys(mix_keys))}  # distinct, in order
    firsts = {key: m for key, m in zip(mix_keys, mix_lists, strict=True)}
    mixes = np.stack([matrix(firsts[key], sleeves) for key in ids])
    mix_ids = np.array([ids[key] for key in mix_keys], dtype=np.int64)
    packed = _packed(strat, grid)
    kernel = KERNELS.index(strat.kernel) if strat.kernel in KERNELS else OWN
    swept = any(k.startswith(REGIME) for k in grid.axes)  # else one regime set for all
    keys = [repr(r.model_dump()) for r in grid.regime_params] if swept else [""] * len(packed)
    out = []
    for key in dict.fromkeys(keys):
        group = np.array([c for c, k in enumerate(keys) if k == key], dtype=np.int64)
        for lo in range(0, len(group), size):
            idx = group[lo:lo + size]
            out.append(Chunk(kernel, idx, packed[idx], mix_ids[idx], mixes,
                             grid.regime_params[idx[0]], episodes, costs, blocks, grid.strategy))
    return out


def _packed(strat: Strategy, grid: Grid) -> np.ndarray:
    """Each combination's packed vector. A pack that reads no Mix field (the mixes are the
    mix matrix) is computed once per value of the other swept parameters: in a grid over
    mixes, most combinations share it (Python per combination is the sweep's serial part)."""
    if not strat.mix_free_pack:
        return np.array([strat.pack(p) for p in grid.params], dtype=np.float64)
    fields = strat.params.model_fields
    mixes = {k for k, f in fields.items() if get_origin(f.annotation) is dict}
    keys = [a for a in grid.axes if a.split(".")[0] not in mixes]  # the rest: conservative
    done: dict[str, list[float]] = {}
    rows = []
    for combo, p in zip(grid.combos, grid.params, strict=True):
        key = repr([combo[a] for a in keys])
        if key not in done:
            done[key] = strat.pack(p)
        rows.append(done[key])
    return np.array(rows, dtype=np.float64)


def run_sweep(market: MarketData, grid: Grid, episodes: dict[str, Episode], costs: Costs,
              blocks: int = 10, on_combo: Callable[[int, int], None] | None = None,
              executor: Executor | None = None) -> SweepResult:
    started = time.perf_counter()
    # a pandas rule: its own function, run by run (never another rule's numbers in its place)
    if get(grid.strategy).kernel is None:
        from backtests.sweep.single import NOTE, sweep_by_runs

        stats, block_sums, paths = sweep_by_runs(market, grid, episodes, costs, blocks,
                                                 on_combo)
        note = NOTE.format(rule=grid.strategy, n=len(grid.params) * len(episodes))
        return SweepResult(grid, _table(grid, episodes, stats),
                           {name: block_sums[:, w] for w, name in enumerate(episodes)},
                           paths, time.perf_counter() - started, (note,))
    notes: tuple[str, ...] = ()
    if get(grid.strategy).kernel not in KERNELS and not isinstance(executor,
                                                                  InProcess | None):
        notes = (f"{grid.strategy} runs its own kernel in this process: workers do not load "
                 "your rule files",)
        executor = None
    run = executor or InProcess(market)
    workers = int(getattr(run, "workers", 0))
    size = CHUNK if not workers else max(100, -(-len(grid.params) // (4 * workers)))
    if get(grid.strategy).kernel not in KERNELS:
        size = OWN_CHUNK  # its coefficients are held (combinations x days x mixes) per chunk
    parts = chunks(grid, market, episodes, costs, blocks, size)  # a cluster: ~4 chunks a worker
    n, n_win = len(grid.params), len(episodes)
    keys = run.map(chunk_keys, [(c,) for c in parts])
    firsts: list[dict[bytes, int]] = [{} for _ in range(n_win)]
    first_of = np.empty((n, n_win), dtype=np.int64)  # the combination simulated for each path
    for part, k in zip(parts, keys, strict=True):
        for j, c in enumerate(part.combos):
            for w in range(n_win):
                first_of[c, w] = firsts[w].setdefault(k[j, w].tobytes(), int(c))
    stats = np.full((n, n_win, len(CORE)), np.nan)
    block_sums = np.zeros((n, n_win, blocks, 3))
    needs = [first_of[p.combos] == p.combos[:, None] for p in parts]
    todo = [(p, need) for p, need in zip(parts, needs, strict=True) if need.any()]
    done = 0
    for (part, need), (s, b) in zip(todo, run.map(chunk_simulate, todo), strict=True):
        stats[part.combos] = np.where(need[:, :, None], s, stats[part.combos])
        block_sums[part.combos] = np.where(need[:, :, None, None], b, block_sums[part.combos])
        done += len(part.combos)
        if on_combo:
            on_combo(done, n)
    cols = np.arange(n_win)
    stats, block_sums = stats[first_of, cols], block_sums[first_of, cols]  # copy to duplicates
    if on_combo and done < n:  # chunks of duplicates only were never simulated
        on_combo(n, n)
    return SweepResult(grid, _table(grid, episodes, stats),
                       {name: block_sums[:, w] for w, name in enumerate(episodes)},
                       {name: len(firsts[w]) for w, name in enumerate(episodes)},
                       time.perf_counter() - started, notes)


def _table(grid: Grid, episodes: dict[str, Episode], stats: np.ndarray) -> pd.DataFrame:
    """One row per (combination, episode): the parameters, then the CORE metrics."""
    frames = []
    for w, name in enumerate(episodes):
        frame = pd.DataFrame(grid.combos)
        frame.insert(0, "episode", name)
        frame.insert(0, "combo", range(len(grid.params)))
        frames.append(pd.concat([frame, pd.DataFrame(stats[:, w], columns=CORE)], axis=1))
    return pd.concat(frames, ignore_index=True)

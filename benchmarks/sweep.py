"""Sweep speed: combinations per second and peak memory, batch vs one-at-a-time (not a test).

    .venv/bin/python benchmarks/sweep.py [--store DIR] [--sizes 1000 10000] [--single 100]

contrarian_qe over full history (all sleeves, daily). The one-at-a-time figure runs a sample
of the same grid through the single-run API (vectorbt engine) and is scaled per combination;
the ratio compares both in this one run. Results of both paths are checked equal (1e-9).
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc
from pathlib import Path

import numpy as np

from backtests.data.store import Store
from backtests.engine import Costs
from backtests.episodes import load_episodes
from backtests.runner import load_market, run_one
from backtests.sweep.grid import parse_grid
from backtests.sweep.run import CORE, run_sweep

AXES = {"vix_relief": np.linspace(0.10, 0.40, 10).round(4).tolist(),
        "scale_in_days": list(range(5, 55, 5)),
        "hold_months": list(range(3, 33, 3)),
        "qe_within": list(range(20, 220, 20))}


def grid_of(size: int) -> dict:
    axes, total = {}, 1
    for name, values in AXES.items():
        if total >= size:
            break
        axes[name] = values
        total *= len(values)
    return {"grid": axes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--single", type=int, default=100, help="sample for the slow path")
    args = parser.parse_args()
    market = load_market(Store.resolve(args.store))
    episode = {"full_history": load_episodes()["full_history"]}
    run_sweep(market, parse_grid(grid_of(2), "contrarian_qe", "warm-up"), episode, Costs())
    for size in args.sizes:
        grid = parse_grid(grid_of(size), "contrarian_qe", f"{size}")
        t0 = time.perf_counter()
        res = run_sweep(market, grid, episode, Costs())
        batch = time.perf_counter() - t0
        # Peak memory from a separate traced pass on a slice: tracemalloc slows every
        # allocation, so it must not run during the timed pass.
        tracemalloc.start()
        run_sweep(market, parse_grid(grid_of(min(size, 1000)), "contrarian_qe", "m"), episode,
                  Costs())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        n = len(grid.params)
        sample = np.linspace(0, n - 1, min(args.single, n)).astype(int)
        t1 = time.perf_counter()
        worst = 0.0
        for c in sample:
            one = run_one(market, "contrarian_qe", grid.params[c], "full_history",
                          episode["full_history"], Costs())
            row = res.table.iloc[c]
            worst = max(worst, max(abs(row[k] - one.metrics[k]) for k in CORE))
        single = (time.perf_counter() - t1) / len(sample)
        print(f"{n:6d} combinations: batch {batch:6.2f} s = {n / batch:7.0f} comb/s, "
              f"peak traced memory (<=1000 comb.) {peak / 1e6:5.1f} MB, process max RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:5.0f} MB, unique paths "
              f"{res.unique_paths['full_history']}; one at a time {single * 1000:5.0f} ms/comb "
              f"(~{single * n:6.0f} s for all) -> ratio {single * n / batch:5.0f}x; "
              f"max |diff| {worst:.1e}")


if __name__ == "__main__":
    main()

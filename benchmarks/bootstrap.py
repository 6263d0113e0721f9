"""CPU time the bootstrap intervals add to `playbook run` (prints figures; not a test).

    .venv/bin/python benchmarks/bootstrap.py [--store DIR] [--repeat 3]

Runs the committee configuration's strategies over its episodes once, then times
uncertainty.run_intervals on those runs (CPU seconds of this process, all threads, and wall
seconds), after a first call that pays arch's import.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from backtests.data.store import Store
from backtests.episodes.resolve import resolve
from backtests.episodes.runconfig import load_config
from backtests.episodes.runner import load_market, run_matrix
from backtests.evaluate.uncertainty import BLOCK, REPS, run_intervals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    config = load_config()
    params, rules, episodes, costs = resolve(config)
    market = load_market(Store.resolve(args.store))
    c0 = time.process_time()
    runs = run_matrix(market, params, episodes, costs, rules)
    runs_cpu = time.process_time() - c0
    days = sum(len(r.result.returns) for r in runs if r.strategy == config.benchmark)
    c0, w0 = time.process_time(), time.perf_counter()
    run_intervals(runs, config.benchmark, market.cash_returns)  # includes importing arch
    first = time.process_time() - c0, time.perf_counter() - w0
    cpu, wall = [], []
    for _ in range(args.repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        run_intervals(runs, config.benchmark, market.cash_returns)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    print(f"{len(params)} strategies x {len(episodes)} episodes = {len(runs)} runs "
          f"({days:,} episode-days); the runs themselves: {runs_cpu:.2f} s CPU")
    print(f"bootstrap: {REPS:,} replications, mean block {BLOCK} days, drawn once per episode")
    print(f"  first call (imports arch): {first[0]:.2f} s CPU, {first[1]:.2f} s wall")
    print(f"  then, best of {args.repeat}: {min(cpu):.2f} s CPU, {min(wall):.2f} s wall "
          f"({min(cpu) / runs_cpu:.0%} of the runs' CPU)")


if __name__ == "__main__":
    main()

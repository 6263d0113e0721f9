"""Single-backtest speed: one rule over one episode through the engine (prints figures; not a
test). The market is loaded once; each run is the engine alone (targets -> result + metrics).

    .venv/bin/python benchmarks/backtest.py [--store DIR] [--repeat 20]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from backtests.costs import Costs
from backtests.data.store import Store
from backtests.episodes import load_episodes
from backtests.runner import load_market, run_one
from strategies.base import Inputs
from strategies.registry import get, make_params

RULES = ("sixty_forty", "contrarian_qe")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    market = load_market(Store.resolve(args.store))
    episode = load_episodes()["full_history"]
    inputs = Inputs(market.context.signals, market.context.regimes)
    for rule in RULES:
        params = make_params(rule, {})
        weights = get(rule).rule(inputs, params)
        run_one(market, rule, params, "full_history", episode, Costs(), weights)  # warm-up
        times, cpu = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            run_one(market, rule, params, "full_history", episode, Costs(), weights)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        times.sort()
        cpu.sort()
        # CPU time is the steadier figure on a shared machine (wall time waits for others).
        print(f"{rule:16s} full_history: wall min {times[0] * 1e3:6.1f} ms, median "
              f"{times[len(times) // 2] * 1e3:6.1f} ms; CPU median "
              f"{cpu[len(cpu) // 2] * 1e3:6.1f} ms ({args.repeat} runs, engine + metrics)")


if __name__ == "__main__":
    main()

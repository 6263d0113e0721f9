"""Time every strategy over every episode on the local store (prints figures; not a test).

    .venv/bin/python benchmarks/run_all.py [--store DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from backtests.data.store import Store
from backtests.engine.portfolio import Costs
from backtests.episodes.definitions import load_episodes
from backtests.episodes.runner import load_market, run_matrix
from strategies.registry import STRATEGIES, make_params


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=None)
    args = parser.parse_args()
    t0 = time.perf_counter()
    market = load_market(Store.resolve(args.store))
    t1 = time.perf_counter()
    episodes = load_episodes()
    runs = run_matrix(market, {n: make_params(n, {}) for n in STRATEGIES}, episodes, Costs())
    t2 = time.perf_counter()
    print(f"load data + signals + regimes: {t1 - t0:6.2f} s")
    print(f"{len(STRATEGIES)} strategies x {len(episodes)} episodes = {len(runs)} runs: "
          f"{t2 - t1:6.2f} s ({(t2 - t1) / len(runs) * 1000:.0f} ms per run)")
    print(f"total: {t2 - t0:6.2f} s")
    width = max(len(n) for n in STRATEGIES)
    print(f"\n{'strategy':{width}s} " + " ".join(f"{e:>22s}" for e in episodes))
    for name in STRATEGIES:
        cells = []
        for ep in episodes:
            m = next(r.metrics for r in runs if r.strategy == name and r.episode == ep)
            cells.append(f"{m['total_return']:+8.1%} / {m['max_drawdown']:+7.1%}")
        print(f"{name:{width}s} " + " ".join(f"{c:>22s}" for c in cells))
    print("\ncells: total return / max drawdown")


if __name__ == "__main__":
    main()

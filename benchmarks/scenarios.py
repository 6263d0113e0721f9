"""Time the forward analogues and print their 12-month table (figures; not a test).

    .venv/bin/python benchmarks/scenarios.py [--store DIR] [--months 12]

CPU seconds (process time) of: one analogue's data (prepare), one replay (context, rules,
engine), every analogue with and without QE, and the report fragment; then per analogue and
variant each strategy's return / worst drawdown at the horizon, and the difference vs 60/40.
All figures are HYPOTHETICAL: past crises' moves applied to today's data.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from backtests.data.store import Store
from backtests.episodes.definitions import load_episodes
from backtests.scenarios.analogue import resolve
from backtests.scenarios.batch import run_analogues
from backtests.scenarios.replay import prepare, replay
from backtests.scenarios.replay_figures import render_section
from backtests.scenarios.summary import pct


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()
    store, episodes = Store.resolve(args.store), load_episodes()
    replay(prepare(store, resolve("2020_covid", store, episodes, 1)), True, episodes)  # warm
    t0 = time.process_time()
    scenario = prepare(store, resolve("2008_gfc", store, episodes), None)
    t1 = time.process_time()
    replay(scenario, True, episodes)
    t2 = time.process_time()
    results = run_analogues(store)
    t3 = time.process_time()
    html = render_section(results, args.months)
    t4 = time.process_time()
    print(f"2008_gfc, 24 months: data {t1 - t0:.2f} s CPU, replay {t2 - t1:.2f} s CPU")
    print(f"{len(results.replays)} replays (every analogue, with and without QE): "
          f"{t3 - t2:.2f} s CPU; report fragment {t4 - t3:.2f} s CPU, {len(html) / 1e6:.1f} MB")
    at = results.at(args.months)
    bench = results.benchmark
    print(f"\nHYPOTHETICAL, {args.months} months after the start: return / worst drawdown "
          f"[vs {bench}]")
    for (analogue, qe), part in at.groupby(["analogue", "qe"], sort=False):
        print(f"\n{analogue} ({'with' if qe else 'no'} QE), to {part['date'].iloc[0].date()}")
        for row in part.to_dict("records"):
            print(f"  {row['strategy']:22s} {pct(row['total_return']):>7s} / "
                  f"{pct(row['max_drawdown']):>7s}   [{pct(row[f'total_return_vs_{bench}']):>7s}"
                  f" / {pct(row[f'max_drawdown_vs_{bench}']):>7s}]")


if __name__ == "__main__":
    main()

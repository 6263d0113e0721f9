"""Sweep speed: distinct paths per second per rule, against vectorbt's own many-column
from_orders on the same paths, and on Dask with 1 and 2 workers (prints figures; not a test).

    .venv/bin/python benchmarks/sweep.py [--store DIR] [--size 10000] [--vbt 200]
                                         [--workers 1,2]

Every grid here is built so that each combination is its own weight path over full history
(a continuous mix weight, or scale-in/holding periods that all trade), so the figures are
distinct paths per second, not deduplicated combinations. Each result is checked against a
single run through the engine at 1e-12 on values (the same execution core; the independent
check against vectorbt's from_orders is tests/unit/test_core.py).

On a shared machine wall time waits for other jobs: each rule also prints its rate per CPU
second x 2 (what two free cores would do, if the parallel loop scaled perfectly), the
steadier figure to compare before/after.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np

from backtests.data.store import Store
from backtests.engine import Costs
from backtests.episodes import Episode, load_episodes
from backtests.runner import Market, load_market, run_one
from backtests.sweep.grid import Grid, parse_grid
from backtests.sweep.run import CORE, run_sweep
from strategies.mixes import STRATEGIC
from strategies.registry import STRATEGIES, get


def mix_grid(rule: str, size: int) -> dict[str, Any] | None:
    """`size` distinct paths: the first mix's first sleeve weight on a fine grid (the rest
    goes to cash), so every combination holds a different allocation (None: no mix)."""
    fields = get(rule).params.model_fields
    field = next((k for k, f in fields.items() if "dict" in str(f.annotation)), None)
    if field is None:
        weight = next((k for k, f in fields.items() if f.annotation is float), None)
        if weight is None:
            return None
        top = float(getattr(get(rule).params(), weight))
        return {"grid": {weight: np.linspace(top / 2, top, size).tolist()}}
    base = dict(get(rule).params().model_dump()[field] or STRATEGIC)
    sleeve = next(iter(base))
    values = np.linspace(base[sleeve] * 0.5, base[sleeve], size)
    return {"grid": {field: [{**base, sleeve: float(v)} for v in values]}}


def contrarian_grid(size: int) -> dict[str, Any]:
    """Scale-in x holding period (every pair trades differently over full history) x two
    risk-on mixes: `size` combinations, each its own path."""
    risk_on = get("contrarian_qe").params().risk_on
    mixes = [risk_on, {**risk_on, "gold": risk_on["gold"] - 0.01}]
    hold = list(range(0, max(1, size // 200)))
    return {"grid": {"scale_in_days": list(range(1, 101)), "hold_months": hold,
                     "risk_on": mixes}}


CPU: dict[int, float] = {}  # id(result) -> CPU seconds of its sweep (this process)


def timed(market: Market, grid: Grid, episodes: dict[str, Episode],
          executor: Any = None) -> tuple[float, Any]:
    t0, c0 = time.perf_counter(), time.process_time()
    res = run_sweep(market, grid, episodes, Costs(), executor=executor)
    CPU[id(res)] = time.process_time() - c0
    return time.perf_counter() - t0, res


def check(market: Market, grid: Grid, res: Any, episode: Episode, samples: int = 3) -> float:
    worst = 0.0
    for c in np.linspace(0, len(grid.params) - 1, samples).astype(int):
        one = run_one(market, grid.strategy, grid.params[c], "full_history", episode, Costs())
        row = res.table.iloc[c]
        worst = max(worst, abs(row["total_return"] - one.metrics["total_return"]))
    return worst


def vectorbt_rate(market: Market, grid: Grid, episode: Episode, n: int) -> float:
    """Paths/s of vectorbt's from_orders with one column group per path (the orders the
    engine's band let through, as Result.to_vectorbt sends them)."""
    import vectorbt as vbt

    sizes, close = [], None
    for p in grid.params[:n]:
        res = run_one(market, grid.strategy, p, "full_history", episode, Costs()).result
        assert res.sent is not None and res.close is not None
        sizes.append(res.sent.to_numpy())
        close = res.close.to_numpy()
    assert close is not None
    k = close.shape[1]
    size = np.hstack(sizes)
    close = np.tile(close, (1, n))
    groups = np.repeat(np.arange(n), k)
    c = Costs()
    t0 = time.perf_counter()
    vbt.Portfolio.from_orders(
        close=close, size=size, size_type="targetpercent", direction="longonly", price=close,
        fees=c.fee_rate, fixed_fees=0.0, slippage=c.slippage_rate, min_size=1e-12,
        max_size=np.inf, size_granularity=np.nan, reject_prob=0.0, lock_cash=False,
        allow_partial=True, raise_reject=False, log=False, val_price=close, init_cash=1.0,
        cash_sharing=True, call_seq="auto", ffill_val_price=True, update_value=True,
        group_by=groups, freq="1D", attach_call_seq=False, seed=0).value()
    return n / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--per-rule", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the big grid")
    parser.add_argument("--vbt", type=int, default=200, help="paths through vectorbt")
    parser.add_argument("--workers", default="1,2", help="Dask worker counts ('' = skip)")
    args = parser.parse_args()
    store = Store.resolve(args.store)
    market = load_market(store)
    full = {"full_history": load_episodes()["full_history"]}
    warm = parse_grid({"grid": {"hold_months": [1, 2]}}, "contrarian_qe", "warm-up")
    run_sweep(market, warm, full, Costs())  # compile / load the kernels once
    grid = parse_grid(contrarian_grid(args.size), "contrarian_qe", "contrarian")
    runs = [timed(market, grid, full) for _ in range(args.repeat)]
    secs, res = min(runs, key=lambda t: t[0])
    median = sorted(t for t, _ in runs)[len(runs) // 2]
    paths = res.unique_paths["full_history"]
    print(f"contrarian_qe: {len(grid.params):,} combinations, {paths:,} distinct paths over "
          f"full history in {secs:.2f} s (min of {args.repeat}; median {median:.2f} s) = "
          f"{paths / secs:,.0f} distinct paths/s ({paths / CPU[id(res)] * 2:,.0f} per 2 CPU-s); "
          f"max |diff| vs engine {check(market, grid, res, full['full_history']):.1e}")
    rates = {}
    for rule in STRATEGIES:
        spec = mix_grid(rule, args.per_rule)
        if spec is None:
            print(f"  {rule:22s} (no continuous parameter: nothing to sweep)")
            continue
        g = parse_grid(spec, rule, rule)
        run_sweep(market, parse_grid(mix_grid(rule, 2), rule, "w"), full, Costs())
        s, r = timed(market, g, full)
        rates[rule] = r.unique_paths["full_history"] / s
        cpu_rate = r.unique_paths["full_history"] / CPU[id(r)] * 2
        print(f"  {rule:22s} {r.unique_paths['full_history']:6,} distinct paths in {s:5.2f} s "
              f"= {rates[rule]:7,.0f} paths/s ({cpu_rate:6,.0f} per 2 CPU-s); max |diff| vs "
              f"engine "
              f"{check(market, g, r, full['full_history']):.1e}")
    vbt = vectorbt_rate(market, grid, full["full_history"], args.vbt)
    print(f"vectorbt from_orders, {args.vbt} paths as column groups: {vbt:,.0f} paths/s -> "
          f"the fused kernel is {paths / secs / vbt:.1f}x faster")
    if args.workers:
        from backtests.sweep.cluster import executor

        times = {}
        for n in [int(w) for w in args.workers.split(",")]:
            with executor(market, store.root, workers=n) as ex:
                timed(market, warm, full, ex)  # workers load the market
                times[n], _ = timed(market, grid, full, ex)
            print(f"Dask LocalCluster, {n} worker(s): {times[n]:.2f} s")
        if len(times) > 1:
            a, b = sorted(times)[:2]
            print(f"  {b} workers vs {a}: {times[a] / times[b]:.2f}x")
    print(f"(columns: {', '.join(CORE)})")


if __name__ == "__main__":
    main()

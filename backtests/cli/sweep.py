"""`playbook sweep`: a parameter grid judged for overfitting."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from backtests.cli.app import (
    EpisodesFileOpt,
    RulesOpt,
    StoreOpt,
    app,
    console,
    split_list,
    tidy,
    use_rules,
)
from backtests.cli.progress import progress_lines
from backtests.engine.costs import DEFAULT as COSTS
from backtests.engine.costs import Costs


@app.command("sweep")
def sweep_cmd(
    grid: Annotated[Path, typer.Option(help="Grid TOML: [grid] parameter = [values] or "
                                       "{ start, stop, step }.")],
    strategy: Annotated[str | None, typer.Option(help="Strategy (or set in the grid).")] = None,
    episodes: Annotated[str | None, typer.Option(
        help="Comma-separated episodes (default: the design crises and full_history; with "
        "--walk-forward the hold-out crises too).")] = None,
    metric: Annotated[str, typer.Option(help="Ranking metric.")] = "calmar",
    blocks: Annotated[int, typer.Option(help="CSCV blocks for PBO (even).")] = 10,
    fee_bps: Annotated[float, typer.Option(help="Fee per trade, basis points.")] = COSTS.fee_bps,
    slippage_bps: Annotated[float, typer.Option(
        help="Slippage, basis points.")] = COSTS.slippage_bps,
    band: Annotated[float, typer.Option(help="Rebalance band (weight drift).")] = COSTS.band,
    out: Annotated[Path, typer.Option(help="Sweeps folder.")] = Path("reports/sweeps"),
    scheduler: Annotated[str | None, typer.Option(
        help="Run on an existing Dask cluster, e.g. tcp://HOST:8786.")] = None,
    workers: Annotated[int | None, typer.Option(
        help="Run on a local Dask cluster of N worker processes.")] = None,
    store: StoreOpt = None,
    episodes_file: EpisodesFileOpt = None,
    rules: RulesOpt = None,
    walk_forward: Annotated[bool, typer.Option(
        "--walk-forward", help="Also choose parameters on the crises that ended before each "
        "crisis and score the choice on it.")] = False,
) -> None:
    """Sweep a parameter grid; judge it for overfitting (LOEO, deflated Sharpe, PBO)."""
    from backtests.api import checks, episodechecks, load
    from backtests.api.specs import sweep_spec
    from backtests.cli.evidencetables import walk_forward_table
    from backtests.data.store import Store
    from strategies.regimes import DEFAULT_REGIME

    use_rules(rules)
    costs = Costs(fee_bps=fee_bps, slippage_bps=slippage_bps, band=band)
    spec = sweep_spec(grid, strategy, split_list(episodes), metric=metric, blocks=blocks,
                      costs=costs, out=out, walk_forward=walk_forward, scheduler=scheduler,
                      workers=workers, known=episodechecks.catalog(episodes_file),
                      base=DEFAULT_REGIME, names=checks.CLI)
    st = Store.resolve(store)
    tidy(*st.scratch_folders(), spec.out)
    parsed = spec.grid
    console.print(f"{len(parsed.params)} valid combinations, {len(parsed.invalid)} invalid"
                  + (f" (e.g. {parsed.invalid[0][0]}: {parsed.invalid[0][1]})"
                     if parsed.invalid else ""))
    market = load(st, episodes=episodes_file)
    with progress_lines() as progress:
        sw = market.run_sweep(spec, lambda d, n: progress("combinations", d, n))
    res = sw.summary.result
    console.print(f"{len(parsed.params)} combinations x {len(spec.episodes)} episodes in "
                  f"{res.seconds:.1f} s (distinct paths {res.unique_paths})")
    for note in res.notes:
        console.print(f"note: {note}")
    console.print(f"best by mean {metric}: {sw.best}")
    console.print(sw.verdict)
    if sw.walk_forward is not None:
        for part in walk_forward_table(sw.walk_forward):
            console.print(part)
    console.print(f"sweep page: {sw.summary.index}")

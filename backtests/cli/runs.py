"""`playbook run` (the committee report) and `playbook sweep` (parameter grids)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from backtests.cli.app import (
    EpisodesFileOpt,
    StoreOpt,
    app,
    console,
    err_console,
    progress_bar,
    split_list,
    tidy,
    writable_folder,
)
from backtests.costs import DEFAULT as COSTS
from backtests.costs import Costs
from backtests.errors import ConfigError, quote

if TYPE_CHECKING:
    from backtests.runner import Run


@app.command("run")
def run_cmd(
    config: Annotated[Path | None, typer.Option(
        help="Run configuration (default backtests/runs/committee.toml).")] = None,
    strategies: Annotated[str | None, typer.Option(
        help="Comma-separated run labels to keep (benchmark and highlight always stay).")] = None,
    episodes: Annotated[str | None, typer.Option(help="Comma-separated episodes.")] = None,
    out: Annotated[Path, typer.Option(help="Reports folder.")] = Path("reports"),
    no_tear_sheets: Annotated[bool, typer.Option(
        "--no-tear-sheets", help="Skip the quantstats tear sheets (faster).")] = False,
    store: StoreOpt = None,
    episodes_file: EpisodesFileOpt = None,
) -> None:
    """The main job: all strategies over all episodes, written as the committee report."""
    import pandas as pd

    from backtests.cli.evidence import run_evidence
    from backtests.data.store import Store
    from backtests.report.build import build_report
    from backtests.report.config import load_config, narrow

    cfg = narrow(load_config(config), split_list(strategies), split_list(episodes),
                 episodes_file)
    if no_tear_sheets:
        cfg = cfg.model_copy(update={"tear_sheets": False})
    st = Store.resolve(store)
    tidy(*st.scratch_folders(), writable_folder(out, "--out"))
    with Progress(TextColumn("{task.description:<60}", markup=False), BarColumn(),
                  MofNCompleteColumn(),
                  console=err_console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            kind = stage.split(" ")[0]
            if kind not in tasks:
                tasks[kind] = bar.add_task(kind, total=total)
            bar.update(tasks[kind], completed=done, description=stage)

        summary = build_report(cfg, st, out, progress)
    console.print(_headline(summary.runs, cfg.benchmark))
    for part in run_evidence(pd.read_csv(summary.folder / "metrics.csv"),
                             {r.episode: r.role for r in summary.runs}, cfg.benchmark,
                             cfg.highlight):
        console.print(part)
    console.print(f"report: {summary.index} ({summary.size_bytes / 1e6:.1f} MB, "
                  f"{summary.seconds:.1f} s)  ->  open {out / 'latest' / 'index.html'}")


def _headline(runs: list[Run], benchmark: str) -> Table:
    episodes = list(dict.fromkeys(r.episode for r in runs))
    table = Table(title=f"Total return / max drawdown (benchmark {benchmark})",
                  title_justify="left")
    table.add_column("strategy")
    for e in episodes:
        table.add_column(e, justify="right")
    for s in dict.fromkeys(r.strategy for r in runs):
        cells = {r.episode: r.metrics for r in runs if r.strategy == s}
        table.add_row(s, *[f"{cells[e]['total_return']:+.1%} / {cells[e]['max_drawdown']:+.1%}"
                           for e in episodes])
    return table


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
    walk_forward: Annotated[bool, typer.Option(
        "--walk-forward", help="Also choose parameters on the crises that ended before each "
        "crisis and score the choice on it.")] = False,
) -> None:
    """Sweep a parameter grid; judge it for overfitting (LOEO, deflated Sharpe, PBO)."""
    from backtests.cli.evidence import walk_forward_table
    from backtests.data.store import Store
    from backtests.episodes import load_episodes, sweep_defaults
    from backtests.runner import load_market
    from backtests.sweep.cluster import executor
    from backtests.sweep.grid import load_grid
    from backtests.sweep.page import build_sweep

    costs = Costs(fee_bps=fee_bps, slippage_bps=slippage_bps, band=band)
    parsed = load_grid(grid, strategy)
    known = load_episodes(episodes_file)
    names = split_list(episodes) or sweep_defaults(known, walk_forward)
    bad = [e for e in names if e not in known]
    if bad:
        raise ConfigError(f"--episodes: {quote(bad[0])} is not one of {', '.join(known)}")
    if blocks < 2 or blocks % 2:
        raise ConfigError(f"--blocks {blocks}: must be an even number >= 2")
    st = Store.resolve(store)
    tidy(*st.scratch_folders(), writable_folder(out, "--out"))
    market = load_market(st)
    console.print(f"{len(parsed.params)} valid combinations, {len(parsed.invalid)} invalid"
                  + (f" (e.g. {parsed.invalid[0][0]}: {parsed.invalid[0][1]})"
                     if parsed.invalid else ""))
    with executor(market, st.root, scheduler, workers) as ex, progress_bar() as bar:
        task = bar.add_task("simulating", total=len(parsed.params))
        summary = build_sweep(market, parsed, {e: known[e] for e in names}, costs, metric,
                              out, blocks, on_combo=lambda d, n: bar.update(task, completed=d),
                              executor=ex)
    res = summary.result
    console.print(f"{len(parsed.params)} combinations x {len(names)} episodes in "
                  f"{res.seconds:.1f} s (distinct paths {res.unique_paths})")
    console.print(f"best by mean {metric}: {summary.best}")
    console.print(summary.verdict)
    if walk_forward:
        from backtests.sweep.walkforward import run_walk_forward, write_walk_forward

        wf = run_walk_forward(market, res, {e: known[e] for e in names}, costs, metric)
        for part in walk_forward_table(wf):
            console.print(part)
        write_walk_forward(wf, summary.folder)
    console.print(f"sweep page: {summary.index}")

"""The `playbook` command: a thin shell over the library (prints; the library only logs)."""

from __future__ import annotations

import logging
import math
import sys
import time
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from backtests.data.fetch import fetch as fetch_series
from backtests.data.importer import import_folder
from backtests.data.status import STALE_DAYS, StatusRow, series_status, sleeve_status
from backtests.data.store import Store
from backtests.data.universe import load_universe
from backtests.engine import Costs
from backtests.episodes import Episode, load_episodes
from backtests.errors import ConfigError, PlaybookError
from backtests.pipeline import build_context
from backtests.report.build import build_report
from backtests.report.config import load_config, narrow
from backtests.results import write_results
from backtests.runner import Run, load_market, run_matrix
from backtests.sweep.grid import load_grid
from backtests.sweep.page import build_sweep
from strategies.regimes import RegimeParams, transitions
from strategies.registry import STRATEGIES, StrategyError, load_preset, make_params, parse_set

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="qe-playbook: point-in-time backtests of the QE playbook.")
data_app = typer.Typer(no_args_is_help=True, help="Import, fetch and inspect market data.")
app.add_typer(data_app, name="data")
# Piped output (CI logs, files) gets a wide fixed width so tables stay readable.
console = Console(width=None if sys.stdout.isatty() else 180)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 180)
_state = {"debug": False}

StoreOpt = Annotated[Path | None, typer.Option(
    "--store", help="Store folder (default: $PLAYBOOK_STORE, else data/store).")]


@app.callback()
def _main(debug: Annotated[bool, typer.Option(help="Show full tracebacks.")] = False) -> None:
    _state["debug"] = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    console=err_console, transient=True)


@data_app.command("import")
def data_import(
    path: Annotated[Path, typer.Argument(help="Folder in the snapshot layout.")],
    store: StoreOpt = None,
    if_empty: Annotated[bool, typer.Option(
        "--if-empty", help="Do nothing if the store already holds data.")] = False,
) -> None:
    """Validate and import a snapshot / vendor export (prices/*.csv, fred/*.csv)."""
    st = Store.resolve(store)
    if if_empty and not st.is_empty():
        console.print(f"store {st.root} already holds data (version {st.current_version()}); "
                      "skipping import")
        return
    universe = load_universe()
    n_files = len(list(path.glob("prices/*.csv"))) + len(list(path.glob("fred/*.csv")))
    started = time.perf_counter()
    with _progress() as bar:
        task = bar.add_task("validating", total=n_files)
        summary = import_folder(path, st, universe,
                                on_file=lambda rel: bar.update(task, advance=1, description=rel))
    took = time.perf_counter() - started
    size = sum(f.stat().st_size for f in (st.root / "versions" / summary.version).rglob("*"))
    console.print(f"imported {summary.series} series, {summary.rows:,} rows from {path} in "
                  f"{took:.1f}s -> {st.root} (version {summary.version}, {size / 1e6:.1f} MB, "
                  f"snapshot sha256 {summary.snapshot_hash[:12]})")
    for symbol, flags in summary.flagged.items():
        console.print(f"  flagged {symbol}: {'; '.join(flags)}", style="yellow")


@data_app.command("fetch")
def data_fetch(
    only: Annotated[str | None, typer.Option(
        help="Comma-separated symbols, e.g. 'SPY,^VIX,DGS10'.")] = None,
    store: StoreOpt = None,
) -> None:
    """Download the universe's series (yfinance prices, FRED CSV) into the store."""
    st = Store.resolve(store)
    universe = load_universe()
    symbols = [s.strip() for s in only.split(",")] if only else None
    with _progress() as bar:
        task = bar.add_task("fetching", total=len(symbols or universe.series))
        summary = fetch_series(st, universe, symbols,
                               on_item=lambda s: bar.update(task, advance=1, description=s))
    console.print(f"fetched {len(summary.fetched)} series into {st.root}"
                  + (f" (version {summary.version})" if summary.version else ""))
    for symbol, why in summary.failed.items():
        err_console.print(f"failed {symbol}: {why}", style="red")
    if summary.failed:
        raise typer.Exit(1)


@data_app.command("status")
def data_status(store: StoreOpt = None) -> None:
    """Coverage of every sleeve and series: sources, dates, rows, last value, flags."""
    st = Store.resolve(store)
    universe = load_universe()
    manifest = st.manifest()
    console.print(f"store {st.root}: version {manifest['version']}, data sha256 "
                  f"{manifest['data_hash'][:12]}")
    console.print(_table("Sleeves (daily total return; value = growth of 1)",
                         sleeve_status(st, universe)))
    console.print(_table("Series", series_status(st, universe)))


@app.command("regimes")
def regimes(
    episode: Annotated[str | None, typer.Option(help="Episode from data/episodes.toml.")] = None,
    latest: Annotated[bool, typer.Option(help="Where are we now: each trigger vs its "
                                         "threshold at the data's last date.")] = False,
    store: StoreOpt = None,
) -> None:
    """Dated regime timeline with the trigger behind each transition."""
    st = Store.resolve(store)
    ctx = build_context(st)
    panel, signals, regime = ctx.panel, ctx.signals, ctx.regimes
    if latest:
        _print_latest(signals, regime, ctx.regime_params, st)
        return
    episodes = load_episodes()
    if episode not in episodes:
        raise ConfigError(f"--episode: '{episode}' is not one of {', '.join(episodes)}")
    start, end = episodes[episode].window(panel.index[-1])
    table = Table(title=f"Regimes, {episode} ({start.date()} .. {end.date()})",
                  title_justify="left")
    for col in ("date", "from", "to", "trigger (value vs threshold)"):
        table.add_column(col, overflow="fold")
    table.add_row(str(start.date()), "", str(regime["regime"].asof(start)), "state at start")
    for tr in transitions(regime.loc[start:end]):
        table.add_row(str(tr.date.date()), tr.before, tr.after, tr.reason)
    console.print(table)


def _print_latest(signals: pd.DataFrame, regime: pd.DataFrame, p: RegimeParams,
                  store: Store) -> None:
    universe = load_universe()
    last, now = signals.iloc[-1], signals.index[-1]
    records = store.records()
    console.print(f"As of {now.date()} (the data's last date): regime "
                  f"[bold]{regime['regime'].iloc[-1]}[/bold]")
    table = Table(title="Triggers now", title_justify="left")
    for col in ("trigger", "value", "threshold", "fired", "input", "input's last observation"):
        table.add_column(col)
    rows = [("Nasdaq drawdown (correction)", "tech_drawdown", -p.correction_drawdown, "^IXIC"),
            ("Nasdaq drawdown (crisis)", "tech_drawdown", -p.crisis_drawdown, "^IXIC"),
            ("BAA10Y 3m change (pp)", "credit_spread_3m_change", p.credit_change, "BAA10Y"),
            ("SOFR - policy ceiling (pp)", "funding_spread", p.funding_spread, "SOFR"),
            ("Sahm rule (pp)", "sahm", p.sahm, "UNRATE"),
            ("VIX relief from trailing peak", "vix_relief", p.vix_relief, "^VIX"),
            ("Fed assets 13w change", "fed_assets_13w_change", p.balance_sheet_growth, "WALCL")]
    for name, col, threshold, series in rows:
        value = float(last[col])
        fired = value <= threshold if threshold < 0 else value >= threshold
        seen = pd.Timestamp(records[series].last)
        stale = (" [red](STALE: carried forward)[/red]"
                 if (now - seen).days > STALE_DAYS[universe.series[series].frequency] + 10
                 else "")
        table.add_row(name, f"{value:.3f}", f"{threshold:g}", "yes" if fired else "no",
                      series, f"{seen.date()}{stale}")
    console.print(table)
    console.print(f"10-year yield {last['ust10y']:.2f}%, 2s10s {last['curve_2s10s']:+.2f}pp")


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
) -> None:
    """The main job: all strategies over all episodes, written as the committee report."""
    cfg = narrow(load_config(config), _split(strategies), _split(episodes))
    if no_tear_sheets:
        cfg = cfg.model_copy(update={"tear_sheets": False})
    with Progress(TextColumn("{task.description:<60}"), BarColumn(), MofNCompleteColumn(),
                  console=err_console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            kind = stage.split(" ")[0]
            if kind not in tasks:
                tasks[kind] = bar.add_task(kind, total=total)
            bar.update(tasks[kind], completed=done, description=stage)

        summary = build_report(cfg, Store.resolve(store), out, progress)
    console.print(_headline(summary.runs, cfg.benchmark))
    console.print(f"report: {summary.index} ({summary.size_bytes / 1e6:.1f} MB, "
                  f"{summary.seconds:.1f} s)  ->  open {out / 'latest' / 'index.html'}")


def _split(text: str | None) -> list[str] | None:
    return [t.strip() for t in text.split(",") if t.strip()] if text else None


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
    episodes: Annotated[str, typer.Option(help="Comma-separated episodes.")] = (
        "2000_dotcom,2008_gfc,2019_repo,2020_covid,full_history"),
    metric: Annotated[str, typer.Option(help="Ranking metric.")] = "calmar",
    blocks: Annotated[int, typer.Option(help="CSCV blocks for PBO (even).")] = 10,
    out: Annotated[Path, typer.Option(help="Sweeps folder.")] = Path("reports/sweeps"),
    store: StoreOpt = None,
) -> None:
    """Sweep a parameter grid; judge it for overfitting (LOEO, deflated Sharpe, PBO)."""
    parsed = load_grid(grid, strategy)
    known = load_episodes()
    names = _split(episodes) or []
    bad = [e for e in names if e not in known]
    if bad:
        raise ConfigError(f"--episodes: '{bad[0]}' is not one of {', '.join(known)}")
    if blocks < 2 or blocks % 2:
        raise ConfigError(f"--blocks {blocks}: must be an even number >= 2")
    market = load_market(Store.resolve(store))
    console.print(f"{len(parsed.params)} valid combinations, {len(parsed.invalid)} invalid"
                  + (f" (e.g. {parsed.invalid[0][0]}: {parsed.invalid[0][1]})"
                     if parsed.invalid else ""))
    with _progress() as bar:
        task = bar.add_task("simulating", total=len(parsed.params))
        summary = build_sweep(market, parsed, {e: known[e] for e in names}, Costs(), metric,
                              out, blocks, on_combo=lambda d, n: bar.update(task, completed=d))
    res = summary.result
    console.print(f"{len(parsed.params)} combinations x {len(names)} episodes in "
                  f"{res.seconds:.1f} s ({'numba twin' if res.fast_path else 'rule'} path; "
                  f"distinct paths {res.unique_paths})")
    console.print(f"best by mean {metric}: {summary.best}")
    console.print(summary.verdict)
    console.print(f"sweep page: {summary.index}")


@app.command("strategies")
def strategies_cmd() -> None:
    """List strategies with their parameters, defaults and rationale."""
    for name, strat in STRATEGIES.items():
        table = Table(title=f"{name}: {strat.summary}", title_justify="left")
        for col in ("parameter", "default", "rationale"):
            table.add_column(col, overflow="fold")
        defaults = strat.params()
        for key, info in strat.params.model_fields.items():
            table.add_row(key, str(getattr(defaults, key)), info.description or "")
        console.print(table)


@app.command("backtest")
def backtest(
    strategy: Annotated[str | None, typer.Option(help="Strategy name (see `strategies`).")] = None,
    episode: Annotated[str, typer.Option(help="Episode from data/episodes.toml.")] = "2008_gfc",
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="Override a parameter: --set scale_in_days=10 (repeatable).")] = None,
    preset: Annotated[Path | None, typer.Option(help="A preset TOML file.")] = None,
    benchmark: Annotated[str, typer.Option(help="Compared against.")] = "sixty_forty",
    fee_bps: Annotated[float, typer.Option(help="Fee per trade, basis points.")] = 5.0,
    slippage_bps: Annotated[float, typer.Option(help="Slippage, basis points.")] = 5.0,
    band: Annotated[float, typer.Option(help="Rebalance band (weight drift).")] = 0.02,
    out: Annotated[Path | None, typer.Option(help="Write metrics.csv and parquet here.")] = None,
    store: StoreOpt = None,
) -> None:
    """One strategy over one episode: its metrics next to the benchmark's."""
    values: dict[str, object] = {}
    if preset is not None:
        name, base = load_preset(preset)
        if strategy not in (None, name):
            raise StrategyError(f"--preset {preset} is for {name}, not {strategy}")
        strategy, values = name, base.model_dump()
    if strategy is None:
        raise StrategyError("--strategy (or --preset) is required; see `playbook strategies`")
    params = make_params(strategy, {**values, **parse_set(set_ or [])}, "--set")
    episodes = load_episodes()
    if episode not in episodes:
        raise ConfigError(f"--episode: '{episode}' is not one of {', '.join(episodes)}")
    market = load_market(Store.resolve(store))
    chosen = {strategy: params, benchmark: make_params(benchmark, {})}
    runs = run_matrix(market, chosen, {episode: episodes[episode]},
                      Costs(fee_bps=fee_bps, slippage_bps=slippage_bps, band=band))
    _print_metrics(runs[0].metrics, runs[-1].metrics, strategy, benchmark, episode,
                   episodes[episode])
    for note in runs[0].result.notes:
        console.print(f"  note: {note}")
    if out is not None:
        for path in write_results(runs, out, benchmark):
            console.print(f"  wrote {path}")


PCT = {"total_return", "cagr", "ann_volatility", "max_drawdown", "worst_day", "worst_month",
       "annual_turnover", "peak_to_trough", "trough_plus_12m"}


def _print_metrics(mine: dict[str, float], base: dict[str, float], name: str, bench: str,
                   episode: str, ep: Episode) -> None:
    table = Table(title=f"{name} vs {bench}, {episode}: {ep.description}", title_justify="left")
    for col in ("metric", name, bench, "difference"):
        table.add_column(col, justify="right" if col != "metric" else "left")

    def fmt(key: str, v: float) -> str:
        if math.isnan(v):
            return "not recovered" if key == "recovery_days" else "-"
        return f"{v:+.1%}" if key in PCT else f"{v:,.2f}"

    for key, value in mine.items():
        other = base.get(key, float("nan"))
        table.add_row(key, fmt(key, value), fmt(key, other), fmt(key, value - other))
    console.print(table)


def _table(title: str, rows: list[StatusRow]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for col in ("name", "source(s)", "first", "last", "rows", "last value", "flags"):
        table.add_column(col, overflow="fold", no_wrap=col != "flags",
                         max_width=70 if col == "flags" else None)
    for r in rows:
        value = "-" if math.isnan(r.last_value) else f"{r.last_value:,.4g}"
        table.add_row(r.name, r.sources, r.first, r.last, f"{r.rows:,}", value,
                      "\n".join(r.flags), style="red" if r.rows == 0 else None)
    return table


def main() -> None:
    """Entry point: library errors become one clean line (full traceback with --debug)."""
    try:
        app(standalone_mode=False)
    except (PlaybookError, StrategyError) as e:
        if _state["debug"]:
            raise
        err_console.print(f"error: {e}", style="red", markup=False, highlight=False)
        sys.exit(2)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except Exception as e:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(e, click.ClickException):
            e.show()
            sys.exit(e.exit_code)
        raise


if __name__ == "__main__":
    main()

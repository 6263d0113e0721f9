"""`playbook regimes`, `strategies` and `backtest`: inspect the rules and run one of them."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table

from backtests.cli.app import StoreOpt, app, console
from backtests.data.status import STALE_DAYS
from backtests.data.store import Store
from backtests.data.universe import load_universe
from backtests.engine import Costs
from backtests.episodes import Episode, load_episodes
from backtests.errors import ConfigError
from backtests.pipeline import build_context
from backtests.results import write_results
from backtests.runner import load_market, run_matrix
from strategies.regimes import RegimeParams, transitions
from strategies.registry import STRATEGIES, StrategyError, load_preset, make_params, parse_set


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
       "annual_turnover", "peak_to_trough", "trough_plus_12m", "costs_total"}


def _print_metrics(mine: dict[str, float], base: dict[str, float], name: str, bench: str,
                   episode: str, ep: Episode) -> None:
    table = Table(title=f"{name} vs {bench}, {episode}: {ep.description}", title_justify="left")
    for col in ("metric", name, bench, "difference"):
        table.add_column(col, justify="right" if col != "metric" else "left")

    def fmt(key: str, v: float) -> str:
        if math.isnan(v):
            return "not recovered" if key == "time_to_recover_days" else "-"
        return f"{v:+.1%}" if key in PCT else f"{v:,.2f}"

    for key, value in mine.items():
        other = base.get(key, float("nan"))
        table.add_row(key, fmt(key, value), fmt(key, other), fmt(key, value - other))
    console.print(table)

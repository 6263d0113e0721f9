"""`playbook regimes`, `strategies` and `backtest`: inspect the rules and run one of them."""

from __future__ import annotations

import dataclasses
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from backtests.cli.app import EpisodesFileOpt, StoreOpt, app, console
from backtests.engine.costs import DEFAULT as COSTS
from backtests.engine.costs import Costs
from backtests.errors import ConfigError
from strategies.params import Params
from strategies.regimes import DEFAULT_REGIME, RegimeParams
from strategies.registry import STRATEGIES, parse_set

if TYPE_CHECKING:
    import pandas as pd

    from backtests.episodes.definitions import Episode
    from backtests.episodes.pipeline import Context


@app.command("regimes")
def regimes(
    episode: Annotated[str | None, typer.Option(help="Episode from data/episodes.toml.")] = None,
    latest: Annotated[bool, typer.Option(help="Where are we now: each trigger vs its "
                                         "threshold at the data's last date.")] = False,
    alerts: Annotated[bool, typer.Option(help="Also list every trigger as it fires, clears "
                                         "or becomes unknown (even when the regime holds).")]
    = False,
    store: StoreOpt = None,
    episodes_file: EpisodesFileOpt = None,
) -> None:
    """Dated regime timeline with the trigger behind each transition."""
    os.environ.setdefault("PLAYBOOK_JIT", "0")  # one read: plain Python beats the compiler
    from backtests.api import checks, now
    from backtests.cli.nowview import render_triggers
    from backtests.data.latest import latest_date
    from backtests.data.store import Store
    from backtests.episodes.definitions import check_window
    from backtests.episodes.pipeline import build_context
    from strategies.regimes import transitions

    st = Store.resolve(store)
    if latest:
        render_triggers(now(st).now, console)
        return
    episodes = checks.catalog(episodes_file)
    if episode is None:
        raise ConfigError("give --episode NAME (one of " + ", ".join(episodes)
                          + ") or --latest for where we are now")
    name, chosen = checks.episode(episode, episodes, "--episode")
    ctx = build_context(st)
    # `latest` ends where the report's does (the sleeves' latest date), not at the signals' end.
    start, end = check_window(name, chosen, ctx.panel.index, latest_date(st).day)
    table = Table(title=f"Regimes, {episode} ({start.date()} .. {end.date()})",
                  title_justify="left")
    for col in ("date", "from", "to", "trigger (value vs threshold)", "unknown inputs"):
        table.add_column(col, overflow="fold")
    regime = ctx.regimes
    table.add_row(str(start.date()), "", str(regime["regime"].asof(start)), "state at start", "")
    for tr in transitions(regime.loc[start:end]):
        table.add_row(str(tr.date.date()), tr.before, tr.after, Text(tr.reason),
                      Text(tr.unknown.replace(",", ", ")))
    console.print(table)
    if alerts:
        _print_alerts(ctx, episode, start, end)


def _print_alerts(ctx: Context, episode: str, start: pd.Timestamp, end: pd.Timestamp) -> None:
    import pandas as pd

    from strategies.alerts import alert_stream

    stream = alert_stream(ctx.signals, ctx.regime_params, start, end)
    out = Table(title=f"Alerts, {episode}: each trigger as it fires, clears or becomes unknown",
                title_justify="left")
    for col in ("date", "trigger", "state", "severity", "value vs threshold"):
        out.add_column(col, overflow="fold")
    for row in stream.itertuples():
        out.add_row(str(pd.Timestamp(str(row.date)).date()), Text(str(row.label)), str(row.state),
                    Text(str(row.severity), style="bold red" if row.severity == "severe" else ""),
                    Text(str(row.detail)))
    console.print(out)


@app.command("strategies")
def strategies_cmd(store: StoreOpt = None) -> None:
    """List strategies with their parameters, defaults and rationale (reads no data; --store
    is accepted like by every command)."""
    for name, strat in STRATEGIES.items():
        console.print(_params_table(f"{name} ({strat.scenario}): {strat.summary}", strat.params))
    console.print(_params_table(
        "The regime machine (every rule reads it): set with --set regime.NAME=VALUE, a "
        "[regime] table in a run configuration, or regime.NAME in a sweep grid", RegimeParams))


def _params_table(title: str, cls: type[Params]) -> Table:
    table = Table(title=title, title_justify="left")
    for col in ("parameter", "default", "rationale"):
        table.add_column(col, overflow="fold")
    defaults = cls()
    for key, info in cls.model_fields.items():
        table.add_row(key, str(getattr(defaults, key)), info.description or "")
    return table


@app.command("backtest")
def backtest(
    strategy: Annotated[str | None, typer.Option(help="Strategy name (see `strategies`).")] = None,
    episode: Annotated[str, typer.Option(help="Episode from data/episodes.toml.")] = "2008_gfc",
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="Override a parameter: --set scale_in_days=10, or a regime threshold: "
        "--set regime.crisis_drawdown=0.18 (repeatable).")] = None,
    preset: Annotated[Path | None, typer.Option(help="A preset TOML file.")] = None,
    benchmark: Annotated[str, typer.Option(help="Compared against.")] = "sixty_forty",
    fee_bps: Annotated[float, typer.Option(help="Fee per trade, basis points.")] = COSTS.fee_bps,
    slippage_bps: Annotated[float, typer.Option(
        help="Slippage, basis points.")] = COSTS.slippage_bps,
    band: Annotated[float, typer.Option(help="Rebalance band (weight drift).")] = COSTS.band,
    out: Annotated[Path | None, typer.Option(help="Write metrics.csv and parquet here.")] = None,
    store: StoreOpt = None,
    episodes_file: EpisodesFileOpt = None,
) -> None:
    """One strategy over one episode: its metrics next to the benchmark's."""
    from backtests.api import checks, load
    from backtests.api.specs import backtest_spec

    costs = Costs(fee_bps=fee_bps, slippage_bps=slippage_bps, band=band)
    if out is not None:
        checks.out_folder(out, "--out")
    spec = backtest_spec(strategy, episode, parse_set(set_ or []), preset=preset,
                         benchmark=benchmark, costs=costs, known=checks.catalog(episodes_file),
                         base=DEFAULT_REGIME, names=checks.CLI)
    spec = dataclasses.replace(spec, label=spec.strategy)  # a command's run is the rule's name
    result = load(store, regime=spec.regime, episodes=episodes_file).run_backtest(spec)
    _print_metrics(result.run.metrics, result.benchmark_run.metrics, result.label,
                   result.benchmark, result.episode, result.episode_def)
    for note in result.notes:
        console.print(f"  note: {note}")
    if out is not None:
        for path in result.write(out):
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

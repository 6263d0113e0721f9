"""`playbook regimes`, `strategies` and `backtest`: inspect the rules and run one of them."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from backtests.cli.app import EpisodesFileOpt, RulesOpt, StoreOpt, app, console, use_rules
from backtests.errors import ConfigError
from strategies.params import Params
from strategies.regimes import DEFAULT_REGIME, RegimeParams
from strategies.registry import STRATEGIES, parse_set

if TYPE_CHECKING:
    import pandas as pd

    from backtests.episodes.pipeline import Context


@app.command("regimes")
def regimes(
    episode: Annotated[str | None, typer.Option(help="Episode from data/episodes.toml.")] = None,
    latest: Annotated[bool, typer.Option(help="Where are we now: each trigger vs its "
                                         "threshold at the data's last date.")] = False,
    alerts: Annotated[bool, typer.Option(help="Also list every trigger as it fires, clears "
                                         "or becomes unknown (even when the regime holds).")]
    = False,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="A regime threshold: --set crisis_drawdown=0.18 (or "
        "regime.crisis_drawdown=0.18; repeatable; values are TOML numbers, booleans or "
        "'strings'). `playbook strategies` lists them with their defaults.")] = None,
    store: StoreOpt = None,
    episodes_file: EpisodesFileOpt = None,
) -> None:
    """Dated regime timeline with the trigger behind each transition."""
    os.environ.setdefault("PLAYBOOK_JIT", "0")  # one read: plain Python beats the compiler
    from backtests.api import episodechecks, now, paramchecks
    from backtests.cli.nowview import render_triggers
    from backtests.data.latest import latest_date
    from backtests.data.store import Store
    from backtests.episodes.pipeline import build_context
    from backtests.episodes.windows import check_window
    from strategies.regimes import transitions

    st = Store.resolve(store)
    thresholds = paramchecks.regime(DEFAULT_REGIME, parse_set(set_ or []), "--set")
    if set_:
        console.print(threshold_line(thresholds), highlight=False)
    if latest:
        render_triggers(now(st, regime=thresholds).now, console)
        return
    episodes = episodechecks.catalog(episodes_file)
    if episode is None:
        raise ConfigError("give --episode NAME (one of " + ", ".join(episodes)
                          + ") or --latest for where we are now")
    name, chosen = episodechecks.episode(episode, episodes, "--episode")
    ctx = build_context(st, regime_params=thresholds)
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


def threshold_line(params: RegimeParams) -> str:
    """The thresholds that differ from their defaults, each with its default beside it."""
    defaults = DEFAULT_REGIME.model_dump()
    changed = [f"{k}={v} (default {defaults[k]})" for k, v in params.model_dump().items()
               if v != defaults[k]]
    return "regime thresholds: " + (", ".join(changed) or "all defaults")


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
def strategies_cmd(store: StoreOpt = None, rules: RulesOpt = None) -> None:
    """List strategies with their parameters, defaults and rationale (reads no data; --store
    is accepted like by every command)."""
    use_rules(rules)
    for name, strat in STRATEGIES.items():
        where = "" if strat.source == "built-in" else f" [from {strat.source}]"
        console.print(_params_table(f"{name} ({strat.scenario}): {strat.summary}{where}",
                                    strat.params))
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

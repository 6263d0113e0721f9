"""Metric tables a backtest prints: one run beside its benchmark, or a tweak beside the
rule's defaults and the benchmark (`backtest --compare`)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.table import Table

from backtests.cli.app import console

if TYPE_CHECKING:
    from backtests.api.backtestview import Backtest
    from backtests.episodes.definitions import Episode


def compare_table(tweaked: Backtest, plain: Backtest) -> Table:
    """Tweaked, defaults, the benchmark, and tweaked - defaults."""
    a, b, bench = tweaked.label, plain.label, tweaked.benchmark
    ep = tweaked.episode_def
    table = Table(title=f"{a} vs {b} (and {bench}), {tweaked.episode}: {ep.description}; "
                  f"difference = {a} - {b}", title_justify="left")
    for col in ("metric", a, b, bench, "difference"):
        table.add_column(col, justify="right" if col != "metric" else "left")
    base = tweaked.benchmark_run.metrics
    for key, value in tweaked.run.metrics.items():
        other = plain.run.metrics.get(key, float("nan"))
        table.add_row(key, fmt(key, value), fmt(key, other),
                      fmt(key, base.get(key, float("nan"))), fmt(key, value - other))
    return table


PCT = {"total_return", "cagr", "ann_volatility", "max_drawdown", "worst_day", "worst_month",
       "annual_turnover", "peak_to_trough", "trough_plus_12m", "costs_total"}


def fmt(key: str, v: float) -> str:
    if math.isnan(v):
        return "not recovered" if key == "time_to_recover_days" else "-"
    return f"{v:+.1%}" if key in PCT else f"{v:,.2f}"


def print_metrics(mine: dict[str, float], base: dict[str, float], name: str, bench: str,
                   episode: str, ep: Episode) -> None:
    table = Table(title=f"{name} vs {bench}, {episode}: {ep.description}", title_justify="left")
    for col in ("metric", name, bench, "difference"):
        table.add_column(col, justify="right" if col != "metric" else "left")
    for key, value in mine.items():
        other = base.get(key, float("nan"))
        table.add_row(key, fmt(key, value), fmt(key, other), fmt(key, value - other))
    console.print(table)

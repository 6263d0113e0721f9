"""`playbook replay`: what each rule would do if a past crisis started today (hypothetical).

Only typer and rich are imported here; pandas, the engine and the scenarios package are
imported inside the command, so `playbook --help` stays instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from backtests.cli.app import RulesOpt, StoreOpt, app, console, use_rules

if TYPE_CHECKING:
    import pandas as pd

BENCHMARK = "sixty_forty"


@app.command("replay")
def replay_cmd(
    analogue: Annotated[str | None, typer.Option(
        help="The crisis: 2000_dotcom, 2008_gfc, 2020_covid or 2022.")] = None,
    no_qe: Annotated[bool, typer.Option(
        "--no-qe", help="Drop the crisis's QE announcements (scenario 2 vs 3, same path).")
    ] = False,
    months: Annotated[int | None, typer.Option(
        help="Months of the crisis replayed after its peak (default 24).")] = None,
    from_: Annotated[str | None, typer.Option(
        "--from", help="Your own window instead: its first day (YYYY-MM-DD).")] = None,
    to: Annotated[str | None, typer.Option(help="Your own window: its last day.")] = None,
    store: StoreOpt = None,
    rules: RulesOpt = None,
) -> None:
    """If a past crisis started today: every rule on a HYPOTHETICAL continuation of the data."""
    from rich.text import Text  # the console prints text literally: style, not markup

    from backtests.api import checks, replay
    from backtests.errors import ConfigError

    use_rules(rules)  # your own rules are replayed beside the built-in ones
    if (from_ is None) != (to is None):
        raise ConfigError("--from and --to go together: name both days of the window")
    window = (from_, to) if from_ is not None and to is not None else None
    view = replay(store, analogue, no_qe=no_qe, months=months, window=window, names=checks.CLI)
    scenario = view.replay.scenario
    console.print(Text.assemble(("HYPOTHETICAL", "bold"), f": {scenario.analogue.name} replayed "
                                f"from {scenario.start.day.date()}, "
                                f"{'without' if no_qe else 'with'} its QE events. Not a "
                                "forecast: one past crisis's moves applied to today's data."),
                  soft_wrap=True)
    for line in view.description:
        console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)
    console.print(_outcomes(view.outcomes))
    console.print(_allocations(view.allocations, list(scenario.universe.sleeves)))
    console.print(_regimes(view.regime_changes))


def _outcomes(frame: pd.DataFrame) -> Table:
    from backtests.scenarios.summary import pct

    table = Table(title="Return / worst drawdown from the start (HYPOTHETICAL)",
                  title_justify="left")
    table.add_column("strategy")
    rows = frame.to_dict("records")
    for h, day in dict.fromkeys((r["horizon_months"], r["date"]) for r in rows):
        table.add_column(f"{h}m ({day.date()})", justify="right")
        table.add_column(f"vs {BENCHMARK}", justify="right")
    cells: dict[str, list[str]] = {}
    for r in rows:
        cells.setdefault(str(r["strategy"]), []).extend([
            f"{pct(r['total_return'])} / {pct(r['max_drawdown'])}",
            f"{pct(r[f'total_return_vs_{BENCHMARK}'])} / "
            f"{pct(r[f'max_drawdown_vs_{BENCHMARK}'])}"])
    for name, row_cells in cells.items():
        table.add_row(name, *row_cells)
    return table


def _allocations(frame: pd.DataFrame, sleeves: list[str]) -> Table:
    table = Table(title="Weights held (HYPOTHETICAL after the start)", title_justify="left")
    for col in ("strategy", "when", "regime", *sleeves):
        table.add_column(col, justify="left" if col in ("strategy", "when", "regime")
                         else "right")
    held: dict[tuple[str, str, str], dict[str, float]] = {}
    for r in frame.to_dict("records"):
        when = "start" if r["horizon_months"] == 0 else f"{r['horizon_months']}m"
        key = (str(r["strategy"]), f"{when} {r['date'].date()}", str(r["regime"]))
        held.setdefault(key, {})[str(r["sleeve"])] = float(r["weight"])
    for (name, when, regime), w in held.items():
        table.add_row(name, when, regime, *[f"{w.get(s, 0.0):.0%}"
                                            if abs(w.get(s, 0.0)) >= 0.005 else "-"
                                            for s in sleeves])
    return table


def _regimes(frame: pd.DataFrame) -> Table:
    table = Table(title="Regime changes on the synthetic days (HYPOTHETICAL)",
                  title_justify="left")
    for col in ("date", "from", "to", "trigger (value vs threshold)"):
        table.add_column(col, overflow="fold")
    for r in frame.to_dict("records"):
        table.add_row(str(r["date"].date()), str(r["before"]), str(r["after"]), str(r["reason"]))
    return table

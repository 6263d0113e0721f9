"""Rich tables for `playbook now` (user text is never read as markup)."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from backtests.now.answer import Now
from backtests.now.text import duration_risk_text

STATE_STYLE = {"fired": "bold red", "unknown": "bold yellow", "not fired": "green"}


def render(now: Now, console: Console) -> None:
    render_triggers(now, console)
    console.print(_inputs(now))
    console.print(_holdings(now))
    events = Table(title="Latest Fed events", title_justify="left")
    for col in ("date", "type", "event"):
        events.add_column(col, overflow="fold")
    for e in now.fed_events:
        events.add_row(e["date"], e["type"], Text(e["description"]))
    console.print(events)


def render_triggers(now: Now, console: Console) -> None:
    """The regime, its warnings and the triggers table (`regimes --latest` prints only this)."""
    head = Text(f"As of {now.as_of}: regime ")
    head.append(now.regime, style="bold")
    head.append(f" since {now.since}" + (f" ({now.reason})" if now.reason else ""))
    console.print(head)
    if now.today and now.data_age_days > 0:
        console.print(Text(f"Today is {now.today}: the data's last day is {now.data_age_days} "
                           "days old, and the regime above is read on it.",
                           style="yellow" if now.data_age_days > 7 else ""))
    if now.prices_end < now.as_of:
        console.print(Text(f"Prices of every sleeve end {now.prices_end}: backtests stop "
                           f"there; signals run to {now.as_of}.", style="yellow"))
    if now.duration_risk:
        console.print(Text(duration_risk_text(now)))
    if now.unknown:
        console.print(Text("Unknown triggers that could change the regime now: "
                           + ", ".join(now.unknown), style="yellow"))
    if now.reserves is not None:
        console.print(Text("Reserves gauge (SOFR vs the rate on reserves): "
                           + now.reserves.reading))
    console.print(_triggers(now))


def _triggers(now: Now) -> Table:
    table = Table(title="Triggers (stale input = unknown, never 'not fired')",
                  title_justify="left")
    for col in ("trigger", "state", "reading", "distance"):
        table.add_column(col, overflow="fold")
    for t in now.triggers:
        style = STATE_STYLE.get(t.state, "dim")
        table.add_row(Text(t.label), Text(t.state, style=style), Text(t.reading),
                      Text(t.distance))
    return table


def _inputs(now: Now) -> Table:
    table = Table(title=f"Inputs (ages counted to today, {now.today})", title_justify="left")
    for col in ("series", "last observation", f"age on {now.today}", "stale after",
                "fresh today", f"fresh on {now.as_of}"):
        table.add_column(col)
    for i in now.inputs:
        table.add_row(i.series, i.last_observation,
                      "-" if i.age_days is None else f"{i.age_days} days",
                      "-" if i.max_age_days is None else f"{i.max_age_days} days",
                      Text("yes" if i.fresh else "STALE", style="" if i.fresh else "yellow"),
                      "yes" if i.fresh_at_as_of else "stale")
    return table


def _holdings(now: Now) -> Table:
    table = Table(title="What each rule holds today, and on the next regime change",
                  title_justify="left")
    table.add_column("strategy")
    table.add_column("target today", overflow="fold")
    table.add_column("next regime -> target", overflow="fold")
    for h in now.holdings:
        nxt = "\n".join(f"{state}: {_fmt(mix)}" for state, mix in h.next.items())
        table.add_row(h.strategy, _fmt(h.today), Text(nxt))
    return table


def _fmt(mix: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.0%}" for k, v in mix.items())


def render_plan(now: Now, console: Console, reports: Path = Path("reports")) -> None:
    """The contingency plan first (the playbook rule's default parameters), with the evidence
    and the QE record of the latest committee report when there is one (they need a run)."""
    from backtests.report import plan
    from strategies.registry import make_params

    evidence = qe = ""
    meta = reports / "latest" / "run.json"
    if meta.is_file():
        saved = json.loads(meta.read_text()).get("plan") or {}
        run = saved.get("run_id", "?")
        evidence = saved.get("evidence", "") and f"{saved['evidence']} (report {run})"
        qe = saved.get("qe", "")
    made = plan.from_now(now, "playbook", make_params("playbook", {}), evidence=evidence, qe=qe)
    for i, line in enumerate(plan.lines(made)):
        console.print(Text(line, style="bold" if i == 0 else ""))
    if not meta.is_file():
        console.print(Text("The evidence against the benchmarks needs a committee report: "
                           "`playbook run`.", style="yellow"))

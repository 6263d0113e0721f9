"""`playbook now`: where we are now, and what each rule holds."""

from __future__ import annotations

import json
import os
from typing import Annotated

import typer

from backtests.cli.app import RulesOpt, StoreOpt, app, console, use_rules


@app.command("now")
def now_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    store: StoreOpt = None,
    today: Annotated[str | None, typer.Option(
        "--today", help="The calendar date inputs' ages are counted to (YYYY-MM-DD; default: "
        "the system's date).")] = None,
    changes: Annotated[bool, typer.Option(
        "--changes", help="Print only what changed since the last look (kept in the store "
        "folder) and exit 3 when a trigger or the regime changed, 0 when nothing did: for a "
        "daily cron job.")] = False,
    rules: RulesOpt = None,
) -> None:
    """The latest date: inputs and their freshness, every trigger vs its threshold, the
    regime, each rule's target today and on the next regime change, the latest Fed events."""
    # One read over a few thousand days: plain Python beats loading the compiler.
    os.environ.setdefault("PLAYBOOK_JIT", "0")
    from backtests.api import now
    from backtests.cli.nowview import render

    use_rules(rules)  # your own rules are listed beside the built-in ones
    if changes:
        _changes(store, today, as_json)
        return
    view = now(store, today=today)
    if as_json:
        typer.echo(json.dumps(view.to_dict(), indent=1))
    else:
        from backtests.cli.nowview import render_plan

        render_plan(view.now, console)
        render(view.now, console)


def _changes(store: StoreOpt, today: str | None, as_json: bool) -> None:
    from dataclasses import asdict

    from backtests.data.store import Store
    from backtests.episodes.pipeline import build_context
    from backtests.now.changes import CHANGED, look
    from backtests.now.read import where_are_we

    st = Store.resolve(store)
    ctx = build_context(st)
    found = look(st, ctx, where_are_we(st, ctx=ctx, today=today))
    if as_json:
        typer.echo(json.dumps({**asdict(found), "changed": found.changed}, indent=1))
    elif found.first_look:
        console.print(f"First look: regime {found.regime} as of {found.as_of}; saved in "
                      f"{st.root}, the next look reports what changed.")
    else:
        head = (f"Since the last look (data to {found.since}), to {found.as_of}: "
                + (f"{len(found.lines)} change(s)" if found.changed else "nothing changed")
                + f"; regime {found.regime}.")
        console.print(head)
        for line in found.lines:
            console.print("  " + line)
        for line in found.pending:
            console.print("  pending (not yet a week): " + line)
    if found.changed:
        raise typer.Exit(CHANGED)

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
    rules: RulesOpt = None,
) -> None:
    """The latest date: inputs and their freshness, every trigger vs its threshold, the
    regime, each rule's target today and on the next regime change, the latest Fed events."""
    # One read over a few thousand days: plain Python beats loading the compiler.
    os.environ.setdefault("PLAYBOOK_JIT", "0")
    from backtests.api import now
    from backtests.cli.nowview import render

    use_rules(rules)  # your own rules are listed beside the built-in ones
    view = now(store)
    if as_json:
        typer.echo(json.dumps(view.to_dict(), indent=1))
    else:
        render(view.now, console)

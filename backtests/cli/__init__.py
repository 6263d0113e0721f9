"""The `playbook` command: a thin shell over the library (prints; the library only logs)."""

from __future__ import annotations

import sys

from backtests.cli import analysis, data, now, runs  # noqa: F401  (registers the commands)
from backtests.cli.app import app, err_console, state
from backtests.errors import PlaybookError
from strategies.registry import StrategyError


def main() -> None:
    """Entry point: library errors become one clean line (full traceback with --debug).

    Typer runs in standalone mode, so usage errors (a missing argument, an unknown option)
    get its own short usage message and exit code 2.
    """
    try:
        app()
    except (PlaybookError, StrategyError) as e:
        if state["debug"]:
            raise
        err_console.print(f"error: {e}", style="red", markup=False, highlight=False)
        sys.exit(2)

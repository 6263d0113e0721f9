"""The `playbook` command: a thin shell over the library (prints; the library only logs)."""

from __future__ import annotations

# Importing a command module registers its commands, and `playbook --help` lists them in the
# order of these imports: the `isort: split` below keeps scenarios (replay) last.
from backtests.cli import (  # noqa: F401  (registers the commands)
    analysis,
    backtest,
    data,
    datacheck,
    now,
    report,
    sweep,
)

# isort: split
from backtests.cli import scenarios  # noqa: F401
from backtests.cli.app import app


def main() -> None:
    """Entry point. Every failure becomes one clean line and a non-zero exit code in one
    place, cli.app.GuardedGroup (full traceback with --debug); typer handles usage errors
    (a missing argument, an unknown option) with its own short message and exit code 2."""
    app()

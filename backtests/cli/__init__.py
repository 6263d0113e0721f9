"""The `playbook` command: a thin shell over the library (prints; the library only logs)."""

from __future__ import annotations

import sys

import typer

from backtests.cli import analysis, data, runs  # noqa: F401  (registers the commands)
from backtests.cli.app import app, err_console, state
from backtests.errors import PlaybookError
from strategies.registry import StrategyError


def main() -> None:
    """Entry point: library errors become one clean line (full traceback with --debug)."""
    try:
        app(standalone_mode=False)
    except (PlaybookError, StrategyError) as e:
        if state["debug"]:
            raise
        err_console.print(f"error: {e}", style="red", markup=False, highlight=False)
        sys.exit(2)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except Exception as e:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(e, click.ClickException):
            e.show()
            sys.exit(e.exit_code)
        raise


if __name__ == "__main__":
    main()

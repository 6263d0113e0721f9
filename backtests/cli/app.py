"""The Typer app, consoles and options shared by every command module.

Both consoles print user text literally (markup=False): a label, a description or a file name
holding `[/x]` is text, never rich markup. Styling is applied with `style=`, not with tags.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from typer.core import TyperGroup
from typer.exceptions import TyperException

from backtests.cli.failures import EXPECTED, describe, lines

# Piped output (CI logs, files) gets a wide fixed width so tables stay readable; long lines
# are not cut by rich (soft wrap) so messages stay whole.
console = Console(width=None if sys.stdout.isatty() else 180, markup=False, soft_wrap=True)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 180, markup=False,
                      soft_wrap=True)
state = {"debug": False}


def fail(message: str, code: int = EXPECTED) -> typer.Exit:
    """Print `error: ...` (each line clipped) and return the Exit to raise."""
    for i, line in enumerate(lines(message)):
        err_console.print(f"error: {line}" if i == 0 else line, style="red", highlight=False)
    return typer.Exit(code)


class GuardedGroup(TyperGroup):
    """The one place where a failure becomes one clean line and a non-zero exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (TyperException, typer.Exit, typer.Abort):
            raise  # usage errors and deliberate exits: typer prints its own short message
        except (Exception, KeyboardInterrupt) as e:
            if state["debug"]:
                raise
            message, code = describe(e)
            raise fail(message, code) from None


app = typer.Typer(cls=GuardedGroup, no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False,
                  help="qe-playbook: point-in-time backtests of the QE playbook.")
data_app = typer.Typer(no_args_is_help=True, help="Import, fetch, check and inspect market data.")
app.add_typer(data_app, name="data")

StoreOpt = Annotated[Path | None, typer.Option(
    "--store", help="Store folder (default: $PLAYBOOK_STORE, else data/store).")]
EpisodesFileOpt = Annotated[Path | None, typer.Option(
    "--episodes-file", help="Your own episodes, in the schema of data/episodes.toml "
    "(default: that file).")]

RulesOpt = Annotated[list[Path] | None, typer.Option(
    "--rules", help="Your own rules: a .toml rule file or a .py module that calls "
    "strategies.registry.register (repeatable); then name them like the built-in rules.")]


def use_rules(paths: list[Path] | None) -> list[str]:
    """Register the rules of every --rules file; the names they added, in order."""
    from strategies.registry import load_rules

    return [name for path in paths or [] for name in load_rules(path)]


@app.callback()
def _main(debug: Annotated[bool, typer.Option(help="Show full tracebacks.")] = False,
          universe: Annotated[list[Path] | None, typer.Option(
              "--universe", help="Your own universe file: its [sleeves.*] and [series.*] "
              "extend data/universe.toml (replace = true: used instead). Repeatable; before "
              "the command: playbook --universe my.toml backtest ...")] = None) -> None:
    state["debug"] = debug
    if universe:  # every command's load_universe() reads it (so do sweep worker processes)
        from backtests.data.universe_ext import ENV_VAR

        os.environ[ENV_VAR] = os.pathsep.join(str(p.resolve()) for p in universe)
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


def progress_bar() -> Progress:
    """A transient bar on a terminal; nothing at all in logs and pipes."""
    return Progress(TextColumn("{task.description}", markup=False), BarColumn(),
                    MofNCompleteColumn(), console=err_console, transient=True,
                    disable=not err_console.is_terminal)


def split_list(text: str | None) -> list[str] | None:
    return [t.strip() for t in text.split(",") if t.strip()] if text else None


def tidy(*folders: Path) -> None:
    """Remove leftovers of interrupted writes older than a day, saying so in one line."""
    from backtests.tidy import describe as said
    from backtests.tidy import remove_stale

    removed = remove_stale(folders)
    if removed:
        console.print(said(removed), style="yellow", highlight=False)

"""The Typer app, consoles and options shared by every command module."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="qe-playbook: point-in-time backtests of the QE playbook.")
data_app = typer.Typer(no_args_is_help=True, help="Import, fetch and inspect market data.")
app.add_typer(data_app, name="data")
# Piped output (CI logs, files) gets a wide fixed width so tables stay readable.
console = Console(width=None if sys.stdout.isatty() else 180)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 180)
state = {"debug": False}

StoreOpt = Annotated[Path | None, typer.Option(
    "--store", help="Store folder (default: $PLAYBOOK_STORE, else data/store).")]
EpisodesFileOpt = Annotated[Path | None, typer.Option(
    "--episodes-file", help="Your own episodes, in the schema of data/episodes.toml "
    "(default: that file).")]


@app.callback()
def _main(debug: Annotated[bool, typer.Option(help="Show full tracebacks.")] = False) -> None:
    state["debug"] = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


def progress_bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    console=err_console, transient=True)



def split_list(text: str | None) -> list[str] | None:
    return [t.strip() for t in text.split(",") if t.strip()] if text else None

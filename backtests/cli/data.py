"""`playbook data ...`: import, fetch and status of the local store."""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from backtests.cli.app import StoreOpt, console, data_app, err_console, progress_bar
from backtests.data.fetch import fetch as fetch_series
from backtests.data.importer import import_folder
from backtests.data.status import StatusRow, series_status, sleeve_status
from backtests.data.store import Store
from backtests.data.universe import load_universe


@data_app.command("import")
def data_import(
    path: Annotated[Path, typer.Argument(help="Folder in the snapshot layout.")],
    store: StoreOpt = None,
    if_empty: Annotated[bool, typer.Option(
        "--if-empty", help="Do nothing if the store already holds data.")] = False,
) -> None:
    """Validate and import a snapshot / vendor export (prices/*.csv, fred/*.csv)."""
    st = Store.resolve(store)
    if if_empty and not st.is_empty():
        console.print(f"store {st.root} already holds data (version {st.current_version()}); "
                      "skipping import")
        return
    universe = load_universe()
    n_files = len(list(path.glob("prices/*.csv"))) + len(list(path.glob("fred/*.csv")))
    started = time.perf_counter()
    with progress_bar() as bar:
        task = bar.add_task("validating", total=n_files)
        summary = import_folder(path, st, universe,
                                on_file=lambda rel: bar.update(task, advance=1, description=rel))
    took = time.perf_counter() - started
    size = sum(f.stat().st_size for f in (st.root / "versions" / summary.version).rglob("*"))
    console.print(f"imported {summary.series} series, {summary.rows:,} rows from {path} in "
                  f"{took:.1f}s -> {st.root} (version {summary.version}, {size / 1e6:.1f} MB, "
                  f"snapshot sha256 {summary.snapshot_hash[:12]})")
    for symbol, flags in summary.flagged.items():
        console.print(f"  flagged {symbol}: {'; '.join(flags)}", style="yellow")


@data_app.command("fetch")
def data_fetch(
    only: Annotated[str | None, typer.Option(
        help="Comma-separated symbols, e.g. 'SPY,^VIX,DGS10'.")] = None,
    store: StoreOpt = None,
) -> None:
    """Download the universe's series (yfinance prices, FRED CSV) into the store."""
    st = Store.resolve(store)
    universe = load_universe()
    symbols = [s.strip() for s in only.split(",")] if only else None
    with progress_bar() as bar:
        task = bar.add_task("fetching", total=len(symbols or universe.series))
        summary = fetch_series(st, universe, symbols,
                               on_item=lambda s: bar.update(task, advance=1, description=s))
    console.print(f"fetched {len(summary.fetched)} series into {st.root}"
                  + (f" (version {summary.version})" if summary.version else ""))
    for symbol, why in summary.failed.items():
        err_console.print(f"failed {symbol}: {why}", style="red")
    if summary.failed:
        raise typer.Exit(1)


@data_app.command("status")
def data_status(store: StoreOpt = None) -> None:
    """Coverage of every sleeve and series: sources, dates, rows, last value, flags."""
    st = Store.resolve(store)
    universe = load_universe()
    manifest = st.manifest()
    console.print(f"store {st.root}: version {manifest['version']}, data sha256 "
                  f"{manifest['data_hash'][:12]}")
    console.print(_table("Sleeves (daily total return; value = growth of 1)",
                         sleeve_status(st, universe)))
    console.print(_table("Series", series_status(st, universe)))


def _table(title: str, rows: list[StatusRow]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for col in ("name", "source(s)", "first", "last", "rows", "last value", "flags"):
        table.add_column(col, overflow="fold", no_wrap=col != "flags",
                         max_width=70 if col == "flags" else None)
    for r in rows:
        value = "-" if math.isnan(r.last_value) else f"{r.last_value:,.4g}"
        table.add_row(r.name, r.sources, r.first, r.last, f"{r.rows:,}", value,
                      "\n".join(r.flags), style="red" if r.rows == 0 else None)
    return table

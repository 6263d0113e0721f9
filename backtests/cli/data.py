"""`playbook data import` and `fetch`: series into the local store (the store's status, check
and repair are in backtests.cli.datacheck).

The data modules (pandas, yfinance) are imported inside each command, not when the CLI starts.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from backtests.cli.app import StoreOpt, console, data_app, err_console, progress_bar, tidy
from backtests.errors import StoreError

if TYPE_CHECKING:
    from backtests.data.store import Store


def open_store(store: Path | None) -> Store:
    """The store of --store (default: $PLAYBOOK_STORE, else data/store)."""
    from backtests.data.store import Store

    return Store.resolve(store)


def print_notes(notes: list[str]) -> None:
    """A command's notes, one indented line each."""
    for note in notes:
        console.print(f"  note: {note}", style="yellow", highlight=False)


@data_app.command("import")
def data_import(
    path: Annotated[Path, typer.Argument(help="Folder in the snapshot layout.")],
    store: StoreOpt = None,
    if_empty: Annotated[bool, typer.Option(
        "--if-empty", help="Do nothing if the store already holds data.")] = False,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Replace stored series with the files instead of splicing.")] = False,
    accept_revisions: Annotated[bool, typer.Option(
        "--accept-revisions", help="Keep the file's value where an economic series was "
                                   "revised on the overlap (listed in the provenance).")] = False,
) -> None:
    """Validate and import a snapshot / vendor export (prices/*.csv, fred/*.csv).

    A file for a series already stored is spliced onto it: the overlap must agree (prices:
    daily returns of adj_close within 1e-5; economic series: identical values), then its newer
    rows continue the stored history. Otherwise nothing is written.
    """
    from backtests.data.importer import import_folder
    from backtests.data.universe import load_universe

    st = open_store(store)
    if if_empty and not st.is_empty():
        if (problem := st.pointer_problem()) is not None:
            raise StoreError(f"the data store at {st.root} {problem}, so it is not empty; run "
                             "`playbook data repair`, or import without --if-empty")
        console.print(f"store {st.root} already holds data (version {st.current_version()}); "
                      "skipping import", highlight=False)
        return
    tidy(*st.scratch_folders())
    universe = load_universe()
    n_files = len(list(path.glob("prices/*.csv"))) + len(list(path.glob("fred/*.csv")))
    started = time.perf_counter()
    with progress_bar() as bar:
        task = bar.add_task("validating", total=n_files)
        summary = import_folder(path, st, universe,
                                on_file=lambda rel: bar.update(task, advance=1, description=rel),
                                replace=replace, accept_revisions=accept_revisions)
    took = time.perf_counter() - started
    if not summary.series:
        console.print(f"nothing new in {path}: its {len(summary.unchanged)} series are already "
                      f"stored (overlap agrees); {st.root} unchanged (version {summary.version})",
                      highlight=False)
        print_notes(summary.notes)
        return
    size = sum(f.stat().st_size for f in (st.root / "versions" / summary.version).rglob("*"))
    added = sum(n.appended for n in summary.spliced)
    spliced = (f" ({len(summary.spliced)} spliced onto stored series: +{added:,} rows)"
               if summary.spliced else "")
    console.print(f"imported {summary.series} series{spliced}, {summary.rows:,} rows from "
                  f"{path} in "
                  f"{took:.1f}s -> {st.root} (version {summary.version}, {size / 1e6:.1f} MB, "
                  f"snapshot sha256 {summary.snapshot_hash[:12]})", highlight=False)
    for n in summary.spliced:
        console.print(f"  spliced {n.symbol}: +{n.appended} rows {n.first_new or '-'}..{n.last} "
                      f"(overlap {n.overlap}, {n.common} days agree"
                      + (f", max return diff {n.max_diff:.1e}" if n.max_diff is not None
                         else ", values identical") + ")"
                      + (f"; {len(n.revised)} revision(s) kept" if n.revised else ""),
                      highlight=False)
    if summary.unchanged:
        console.print(f"  unchanged (nothing new): {', '.join(summary.unchanged)}",
                      highlight=False)
    for symbol, flags in summary.flagged.items():
        console.print(f"  flagged {symbol}: {'; '.join(flags)}", style="yellow", highlight=False)
    print_notes(summary.notes)


@data_app.command("fetch")
def data_fetch(
    only: Annotated[str | None, typer.Option(
        help="Comma-separated symbols, e.g. 'SPY,^VIX,DGS10'.")] = None,
    store: StoreOpt = None,
) -> None:
    """Download the universe's series (yfinance prices, FRED CSV) into the store."""
    from backtests.data.fetch import fetch as fetch_series
    from backtests.data.universe import load_universe

    st = open_store(store)
    tidy(*st.scratch_folders())
    universe = load_universe()
    symbols = [s.strip() for s in only.split(",") if s.strip()] if only is not None else None
    with progress_bar() as bar:
        task = bar.add_task("fetching", total=len(symbols or universe.series))
        summary = fetch_series(st, universe, symbols,
                               on_item=lambda s: bar.update(task, advance=1, description=s))
    console.print(f"fetched {len(summary.fetched)} series into {st.root}"
                  + (f" (version {summary.version})" if summary.version else ""),
                  highlight=False)
    print_notes(summary.notes)
    for symbol, why in summary.failed.items():
        err_console.print(f"failed {symbol}: {why}", style="red", highlight=False)
    if summary.failed:
        raise typer.Exit(1)

"""`playbook data status`, `check` and `repair`: what the local store holds, whether its files
match their manifest, and mending it.

The data modules (pandas) are imported inside each command, not when the CLI starts.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from backtests.cli.app import StoreOpt, console, data_app, tidy
from backtests.cli.data import open_store, print_notes

if TYPE_CHECKING:
    from backtests.data.repair import StoreCheck
    from backtests.data.status import StatusRow


@data_app.command("status")
def data_status(store: StoreOpt = None) -> None:
    """Coverage of every sleeve and series: sources, dates, rows, last value, flags."""
    from backtests.data.status import series_status, sleeve_status
    from backtests.data.universe import load_universe

    st = open_store(store).pinned()
    universe = load_universe()
    manifest = st.manifest()
    console.print(f"store {st.root}: version {manifest['version']}, data sha256 "
                  f"{manifest['data_hash'][:12]}", highlight=False)
    console.print(_table("Sleeves (daily total return; value = growth of 1)",
                         sleeve_status(st, universe)))
    console.print(_table("Series", series_status(st, universe)))


@data_app.command("check")
def data_check(store: StoreOpt = None) -> None:
    """Verify every file of the live version against its manifest (sha256, rows)."""
    from backtests.data.repair import check_store

    report = check_store(open_store(store))
    _print_check(report)
    if not report.ok:
        raise typer.Exit(1)


@data_app.command("repair")
def data_repair(
    store: StoreOpt = None,
    drop_damaged: Annotated[bool, typer.Option(
        "--drop-damaged", help="Leave out series that cannot be rebuilt (fetch or import "
                               "them again afterwards).")] = False,
) -> None:
    """Rebuild a damaged store: point CURRENT at an intact version, rebuild damaged files."""
    from backtests.data.repair import repair_store

    st = open_store(store)
    tidy(*st.scratch_folders())
    version, notes = repair_store(st, drop_damaged)
    if version is None:
        console.print(f"store {st.root}: nothing to repair (version {st.current_version()} "
                      "matches its manifest)", highlight=False)
        return
    console.print(f"repaired store {st.root}: version {version} is live", highlight=False)
    print_notes(notes)


def _print_check(r: StoreCheck) -> None:
    head = f"store {r.root}: version {r.version}, {r.series} series"
    console.print(head + (f", data sha256 {r.data_hash[:12]}" if r.data_hash else ""),
                  highlight=False)
    if r.series:
        console.print(f"  ok: {r.verified} of {r.series} files match the manifest (sha256, "
                      "rows)", highlight=False)
    for p in r.problems:
        console.print(f"  PROBLEM {p}", style="red", highlight=False)
    for d in r.damaged:
        console.print(f"  DAMAGED {d.relpath} ({d.symbol}): {d.what}; {d.fix}", style="red",
                      highlight=False)
    if not r.ok:
        console.print("run `playbook data repair` to fix what it can", highlight=False)


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

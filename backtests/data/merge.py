"""Imports onto a store that already holds the series: splice each file, all or nothing.

The importer validates every file first; this step decides, per series, whether the file
continues the stored one (spliced), repeats it (unchanged: a re-import is a no-op), or cannot
be reconciled (refused, with a table of the disagreements, and nothing is written).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from backtests.data.records import Incoming, SeriesRecord, now_utc, sha256_text
from backtests.data.splice import Spliced, splice
from backtests.data.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpliceNote:
    """What a splice did to one series (for the CLI and the provenance)."""

    symbol: str
    appended: int
    first_new: str  # first appended date ("" when only revisions were applied)
    last: str
    overlap: str  # "first..last" of the compared days
    common: int
    max_diff: float | None  # largest daily-return difference (prices), None for values
    revised: list[str] = field(default_factory=list)  # "date: stored -> new"


@dataclass
class Merged:
    """The series to commit, and what happened to the others."""

    incoming: dict[str, Incoming]
    spliced: list[SpliceNote] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def merge_into(store: Store, incoming: dict[str, Incoming], where: dict[str, str],
               accept_revisions: bool = False) -> Merged:
    """Splice every incoming series the store already holds; new series pass through.

    where: symbol -> the source file, named in messages.
    """
    if store.current_version() is None:  # empty, or a damaged pointer the commit repairs
        return Merged(dict(incoming))
    records = store.records()
    out = Merged({})
    for symbol, item in incoming.items():
        rec = records.get(symbol)
        if rec is None:
            out.incoming[symbol] = item
            continue
        if rec.kind != item.record.kind:
            out.problems.append(
                f"{where[symbol]}: {symbol} is stored as a {rec.kind} series but this file is in "
                f"the {item.record.kind} layout; move the file to the folder of its layout, or "
                "replace the series with --replace; nothing was written")
            continue
        result = splice(store.load(symbol), item.frame, rec.kind, where[symbol],
                        accept_revisions)
        if result.problems:
            out.problems += result.problems
        elif not result.changed:
            out.unchanged.append(symbol)
        else:
            note = _note(symbol, result, rec)
            out.spliced.append(note)
            out.incoming[symbol] = Incoming(result.frame, _record(rec, item.record, note,
                                                                  len(result.frame)))
    if out.problems:
        out.incoming = {}
    return out


def _note(symbol: str, s: Spliced, rec: SeriesRecord) -> SpliceNote:
    new_rows = s.frame.index[s.frame.index > rec.last]
    overlap = f"{s.overlap[0].date()}..{s.overlap[1].date()}" if s.overlap else ""
    return SpliceNote(symbol, s.appended, str(new_rows[0].date()) if len(new_rows) else "",
                      str(s.frame.index[-1].date()), overlap, s.common,
                      s.max_diff if rec.kind == "price" else None,
                      [f"{r.date.date()}: {r.stored:g} -> {r.new:g}" for r in s.revised])


def _record(stored: SeriesRecord, new: SeriesRecord, note: SpliceNote,
            rows: int) -> SeriesRecord:
    """The stored record continued: its origin kept, every splice listed in order."""
    entry: dict[str, Any] = {
        "origin": new.origin, "sha256": new.sha256, "imported_at": now_utc(),
        "file_first": new.first, "file_last": new.last, "overlap": note.overlap,
        "common_days": note.common, "appended": note.appended, "from": note.first_new,
        "revised": note.revised}
    splices = [*stored.splices, entry]
    name = "/".join(Path(new.origin).parts[-3:])
    added = [f"{name}: {f}" for f in new.flags]
    flags = stored.flags + [f for f in added if f not in stored.flags]
    # The data identity chains the base and every splice, so no single source file matches
    # it: a damaged spliced file is rebuilt only from an intact older version.
    identity = sha256_text(f"{stored.sha256}\n{new.sha256}")
    return replace(stored, rows=rows, last=note.last, sha256=identity, flags=flags,
                   splices=splices)

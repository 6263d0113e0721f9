"""Is a stored file what the manifest says, and if not, where can it be rebuilt from?

A stored parquet file is damaged when it is missing, its sha256 differs from the one recorded
at commit time, it cannot be read, or it holds another number of rows than recorded. It can be
rebuilt from an older version holding the same source data, or, for an imported series, from
its recorded origin file if that file is byte-identical to what was imported.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from backtests.data.records import SeriesRecord, sha256_file, sha256_text
from backtests.data.validate import read_layout
from backtests.errors import StoreError, clip

log = logging.getLogger(__name__)
READ_ERRORS = (OSError, ValueError, TypeError, KeyError)  # pyarrow's errors subclass these


@dataclass(frozen=True)
class Candidate:
    """An older complete version that may hold an intact copy of a series."""

    version: str
    folder: Path
    records: dict[str, SeriesRecord]


def why(e: BaseException) -> str:
    """A short reason for a failed read (first line, clipped)."""
    text = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {clip(text, 80)}" if text else type(e).__name__


def damage(path: Path, rec: SeriesRecord, deep: bool = False) -> str | None:
    """None if the stored file is intact, else what is wrong. `deep` also reads it (rows)."""
    if not path.exists():
        return "missing"
    if not path.is_file():
        return "not a file"
    if rec.stored_sha256:
        got = sha256_file(path)
        if got != rec.stored_sha256:
            return (f"sha256 {got[:12]}… differs from the manifest's {rec.stored_sha256[:12]}… "
                    "(changed or truncated)")
        if not deep:
            return None
    try:
        frame = pd.read_parquet(path)
    except READ_ERRORS as e:
        return f"unreadable ({why(e)})"
    if len(frame) != rec.rows:
        return f"holds {len(frame):,} rows, the manifest says {rec.rows:,}"
    column = "adj_close" if rec.kind == "price" else "value"
    if column not in frame.columns:
        return f"has no '{column}' column"
    return None


Writer = Callable[[Path], None]


def find_copy(rec: SeriesRecord, older: list[Candidate]) -> tuple[str, Writer] | None:
    """Where an intact copy of `rec`'s data is, and how to write it: (description, writer)."""
    for cand in older:
        other = cand.records.get(rec.symbol)
        if other is None or other.sha256 != rec.sha256 or other.kind != rec.kind:
            continue
        src = cand.folder / other.relpath
        if damage(src, other) is None:
            return f"version {cand.version} (same source data)", partial(_copy, src)
    origin = Path(rec.origin)
    if rec.source != "snapshot" or not origin.is_file():
        return None
    try:
        raw = origin.read_bytes()
    except OSError:
        return None
    if not raw or sha256_text(raw) != rec.sha256:
        return None
    checked = read_layout(origin, rec.kind, None)  # byte-identical to the validated import
    if checked.frame.empty or len(checked.frame) != rec.rows:
        return None
    return str(origin), checked.frame.to_parquet


def rebuild_into(rec: SeriesRecord, dest: Path, older: list[Candidate]) -> str | None:
    """Write an intact copy of `rec`'s data at dest; returns where it came from, or None."""
    found = find_copy(rec, older)
    if found is None:
        return None
    dest.parent.mkdir(parents=True, exist_ok=True)
    found[1](dest)
    return found[0]


def _copy(src: Path, dest: Path) -> None:
    shutil.copyfile(src, dest)


def repair_hint(rec: SeriesRecord) -> str:
    """What the user can run when no intact copy is left."""
    if rec.splices:  # no single file holds it: rebuild the base, then splice again
        drops = ", ".join(str(Path(str(sp.get("origin", "?"))).parent.parent)
                          for sp in rec.splices)
        first = ("`playbook data fetch --only " + rec.symbol + "`" if rec.source != "snapshot"
                 else f"`playbook data import --replace` of the folder holding {rec.origin}")
        return (f"it was spliced from several files: run {first}, then `playbook data import` "
                f"of {drops}, in that order")
    if rec.source != "snapshot":
        return f"run `playbook data fetch --only {rec.symbol}`"
    origin = Path(rec.origin)
    if origin.is_file():
        return (f"its source {origin} changed since the import; import a folder that holds "
                f"{rec.symbol} (`playbook data import FOLDER`)")
    return (f"its source {origin} is gone; import a folder that holds {rec.symbol} "
            "(`playbook data import FOLDER`)")


@dataclass
class CarryNotes:
    """Where a commit carries files from (for messages), its notes, and its policy."""

    where: str
    notes: list[str]
    drop_damaged: bool = False


def carry_over(records: dict[str, SeriesRecord], replaced: set[str], src: Path, dest: Path,
               older: list[Candidate], ctx: CarryNotes) -> dict[str, SeriesRecord]:
    """Copy every record not `replaced` from src to dest, verified; a damaged one is rebuilt
    from an intact copy (noted), else left out with drop_damaged, else refused."""
    kept, lost = {}, []
    for rec in records.values():
        if rec.symbol in replaced:
            continue
        if (problem := damage(src / rec.relpath, rec)) is None:
            (dest / rec.relpath).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / rec.relpath, dest / rec.relpath)
        elif (source := rebuild_into(rec, dest / rec.relpath, older)) is not None:
            ctx.notes.append(f"rebuilt {rec.symbol} ({rec.relpath} was {problem}) from {source}")
        elif ctx.drop_damaged:
            ctx.notes.append(f"left out {rec.symbol} ({rec.relpath} is {problem}); "
                             f"{repair_hint(rec)} to bring it back")
            continue
        else:
            lost.append(f"{rec.relpath} ({rec.symbol}) is damaged ({problem}) and no intact "
                        f"copy is left: {repair_hint(rec)}")
            continue
        kept[rec.symbol] = rec
    if lost:
        raise StoreError(f"{ctx.where}: " + "; ".join(lost) + " (or `playbook data repair "
                         f"--drop-damaged` leaves {'it' if len(lost) == 1 else 'them'} out); "
                         "nothing was written")
    return kept


def one_file_per_series(records: dict[str, SeriesRecord]) -> None:
    """Two symbols must never share a stored file ('GC=F' and 'GC.F' -> GC_F.parquet)."""
    owner: dict[str, str] = {}
    for symbol, rec in records.items():
        if (other := owner.setdefault(rec.relpath, symbol)) != symbol:
            raise StoreError(f"series {other} and {symbol} would both be stored as "
                             f"{rec.relpath}; keep one of them (rename the symbol)")

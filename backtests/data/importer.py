"""Import a folder in the snapshot layout (a vendor export) into the store, all or nothing."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from backtests.data.merge import SpliceNote, merge_into
from backtests.data.records import Incoming, SeriesRecord, now_utc, sha256_text
from backtests.data.snapshot_files import LAYOUT, assign_symbols, list_files, read_manifest_csv
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.data.validate import read_layout
from backtests.errors import DataValidationError
from backtests.files import os_error_line

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportSummary:
    version: str
    series: int
    rows: int
    snapshot_hash: str
    flagged: dict[str, list[str]]
    notes: list[str] = field(default_factory=list)
    spliced: list[SpliceNote] = field(default_factory=list)  # continued stored series
    unchanged: list[str] = field(default_factory=list)  # already stored: nothing new


def import_folder(src: Path, store: Store, universe: Universe,
                  on_file: Callable[[str], None] | None = None, *, replace: bool = False,
                  accept_revisions: bool = False) -> ImportSummary:
    """Validate every file under src/prices and src/fred, then commit them in one version.

    A file for a series the store already holds is spliced onto it (see data/merge.py): the
    overlap must agree, the stored history is kept and the newer rows continue it. replace:
    the file replaces the stored series instead. accept_revisions: economic values that
    differ on the overlap are taken from the file (and listed in the provenance).
    """
    src = Path(src)
    files, notes = list_files(src)
    rows = read_manifest_csv(src, files)
    symbols = assign_symbols(src, files, rows, universe)
    problems: list[str] = []
    incoming: dict[str, Incoming] = {}
    digests = []
    for rel, path in files:
        if on_file:
            on_file(rel)
        try:
            raw = path.read_bytes()
        except OSError as e:
            problems.append(os_error_line(e, "cannot read") + ", then re-run the import")
            continue
        digest = hashlib.sha256(raw).hexdigest()
        digests.append(f"{rel}:{digest}")
        expected = rows[rel].sha256 if rel in rows else ""
        if expected and expected.lower() != digest:
            problems.append(f"{path}: sha256 {digest[:12]}… does not match manifest.csv "
                            f"({expected[:12]}…); the file changed since the export: "
                            "restore it or update its manifest row")
            continue
        kind, symbol = LAYOUT[rel.split("/")[0]], symbols[rel]
        checked = read_layout(path, kind, universe.series.get(symbol))
        problems += checked.problems
        if checked.problems:
            continue
        frame = checked.frame
        incoming[symbol] = Incoming(frame, SeriesRecord(
            symbol=symbol, kind=kind, source="snapshot", origin=str(path.resolve()),
            fetched_at=now_utc(), rows=len(frame), first=str(frame.index[0].date()),
            last=str(frame.index[-1].date()), sha256=sha256_text(raw), flags=checked.flags))
    if problems:
        raise DataValidationError(problems)
    snapshot_hash = sha256_text("\n".join(sorted(digests)))
    merged = None
    if not replace:
        where = {symbols[rel]: str(path) for rel, path in files}
        merged = merge_into(store, incoming, where, accept_revisions)
        if merged.problems:
            raise DataValidationError(merged.problems)
        incoming = merged.incoming
    spliced, unchanged = (merged.spliced, merged.unchanged) if merged else ([], [])
    if not incoming:  # a re-import of data already stored: nothing to write
        log.info("nothing new in %s: all %d series already stored", src, len(unchanged))
        return ImportSummary(str(store.current_version()), 0, 0, snapshot_hash, {}, notes,
                             spliced, unchanged)
    version = store.commit_noted(incoming, {"last_import": {"from": str(src.resolve()),
                                                      "snapshot_hash": snapshot_hash}}, notes)
    log.info("imported %d series from %s as version %s", len(incoming), src, version)
    return ImportSummary(version, len(incoming), sum(i.record.rows for i in incoming.values()),
                         snapshot_hash, {s: i.record.flags for s, i in incoming.items()
                                         if i.record.flags}, notes, spliced, unchanged)

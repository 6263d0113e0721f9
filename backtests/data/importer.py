"""Import a folder in the snapshot layout (a vendor export) into the store, all or nothing."""

from __future__ import annotations

import csv
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from backtests.data.store import Incoming, SeriesRecord, Store, now_utc, sha256_text
from backtests.data.universe import Universe, file_stem
from backtests.data.validate import read_layout
from backtests.errors import DataValidationError

log = logging.getLogger(__name__)
LAYOUT = {"prices": "price", "fred": "fred"}
MANIFEST_COLUMNS = ("file", "symbol", "sha256")


@dataclass(frozen=True)
class ImportSummary:
    version: str
    series: int
    rows: int
    snapshot_hash: str
    flagged: dict[str, list[str]]


def import_folder(src: Path, store: Store, universe: Universe,
                  on_file: Callable[[str], None] | None = None) -> ImportSummary:
    """Validate every file under src/prices and src/fred, then commit them in one version."""
    src = Path(src)
    files = _list_files(src)
    symbols, expected_sha = _read_manifest(src, files)
    problems: list[str] = []
    incoming: dict[str, Incoming] = {}
    digests = []
    for rel, path in files:
        if on_file:
            on_file(rel)
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        digests.append(f"{rel}:{digest}")
        if expected_sha.get(rel) and expected_sha[rel] != digest:
            problems.append(f"{path}: sha256 {digest[:12]}… does not match manifest.csv "
                            f"({expected_sha[rel][:12]}…); the file changed since the export: "
                            "restore it or update its manifest row")
            continue
        kind = LAYOUT[rel.split("/")[0]]
        symbol = symbols.get(rel) or _symbol_from_stem(Path(rel).stem, universe)
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
    version = store.commit(incoming, {"last_import": {"from": str(src.resolve()),
                                                      "snapshot_hash": snapshot_hash}})
    log.info("imported %d series from %s as version %s", len(incoming), src, version)
    return ImportSummary(version, len(incoming), sum(i.record.rows for i in incoming.values()),
                         snapshot_hash, {s: i.record.flags for s, i in incoming.items()
                                         if i.record.flags})


def _list_files(src: Path) -> list[tuple[str, Path]]:
    if not src.is_dir():
        raise DataValidationError([f"{src}: not a folder; give the snapshot folder that holds "
                                   "prices/, fred/ and manifest.csv"])
    files = [(f"{sub}/{p.name}", p) for sub in LAYOUT
             for p in sorted((src / sub).glob("*.csv"))]
    if not files:
        raise DataValidationError([f"{src}: no prices/*.csv or fred/*.csv files found; the "
                                   "layout is documented in README.md (Data)"])
    return files


def _read_manifest(src: Path, files: list[tuple[str, Path]]) -> tuple[dict[str, str],
                                                                      dict[str, str]]:
    """Symbols and checksums from manifest.csv, if the export has one."""
    path = src / "manifest.csv"
    if not path.exists():
        return {}, {}
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    header = set(rows[0]) if rows else set()
    missing = [c for c in MANIFEST_COLUMNS if c not in header]
    if missing:
        raise DataValidationError([f"{path}: missing column(s) {', '.join(missing)}; it needs "
                                   f"at least {', '.join(MANIFEST_COLUMNS)}"])
    present = {rel for rel, _ in files}
    absent = [r["file"] for r in rows if r["file"] not in present]
    if absent:
        raise DataValidationError([f"{path}: lists {f} but the file is not in {src}; restore "
                                   "it or remove its manifest row" for f in absent])
    return ({r["file"]: r["symbol"] for r in rows if r["symbol"]},
            {r["file"]: r["sha256"] for r in rows if r["sha256"]})


def _symbol_from_stem(stem: str, universe: Universe) -> str:
    """Without a manifest, map a file name back to a universe symbol (else keep the stem)."""
    by_stem = {file_stem(s): s for s in universe.series}
    return by_stem.get(stem, stem)

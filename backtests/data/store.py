"""The local parquet store: versioned, written atomically, with a manifest per version.

Layout (root = data/store, --store DIR or $PLAYBOOK_STORE):
    CURRENT                      name of the live version (replaced atomically with os.replace)
    versions/<id>/manifest.json  per series: source, origin, fetched_at, rows, first/last, sha256
    versions/<id>/<kind>/<FILE>.parquet
A new version is built in a temporary folder and only becomes live when CURRENT is swapped,
so a failed import or fetch leaves the previous version exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from backtests import PROJECT_ROOT
from backtests.data.universe import file_stem
from backtests.errors import StoreError

ENV_VAR = "PLAYBOOK_STORE"
DEFAULT_STORE = PROJECT_ROOT / "data" / "store"
KEEP_VERSIONS = 2


@dataclass(frozen=True)
class SeriesRecord:
    """Provenance of one stored series."""

    symbol: str
    kind: str  # "price" or "fred" (the file layout)
    source: str  # "snapshot", "yfinance" or "fred"
    origin: str  # path of the imported file, or the URL / ticker fetched
    fetched_at: str
    rows: int
    first: str
    last: str
    sha256: str
    flags: list[str] = field(default_factory=list)

    @property
    def relpath(self) -> str:
        return f"{'prices' if self.kind == 'price' else 'fred'}/{file_stem(self.symbol)}.parquet"


@dataclass(frozen=True)
class Incoming:
    """A validated frame waiting to be committed, with its record."""

    frame: pd.DataFrame
    record: SeriesRecord


def sha256_text(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """Read and (atomically) write the versioned store."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def resolve(cls, store: Path | None = None) -> Store:
        """--store DIR, else $PLAYBOOK_STORE, else data/store in the project."""
        env = os.environ.get(ENV_VAR)
        return cls(Path(store) if store else Path(env) if env else DEFAULT_STORE)

    # ------------------------------------------------------------------ reading
    def current_version(self) -> str | None:
        pointer = self.root / "CURRENT"
        if not pointer.exists():
            return None
        name = pointer.read_text().strip()
        return name if (self.root / "versions" / name / "manifest.json").exists() else None

    def is_empty(self) -> bool:
        return self.current_version() is None

    def manifest(self) -> dict[str, Any]:
        version = self.current_version()
        if version is None:
            raise StoreError(f"the data store at {self.root} is empty; run "
                             "`playbook data import ../shared/data/snapshot` (offline) or "
                             "`playbook data fetch` (online) first")
        return _read_manifest(self.root / "versions" / version)

    def records(self) -> dict[str, SeriesRecord]:
        return {s: SeriesRecord(**r) for s, r in self.manifest()["series"].items()}

    def load(self, symbol: str) -> pd.DataFrame:
        """The stored frame of one series (date index; price columns or 'value')."""
        records = self.records()
        if symbol not in records:
            raise StoreError(f"series '{symbol}' is not in the store at {self.root}; import a "
                             "snapshot that has it or run `playbook data fetch --only "
                             f"{symbol}`")
        path = self.root / "versions" / str(self.current_version()) / records[symbol].relpath
        return _read_parquet(path).copy()

    def level(self, symbol: str) -> pd.Series:
        """The level used for returns and signals: adj_close for prices, value for FRED."""
        frame = self.load(symbol)
        col = "adj_close" if "adj_close" in frame.columns else "value"
        return frame[col].dropna().rename(symbol)

    # ------------------------------------------------------------------ writing
    def commit(self, incoming: dict[str, Incoming], meta: dict[str, Any]) -> str:
        """Write a new version = current series overlaid with `incoming`, then swap CURRENT."""
        versions = self.root / "versions"
        versions.mkdir(parents=True, exist_ok=True)
        old = self.current_version()
        old_records = self.records() if old else {}
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        version = f"{stamp}-{uuid.uuid4().hex[:6]}"
        tmp = versions / f".tmp-{version}"
        try:
            for rec in old_records.values():
                if rec.symbol not in incoming:
                    dest = tmp / rec.relpath
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(versions / str(old) / rec.relpath, dest)
            for item in incoming.values():
                dest = tmp / item.record.relpath
                dest.parent.mkdir(parents=True, exist_ok=True)
                item.frame.to_parquet(dest)
            records = {**old_records, **{s: i.record for s, i in incoming.items()}}
            # One hash over every series' source checksum: the data identity for provenance.
            data_hash = sha256_text("\n".join(f"{s}:{r.sha256}"
                                              for s, r in sorted(records.items())))
            manifest = {"version": version, "created_at": now_utc(), "data_hash": data_hash,
                        **meta,
                        "series": {s: asdict(r) for s, r in sorted(records.items())}}
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1))
            tmp.rename(versions / version)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        pointer_tmp = self.root / f".CURRENT-{version}"
        pointer_tmp.write_text(version)
        os.replace(pointer_tmp, self.root / "CURRENT")
        self._prune(keep=KEEP_VERSIONS)
        return version

    def _prune(self, keep: int) -> None:
        versions = sorted(p for p in (self.root / "versions").iterdir()
                          if p.is_dir() and not p.name.startswith("."))
        live = self.current_version()
        for old in versions[:-keep]:
            if old.name != live:
                shutil.rmtree(old, ignore_errors=True)


@cache
def _read_parquet(path: Path) -> pd.DataFrame:
    # Versions are immutable once live, so caching by path is safe.
    return pd.read_parquet(path)


def _read_manifest(folder: Path) -> dict[str, Any]:
    try:
        return dict(json.loads((folder / "manifest.json").read_text()))
    except (OSError, json.JSONDecodeError) as e:
        raise StoreError(f"{folder / 'manifest.json'} is unreadable ({e}); re-import the data "
                         "(`playbook data import PATH`)") from None

"""Reading one version of the store: its manifest, the series records, and each series' frame,
checksum-verified against the manifest, with a message naming the damage and the fix."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from backtests.data.integrity import READ_ERRORS, damage, why
from backtests.data.records import SeriesRecord, sha256_file
from backtests.data.store_layout import FIX, KEEP_VERSIONS, StoreLayout, read_manifest
from backtests.errors import StoreError


class StoreReader(StoreLayout):
    """Read the live (or pinned) version of the store at `root`."""

    def __init__(self, root: Path, version: str | None = None) -> None:
        super().__init__(root, version)
        self._manifest: dict[str, Any] | None = None

    def manifest(self) -> dict[str, Any]:
        if self._manifest is not None:
            return self._manifest
        return read_manifest(self.version_dir())

    def records(self) -> dict[str, SeriesRecord]:
        manifest = self.manifest()
        try:
            return {s: SeriesRecord.from_dict(r) for s, r in manifest["series"].items()}
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise StoreError(f"{self.version_dir() / 'manifest.json'} is damaged (a series "
                             f"entry: {why(e)}); {FIX}") from None

    def load(self, symbol: str) -> pd.DataFrame:
        """The stored frame of one series (date index; price columns or 'value')."""
        records = self.records()
        if symbol not in records:
            raise StoreError(f"series '{symbol}' is not in the store at {self.root}; import a "
                             "snapshot that has it or run `playbook data fetch --only "
                             f"{symbol}`")
        rec, path = records[symbol], self.version_dir() / records[symbol].relpath
        try:
            return _read_parquet(path, rec.stored_sha256).copy()
        except READ_ERRORS as e:
            raise self.damaged(rec, damage(path, rec) or why(e)) from None

    def level(self, symbol: str) -> pd.Series:
        """The level used for returns and signals: adj_close for prices, value for FRED."""
        frame = self.load(symbol)
        col = "adj_close" if "adj_close" in frame.columns else "value"
        if col not in frame.columns:
            raise self.damaged(self.records()[symbol], "it has neither adj_close nor value")
        return frame[col].dropna().rename(symbol)

    def damaged(self, rec: SeriesRecord, what: str) -> StoreError:
        folder = self.version_dir()
        if self.pinned_version is not None and not folder.is_dir():
            return StoreError(f"store {self.root}: version {self.pinned_version}, which this run "
                              f"started with, was removed by newer imports (the newest "
                              f"{KEEP_VERSIONS} are kept); run again")
        return StoreError(f"store {self.root}, version {folder.name}: {rec.relpath} "
                          f"({rec.symbol}) is damaged ({what}); {FIX}")


@cache
def _read_parquet(path: Path, sha256: str = "") -> pd.DataFrame:
    # Versions are immutable once live, so caching by path is safe. The checksum is verified
    # on first read (about 20 ms for the whole store): a changed file is never read silently.
    if sha256 and sha256_file(path) != sha256:
        raise ValueError("sha256 differs from the manifest")
    return pd.read_parquet(path)

"""Read-only stores for scenarios: a window of a source, and history + synthetic continuation.

Both subclass Store and override only `load` (which `level` reads), `manifest` and `commit`,
so build_context, build_sleeves and trading_calendar run on them unchanged.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from backtests.data.records import sha256_text
from backtests.data.store import Store
from backtests.errors import StoreError


class WindowView(Store):
    """What an analogue may read of a source store: each series within [lo, hi] only."""

    def __init__(self, source: Store, lo: pd.Timestamp, hi: pd.Timestamp) -> None:
        super().__init__(source.root)
        self.source, self.lo, self.hi = source, lo, hi

    def load(self, symbol: str) -> pd.DataFrame:
        frame = self.source.load(symbol)
        return frame[(frame.index >= self.lo) & (frame.index <= self.hi)]

    def manifest(self) -> dict[str, Any]:
        return self.source.manifest()

    def commit(self, incoming: dict[str, Any], meta: dict[str, Any]) -> str:
        raise StoreError("an analogue window is a read-only view; nothing can be written to it")


class ScenarioStore(Store):
    """Real history cut at the start, then the synthetic continuation (marked in the manifest).

    `synthetic` maps a symbol to its synthetic observations (all dated after `start`); a
    symbol without one simply ends at the start, and the panel reads it as stale.
    """

    def __init__(self, base: Store, start: pd.Timestamp, synthetic: dict[str, pd.Series],
                 scenario: dict[str, Any]) -> None:
        super().__init__(base.root)
        self.base, self.start, self.synthetic, self.scenario = base, start, synthetic, scenario
        self._frames: dict[str, pd.DataFrame] = {}
        self._manifest: dict[str, Any] | None = None

    def load(self, symbol: str) -> pd.DataFrame:
        if symbol not in self._frames:
            frame = self.base.load(symbol)
            frame = frame[frame.index <= self.start]
            extra = self.synthetic.get(symbol)
            if extra is not None and not extra.empty:
                col = "adj_close" if "adj_close" in frame.columns else "value"
                add = pd.DataFrame({c: extra.to_numpy(dtype=float) for c in
                                    ([col, "close"] if col == "adj_close" else [col])},
                                   index=pd.DatetimeIndex(extra.index, name=frame.index.name))
                frame = pd.concat([frame, add])
            self._frames[symbol] = frame
        return self._frames[symbol].copy()

    def manifest(self) -> dict[str, Any]:
        """The base manifest, marked synthetic, with the extended series' dates and rows."""
        if self._manifest is None:
            base = self.base.manifest()
            blob = json.dumps({"base": base["data_hash"], **self.scenario}, sort_keys=True,
                              default=str)
            series = {}
            for symbol, rec in base["series"].items():
                level = self.level(symbol)
                mine = self.synthetic.get(symbol)
                synthetic = mine is not None and not mine.empty
                series[symbol] = {
                    **rec, "rows": len(level),
                    "first": str(level.index[0].date()) if len(level) else rec["first"],
                    "last": str(level.index[-1].date()) if len(level) else rec["last"],
                    "source": f"synthetic ({rec['source']} to {self.start.date()})"
                    if synthetic else rec["source"],
                    "sha256": sha256_text(f"{rec['sha256']}:{blob}") if synthetic
                    else rec["sha256"]}
            self._manifest = {**base, "version": f"{base['version']}+synthetic",
                              "data_hash": sha256_text(blob), "synthetic": True,
                              "scenario": self.scenario, "series": series}
        return self._manifest

    def commit(self, incoming: dict[str, Any], meta: dict[str, Any]) -> str:
        raise StoreError("a scenario store holds hypothetical data and is read-only; import or "
                         "fetch into the real store instead")

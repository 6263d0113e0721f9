"""What the store records about each series (its provenance) and what waits to be committed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from backtests.data.universe import file_stem


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
    sha256: str  # of the source text (the identity of the data)
    flags: list[str] = field(default_factory=list)
    stored_sha256: str = ""  # of the stored parquet file ("" in stores written before it)
    # Every file spliced onto the series after its first import, in order: origin, sha256,
    # imported_at, the file's dates, the overlap checked, the rows appended and revisions.
    splices: list[dict[str, Any]] = field(default_factory=list)

    @property
    def relpath(self) -> str:
        return f"{'prices' if self.kind == 'price' else 'fred'}/{file_stem(self.symbol)}.parquet"

    @classmethod
    def from_dict(cls, raw: Any) -> SeriesRecord:
        """From a manifest entry; TypeError/ValueError if it is not one."""
        if not isinstance(raw, dict):
            raise TypeError(f"expected a table, got {type(raw).__name__}")
        known = {f.name for f in fields(cls)}
        if extra := set(raw) - known:
            raise TypeError(f"unknown key(s) {', '.join(sorted(map(str, extra)))}")
        rec = cls(**raw)
        if not isinstance(rec.rows, int) or rec.kind not in ("price", "fred"):
            raise ValueError(f"rows {rec.rows!r} / kind {rec.kind!r} are not valid")
        return rec


@dataclass(frozen=True)
class Incoming:
    """A validated frame waiting to be committed, with its record."""

    frame: pd.DataFrame
    record: SeriesRecord


def sha256_text(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

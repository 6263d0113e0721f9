"""What the store holds: coverage, last values and flags per sleeve and per series."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from backtests.data.sleeves import SleeveSeries, build_sleeves, latest_end
from backtests.data.store import Store
from backtests.data.universe import Universe

STALE_DAYS = {"daily": 30, "weekly": 21, "monthly": 75}
GAP_DAYS = {"daily": 7, "weekly": 16, "monthly": 45}


@dataclass(frozen=True)
class StatusRow:
    name: str
    sources: str
    first: str
    last: str
    rows: int
    last_value: float
    flags: list[str]


def series_status(store: Store, universe: Universe) -> list[StatusRow]:
    """One row per stored series (and per universe series missing from the store)."""
    records = store.records()
    newest = max(pd.Timestamp(r.last) for r in records.values())
    rows = []
    for symbol in sorted(set(universe.series) | set(records)):
        spec = universe.series.get(symbol)
        if symbol not in records:
            rows.append(StatusRow(symbol, "-", "-", "-", 0, float("nan"),
                                  ["MISSING: in the universe but not in the store"]))
            continue
        rec = records[symbol]
        level = store.level(symbol)
        freq = spec.frequency if spec else "daily"
        flags = list(rec.flags)
        lag = (newest - pd.Timestamp(rec.last)).days
        if lag > STALE_DAYS[freq]:
            flags.append(f"stale: ends {lag} days before the newest data")
        gaps = level.index.to_series().diff().dt.days
        if (big := gaps[gaps > GAP_DAYS[freq]]).size:
            flags.append(f"{big.size} gap(s) > {GAP_DAYS[freq]} days, longest {int(big.max())} "
                         f"ending {big.idxmax().date()}")
        if spec is None:
            flags.append("not in the universe (stored, unused)")
        elif spec.revised:
            flags.append("revised series: latest vintage only")
        src = f"{rec.source}: {symbol}" + (f" ({freq}, {spec.release})" if spec else "")
        src += "".join(f"\n{splice_line(s)}" for s in rec.splices)
        rows.append(StatusRow(symbol, src, rec.first, rec.last, rec.rows,
                              float(level.iloc[-1]), flags))
    return rows


def splice_line(entry: dict[str, Any]) -> str:
    """One spliced file: where from, from which date, how much of the overlap was checked."""
    name = "/".join(Path(str(entry.get("origin", "?"))).parts[-3:])
    revised = f", {len(entry['revised'])} revised" if entry.get("revised") else ""
    return (f"+ {name}: {entry.get('from') or '-'}.. (+{entry.get('appended', 0)} rows; "
            f"{entry.get('common_days', 0)} overlap days agree{revised})")


def sleeve_status(store: Store, universe: Universe) -> list[StatusRow]:
    """One row per sleeve: which source covers which dates, and the proxy fits."""
    sleeves = build_sleeves(store, universe)
    end = max(s.returns.index[-1] for s in sleeves.values())
    fallback = {k: sl.fallback for k, sl in universe.sleeves.items()}
    latest = latest_end(sleeves, fallback)
    rows = [_sleeve_row(s, end) for s in sleeves.values()]
    for row, (name, s) in zip(rows, sleeves.items(), strict=True):
        if s.returns.index[-1] < latest:  # held past its end through a similar sleeve
            row.flags.append(f"{fallback[name]} stands in after {s.returns.index[-1].date()}, "
                             f"to {latest.date()} (where `latest` ends)")
        elif s.returns.index[-1] == latest and latest < end:
            row.flags.append(f"`latest` ends here ({latest.date()}): no stand-in has later data")
    return rows


def _sleeve_row(s: SleeveSeries, end: pd.Timestamp) -> StatusRow:
    segs = "\n".join(f"{g.symbol} {g.first.date()}..{g.last.date()}" for g in s.segments)
    flags = []
    if proxies := [g.symbol for g in s.segments if g.symbol != s.primary]:
        flags.append("proxied: " + ", ".join(proxies))
    flags += [f"fit {f.proxy} vs {f.primary}: corr {f.correlation:.3f}, TE "
              f"{f.tracking_error:.1%}/yr, ann. {f.ann_return_proxy:+.2%} vs "
              f"{f.ann_return_primary:+.2%} ({f.days} d)" for f in s.fits]
    if s.returns.index[-1] < end:
        flags.append(f"ends {s.returns.index[-1].date()}, before the other sleeves")
    return StatusRow(s.name, segs, str(s.returns.index[0].date()),
                     str(s.returns.index[-1].date()), len(s.returns),
                     float(s.index.iloc[-1]), flags)

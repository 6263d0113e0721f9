"""A small synthetic universe and an in-memory store for scenario tests (2000-2004).

Sleeve primaries end on START; indices and FRED series run a quarter beyond it (as the real
snapshot's indices run past its ETFs). Built to exercise every rule of the continuation:
TLT starts 2001 (its sleeve's proxy VUSTX before), DBC starts 2000-06 (fallback gold), SOFR
starts 2001-06 (stand-in DFF), DFEDTAR is renamed DFEDTARU in 2002, TEDRATE is discontinued
in 2002, DTB3 ends before the start and DGS3MO continues the cash sleeve.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from backtests.data.events import FedEvent
from backtests.data.records import SeriesRecord
from backtests.data.store import Store
from backtests.data.universe import Universe

START = pd.Timestamp("2003-12-31")
DAYS = pd.bdate_range("2000-01-03", "2004-03-31", name="date")
PRICES = ("SPY", "QQQ", "TLT", "VUSTX", "IEF", "SHY", "GLD", "DBC", "EEM", "^HSI", "^GSPC",
          "^IXIC", "^NDX")
SLEEVES = {"us_equity": ["SPY"], "us_growth": ["QQQ"], "long_treasury": ["TLT", "VUSTX"],
           "intermediate_treasury": ["IEF"], "short_treasury": ["SHY"],
           "cash": ["DTB3", "DGS3MO"], "gold": ["GLD"],
           "commodities": ["DBC"], "em_equity": ["EEM"], "china_hk_equity": ["^HSI"]}
FALLBACK = {"commodities": "gold", "us_growth": "us_equity", "long_treasury": "cash"}
RATES = {"DGS10": 5.0, "DTB3": 4.0, "DGS3MO": 4.1, "T10Y2Y": 0.5, "DFF": 4.2, "SOFR": 4.1,
         "DFEDTAR": 4.25, "DFEDTARU": 1.75, "TEDRATE": 0.3, "BAA10Y": 2.0, "^VIX": 20.0}
SPANS = {"TLT": ("2001-01-02", START), "DBC": ("2000-06-01", START), "SOFR": ("2001-06-01", None),
         "DFEDTAR": (None, "2001-12-31"), "DFEDTARU": ("2002-01-02", None),
         "TEDRATE": (None, "2002-06-28"), "DTB3": (None, "2003-10-31")}


def universe() -> Universe:
    daily_fred = {"kind": "fred", "description": "t", "release": "business_days:1"}
    series: dict[str, Any] = {s: {"kind": "price", "description": "t"} for s in PRICES}
    series |= {s: dict(daily_fred) for s in RATES if s != "^VIX"}
    series["^VIX"] = {"kind": "price", "description": "t"}
    series["WALCL"] = {"kind": "fred", "description": "t", "frequency": "weekly",
                       "release": "business_days:2"}
    series["UNRATE"] = {"kind": "fred", "description": "t", "frequency": "monthly",
                        "release": "bls_employment"}
    sleeves = {}
    for name, symbols in SLEEVES.items():
        sources: list[dict[str, Any]] = [{"symbol": symbols[0]}]
        if len(symbols) > 1:
            sources.append({"symbol": symbols[1], "use": "after" if name == "cash" else "before"})
        if name == "cash":
            sources = [{**s, "method": "bill_accrual"} for s in sources]
        sleeves[name] = {"description": name, "sources": sources, "fallback": FALLBACK.get(name)}
    return Universe.model_validate({"calendar": "^GSPC", "sleeves": sleeves, "series": series})


class MemoryStore(Store):
    """A store held in memory (read-only); `load` is all the pipeline reads."""

    def __init__(self, frames: dict[str, pd.DataFrame]) -> None:
        super().__init__(Path("/nonexistent-memory-store"))
        self.frames = frames

    def load(self, symbol: str) -> pd.DataFrame:
        return self.frames[symbol].copy()

    def manifest(self) -> dict[str, Any]:
        series = {s: asdict(SeriesRecord(s, "price" if "adj_close" in f else "fred", "memory",
                                         "-", "-", len(f), str(f.index[0].date()),
                                         str(f.index[-1].date()), f"sha-{s}"))
                  for s, f in self.frames.items()}
        return {"version": "memory", "data_hash": "memory-hash", "series": series}

    def with_levels(self, change: dict[str, pd.Series]) -> MemoryStore:
        """A copy with some series' levels replaced (dates and values)."""
        frames = dict(self.frames)
        for symbol, level in change.items():
            col = "adj_close" if "adj_close" in self.frames[symbol] else "value"
            frames[symbol] = pd.DataFrame({col: level.to_numpy()},
                                          index=pd.DatetimeIndex(level.index, name="date"))
        return MemoryStore(frames)


def make_store(seed: int = 0, flat_from: str | None = None) -> MemoryStore:
    """Random-walk levels; constant from `flat_from` on (a zero-change stretch)."""
    rng = np.random.default_rng(seed)
    flat = np.zeros(len(DAYS), dtype=bool) if flat_from is None else DAYS >= flat_from
    frames = {}
    for symbol in (*PRICES, *RATES, "WALCL", "UNRATE"):
        if symbol in RATES:
            step = rng.normal(0.0, 0.03 if symbol != "^VIX" else 0.8, len(DAYS))
            level = RATES[symbol] + np.cumsum(np.where(flat, 0.0, step))
            level = np.maximum(level, 10.0) if symbol == "^VIX" else level
        else:
            ret = np.where(flat, 0.0, rng.normal(0.0003, 0.012, len(DAYS)))
            level = 100.0 * np.cumprod(1.0 + ret)
        s = pd.Series(level, index=DAYS)
        first, last = SPANS.get(symbol, (None, None))
        if symbol in PRICES and symbol not in ("^GSPC", "^IXIC", "^NDX", "^VIX"):
            last = last or START  # sleeve prices end on the start, indices run beyond it
        s = s.loc[first:last]
        if symbol == "WALCL":
            s = 1e6 * s[s.index.day_of_week == 2] / 100.0
        if symbol == "UNRATE":
            monthly = s.groupby(s.index.to_period("M")).first()
            s = pd.Series(4.0 + (monthly.to_numpy() - 100.0) / 50.0,
                          index=monthly.index.to_timestamp())
        col = "adj_close" if symbol in PRICES or symbol == "^VIX" else "value"
        frames[symbol] = pd.DataFrame({col: s.to_numpy()},
                                      index=pd.DatetimeIndex(s.index, name="date"))
    return MemoryStore(frames)


def event(date: str, kind: str) -> FedEvent:
    return FedEvent(pd.Timestamp(date), kind, f"{kind} on {date}", "2:00 pm", "https://x")


EVENTS = [event("2000-05-16", "rate_cut"), event("2000-07-10", "qe_announce"),
          event("2000-08-21", "qe_expand"), event("2000-09-05", "emergency_cut"),
          event("2001-03-20", "qe_announce"), event("2003-06-25", "rate_cut")]

"""How one series is continued: the whole-week shift, and by returns or by observations.

A series that trades continues with its own daily returns in the crisis (its sleeve's spliced
returns where it has none); any other continues with its observations' changes (with a floor)
or ratios, per backtests.scenarios.methods. Each returns its plan (what was continued how) and
the synthetic observations, dated by the shift.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from backtests.data.sleeves import aligned_level
from backtests.data.store import Store
from backtests.scenarios.methods import SPLICES, STAND_INS, Method

LOOKBACK_DAYS = 40  # a monthly series' observation for the anchor's month is <= 31 days old
Status = Literal["continued", "stand_in", "sleeve", "ended"]


@dataclass(frozen=True)
class Shift:
    """Crisis date -> synthetic date: + `days` (whole weeks)."""

    anchor: pd.Timestamp
    end: pd.Timestamp  # the last crisis day replayed
    start: pd.Timestamp  # the last real day
    days: int

    def apply(self, dates: pd.DatetimeIndex) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(dates + pd.Timedelta(days=self.days))


def whole_weeks(anchor: pd.Timestamp, start: pd.Timestamp) -> int:
    """The smallest whole-week offset that puts the anchor on or after the start (days)."""
    return 7 * math.ceil((start - anchor).days / 7)


@dataclass(frozen=True)
class SeriesPlan:
    symbol: str
    status: Status
    how: str
    last_real: pd.Timestamp | None
    first: pd.Timestamp | None = None  # first synthetic observation
    last: pd.Timestamp | None = None
    rows: int = 0
    note: str = ""


def by_returns(symbol: str, view: Store, cal: pd.DatetimeIndex, days: pd.DatetimeIndex,
                sleeve: pd.Series | None, last: tuple[pd.Timestamp, float],
                shift: Shift) -> tuple[SeriesPlan, pd.Series]:
    level = view.level(symbol)
    own = (aligned_level(level, cal).pct_change() if len(level) else
           pd.Series(np.nan, index=cal)).reindex(days)
    ret, filled = own, 0
    if sleeve is not None:
        ret = own.fillna(sleeve.reindex(days))
        filled = int((own.isna() & ret.notna()).sum())
    usable = ret.notna().cumprod().astype(bool)  # up to the first day without a return
    ret = ret[usable]
    if ret.empty:
        return SeriesPlan(symbol, "ended", "daily returns", last[0],
                          note="no data in the analogue window"), pd.Series(dtype=float)
    out = pd.Series(last[1] * np.cumprod(1.0 + ret.to_numpy()), index=shift.apply(
        pd.DatetimeIndex(ret.index)), name=symbol)
    note = (f"the sleeve's spliced returns on {filled} of {len(ret)} days" if filled else "")
    if len(ret) < len(days):
        note += ("; " if note else "") + f"its crisis data end {ret.index[-1].date()}"
    return SeriesPlan(symbol, "sleeve" if filled else "continued", "daily returns", last[0],
                      out.index[0], out.index[-1], len(out), note), out


def by_observations(symbol: str, method: Method, view: Store, shift: Shift,
                     last: tuple[pd.Timestamp, float]) -> tuple[SeriesPlan, pd.Series]:
    crisis, note = view.level(symbol), ""
    status: Status = "continued"
    if symbol in SPLICES:
        crisis = crisis.combine_first(view.level(SPLICES[symbol]))
        note = f"{SPLICES[symbol]} before {symbol} exists (the same rate, renamed)"
    base = crisis[crisis.index <= shift.anchor]
    if base.empty and symbol in STAND_INS:
        crisis, status = view.level(STAND_INS[symbol]), "stand_in"
        base = crisis[crisis.index <= shift.anchor]
        note = f"{STAND_INS[symbol]}'s changes: {symbol} has no data at the anchor"
    obs = crisis[(crisis.index > shift.anchor) & (crisis.index <= shift.end)]
    why = ("no data in the analogue window" if base.empty and obs.empty else
           f"no observation in the {LOOKBACK_DAYS} days up to the anchor" if base.empty else
           "no observation after the anchor" if obs.empty else
           f"its level at the anchor is {base.iloc[-1]:g}: no ratio"
           if method.how == "ratio" and base.iloc[-1] <= 0 else "")
    if why:
        return SeriesPlan(symbol, "ended", method.describe(), last[0], note=why), pd.Series(
            dtype=float)
    values = obs.to_numpy(dtype=float)
    start_value = float(base.iloc[-1])
    if method.how == "ratio":
        path = last[1] * (values / start_value)  # a flat crisis gives exactly last[1]
    else:
        floor = method.floor
        if floor == "rate":
            floor = min(0.0, float(values.min()), start_value)
        path = _changes(last[1], np.diff(np.concatenate([[start_value], values])), floor)
    out = pd.Series(path, index=shift.apply(pd.DatetimeIndex(obs.index)), name=symbol)
    return SeriesPlan(symbol, status, method.describe(), last[0], out.index[0], out.index[-1],
                      len(out), note), out


def _changes(level: float, deltas: np.ndarray, floor: float | None) -> np.ndarray:
    """Apply the changes one by one; never below the floor (nor below where it starts)."""
    bound = -np.inf if floor is None else min(floor, level)
    out = np.empty(len(deltas))
    for i, d in enumerate(deltas):
        level = max(level + float(d), bound)
        out[i] = level
    return out

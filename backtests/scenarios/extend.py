"""The synthetic continuation of every series, and a plan saying what was continued how.

Crisis day d in (anchor, end] is replayed on d + offset, the offset being the whole number of
weeks that puts the anchor on or just after the start: weekdays, the spacing of weekly and
monthly observations and of Fed events relative to prices stay exactly as in the crisis, and
the unchanged publication rules of the panel apply to the shifted as-of dates. The synthetic
trading calendar is the crisis's own, shifted (a shifted day may be a present-day holiday).

Reads only the source within [anchor - LOOKBACK_DAYS, end] (a WindowView) and the history up
to the start.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from backtests.data.sleeves import aligned_level, build_sleeve, trading_calendar
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.errors import ConfigError
from backtests.scenarios.analogue import Analogue
from backtests.scenarios.methods import SPLICES, STAND_INS, Method, method_for
from backtests.scenarios.scenario_store import WindowView

LOOKBACK_DAYS = 40  # a monthly series' observation for the anchor's month is <= 31 days old
DISCONTINUED_DAYS = 365  # last observation more than a year before the start: not continued
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


@dataclass(frozen=True)
class Extension:
    shift: Shift
    calendar: pd.DatetimeIndex  # the synthetic trading days
    levels: dict[str, pd.Series]  # synthetic observations per series (dates after the start)
    plans: dict[str, SeriesPlan]
    complete_through: pd.Timestamp  # the requested end, or the crisis day the data stop
    notes: list[str] = field(default_factory=list)


def build_extension(history: Store, source: Store, universe: Universe, analogue: Analogue,
                    start: pd.Timestamp) -> Extension:
    """Every universe series continued from its last real value with the analogue's moves."""
    if analogue.end > start:
        raise ConfigError(f"analogue {analogue.name} ends {analogue.end.date()}, after the start "
                          f"{start.date()}; an analogue must be history at the start (an "
                          "earlier --to or fewer --months)")
    view = WindowView(source, analogue.anchor - pd.Timedelta(days=LOOKBACK_DAYS), analogue.end)
    crisis_cal, days, sleeve_ret, notes = _crisis_days(view, universe, analogue)
    shift = Shift(analogue.anchor, days[-1], start, whole_weeks(analogue.anchor, start))
    last_real = {s: _last_real(history, s, start) for s in universe.series}
    superseded = _superseded(universe, last_real)
    owner = {src.symbol: name for name, sl in universe.sleeves.items() for src in sl.sources}
    levels, plans = {}, {}
    for symbol, spec in universe.series.items():
        method, last = method_for(symbol, spec), last_real[symbol]
        if last is None or last[0] < start - pd.Timedelta(days=DISCONTINUED_DAYS) or (
                symbol in superseded):
            plans[symbol] = SeriesPlan(symbol, "ended", "-", None if last is None else last[0],
                                       note="no data at the start" if last is None else
                                       superseded.get(symbol, "discontinued: its last "
                                                      f"observation is {last[0].date()}"))
        elif method.how == "returns":
            plans[symbol], levels[symbol] = _by_returns(
                symbol, view, crisis_cal, days, sleeve_ret.get(owner.get(symbol, "")), last, shift)
        else:
            plans[symbol], levels[symbol] = _by_observations(symbol, method, view, shift, last)
    through = analogue.end if days[-1] == crisis_cal[-1] else shift.end
    return Extension(shift, shift.apply(days), {k: v for k, v in levels.items() if not v.empty},
                     plans, through, notes)


def _crisis_days(view: Store, universe: Universe, analogue: Analogue) -> tuple[
        pd.DatetimeIndex, pd.DatetimeIndex, pd.DataFrame, list[str]]:
    """The crisis calendar from the anchor, the days replayed (while every sleeve has data,
    through its fallbacks), each sleeve's returns on them, and notes."""
    crisis_cal = pd.DatetimeIndex(view.level(universe.calendar).index)
    crisis_cal = crisis_cal[crisis_cal >= analogue.anchor]
    sleeve_ret, notes = _sleeve_returns(view, universe, crisis_cal)
    covered = sleeve_ret.notna().all(axis=1)
    end = crisis_cal[-1] if covered.all() else covered.index[~covered][0] - pd.Timedelta(days=1)
    days = crisis_cal[(crisis_cal > analogue.anchor) & (crisis_cal <= end)]
    if days.empty:
        raise ConfigError(f"analogue {analogue.name}: no trading day after the anchor "
                          f"{analogue.anchor.date()} on which every sleeve has data")
    if end < crisis_cal[-1]:
        notes.append(f"the analogue is cut at {days[-1].date()}: from the next day not every "
                     "sleeve has data, even through its fallbacks")
    return crisis_cal, days, sleeve_ret, notes


def _last_real(history: Store, symbol: str,
               start: pd.Timestamp) -> tuple[pd.Timestamp, float] | None:
    level = history.level(symbol)
    level = level[level.index <= start]
    return (pd.Timestamp(level.index[-1]), float(level.iloc[-1])) if len(level) else None


def _superseded(universe: Universe,
                last: dict[str, tuple[pd.Timestamp, float] | None]) -> dict[str, str]:
    """Sleeve sources that a later 'after' source already continues at the start."""
    out = {}
    for name, sleeve in universe.sleeves.items():
        for j, after in enumerate(sleeve.sources):
            successor = last[after.symbol]
            if after.use != "after" or successor is None:
                continue
            for earlier in sleeve.sources[:j]:
                mine = last[earlier.symbol]
                if mine is not None and mine[0] < successor[0]:
                    out[earlier.symbol] = (f"ends {mine[0].date()}; {after.symbol} continues "
                                           f"the {name} sleeve after it")
    return out


def _sleeve_returns(view: Store, universe: Universe,
                    cal: pd.DatetimeIndex) -> tuple[pd.DataFrame, list[str]]:
    """Each sleeve's spliced returns on the crisis days, through its fallbacks where empty."""
    calendar = trading_calendar(view, universe)
    columns = {}
    for name, sleeve in universe.sleeves.items():
        # The splice needs its primary: in the window, the first source with data plays it.
        present = [s for s in sleeve.sources if not view.level(s.symbol).empty]
        if present:
            present[0] = present[0].model_copy(update={"use": "primary"})
            mine = sleeve.model_copy(update={"sources": present})
            columns[name] = build_sleeve(name, mine, view, calendar).returns
    raw = pd.DataFrame({k: columns.get(k, pd.Series(dtype=float)) for k in universe.sleeves}
                       ).reindex(cal[1:])
    filled, notes = raw.copy(), []
    for name in raw.columns:
        dest, seen = universe.sleeves[name].fallback, {name}
        while filled[name].isna().any() and dest is not None and dest not in seen:
            gap = filled[name].isna() & raw[dest].notna()
            if gap.any():
                notes.append(f"sleeve {name} has no data on {int(gap.sum())} analogue days "
                             f"({gap.index[gap][0].date()}..{gap.index[gap][-1].date()}): "
                             f"its series continue with {dest}'s returns there")
            filled[name] = filled[name].fillna(raw[dest])
            seen.add(dest)
            dest = universe.sleeves[dest].fallback
    return filled, notes


def _by_returns(symbol: str, view: Store, cal: pd.DatetimeIndex, days: pd.DatetimeIndex,
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


def _by_observations(symbol: str, method: Method, view: Store, shift: Shift,
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

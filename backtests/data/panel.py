"""The point-in-time panel: every series on the trading day its value became public.

This module is one of the two places where look-ahead is handled (the other is the engine's
one-bar execution lag). A value dated t (its as-of date) enters the panel on the first trading
day on or after its release date, known at that day's close; before that it is invisible.
Columns: one per series (level), '<ID>@asof' for weekly/monthly series (which observation is
visible), and 'event:<type>' flags (True on the first trading day an announcement is known).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.tseries.holiday import USFederalHolidayCalendar

from backtests.data.events import FedEvent
from backtests.data.sleeves import trading_calendar
from backtests.data.store import Store
from backtests.data.universe import Series, Universe

# Federal Reserve / BLS / Treasury releases follow the federal holiday calendar.
_HOLIDAYS = USFederalHolidayCalendar().holidays("1900-01-01", "2100-12-31").to_numpy(
    dtype="datetime64[D]")


def _bday(days: np.ndarray, n: int, roll: str) -> np.ndarray:
    return np.asarray(np.busday_offset(days, n, roll=roll, holidays=_HOLIDAYS))  # type: ignore[call-overload]


def release_dates(asof: pd.DatetimeIndex, spec: Series) -> pd.DatetimeIndex:
    """When each observation (dated `asof`) became public, by the series' release rule."""
    rule, _, n = spec.release.partition(":")
    days = asof.to_numpy(dtype="datetime64[D]")
    if rule == "same_day":
        out = days
    elif rule == "business_days":
        # A weekend/holiday as-of date counts from the business day before it (pandas BDay
        # semantics): Saturday + 1 business day = Monday.
        out = _bday(days, int(n), "backward")
    elif rule == "calendar_days":
        out = _bday(days + np.timedelta64(int(n), "D"), 0, "forward")
    else:  # bls_employment: third Friday after the week (Sun-Sat) containing the 12th
        twelfth = asof + pd.Timedelta(days=11)
        saturday = twelfth + pd.to_timedelta((5 - twelfth.day_of_week) % 7, unit="D")
        out = _bday((saturday + pd.Timedelta(days=20)).to_numpy(dtype="datetime64[D]"), 0,
                    "forward")
    result = pd.DatetimeIndex(out.astype("datetime64[ns]"))
    overrides = {pd.Timestamp(k): pd.Timestamp(v) for k, v in spec.release_overrides.items()}
    if overrides:
        result = pd.DatetimeIndex([overrides.get(a, r) for a, r in zip(asof, result, strict=True)])
    return result


def first_trading_day(dates: pd.DatetimeIndex, calendar: pd.DatetimeIndex) -> np.ndarray:
    """Position in `calendar` of the first trading day on or after each date (len = beyond)."""
    # Compare in one unit: pandas 3 indexes may be in s, ms, us or ns resolution.
    return np.searchsorted(calendar.as_unit("ns").asi8, dates.as_unit("ns").asi8, side="left")


def point_in_time(level: pd.Series, spec: Series,
                  calendar: pd.DatetimeIndex) -> tuple[pd.Series, pd.Series]:
    """(value, as-of date) visible at each trading day's close."""
    level = level.dropna()
    pos = first_trading_day(release_dates(pd.DatetimeIndex(level.index), spec), calendar)
    frame = pd.DataFrame({"value": level.to_numpy(), "asof": level.index, "pos": pos})
    # Several observations can become visible the same day (a delayed release): the latest
    # as-of date wins. Releases after the last trading day are simply not visible yet.
    frame = frame[frame["pos"] < len(calendar)].sort_values(["pos", "asof"])
    frame = frame.drop_duplicates("pos", keep="last").set_index("pos")
    idx = pd.RangeIndex(len(calendar))
    # Carry the last published value forward until the next release: that is what a reader
    # of the release would hold. No value ever moves backwards in time.
    value = frame["value"].reindex(idx).ffill().set_axis(calendar)
    asof = frame["asof"].reindex(idx).ffill().set_axis(calendar)
    return value.rename(str(level.name)), asof


def build_panel(store: Store, universe: Universe, events: list[FedEvent],
                cutoff: pd.Timestamp | None = None) -> pd.DataFrame:
    """The point-in-time panel on the trading calendar.

    `cutoff` drops every observation dated after it (and the calendar after it): the data a
    user would have had on that day. Used to prove the absence of look-ahead.
    """
    calendar = trading_calendar(store, universe)
    if cutoff is not None:
        calendar = calendar[calendar <= cutoff]
    columns: dict[str, pd.Series] = {}
    for symbol, spec in universe.series.items():
        level = store.level(symbol)
        if cutoff is not None:
            level = level[level.index <= cutoff]
        value, asof = point_in_time(level, spec, calendar)
        columns[symbol] = value
        if spec.frequency != "daily":
            columns[f"{symbol}@asof"] = asof
    for kind in sorted({e.type for e in events}):
        dates = pd.DatetimeIndex([e.date for e in events if e.type == kind
                                  and (cutoff is None or e.date <= cutoff)])
        flag = np.zeros(len(calendar), dtype=bool)
        pos = first_trading_day(dates, calendar)
        flag[pos[pos < len(calendar)]] = True
        columns[f"event:{kind}"] = pd.Series(flag, index=calendar)
    return pd.DataFrame(columns, index=calendar)

"""The point-in-time panel: every series on the trading day its value became public.

This module is one of the two places where look-ahead is handled (the other is the engine's
one-bar execution lag). A value dated t (its as-of date) enters the panel on the first trading
day on or after its release date, known at that day's close; before that it is invisible.
Columns: one per series (level), '<ID>@asof' for weekly/monthly series (which observation is
visible), '<ID>@fresh' (the last published value is recent enough to act on: an old value makes
its trigger unknown, never "not fired"), and 'event:<type>' flags for every event type (True on
the first trading day an announcement is known; all False when the calendar has none).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.tseries.holiday import USFederalHolidayCalendar

from backtests.data.events import EVENT_TYPES, FedEvent
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
    else:  # bls_employment
        out = _bday(employment_fridays(asof).to_numpy(dtype="datetime64[D]"), 0, "forward")
    result = pd.DatetimeIndex(out.astype("datetime64[ns]"))
    overrides = {pd.Timestamp(k): pd.Timestamp(v) for k, v in spec.release_overrides.items()}
    if overrides:
        result = pd.DatetimeIndex([overrides.get(a, r) for a, r in zip(asof, result, strict=True)])
    return result


def employment_fridays(asof: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The Employment Situation's Friday: the third Friday after the week (Sun-Sat) containing
    the 12th of the reference month. When that Friday falls on January 1-4, BLS publishes a
    week later (December data: 2009-01-09, 2010-01-08, 2014-01-10, 2015-01-09, 2020-01-10,
    2021-01-08), so the rule does too."""
    twelfth = asof + pd.Timedelta(days=11)
    saturday = twelfth + pd.to_timedelta((5 - twelfth.day_of_week) % 7, unit="D")
    friday = saturday + pd.Timedelta(days=20)
    early_january = (friday.month == 1) & (friday.day <= 4)
    return pd.DatetimeIndex(np.where(early_january, friday + pd.Timedelta(days=7), friday))


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
        columns[f"{symbol}@fresh"] = fresh(asof, spec.max_age_days)
    # Every known type gets a column, whatever the calendar holds: the columns never depend on
    # which events exist (a truncated or user calendar must work, and reveal nothing).
    for kind in EVENT_TYPES:
        dates = pd.DatetimeIndex([e.date for e in events if e.type == kind
                                  and (cutoff is None or e.date <= cutoff)])
        flag = np.zeros(len(calendar), dtype=bool)
        pos = first_trading_day(dates, calendar)
        flag[pos[pos < len(calendar)]] = True
        columns[f"event:{kind}"] = pd.Series(flag, index=calendar)
    return pd.DataFrame(columns, index=calendar)


def fresh(asof: pd.Series, max_age_days: int) -> pd.Series:
    """True where the visible value's as-of date is at most `max_age_days` old."""
    age = (pd.DatetimeIndex(asof.index) - pd.DatetimeIndex(asof)).days
    return pd.Series(np.asarray(age <= max_age_days), index=asof.index)  # NaT -> False

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

from dataclasses import dataclass, field

import pandas as pd

from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.errors import ConfigError
from backtests.scenarios.analogue import Analogue
from backtests.scenarios.continuation import (
    LOOKBACK_DAYS,
    SeriesPlan,
    Shift,
    by_observations,
    by_returns,
    whole_weeks,
)
from backtests.scenarios.crisis import crisis_days
from backtests.scenarios.methods import method_for
from backtests.scenarios.scenario_store import WindowView

DISCONTINUED_DAYS = 365  # last observation more than a year before the start: not continued


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
    crisis_cal, days, sleeve_ret, notes = crisis_days(view, universe, analogue)
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
            plans[symbol], levels[symbol] = by_returns(
                symbol, view, crisis_cal, days, sleeve_ret.get(owner.get(symbol, "")), last, shift)
        else:
            plans[symbol], levels[symbol] = by_observations(symbol, method, view, shift, last)
    through = analogue.end if days[-1] == crisis_cal[-1] else shift.end
    return Extension(shift, shift.apply(days), {k: v for k, v in levels.items() if not v.empty},
                     plans, through, notes)


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

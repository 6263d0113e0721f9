"""The crisis days an analogue replays, and each sleeve's returns on them.

Replayed are the trading days after the anchor while every sleeve has data, through its
fallbacks; a sleeve without data on some of them takes its fallback's returns there (noted).
"""

from __future__ import annotations

import pandas as pd

from backtests.data.sleeves import build_sleeve, trading_calendar
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.errors import ConfigError
from backtests.scenarios.analogue import Analogue


def crisis_days(view: Store, universe: Universe, analogue: Analogue) -> tuple[
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

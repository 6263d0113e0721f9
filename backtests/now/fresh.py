"""Each input's age against the calendar date, not against the data's last day.

The regime is read on the signals' last day (what the data can say); whether an input is
fresh enough to act on is a question about TODAY: an input that was fresh on the data's last
day may be months old by the time someone reads the panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from backtests.data.store import Store
    from backtests.data.universe import Universe
    from backtests.episodes.pipeline import Context


@dataclass(frozen=True)
class InputNow:
    series: str
    last_observation: str  # as-of date of the last stored value ('not stored')
    fresh: bool  # as of `today`: age_days within its staleness limit
    age_days: int | None = None  # calendar days from last_observation to today (None: absent)
    max_age_days: int | None = None  # its staleness limit (release rule and frequency)
    fresh_at_as_of: bool = False  # fresh on the signals' last day (what the machine read)


def today_date(today: date | str | None) -> date:
    """The calendar date the panel is read on (default: the system's date)."""
    if today is None:
        return date.today()
    return today if isinstance(today, date) else date.fromisoformat(today)


def inputs(store: Store, ctx: Context, universe: Universe, series: list[str],
           today: date) -> list[InputNow]:
    """Every input of `series`: its last observation, age today and freshness."""
    records = store.records()
    out = []
    for s in series:
        flag = ctx.panel.get(f"{s}@fresh")
        at_as_of = bool(flag.iloc[-1]) if flag is not None else False
        if s not in records:
            out.append(InputNow(s, "not stored", False, None, None, at_as_of))
            continue
        last = records[s].last
        age = (today - pd.Timestamp(last).date()).days
        spec = universe.series.get(s)
        limit = spec.max_age_days if spec is not None else None
        out.append(InputNow(s, last, limit is not None and age <= limit, age, limit, at_as_of))
    return out

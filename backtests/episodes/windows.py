"""An episode on the data it will run on: its (start, end), or one line saying why not.

Every problem names the file, the episode, the key, the value, the last day of the data and
the fix (the checks the file alone can tell are backtests.episodes.definitions').
"""

from __future__ import annotations

import pandas as pd

from backtests.episodes.definitions import Episode
from backtests.errors import ConfigError


def check_window(name: str, ep: Episode, calendar: pd.Index, data_end: pd.Timestamp,
                 limit: pd.Timestamp | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The episode's (start, end) on this data, or a one-line error if it falls outside.

    `calendar` is the trading calendar (its first day is where the data begin), `data_end`
    the data's end for every sleeve (backtests.data.sleeves.latest_end: where `latest` ends)
    and `limit` the end for the sleeves this run holds (a later date: a sleeve that ends early
    stops only the runs that hold it).
    """
    at = f"{ep.source}: episode '{name}':"
    # A run's own limit is named only where it reaches past the data's end for every sleeve.
    own = limit is not None and ep.end != "latest" and limit > data_end
    stop = limit if limit is not None and own else data_end
    last = (f"{stop.date()}, the last day the sleeves this run holds have data" if own else
            f"{stop.date()}, the last day every sleeve has data")
    if ep.end != "latest" and pd.Timestamp(ep.end) > stop:
        raise ConfigError(f"{at} end = '{ep.end}' is after {last}; fix: end by then, or "
                          "end = \"latest\"")
    start, end = ep.window(stop)
    if start >= stop:
        raise ConfigError(f"{at} start = '{ep.start}' is not before {last}; fix: start "
                          "before it")
    days = calendar[(calendar >= start) & (calendar <= end)]
    if len(days) < 2:
        raise ConfigError(f"{at} the window {start.date()}..{end.date()} holds "
                          f"{len(days)} trading day(s); fix: widen it to at least 2")
    before = int((calendar < days[0]).sum())
    if before < ep.warmup_days:
        earliest = calendar[min(ep.warmup_days, len(calendar) - 1)].date()
        raise ConfigError(f"{at} start = '{ep.start}' leaves {before} trading days of warm-up "
                          f"before it (the data begin {calendar[0].date()}), warmup_days = "
                          f"{ep.warmup_days}; fix: start on or after {earliest} or lower "
                          "warmup_days")
    return start, end

"""The one meaning of `latest`: the last day the sleeves allow, and what stands in at the end.

The report's `latest` episode, `playbook regimes --episode latest`, `playbook now` and the
forward replays' start all read this function (through Market.data_end where a market is
loaded), so they name the same day.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from backtests.data.sleeves import build_sleeves, latest_end, sleeve_ends
from backtests.data.store import Store
from backtests.data.universe import Universe, load_universe


@dataclass(frozen=True)
class Latest:
    """The last day every sleeve can be held, which sleeves end there, which stand in."""

    day: pd.Timestamp
    ending: tuple[str, ...]  # sleeves whose own (or stand-in's) data end on `day`
    stand_ins: tuple[tuple[str, str, pd.Timestamp], ...]  # (sleeve, fallback, its own end)
    signals_end: pd.Timestamp  # the trading calendar's last day (signals may run further)

    def notes(self) -> list[str]:
        """One line per sleeve held past its own end through its fallback."""
        return [f"{s} has no data after {own.date()}: its weight goes to {dest} until "
                f"{self.day.date()}" for s, dest, own in self.stand_ins]


def latest_date(store: Store, universe: Universe | None = None) -> Latest:
    """THE latest date (see sleeves.latest_end) with what ends and what stands in there."""
    universe = universe or load_universe()
    sleeves = build_sleeves(store, universe)
    fallback = {k: s.fallback for k, s in universe.sleeves.items()}
    day = latest_end(sleeves, fallback)
    ends = sleeve_ends(sleeves, fallback)
    own = {k: pd.Timestamp(s.returns.index[-1]) for k, s in sleeves.items()}
    stand_ins = tuple((k, str(fallback[k]), own[k]) for k in sleeves if own[k] < day)
    return Latest(day, tuple(k for k in sleeves if ends[k] == day), stand_ins,
                  pd.Timestamp(store.level(universe.calendar).index[-1]))

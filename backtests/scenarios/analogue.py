"""Which crisis is replayed: its anchor (the market peak mapped onto the start) and window.

The anchor is the crisis day whose close stands for the start's close: the crisis's market
peak, read from the episode's phase marker in data/episodes.toml, or found in the data (the
index's highest close in a stated search range) when the episode or the marker is absent.
Crisis day d after the anchor is replayed on d + offset, the offset being whole weeks.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pandas as pd

from backtests.data.store import Store
from backtests.episodes.definitions import Episode
from backtests.errors import ConfigError

MAX_MONTHS = 60


@dataclass(frozen=True)
class AnalogueDef:
    """A named crisis: where its anchor comes from, and why that day."""

    episode: str  # an episode name in data/episodes.toml, or a prefix of one ("2022" -> 2022_*)
    marker: str  # the phase marker that names the market peak
    index: str  # the index whose peak that is (to find it in the data without the marker)
    search: tuple[str, str]  # where that peak is looked for in the data
    why: str


ANALOGUES: dict[str, AnalogueDef] = {
    "2000_dotcom": AnalogueDef("2000_dotcom", "nasdaq_peak", "^IXIC", ("1999-01-01", "2002-10-09"),
                               "the bubble's top: the Nasdaq's peak"),
    "2008_gfc": AnalogueDef("2008_gfc", "sp500_peak", "^GSPC", ("2007-01-01", "2009-03-09"),
                            "the credit cycle's top: the S&P 500's peak"),
    "2020_covid": AnalogueDef("2020_covid", "sp500_peak", "^GSPC", ("2019-10-01", "2020-03-23"),
                              "the last calm day: the S&P 500's peak"),
    "2022": AnalogueDef("2022", "nasdaq_peak", "^IXIC", ("2021-01-01", "2022-12-30"),
                        "the rate shock's first casualty: the Nasdaq's peak"),
}


@dataclass(frozen=True)
class Analogue:
    """A resolved crisis window: crisis days in (anchor, end] are replayed after the start."""

    name: str
    anchor: pd.Timestamp
    end: pd.Timestamp
    anchor_source: str  # in words: which marker or which data search gave the anchor
    months: int | None  # None for a user window (its length is --from..--to)


def resolve(name: str, store: Store, episodes: dict[str, Episode], months: int = 24) -> Analogue:
    """A named analogue with its anchor; `months` of the crisis after the anchor are replayed.

    An episode's own name serves too (e.g. 2022_<name> for the 2022 analogue)."""
    name = next((k for k, d in ANALOGUES.items() if name in episodes
                 and _episode(d.episode, {name: episodes[name]}) == name), name)
    if name not in ANALOGUES:
        hint = difflib.get_close_matches(name, ANALOGUES, n=1)
        raise ConfigError(f"--analogue '{name}' is not known" + (
            f" (did you mean '{hint[0]}'?)" if hint else "") + f"; known: "
            f"{', '.join(ANALOGUES)} (or name a window with --from DATE --to DATE)")
    if not 1 <= months <= MAX_MONTHS:
        raise ConfigError(f"--months {months}: must be between 1 and {MAX_MONTHS}")
    d = ANALOGUES[name]
    calendar = pd.DatetimeIndex(store.level("^GSPC").index)
    episode = _episode(d.episode, episodes)
    if episode is not None and d.marker in episodes[episode].phases:
        marked = pd.Timestamp(episodes[episode].phases[d.marker])
        anchor = _trading_day_at_or_before(marked, calendar, f"{episode}.phases.{d.marker}")
        source = f"{episode}'s {d.marker} marker (data/episodes.toml), {d.why}"
    else:
        level = store.level(d.index).loc[d.search[0]:d.search[1]]
        if level.empty:
            raise ConfigError(f"analogue {name}: {d.index} has no data in {d.search[0]}.."
                              f"{d.search[1]} to find its peak; import a snapshot that has it")
        peak = pd.Timestamp(level.index[int(level.to_numpy().argmax())])
        anchor = _trading_day_at_or_before(peak, calendar, d.index)
        source = (f"the highest {d.index} close in {d.search[0]}..{d.search[1]} (found in the "
                  f"data: data/episodes.toml has no '{d.marker}' marker for {d.episode}), "
                  f"{d.why}")
    end = anchor + pd.DateOffset(months=months)
    return Analogue(name, anchor, pd.Timestamp(end), source, months)


def user_window(start: str, end: str, store: Store) -> Analogue:
    """A window the user names (--from/--to): its first day's close stands for the start's."""
    first, last = _date(start, "--from"), _date(end, "--to")
    if first >= last:
        raise ConfigError(f"--from {start} must be before --to {end}")
    calendar = pd.DatetimeIndex(store.level("^GSPC").index)
    anchor = _trading_day_at_or_before(first, calendar, "--from")
    return Analogue(f"window_{first.date()}_{last.date()}", anchor, last,
                    f"the last trading day on or before --from {first.date()}", None)


def _episode(key: str, episodes: dict[str, Episode]) -> str | None:
    if key in episodes:
        return key
    return next((e for e in episodes if e.startswith(f"{key}_")), None)


def _date(text: str, option: str) -> pd.Timestamp:
    stamp = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    if pd.isna(stamp):
        raise ConfigError(f"{option} '{text}' is not a date; use YYYY-MM-DD, e.g. 2007-10-09")
    return pd.Timestamp(stamp)


def _trading_day_at_or_before(day: pd.Timestamp, calendar: pd.DatetimeIndex,
                              what: str) -> pd.Timestamp:
    before = calendar[calendar <= day]
    if before.empty:
        raise ConfigError(f"{what} {day.date()} is before the first trading day "
                          f"{calendar[0].date()} of the data")
    return pd.Timestamp(before[-1])

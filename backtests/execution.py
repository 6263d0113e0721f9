"""How decisions become orders: the steps the execution core (backtests.core) runs for every path.

- The decision on the eve of a window is the last one stated on or before it.
- A stated row is completed: missing sleeves are 0 and cash takes whatever the rest leaves.
- A sleeve without data on a day passes its weight to its fallback (and that one's fallback,
  in turn); no fallback with data is an error naming the sleeve and the day.
- THE execution lag: the decision at the close of day t is the order at the close of t+1
  (`decision_rows`; the compiled core, backtests.core, reads it for every path).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from backtests.errors import ConfigError
from backtests.rebalance import growth_index, nan_row
from strategies.kernels import compiled

EXECUTION_LAG = 1  # bars between a decision and its order


@dataclass(frozen=True)
class Fallback:
    """Weight of `sleeve` went to `dest` (through `via`) on decisions first..last."""

    sleeve: str
    dest: str
    via: tuple[str, ...]
    first: pd.Timestamp
    last: pd.Timestamp

    def __str__(self) -> str:
        return (f"{self.sleeve} has no data {self.first.date()}..{self.last.date()}: its weight "
                f"went to {self.dest}" + (f" (via {' -> '.join(self.via)})" if self.via else ""))


def fallback_chain(sleeves: list[str], fallback: dict[str, str | None]) -> list[int]:
    """Each sleeve's fallback as a column index (-1: none)."""
    order = {s: k for k, s in enumerate(sleeves)}
    return [order[d] if (d := fallback.get(s)) else -1 for s in sleeves]


def destinations(have: np.ndarray, fallback: list[int]) -> np.ndarray:
    """dest[i, k]: where sleeve k's weight goes on row i (k itself when it has data; -1 when
    no fallback in its chain has data). `fallback[k]` is k's fallback index or -1."""
    dest = np.tile(np.arange(have.shape[1]), (have.shape[0], 1))
    for k in range(have.shape[1]):
        for i in np.flatnonzero(~have[:, k]):
            d = fallback[k]
            while d >= 0 and not have[i, d]:
                d = fallback[d]
            dest[i, k] = d
    return dest


@compiled
def eve_row(weights: np.ndarray, first: int) -> int:
    """Row of the decision in force on the eve (`first`): the last stated row at or before."""
    for i in range(first, -1, -1):
        if not nan_row(weights, i):
            return i
    return -1


@compiled
def complete_row(weights: np.ndarray, cash_col: int, dest: np.ndarray, out: np.ndarray) -> int:
    """One stated row into `out`: missing sleeves 0, cash the remainder, weights moved to
    their fallbacks. Returns the column of a weight with no fallback with data, else -1."""
    risky = 0.0
    for k in range(weights.shape[0]):
        w = 0.0 if np.isnan(weights[k]) else weights[k]
        out[k] = w
        if k != cash_col:
            risky += w
    out[cash_col] = 1.0 - risky
    for k in range(weights.shape[0]):
        d = dest[k]
        if d != k and out[k] > 0:
            if d < 0:
                return k
            out[d] += out[k]
            out[k] = 0.0
    return -1


@compiled
def complete(weights: np.ndarray, cash_col: int, dest: np.ndarray) -> tuple[np.ndarray, int,
                                                                             int]:
    """Stated rows completed (cash remainder) and moved to fallbacks; NaN rows stay NaN.

    Returns (rows, bad_row, bad_col): a weight on a sleeve with no data and no fallback with
    data is reported as (row, column), else (-1, -1).
    """
    out = np.full(weights.shape, np.nan)
    for i in range(weights.shape[0]):
        if nan_row(weights, i):
            continue
        bad = complete_row(weights[i], cash_col, dest[i], out[i])
        if bad >= 0:
            return out, i, bad
    return out, -1, -1


def no_fallback_error(sleeve: str, day: pd.Timestamp) -> ConfigError:
    return ConfigError(f"sleeve {sleeve} has no data on {day.date()} and no fallback with "
                       "data; set fallback in data/universe.toml")


def decision_rows(days: np.ndarray) -> np.ndarray:
    """THE execution lag: for each trading day (calendar positions), the calendar row whose
    decision it trades. The first day's is the eve, from which the core looks back to the
    last stated decision."""
    return np.asarray(days, dtype=np.int64) - EXECUTION_LAG


@dataclass(frozen=True)
class Window:
    """What the core needs of one window of trading days (backtests.core.run_path)."""

    rows: np.ndarray  # decision row per day (decision_rows)
    dest: np.ndarray  # fallback destination per day and sleeve, on its decision's date
    epoch: np.ndarray  # per day: how many times dest changed so far in the window
    close: np.ndarray  # days x sleeves, back-filled before a sleeve exists (weight 0 there)
    growth: np.ndarray  # each sleeve's growth index over the window (drift for the band)


def window(prices: pd.DataFrame, chain: list[int], days: np.ndarray) -> Window:
    """The window of calendar positions `days` (contiguous), for the core."""
    rows = decision_rows(days)
    dest = destinations(prices.iloc[rows].notna().to_numpy(), chain)
    epoch = np.r_[0, np.cumsum((np.diff(dest, axis=0) != 0).any(axis=1))].astype(np.int64)
    frame = prices.iloc[days]
    growth = growth_index(frame.pct_change().fillna(0.0).to_numpy(dtype=float))
    return Window(rows, dest, epoch, np.ascontiguousarray(frame.bfill().to_numpy(dtype=float)),
                  np.asarray(growth))


def fallbacks_used(decided: np.ndarray, dest: np.ndarray, sleeves: list[str],
                   fallback: list[int], dates: pd.DatetimeIndex) -> list[Fallback]:
    """The weight moves `complete` made, as typed records (one per sleeve and destination)."""
    out = []
    for k, sleeve in enumerate(sleeves):
        moved = (dest[:, k] != k) & (np.nan_to_num(decided[:, k]) > 0)
        for d_final in dict.fromkeys(dest[moved, k].tolist()):
            rows = np.flatnonzero(moved & (dest[:, k] == d_final))
            chain, d = [], fallback[k]
            while d >= 0 and d != d_final:
                chain.append(sleeves[d])
                d = fallback[d]
            out.append(Fallback(sleeve, sleeves[d_final], tuple(chain),
                                pd.Timestamp(dates[rows[0]]), pd.Timestamp(dates[rows[-1]])))
    return out

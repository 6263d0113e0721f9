"""Where the episodes' dates come from: peaks, troughs and 10% falls read from index closes.

`python -m backtests.episodes.dates [SNAPSHOT]` lists every S&P 500 fall of 10% or more (close
to close) since 1999 and, for each episode of data/episodes.toml, its window's deepest fall,
straight from the snapshot's ^GSPC file. The same functions pin the episode file to the data
in tests/integration/test_episode_dates.py.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from backtests.paths import PROJECT_ROOT


@dataclass(frozen=True)
class Fall:
    peak: pd.Timestamp
    trough: pd.Timestamp
    change: float  # trough close / peak close - 1


def falls(close: pd.Series, threshold: float = 0.10) -> list[Fall]:
    """Every fall of at least `threshold` from a peak, as 10%-swings (zigzag) of the closes:
    a fall ends at its lowest close once the index has rebounded by `threshold` from it (or at
    the data's end), and the next peak is searched from there."""
    out: list[Fall] = []
    falling = False
    ext_day, ext = close.index[0], float(close.iloc[0])
    peak_day, peak = ext_day, ext
    for day, value in close.items():
        v = float(value)
        if not falling:
            if v > ext:
                ext_day, ext = day, v
            elif v <= ext * (1 - threshold):
                falling, peak_day, peak, ext_day, ext = True, ext_day, ext, day, v
        elif v < ext:
            ext_day, ext = day, v
        elif v >= ext * (1 + threshold):
            out.append(Fall(pd.Timestamp(peak_day), pd.Timestamp(ext_day), ext / peak - 1))
            falling, ext_day, ext = False, day, v
    if falling:
        out.append(Fall(pd.Timestamp(peak_day), pd.Timestamp(ext_day), ext / peak - 1))
    return out


def peak_and_trough(close: pd.Series, start: pd.Timestamp, end: pd.Timestamp
                    ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The window's deepest fall, close to close: the trough of its maximum drawdown and the
    highest close before it (not simply the window's lowest close: a run-up can start lower)."""
    v = close.loc[start:end].to_numpy()
    low = int(np.argmin(v / np.maximum.accumulate(v)))
    days = close.loc[start:end].index
    return pd.Timestamp(days[int(np.argmax(v[:low + 1]))]), pd.Timestamp(days[low])


def read_close(snapshot: Path, file: str) -> pd.Series:
    """Closes of prices/<file>.csv in the snapshot layout."""
    frame = pd.read_csv(snapshot / "prices" / f"{file}.csv", usecols=["date", "close"],
                        parse_dates=["date"], index_col="date")
    return frame["close"].dropna()


def main(argv: list[str]) -> None:
    from backtests.episodes.definitions import load_episodes

    snapshot = Path(argv[0]) if argv else PROJECT_ROOT.parent / "shared" / "data" / "snapshot"
    spx = read_close(snapshot, "IDX_GSPC")
    print("S&P 500 (^GSPC, price index) falls of 10% or more since 1999, close to close:")
    for f in falls(spx.loc["1999":]):
        print(f"  {f.peak.date()} -> {f.trough.date()}  {f.change:+.1%}")
    print("Episode windows: the deepest fall (maximum drawdown of the closes):")
    for name, ep in load_episodes().items():
        if ep.end == "latest":
            continue
        start, end = ep.window(pd.Timestamp(ep.end))
        peak, trough = peak_and_trough(spx, start, end)
        print(f"  {name:<20} {ep.role:<8} peak {peak.date()}  trough {trough.date()}  "
              f"{spx[trough] / spx[peak] - 1:+.1%}")


if __name__ == "__main__":
    main(sys.argv[1:])

"""Credit stress from a live source, in a stated order, each calibrated to the first.

Sources, in order (the first one that is fresh on a day is used; none fresh = unknown):
  1. BAA10Y: Moody's Baa corporate yield minus the 10-year Treasury (pp), 3-month change;
  2. BAMLH0A0HYM2: the ICE BofA US high-yield option-adjusted spread (pp), 3-month change;
  3. a spread proxy from prices: IEF's 3-month total return minus HYG's (pp): when spreads
     widen, high-yield bonds lag Treasuries.
The regime machine's threshold is stated in BAA10Y units. A fallback source's reading is put
into those units by quantile mapping (the same percentile of the 3-month-change distribution)
over its overlap with BAA10Y. The mapping used on a day is calibrated only on the overlap up to
the start of that stretch of fallback use, so it never reads data from after the day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_OVERLAP = 250  # trading days of shared history before a fallback may stand in


def quantile_map(x: np.ndarray, source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Map `x` (source units) to target units through the two empirical distributions of the
    same dates' values (sorted pairs form the quantile-quantile curve; clamped at the ends)."""
    return np.interp(x, np.sort(source), np.sort(target))


def chain(readings: list[pd.Series]) -> tuple[pd.Series, pd.Series]:
    """(value in the first source's units, index of the source used; NaN = none is fresh).

    `readings` are the sources' 3-month changes, NaN where a source is stale or absent.
    """
    primary = readings[0]
    value = primary.copy()
    used = pd.Series(np.where(primary.notna(), 0.0, np.nan), index=primary.index)
    for k, src in enumerate(readings[1:], start=1):
        need = value.isna() & src.notna()
        for start, stop in _runs(need.to_numpy()):
            overlap = (primary.notna() & src.notna()).to_numpy(copy=True)
            overlap[start:] = False  # calibrate on what was visible when the stretch began
            if overlap.sum() < MIN_OVERLAP:
                continue
            seg = slice(start, stop)
            value.iloc[seg] = quantile_map(src.to_numpy()[seg], src.to_numpy()[overlap],
                                           primary.to_numpy()[overlap])
            used.iloc[seg] = float(k)
    return value, used


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, stop) of each run of True."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))

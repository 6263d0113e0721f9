"""Market-based indicators: equity drawdowns and VIX panic / panic relief (same-day closes)."""

from __future__ import annotations

import pandas as pd


def drawdown(level: pd.Series, window: int = 252) -> pd.Series:
    """Fall from the running `window`-day high (0 at a high, -0.2 = 20% below it)."""
    return level / level.rolling(window, min_periods=1).max() - 1.0


def speed(series: pd.Series, days: int = 20) -> pd.Series:
    """Change over `days` trading days (for a drawdown: > 0 means it is healing)."""
    return series - series.shift(days)


def panic_relief(vix: pd.Series, window: int = 60) -> pd.Series:
    """How far VIX is below its peak of the last `window` trading days (0.3 = 30% below).

    A trailing peak, never an episode peak: the episode's peak is only known afterwards.
    """
    return 1.0 - vix / vix.rolling(window, min_periods=1).max()

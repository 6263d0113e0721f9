"""What every rule receives, and the shape of what it returns."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Inputs:
    """Point-in-time signals and regimes on the trading calendar (no prices, no future)."""

    signals: pd.DataFrame
    regimes: pd.DataFrame  # column 'regime' (and 'reason')

    @property
    def index(self) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(self.signals.index)

    @property
    def regime(self) -> pd.Series:
        return self.regimes["regime"]

"""What every rule receives, and the one path from a rule's kernel to its target weights."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from strategies.mixes import matrix, sleeves_of
from strategies.regimes import STATES

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

@dataclass(frozen=True)
class Inputs:
    """Point-in-time signals and regimes on the trading calendar (no prices, no future)."""

    signals: pd.DataFrame
    regimes: pd.DataFrame  # 'regime' (and 'reason', 'duration_risk', 'inflation_high', ...)

    @property
    def index(self) -> pd.DatetimeIndex:
        import pandas as pd

        return pd.DatetimeIndex(self.signals.index)

    @property
    def regime(self) -> pd.Series:
        return self.regimes["regime"]


def defend_flags(regimes: Sequence[str]) -> list[float]:
    """One 0/1 flag per regime, in the machine's order, for the kernels."""
    return [1.0 if r in regimes else 0.0 for r in STATES]


def coefficients(kernel: str, inputs: Inputs, packed: list[float]) -> np.ndarray:
    """Run a rule's compiled kernel: days x mixes coefficients (NaN row = no order)."""
    import numpy as np

    from strategies.features import features
    from strategies.kernels import rules

    fn = getattr(rules, kernel)
    return np.asarray(fn(features(inputs), np.asarray(packed, dtype="float64")))


def weights(coefs: np.ndarray, mixes: list[dict[str, float]],
            index: pd.DatetimeIndex) -> pd.DataFrame:
    """Target weights = coefficients x mix matrix (a NaN row stays a NaN row)."""
    import pandas as pd

    sleeves = sleeves_of(mixes)
    return pd.DataFrame(coefs @ matrix(mixes, sleeves), index=index, columns=sleeves)

"""The one path from a rule's compiled kernel to its target weights."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from strategies.features import features
from strategies.mixes import matrix, sleeves_of
from strategies.schema import Feature, Inputs

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["Inputs", "coefficients", "weights"]

Kernel = Callable[["np.ndarray", "np.ndarray"], "np.ndarray"]


def coefficients(kernel: Kernel, inputs: Inputs, packed: list[float],
                 extra: tuple[Feature, ...] = ()) -> np.ndarray:
    """Run a rule's compiled kernel: days x mixes coefficients (NaN row = no order)."""
    import numpy as np

    return np.asarray(kernel(features(inputs, extra), np.asarray(packed, dtype="float64")))


def weights(coefs: np.ndarray, mixes: list[dict[str, float]],
            index: pd.DatetimeIndex) -> pd.DataFrame:
    """Target weights = coefficients x mix matrix (a NaN row stays a NaN row)."""
    import pandas as pd

    sleeves = sleeves_of(mixes)
    return pd.DataFrame(coefs @ matrix(mixes, sleeves), index=index, columns=sleeves)

"""The compiled rules the sweep dispatches by number: `periodic` (the benchmarks) and the
composed machine every TOML rule runs (strategies.kernels.composed).

Each maps the feature matrix and a packed parameter vector to, per day, the coefficients of
the rule's mixes (days x mixes; a NaN row means "no order that day"); weights = coefficients
x mix matrix. The engine and the sweep call these same functions.
"""

from __future__ import annotations

import numpy as np

from strategies.kernels import kernel
from strategies.kernels.composed import composed
from strategies.schema import X


@kernel
def periodic(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """One mix, bought on the first day; then restored on month starts (p[0] = 1) or never."""
    out = np.full((x.shape[0], 1), np.nan)
    for i in range(x.shape[0]):
        if i == 0 or (p[0] > 0 and x[i, X.month_start] > 0):
            out[i, 0] = 1.0
    return out


@kernel
def coefficients(kernel: int, x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Dispatch by index in KERNELS (the sweep compiles one loop for every rule)."""
    if kernel == 0:
        return periodic(x, p)
    return composed(x, p)


KERNELS = (periodic, composed)  # `coefficients` dispatch order

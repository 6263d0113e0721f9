"""The feature matrix every rule kernel reads: one row per day, one column per feature.

Rules are compiled state machines over plain arrays; this is the one place that turns the
point-in-time signals and regimes into those arrays (NaN = unknown, booleans as 0/1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from strategies.base import Inputs

REGIME, DURATION_RISK, INFLATION_HIGH, QE_SINCE, FED13, VIX_RELIEF, SPEED, MONTH_START = range(8)
N_FEATURES = 8


def features(inputs: Inputs) -> np.ndarray:
    """Days x N_FEATURES float matrix (regime as its index in regimes.STATES)."""
    import numpy as np

    from strategies.regimes import STATES

    s, r = inputs.signals, inputs.regimes
    idx = inputs.index
    x = np.empty((len(idx), N_FEATURES))
    codes = {name: k for k, name in enumerate(STATES)}
    x[:, REGIME] = [codes[str(v)] for v in r["regime"].to_numpy()]
    for col, name in ((DURATION_RISK, "duration_risk"), (INFLATION_HIGH, "inflation_high")):
        x[:, col] = r[name].to_numpy(dtype=bool) if name in r else 0.0
    x[:, QE_SINCE] = s["days_since_qe_announcement"].to_numpy(dtype=float)
    x[:, FED13] = s["fed_assets_13w_change"].to_numpy(dtype=float)
    x[:, VIX_RELIEF] = s["vix_relief"].to_numpy(dtype=float)
    x[:, SPEED] = s["tech_drawdown_speed"].to_numpy(dtype=float)
    period = idx.to_period("M")
    first = np.ones(len(idx), dtype=bool)
    first[1:] = period[1:] != period[:-1]
    x[:, MONTH_START] = first
    return x

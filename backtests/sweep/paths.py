"""Target-weight paths for many parameter combinations.

Generic path: call the strategy's own rule once per combination (any strategy, any parameter).
Fast path for contrarian_qe when only scalar parameters are swept: a numba twin of the rule
that returns, per day, the blend coefficients of its three mixes (defensive, risk_on,
strategic); weights = coefficients @ mixes. A test checks the twin against the rule exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numba import njit

from strategies.base import Inputs
from strategies.contrarian import TRADING_MONTH, ContrarianParams
from strategies.params import Params
from strategies.registry import get

TRIGGERS = {"announcement": 0, "balance_sheet": 1, "either": 2}
MIX_FIELDS = ("defensive", "risk_on", "strategic")


@njit(cache=True)
def _contrarian(is_crisis: np.ndarray, defend: np.ndarray, since: np.ndarray,
                fed13: np.ndarray, relief_v: np.ndarray, speed: np.ndarray, trigger: int,
                qe_within: float, growth: float, memory: int, relief_thr: float,
                healing: bool, scale: int, hold: int) -> np.ndarray:
    n = is_crisis.shape[0]
    out = np.zeros((n, 3))
    last_crisis, start, cycle_end = -(10**9), -1, -1
    for i in range(n):
        announced = since[i] <= qe_within  # NaN compares False, as in numpy
        detected = fed13[i] >= growth
        qe = announced if trigger == 0 else (detected if trigger == 1 else announced or detected)
        relief = relief_v[i] >= relief_thr
        if healing:
            relief = relief and speed[i] >= 0
        if is_crisis[i] and i > cycle_end:
            last_crisis = i
        if start < 0 and qe and relief and i - last_crisis <= memory:
            start = i
        if start < 0:
            out[i, 0 if defend[i] else 2] = 1.0
            continue
        k = i - start + 1
        if k <= scale:
            f = k / scale
            out[i, 0], out[i, 1] = 1.0 - f, f
        elif k <= scale + hold:
            out[i, 1] = 1.0
        elif k <= 2 * scale + hold:
            f = (k - scale - hold) / scale
            out[i, 1], out[i, 2] = 1.0 - f, f
        else:
            start, cycle_end, last_crisis = -1, i, -(10**9)
            out[i, 0 if defend[i] else 2] = 1.0
    return out


def fast_path_ok(strategy: str, axes: dict[str, list[Any]]) -> bool:
    return strategy == "contrarian_qe" and not (set(axes) & {*MIX_FIELDS, "defend_in"})


class FastContrarian:
    """The numba twin with its inputs converted once for a whole sweep."""

    def __init__(self, inputs: Inputs, sleeves: list[str]) -> None:
        s = inputs.signals
        self.regime = inputs.regime.to_numpy()
        self.is_crisis = self.regime == "crisis"
        self.since = s["days_since_qe_announcement"].to_numpy(dtype=float)
        self.fed13 = s["fed_assets_13w_change"].to_numpy(dtype=float)
        self.relief = s["vix_relief"].to_numpy(dtype=float)
        self.speed = s["tech_drawdown_speed"].to_numpy(dtype=float)
        self.sleeves = sleeves
        self._defend: dict[tuple[str, ...], np.ndarray] = {}

    def coefs(self, p: ContrarianParams) -> np.ndarray:
        """Per calendar day: weights of the (defensive, risk_on, strategic) mixes."""
        if p.defend_in not in self._defend:
            self._defend[p.defend_in] = np.isin(self.regime, p.defend_in)
        return _contrarian(
            self.is_crisis, self._defend[p.defend_in], self.since, self.fed13, self.relief,
            self.speed, TRIGGERS[p.qe_trigger], float(p.qe_within),
            float(p.balance_sheet_growth), p.crisis_memory, float(p.vix_relief),
            p.require_healing, p.scale_in_days, p.hold_months * TRADING_MONTH)

    def weights(self, coefs: np.ndarray, p: ContrarianParams) -> np.ndarray:
        """Weights (rows x sleeves) from coefficients; the same arithmetic as the rule."""
        mixes = np.array([[getattr(p, m).get(k, 0.0) for k in self.sleeves]
                          for m in MIX_FIELDS])
        return coefs[:, :1] * mixes[0] + coefs[:, 1:2] * mixes[1] + coefs[:, 2:3] * mixes[2]


def contrarian_weights(inputs: Inputs, p: ContrarianParams, sleeves: list[str]) -> np.ndarray:
    """All-calendar weights of contrarian_qe from the twin (checked against the rule)."""
    fast = FastContrarian(inputs, sleeves)
    return fast.weights(fast.coefs(p), p)


def rule_weights(strategy: str, inputs: Inputs, params: Params,
                 sleeves: list[str]) -> np.ndarray:
    """All-calendar weights (days x sleeves, NaN = not stated) from the rule itself."""
    frame: pd.DataFrame = get(strategy).rule(inputs, params)
    return frame.reindex(columns=sleeves).to_numpy(dtype=float)

"""The composed machine: a rule made of named building blocks, one compiled loop.

Per day: a trade in progress (scale in, hold, scale back) runs to its end; else a trade may
start (after the regime machine's QE and panic relief, or on the QE and relief signals
themselves); else the regime's own mix, through the defend hysteresis and the duration swap;
a regime mapped to HOLD keeps what is held. The vector `p` is laid out by strategies.schema.M.
"""

from __future__ import annotations

import numpy as np

from strategies.kernels import kernel
from strategies.kernels.steps import (
    blend,
    confirm,
    duration_swap,
    qe_and_relief,
    scale_hold_back,
)
from strategies.schema import (
    CALM,
    CRISIS,
    HOLD,
    QE_LAUNCHED,
    RECOVERY,
    TRADE_AFTER_QE_REGIME,
    TRADE_ON_QE_SIGNALS,
    TRADING_MONTH,
    M,
    X,
)


@kernel
def _pure(out: np.ndarray, x: np.ndarray, i: int, p: np.ndarray, r: int) -> None:
    """Row i = regime r's mix (or its short-duration twin)."""
    out[i, duration_swap(x, i, p[M.shorten_duration] > 0, int(p[M.mix_of + r]),
                         int(p[M.short_of + r]))] = 1.0


@kernel
def composed(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Days x mixes coefficients of a rule composed of blocks (see the module docstring)."""
    n = x.shape[0]
    out = np.zeros((n, int(p[M.n_mixes])))
    kind, target, back = int(p[M.trade]), int(p[M.target]), int(p[M.back])
    scale, hold = int(p[M.scale_in_days]), int(p[M.hold_months]) * TRADING_MONTH
    defending, calm_run, held = False, 0, int(p[M.hold_first_day])
    start, armed, last_crisis, cycle_end = -1, False, -(10**9), -1
    entry = np.zeros(out.shape[1])
    for i in range(n):
        r = int(x[i, X.regime])
        if kind == TRADE_ON_QE_SIGNALS:
            if r == CRISIS and i > cycle_end:
                last_crisis = i
            if start < 0 and i - last_crisis <= p[M.crisis_memory] and qe_and_relief(
                    x, i, int(p[M.qe_trigger]), p[M.qe_within], p[M.balance_sheet_growth],
                    p[M.vix_relief], p[M.require_healing] > 0):
                start = i
                if i > 0:
                    entry[:] = out[i - 1]
                else:
                    entry[:] = 0.0
                    entry[int(p[M.mix_of + held])] = 1.0
            if start >= 0 and not scale_hold_back(out, i, i - start + 1, entry, target, back,
                                                  scale, hold):
                start, cycle_end, last_crisis = -1, i, -(10**9)  # re-arm after a new crisis
        elif kind == TRADE_AFTER_QE_REGIME:
            if start >= 0 and not scale_hold_back(out, i, i - start + 1, entry, target, back,
                                                  scale, hold):
                start, armed = -1, False
            if start < 0:
                if r == QE_LAUNCHED:  # armed; nothing sold until the panic subsides
                    armed = True
                elif r == RECOVERY and armed and i > 0:
                    start = i
                    entry[:] = out[i - 1]
                    blend(out, i, entry, target, 1.0 / scale)
                elif r == CALM:
                    armed = False
        if start >= 0:
            continue
        defend = p[M.defend + r] > 0
        if int(p[M.mix_of + r]) == HOLD and not defend:
            if i > 0 and p[M.hold_reswaps] == 0:
                out[i, :] = out[i - 1]  # "a QE announcement is never a reason to sell"
            else:
                _pure(out, x, i, p, held)
            continue
        defending, calm_run = confirm(defend, defending, calm_run, int(p[M.confirm_days]))
        if defend:
            held = r
        elif not defending:
            held = r
        _pure(out, x, i, p, held)
    return out

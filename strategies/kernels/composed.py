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
    N_REGIMES,
    NO_TRADE,
    QE_LAUNCHED,
    RECOVERY,
    TRADE_AFTER_QE_REGIME,
    TRADE_ON_QE_SIGNALS,
    TRADING_MONTH,
    M,
    X,
)


@kernel
def composed(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Days x mixes coefficients of a rule composed of blocks (see the module docstring)."""
    n = x.shape[0]
    out = np.zeros((n, int(p[M.n_mixes])))
    # per regime: its mix (or HOLD), its short-duration twin (or -1), whether it defends
    mix_of = np.empty(N_REGIMES, dtype=np.int64)
    short_of = np.empty(N_REGIMES, dtype=np.int64)
    defends = np.empty(N_REGIMES, dtype=np.bool_)
    for r in range(N_REGIMES):
        mix_of[r], short_of[r] = int(p[M.mix_of + r]), int(p[M.short_of + r])
        defends[r] = p[M.defend + r] > 0
    shorten, reswap, days = p[M.shorten_duration] > 0, p[M.hold_reswaps] > 0, int(
        p[M.confirm_days])
    kind, target, back = int(p[M.trade]), int(p[M.target]), int(p[M.back])
    scale, hold = int(p[M.scale_in_days]), int(p[M.hold_months]) * TRADING_MONTH
    trigger, within, growth = int(p[M.qe_trigger]), p[M.qe_within], p[M.balance_sheet_growth]
    relief_at, healing, memory = p[M.vix_relief], p[M.require_healing] > 0, p[M.crisis_memory]
    if kind == NO_TRADE and not defends.any() and (mix_of >= 0).all() and (
            not shorten or (short_of < 0).all()):
        for i in range(n):  # a mix per regime and no step: nothing to remember day to day
            out[i, mix_of[int(x[i, X.regime])]] = 1.0
        return out
    defending, calm_run, held = False, 0, int(p[M.hold_first_day])
    start, armed, last_crisis, cycle_end = -1, False, -(10**9), -1
    entry = np.zeros(out.shape[1])
    for i in range(n):
        r = int(x[i, X.regime])
        if kind == TRADE_ON_QE_SIGNALS:
            if r == CRISIS and i > cycle_end:
                last_crisis = i
            if start < 0 and i - last_crisis <= memory and qe_and_relief(
                    x, i, trigger, within, growth, relief_at, healing):
                start = i
                if i > 0:
                    entry[:] = out[i - 1]
                else:
                    entry[:] = 0.0
                    entry[mix_of[held]] = 1.0
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
        if mix_of[r] == HOLD and not defends[r]:
            if i > 0 and not reswap:
                out[i, :] = out[i - 1]  # "a QE announcement is never a reason to sell"
                continue
        else:
            defending, calm_run = confirm(defends[r], defending, calm_run, days)
            if defends[r] or not defending:
                held = r  # the regime whose mix is held (kept while the hysteresis runs)
        out[i, duration_swap(x, i, shorten, mix_of[held], short_of[held])] = 1.0
    return out

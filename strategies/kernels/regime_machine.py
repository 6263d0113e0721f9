"""The regime machine's day-by-day loop (the conditions are read in strategies.triggers)."""

from __future__ import annotations

import numpy as np

from strategies.kernels import kernel
from strategies.schema import CALM, CORRECTION, CRISIS, QE_LAUNCHED, RECOVERY

# Condition columns of the input matrix, also the bit of each in `fired`.
DEEP, CORR, HEALED, CREDIT, FUNDING, RECESSION, QE, QE_NEW, RELIEF, NEW_PANIC, STANDIN = range(11)
NOT_DEEP, NEW_LOW, FELL_BACK = 11, 12, 13  # bits only: computed inside the loop


@kernel
def _bit(k: int) -> int:
    return 1 << k


@kernel
def machine(c: np.ndarray, dd: np.ndarray, fall_back_days: int = 5
            ) -> tuple[np.ndarray, np.ndarray]:
    """States per day and, on transition days, the bits of the conditions that fired.

    `c[i, k]` is condition k on day i (an unknown condition is False; STANDIN is the market's
    stress reading standing in for a stress input that cannot be read, see
    strategies.regimes.conditions); `dd` is the Nasdaq drawdown, used for "new lows": below the
    lowest drawdown since the machine left calm.
    Transitions, in this order (a state not listed keeps its value):
      calm, correction -> crisis       deep drawdown and any stress (credit, funding, recession,
                                       or the stand-in)
      calm -> correction               drawdown beyond the correction threshold
      correction, recovery -> calm     drawdown healed to within calm_drawdown of the high
      crisis -> qe_launched            QE signal
      recovery -> qe_launched          a new QE signal that day (e.g. QE1's 2009-03-18 expansion)
      qe_launched -> recovery          panic relief (and the drawdown no longer deepening)
      crisis -> recovery               panic relief and the drawdown back above the crisis depth
      recovery -> crisis               deep, stress, and the panic renewed, a new low, or a fall
                                       back beyond the crisis depth after the recovery had risen
                                       above it (FELL_BACK: the rebound has failed)
      recovery -> correction           beyond the correction threshold, and the panic renewed or
                                       a new low; or FELL_BACK without stress: a failed rebound
                                       is not a recovery
    """
    n = c.shape[0]
    state = np.zeros(n, dtype=np.int8)
    fired = np.zeros(n, dtype=np.int64)
    cur, low = CALM, 0.0
    above = False  # this recovery has seen the drawdown above the crisis depth
    deep_run = 0  # trading days in a row beyond the crisis depth, today included
    for i in range(n):
        deep_run = deep_run + 1 if c[i, DEEP] else 0
        stress = 0
        for k in (CREDIT, FUNDING, RECESSION, STANDIN):
            if c[i, k]:
                stress |= _bit(k)
        new_low = cur != CALM and dd[i] < low  # NaN compares False
        again = (_bit(NEW_PANIC) if c[i, NEW_PANIC] else 0) | (_bit(NEW_LOW) if new_low else 0)
        if cur == RECOVERY and above and deep_run >= fall_back_days:
            again |= _bit(FELL_BACK)
        nxt, why = cur, 0
        if (cur == CALM or cur == CORRECTION) and c[i, DEEP] and stress:
            nxt, why = CRISIS, _bit(DEEP) | stress
        elif cur == CALM and c[i, CORR]:
            nxt, why = CORRECTION, _bit(CORR)
        elif (cur == CORRECTION or cur == RECOVERY) and c[i, HEALED]:
            nxt, why = CALM, _bit(HEALED)
        elif (cur == CRISIS and c[i, QE]) or (cur == RECOVERY and c[i, QE_NEW]):
            nxt, why = QE_LAUNCHED, _bit(QE)
        elif cur == QE_LAUNCHED and c[i, RELIEF]:
            nxt, why = RECOVERY, _bit(RELIEF)
        elif cur == CRISIS and c[i, RELIEF] and not c[i, DEEP]:
            nxt, why = RECOVERY, _bit(RELIEF) | _bit(NOT_DEEP)
        elif cur == RECOVERY and c[i, DEEP] and stress and again:
            nxt, why = CRISIS, _bit(DEEP) | stress | again
        elif cur == RECOVERY and c[i, CORR] and again:
            nxt, why = CORRECTION, _bit(CORR) | again
        if nxt == RECOVERY:
            above = (above if cur == RECOVERY else False) or not c[i, DEEP]
        if nxt == CALM:
            low = 0.0
        elif dd[i] < low:
            low = dd[i]
        state[i], fired[i], cur = nxt, why, nxt
    return state, fired

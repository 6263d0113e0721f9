"""Every rule as a compiled state machine: features and packed parameters -> per day, the
coefficients of the rule's mixes (days x mixes; a NaN row means "no order that day").

weights = coefficients x mix matrix. The engine and the sweep call these same functions. Each
rule's reasoning, in the article's words, and its parameters live in strategies/<rule>.py,
which also packs the parameters into the float vector `p` read here.
"""

from __future__ import annotations

import numpy as np

from strategies.kernels import kernel
from strategies.schema import CALM, CORRECTION, CRISIS, QE_LAUNCHED, RECOVERY, X

REGIME, DURATION_RISK, INFLATION_HIGH, QE_SINCE = (X.regime, X.duration_risk,
                                                   X.inflation_high, X.qe_since)
FED13, VIX_RELIEF, SPEED, MONTH_START = X.fed13, X.vix_relief, X.speed, X.month_start


@kernel
def periodic(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """One mix, bought on the first day; then restored on month starts (p[0] = 1) or never."""
    out = np.full((x.shape[0], 1), np.nan)
    for i in range(x.shape[0]):
        if i == 0 or (p[0] > 0 and x[i, MONTH_START] > 0):
            out[i, 0] = 1.0
    return out


@kernel
def by_regime(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """One mix per regime: p[r] is the index of regime r's mix, p[5] the number of mixes."""
    out = np.zeros((x.shape[0], int(p[5])))
    for i in range(x.shape[0]):
        out[i, int(p[int(x[i, REGIME])])] = 1.0
    return out


@kernel
def _defensive(x: np.ndarray, i: int, shorten: bool, long_mix: int) -> int:
    """The defensive mix's column: its short-duration twin while inflation is high or the
    10-year is at 4.5% and rising (long_mix + 1), else the usual one."""
    return long_mix + 1 if shorten and x[i, DURATION_RISK] > 0 else long_mix


@kernel
def defensive(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Scenario 2. Mixes: strategic, defensive, defensive (short duration).
    p: defend flag per regime (5), confirm_days, shorten_duration."""
    out = np.zeros((x.shape[0], 3))
    defending, calm_run = False, 0
    for i in range(x.shape[0]):
        r = int(x[i, REGIME])
        if r != QE_LAUNCHED or p[r] > 0:  # a QE announcement alone never moves the rule
            if p[r] > 0:
                defending, calm_run = True, 0
            else:
                calm_run += 1
                if defending and calm_run > p[5]:
                    defending = False
        out[i, _defensive(x, i, p[6] > 0, 1) if defending else 0] = 1.0
    return out


@kernel
def _blend(out: np.ndarray, i: int, a: np.ndarray, b: int, f: float) -> None:
    """out[i] = (1 - f) * a + f * (mix b)."""
    out[i, :] = (1.0 - f) * a
    out[i, b] += f


@kernel
def _trade(out: np.ndarray, i: int, k: int, entry: np.ndarray, target: int, back: int,
           scale: int, hold: int) -> bool:
    """Day k of a contrarian trade: scale from the entry mix into `target` over `scale` days,
    hold it `hold` days, scale into `back`. False once the trade is over."""
    if k <= scale:
        _blend(out, i, entry, target, k / scale)
    elif k <= scale + hold:
        out[i, target] = 1.0
    elif k <= 2 * scale + hold:
        f = (k - scale - hold) / scale
        out[i, target], out[i, back] = 1.0 - f, f
    else:
        return False
    return True


@kernel
def contrarian(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Scenario 3. Mixes: strategic, defensive, defensive (short duration), risk_on.
    p: defend flag per regime (5), qe_trigger, qe_within, balance_sheet_growth, crisis_memory,
    vix_relief, require_healing, scale_in_days, hold days, shorten_duration."""
    out = np.zeros((x.shape[0], 4))
    trig, within, growth, memory = int(p[5]), p[6], p[7], int(p[8])
    relief_at, healing, scale, hold = p[9], p[10] > 0, int(p[11]), int(p[12])
    last_crisis, start, cycle_end = -(10**9), -1, -1
    entry = np.zeros(4)
    entry[0] = 1.0
    for i in range(x.shape[0]):
        r = int(x[i, REGIME])
        announced = x[i, QE_SINCE] <= within  # NaN compares False
        detected = x[i, FED13] >= growth
        qe = announced if trig == 0 else (detected if trig == 1 else announced or detected)
        if x[i, INFLATION_HIGH] > 0:  # no QE on words alone while inflation is high
            qe = qe and detected
        relief = x[i, VIX_RELIEF] >= relief_at and (not healing or x[i, SPEED] >= 0)
        if r == CRISIS and i > cycle_end:
            last_crisis = i
        if start < 0 and qe and relief and i - last_crisis <= memory:
            start = i
            if i > 0:
                entry[:] = out[i - 1]
        if start >= 0 and not _trade(out, i, i - start + 1, entry, 3, 0, scale, hold):
            start, cycle_end, last_crisis = -1, i, -(10**9)  # re-arm only after a new crisis
        if start < 0:
            if r == QE_LAUNCHED and p[r] == 0 and i > 0:
                out[i, :] = out[i - 1]  # a QE announcement is never a reason to sell
            else:
                out[i, _defensive(x, i, p[13] > 0, 1) if p[r] > 0 else 0] = 1.0
    return out


@kernel
def playbook(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """All three scenarios. Mixes: calm, correction, correction (short), crisis, crisis (short),
    recovery, qe (risk on). p: scale_in_days, hold days, shorten_duration."""
    out = np.zeros((x.shape[0], 7))
    scale, hold, shorten = int(p[0]), int(p[1]), p[2] > 0
    armed, start = False, -1
    entry = np.zeros(7)
    for i in range(x.shape[0]):
        r = int(x[i, REGIME])
        if start >= 0 and not _trade(out, i, i - start + 1, entry, 6, 5, scale, hold):
            start, armed = -1, False
        if start >= 0:
            continue
        if r == QE_LAUNCHED:  # armed; hold what is held until the panic subsides
            armed = True
            if i > 0:
                out[i, :] = out[i - 1]
            else:
                out[i, _defensive(x, i, shorten, 3)] = 1.0
        elif r == RECOVERY and armed and i > 0:  # "once the panic subsides and the Fed truly
            start = i  # launches QE"
            entry[:] = out[i - 1]
            _blend(out, i, entry, 6, 1.0 / scale)
        elif r == CALM:
            armed = False
            out[i, 0] = 1.0
        elif r == CORRECTION:
            out[i, _defensive(x, i, shorten, 1)] = 1.0
        elif r == CRISIS:
            out[i, _defensive(x, i, shorten, 3)] = 1.0
        else:
            out[i, 5] = 1.0
    return out


@kernel
def coefficients(kernel: int, x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Dispatch by index in KERNELS (the sweep compiles one loop for every rule)."""
    if kernel == 0:
        return periodic(x, p)
    if kernel == 1:
        return by_regime(x, p)
    if kernel == 2:
        return defensive(x, p)
    if kernel == 3:
        return contrarian(x, p)
    return playbook(x, p)


KERNELS = (periodic, by_regime, defensive, contrarian, playbook)  # `coefficients` dispatch order

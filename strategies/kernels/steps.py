"""The named steps rules are composed of, written once and shared (bt's algos, compiled).

The triggers (`qe_signal`, `panic_relief`) are written with numpy's logical functions so the
same function reads one day inside a compiled rule and every day at once in the regime
machine's condition matrix (strategies.regimes.conditions / strategies.triggers): a rule keeps
its own thresholds (contrarian_qe's vix_relief 0.25 vs the machine's 0.30) but not its own
copy of the logic.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from strategies.kernels import kernel
from strategies.schema import X

ANNOUNCEMENT, BALANCE_SHEET, EITHER = 0, 1, 2  # qe_trigger choices, in their Literal order


@kernel
def qe_signal(announced: Any, detected: Any, inflation_high: Any, trigger: int) -> Any:
    """'Once the Fed truly launches QE': the calendar, the balance sheet, or either; while
    inflation is high ('the Fed is reluctant to restart QE') only with the balance sheet
    seen growing."""
    if trigger == ANNOUNCEMENT:
        qe = announced
    elif trigger == BALANCE_SHEET:
        qe = detected
    else:
        qe = np.logical_or(announced, detected)
    return np.logical_and(qe, np.logical_or(np.logical_not(inflation_high), detected))


@kernel
def panic_relief(relief: Any, speed: Any, at: float, healing: bool) -> Any:
    """'Once the panic subsides': VIX `at` below its trailing peak and, with `healing`, the
    Nasdaq drawdown no longer deepening (NaN reads as not relieved)."""
    return np.logical_and(relief >= at, np.logical_or(not healing, speed >= 0))


@kernel
def qe_and_relief(x: np.ndarray, i: int, trigger: int, within: float, growth: float,
                  relief_at: float, healing: bool) -> bool:
    """Both triggers of the contrarian trade on day i of the feature matrix."""
    qe = qe_signal(x[i, X.qe_since] <= within, x[i, X.fed13] >= growth,
                   x[i, X.inflation_high] > 0, trigger)
    return bool(qe) and bool(panic_relief(x[i, X.vix_relief], x[i, X.speed], relief_at,
                                          healing))


@kernel
def duration_swap(x: np.ndarray, i: int, shorten: bool, mix: int, short: int) -> int:
    """The mix to hold: its short-duration twin `short` while inflation is high or the
    10-year is at 4.5% and rising (long bonds fall with stocks then), else `mix`."""
    return short if shorten and short >= 0 and x[i, X.duration_risk] > 0 else mix


@kernel
def blend(out: np.ndarray, i: int, a: np.ndarray, b: int, f: float) -> None:
    """out[i] = (1 - f) * a + f * (mix b)."""
    out[i, :] = (1.0 - f) * a
    out[i, b] += f


@kernel
def scale_hold_back(out: np.ndarray, i: int, k: int, entry: np.ndarray, target: int,
                    back: int, scale: int, hold: int) -> bool:
    """Day k of a trade: scale from the entry row into `target` over `scale` days, hold it
    `hold` days, scale into `back` over `scale` days. False once the trade is over."""
    if k <= scale:
        blend(out, i, entry, target, k / scale)
    elif k <= scale + hold:
        out[i, target] = 1.0
    elif k <= 2 * scale + hold:
        f = (k - scale - hold) / scale
        out[i, target], out[i, back] = 1.0 - f, f
    else:
        return False
    return True


@kernel
def confirm(defend: bool, defending: bool, calm_run: int, days: int) -> tuple[bool, int]:
    """Hysteresis: a defended regime defends at once; leaving needs more than `days`
    consecutive days outside the defended regimes. Returns (defending, calm_run)."""
    if defend:
        return True, 0
    calm_run += 1
    return defending and calm_run <= days, calm_run

"""The article's scenarios as a small state machine over point-in-time signals.

States: calm (scenario 1, soft landing), correction (scenario 2: tech correction without
systemic stress), crisis (deep drawdown plus credit/funding stress or a recession signal; a
stress input that cannot be read is stood in for by the market's panic reading, VIX),
qe_launched (scenario 3: QE announced, or detected in the balance sheet, during/after a crisis),
recovery (panic subsided, drawdown healing). The transitions are listed in
strategies.kernels.regime_machine.machine; the triggers they read are defined in
strategies.triggers.

Besides the state, each day carries `duration_risk`: inflation is high or the 10-year yield is
at the article's 4.5% and rising, so "defensive" must not mean long duration (rules read it),
and `unknown`: the triggers that could have changed the decision that day but could not be
read (an input stale or absent), so the audit trail can flag the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from strategies.params import REGIME_STATES

# Re-exported: the thresholds' home is strategies.thresholds, below the triggers.
from strategies.thresholds import DEFAULT_REGIME as DEFAULT_REGIME
from strategies.thresholds import RegimeParams as RegimeParams

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from strategies.triggers import Reading

STATES = REGIME_STATES
QE_TRIGGERS = ("announcement", "balance_sheet", "either")  # the steps' trigger codes, in order
# The bits of the machine's `fired` output, in the order of its condition columns.
REASONS = ("crisis_depth", "correction", "healed", "credit", "funding", "unemployment", "qe",
           "qe_new", "panic_relief", "new_panic", "market_stress", "not_deep", "new_low",
           "fell_back")
STRESS = ("credit", "funding", "unemployment")  # the article's three routes to systemic stress


@dataclass(frozen=True)
class Transition:
    date: pd.Timestamp
    before: str
    after: str
    reason: str
    unknown: str = ""  # triggers that could not be read that day


def conditions(readings: dict[str, Reading], qe_trigger: str) -> np.ndarray:
    """The machine's condition matrix (days x 11), from the triggers.

    "The Fed is reluctant to restart QE while inflation is high": on such days a QE signal
    counts only once the balance sheet is seen growing as well (the Fed truly launches QE).
    A stress input that cannot be read is not taken as "no stress" (that would switch the
    crisis, and with it the QE trade, off in silence): on such days the market's own stress
    reading (VIX at vix_stress) stands in for it.
    """
    import numpy as np

    from strategies.kernels.steps import qe_signal  # the same step the rules compose

    qe = np.asarray(qe_signal(readings["qe_announced"].fired, readings["balance_sheet"].fired,
                              readings["inflation"].fired, QE_TRIGGERS.index(qe_trigger)))
    qe_new = qe & ~np.concatenate([[False], qe[:-1]])
    return np.column_stack([
        readings["crisis_depth"].fired, readings["correction"].fired, readings["healed"].fired,
        readings["credit"].fired, readings["funding"].fired, readings["unemployment"].fired,
        qe, qe_new, readings["panic_relief"].fired, readings["new_panic"].fired,
        standing_in(readings)])


def standing_in(readings: dict[str, Reading]) -> np.ndarray:
    """Per day: the market-implied stress reading fired while a stress input is unknown."""
    import numpy as np

    unknown = np.logical_or.reduce([readings[k].unknown for k in STRESS])
    return readings["market_stress"].fired & unknown


def classify(signals: pd.DataFrame, params: RegimeParams = DEFAULT_REGIME) -> pd.DataFrame:
    """Per day: 'regime', 'reason' (on transition days), 'duration_risk', 'inflation_high'
    and 'unknown'."""
    import numpy as np
    import pandas as pd

    from strategies import triggers
    from strategies.kernels.regime_machine import machine

    p = params
    readings = triggers.evaluate(signals, p)
    state, fired = machine(conditions(readings, p.qe_trigger),
                           signals["tech_drawdown"].to_numpy(dtype=float), p.fall_back_days)
    regime = np.asarray(STATES, dtype=object)[state]
    previous = np.concatenate([[0], state[:-1]])
    changed = np.flatnonzero(state != previous)
    reason = np.full(len(state), "", dtype=object)
    for i in changed:
        reason[i] = explain(int(fired[i]), readings, int(i))
    return pd.DataFrame({
        "regime": regime, "reason": reason,
        "duration_risk": readings["inflation"].fired | readings["yields"].fired,
        "inflation_high": readings["inflation"].fired,
        "unknown": unknown_in_force(readings, previous, p)}, index=signals.index)


def explain(bits: int, readings: dict[str, Reading], i: int) -> str:
    """The conditions behind a transition, each as value vs threshold."""
    from strategies import triggers

    parts = []
    for k, key in enumerate(REASONS):
        if not bits >> k & 1:
            continue
        if key in ("qe", "qe_new"):
            fired = [triggers.describe(t, readings[t], i) for t in ("qe_announced", "balance_sheet")
                     if readings[t].fired[i]]
            high = (" (inflation high: confirmed by the balance sheet, "
                    + triggers.describe("inflation", readings["inflation"], i) + ")"
                    if readings["inflation"].fired[i] else "")
            parts.append("QE signal: " + "; ".join(fired) + high)
        elif key == "not_deep":
            r = readings["crisis_depth"]
            parts.append(f"Nasdaq drawdown {r.value[i]:.1%} > {r.threshold[i]:.0%}")
        elif key == "new_low":
            parts.append("a new low of the drawdown since the stress began")
        elif key == "fell_back":
            parts.append("the Nasdaq back beyond the crisis depth for a week after the "
                         "recovery had risen above it")
        elif key == "market_stress":
            unknown = [k for k in STRESS if readings[k].unknown[i]]
            parts.append(triggers.describe(key, readings[key], i)
                         + " (standing in for the unknown " + ", ".join(unknown) + ")")
        elif key == "new_panic":
            parts.append("VIX at a new trailing peak")
        else:
            parts.append(triggers.describe(key, readings[key], i))
    return "; ".join(parts)


def unknown_in_force(readings: dict[str, Reading], state_before: np.ndarray,
                     p: RegimeParams) -> np.ndarray:
    """Per day, the triggers that could not be read although they could have changed the
    decision taken from the previous day's state (comma-separated keys, '' when none)."""
    import numpy as np

    from strategies.triggers import TRIGGERS

    regime = np.asarray(STATES, dtype=object)[state_before]
    # The balance sheet is read only if QE is detected from it, or to confirm QE while
    # inflation is high (or unknown).
    reads_balance = (p.qe_trigger != "announcement") | readings["inflation"].fired | readings[
        "inflation"].unknown
    out = np.full(len(regime), "", dtype=object)
    for key, trig in TRIGGERS.items():
        if not trig.rule_input:
            continue
        mask = readings[key].unknown & np.isin(regime, trig.applies_in)
        if key == "balance_sheet":
            mask &= reads_balance
        out[mask] = np.where(out[mask] == "", key, out[mask] + "," + key)
    return out


def transitions(regimes: pd.DataFrame) -> list[Transition]:
    import pandas as pd

    changed = regimes["regime"].ne(regimes["regime"].shift(1))
    changed.iloc[0] = False
    prev = regimes["regime"].shift(1)
    unknown = regimes["unknown"] if "unknown" in regimes else pd.Series("", regimes.index)
    return [Transition(pd.Timestamp(d), str(prev[d]), str(regimes.loc[d, "regime"]),
                       str(regimes.loc[d, "reason"]), str(unknown[d]))
            for d in regimes.index[changed]]

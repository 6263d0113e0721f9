"""The article's scenarios as a small state machine over point-in-time signals.

States: calm (scenario 1, soft landing), correction (scenario 2: tech correction without
systemic stress), crisis (deep drawdown plus credit/funding stress or a recession signal),
qe_launched (scenario 3: QE announced, or detected in the balance sheet, during/after a crisis),
recovery (panic subsided, drawdown healing). The transitions are listed in
strategies.kernels.regimes.machine; the triggers they read are defined in strategies.triggers.

Besides the state, each day carries `duration_risk`: inflation is high or the 10-year yield is
at the article's 4.5% and rising, so "defensive" must not mean long duration (rules read it),
and `unknown`: the triggers that could have changed the decision that day but could not be
read (an input stale or absent), so the audit trail can flag the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from strategies.params import REGIME_STATES, Params

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from strategies.triggers import Reading

STATES = REGIME_STATES
QE_TRIGGERS = ("announcement", "balance_sheet", "either")  # the steps' trigger codes, in order
# The bits of the machine's `fired` output, in the order of its condition columns.
REASONS = ("crisis_depth", "correction", "healed", "credit", "funding", "unemployment", "qe",
           "qe_new", "panic_relief", "new_panic", "not_deep", "new_low")


class RegimeParams(Params):
    """Thresholds of the regime machine; each with the reasoning it encodes."""

    correction_drawdown: float = Field(0.10, gt=0, lt=1, description=(
        "Nasdaq 10% below its 252-day high: 'tech stocks experience a significant correction'"))
    crisis_drawdown: float = Field(0.20, gt=0, lt=1, description=(
        "'the Nasdaq index experiences a correction exceeding 20%' that spreads"))
    calm_drawdown: float = Field(0.05, gt=0, lt=1, description=(
        "hysteresis: back to calm only once the drawdown has healed to within 5%"))
    credit_change: float = Field(0.50, gt=0, description=(
        "BAA10Y up 0.5pp in 3 months: the fall 'spreads to the entire financial system' "
        "(fallback sources are mapped to BAA10Y terms)"))
    funding_spread: float = Field(0.25, gt=0, description=(
        "SOFR 0.25pp over the policy ceiling: 'SOFR significantly deviating from the policy "
        "rate'"))
    ted_spread: float = Field(1.00, gt=0, description=(
        "TED spread above 1pp: the pre-SOFR funding-stress proxy (LIBOR vs bills)"))
    sahm: float = Field(0.50, gt=0, description=(
        "real-time Sahm rule 0.5pp: 'a rapid rise in unemployment'"))
    qe_trigger: Literal["announcement", "balance_sheet", "either"] = Field(
        "announcement", description=(
            "'once the Fed truly launches QE': the calendar, the balance sheet, or either"))
    qe_within: int = Field(60, ge=1, le=260, strict=True, description=(
        "a QE announcement counts for 60 trading days (~3 months)"))
    balance_sheet_growth: float = Field(0.10, gt=0, description=(
        "Fed total assets up 10% in 13 weeks: QE detected from data"))
    vix_relief: float = Field(0.30, gt=0, lt=1, description=(
        "VIX 30% below its trailing peak: 'once the panic subsides'"))
    vix_window: int = Field(60, ge=5, le=260, strict=True, description=(
        "the VIX peak is the highest close of the last 60 trading days (a trailing peak: the "
        "episode's own peak is only known afterwards)"))
    inflation_high: float = Field(0.04, gt=0, lt=1, description=(
        "CPI up 4% over 12 months, twice the Fed's 2% target: the Fed is reluctant to restart "
        "QE while inflation is high (a QE announcement then needs the balance sheet to grow), "
        "and bonds are no safe haven"))
    ust10y_high: float = Field(4.5, gt=0, lt=20, description=(
        "'the yield on the 10-year US Treasury note is at 4.5%': at or above it and rising, "
        "valuations suffer and long duration is no defensive asset"))

    @model_validator(mode="after")
    def _ordered(self) -> RegimeParams:
        # A crisis shallower than a correction would make the correction regime unreachable.
        order = [("crisis_drawdown", "correction_drawdown"), ("correction_drawdown",
                                                               "calm_drawdown")]
        for deep, shallow in order:
            a, b = getattr(self, deep), getattr(self, shallow)
            if a <= b:
                raise ValueError(f"{deep} = {a} must be deeper than {shallow} = {b} (a "
                                 f"{deep.split('_')[0]} is a larger fall than a "
                                 f"{shallow.split('_')[0]}); raise {deep} above {b} or lower "
                                 f"{shallow} below {a}")
        return self


DEFAULT_REGIME = RegimeParams()  # the one default: every door starts from it


@dataclass(frozen=True)
class Transition:
    date: pd.Timestamp
    before: str
    after: str
    reason: str
    unknown: str = ""  # triggers that could not be read that day


def conditions(readings: dict[str, Reading], qe_trigger: str) -> np.ndarray:
    """The machine's condition matrix (days x 10), from the triggers.

    "The Fed is reluctant to restart QE while inflation is high": on such days a QE signal
    counts only once the balance sheet is seen growing as well (the Fed truly launches QE).
    """
    import numpy as np

    from strategies.kernels.steps import qe_signal  # the same step the rules compose

    qe = np.asarray(qe_signal(readings["qe_announced"].fired, readings["balance_sheet"].fired,
                              readings["inflation"].fired, QE_TRIGGERS.index(qe_trigger)))
    qe_new = qe & ~np.concatenate([[False], qe[:-1]])
    return np.column_stack([
        readings["crisis_depth"].fired, readings["correction"].fired, readings["healed"].fired,
        readings["credit"].fired, readings["funding"].fired, readings["unemployment"].fired,
        qe, qe_new, readings["panic_relief"].fired, readings["new_panic"].fired])


def classify(signals: pd.DataFrame, params: RegimeParams = DEFAULT_REGIME) -> pd.DataFrame:
    """Per day: 'regime', 'reason' (on transition days), 'duration_risk', 'inflation_high'
    and 'unknown'."""
    import numpy as np
    import pandas as pd

    from strategies import triggers
    from strategies.kernels.regimes import machine

    p = params
    readings = triggers.evaluate(signals, p)
    state, fired = machine(conditions(readings, p.qe_trigger),
                           signals["tech_drawdown"].to_numpy(dtype=float))
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

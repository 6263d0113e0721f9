"""The article's scenarios as a small state machine over point-in-time signals.

States: calm (scenario 1, soft landing), correction (scenario 2: tech correction without
systemic stress), crisis (deep drawdown plus credit/funding stress or a recession signal),
qe_launched (scenario 3: QE announced, or detected in the balance sheet, during/after a crisis),
recovery (panic subsided, drawdown healing).

Transitions, checked in this order each day (a state not listed keeps its value):
  calm, correction -> crisis       deep drawdown and any stress
  calm -> correction               drawdown beyond the correction threshold
  correction, recovery -> calm     drawdown healed to within calm_drawdown of the high
  crisis -> qe_launched            QE signal (a recent announcement and/or balance sheet)
  recovery -> qe_launched          a new QE signal that day (e.g. QE1's 2009-03-18 expansion)
  crisis, qe_launched -> recovery  panic relief (VIX well off its trailing peak) and the
                                   drawdown no longer deepening (crisis also needs the
                                   drawdown back above the crisis threshold)
  recovery -> crisis               deep drawdown, stress, and VIX at a new trailing peak
  recovery -> correction           drawdown beyond the correction threshold and VIX at a new
                                   trailing peak: the panic is back, without systemic stress
Reads UNRATE (Sahm rule), a REVISED series: the snapshot holds only its latest vintage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import Field

from strategies.params import Params

STATES = ("calm", "correction", "crisis", "qe_launched", "recovery")


class RegimeParams(Params):
    """Thresholds of the regime machine; each with the reasoning it encodes."""

    correction_drawdown: float = Field(0.10, gt=0, lt=1, description=(
        "Nasdaq 10% below its 252-day high: 'tech stocks experience a significant correction'"))
    crisis_drawdown: float = Field(0.20, gt=0, lt=1, description=(
        "'the Nasdaq index experiences a correction exceeding 20%' that spreads"))
    calm_drawdown: float = Field(0.05, gt=0, lt=1, description=(
        "hysteresis: back to calm only once the drawdown has healed to within 5%"))
    credit_change: float = Field(0.50, gt=0, description=(
        "BAA10Y up 0.5pp in 3 months: the fall 'spreads to the entire financial system'"))
    funding_spread: float = Field(0.25, gt=0, description=(
        "SOFR 0.25pp over the policy ceiling: 'SOFR significantly deviating from the policy "
        "rate'"))
    ted_spread: float = Field(1.00, gt=0, description=(
        "TED spread above 1pp: the pre-SOFR funding-stress proxy (LIBOR vs bills)"))
    sahm: float = Field(0.50, gt=0, description=(
        "Sahm rule 0.5pp: 'a rapid rise in unemployment' (reads revised UNRATE)"))
    qe_trigger: Literal["announcement", "balance_sheet", "either"] = Field(
        "announcement", description=(
        "'once the Fed truly launches QE': the calendar, the balance sheet, or either"))
    qe_within: int = Field(60, ge=1, le=260, description=(
        "a QE announcement counts for 60 trading days (~3 months)"))
    balance_sheet_growth: float = Field(0.10, gt=0, description=(
        "Fed total assets up 10% in 13 weeks: QE detected from data"))
    vix_relief: float = Field(0.30, gt=0, lt=1, description=(
        "VIX 30% below its trailing peak: 'once the panic subsides'"))

    def threshold_of(self, name: str) -> float:
        return float(getattr(self, name))


@dataclass(frozen=True)
class Transition:
    date: pd.Timestamp
    before: str
    after: str
    reason: str


def _conditions(sig: pd.DataFrame, p: RegimeParams) -> dict[str, np.ndarray]:
    dd = sig["tech_drawdown"].to_numpy()
    credit = sig["credit_spread_3m_change"].to_numpy() >= p.credit_change
    funding = (sig["funding_spread"].to_numpy() >= p.funding_spread) | (
        sig["ted_spread"].to_numpy() >= p.ted_spread)
    recession = sig["sahm"].to_numpy() >= p.sahm
    announced = sig["qe_announced_recently"].to_numpy(dtype=bool)
    detected = sig["fed_assets_13w_change"].to_numpy() >= p.balance_sheet_growth
    fresh_ann = sig["days_since_qe_announcement"].to_numpy() == 0
    fresh_det = detected & ~np.roll(detected, 1)
    fresh_det[:1] = detected[:1]
    qe = {"announcement": announced, "balance_sheet": detected,
          "either": announced | detected}[p.qe_trigger]
    qe_new = {"announcement": fresh_ann, "balance_sheet": fresh_det,
              "either": fresh_ann | fresh_det}[p.qe_trigger]
    return {
        "deep": dd <= -p.crisis_drawdown, "corr": dd <= -p.correction_drawdown,
        "healed": dd > -p.calm_drawdown, "credit": credit, "funding": funding,
        "recession": recession, "stress": credit | funding | recession, "qe": qe,
        "qe_new": qe_new,
        "relief": (sig["vix_relief"].to_numpy() >= p.vix_relief)
        & (sig["tech_drawdown_speed"].to_numpy() >= 0),
        "new_panic": sig["vix_relief"].to_numpy() <= 0,
    }


def _step(state: str, c: dict[str, bool]) -> tuple[str, tuple[str, ...]]:
    """Next state and the conditions that fired."""
    if state in ("calm", "correction") and c["deep"] and c["stress"]:
        return "crisis", ("deep", *[k for k in ("credit", "funding", "recession") if c[k]])
    if state == "calm" and c["corr"]:
        return "correction", ("corr",)
    if state in ("correction", "recovery") and c["healed"]:
        return "calm", ("healed",)
    if (state == "crisis" and c["qe"]) or (state == "recovery" and c["qe_new"]):
        return "qe_launched", ("qe",)
    if state == "qe_launched" and c["relief"]:
        return "recovery", ("relief",)
    if state == "crisis" and c["relief"] and not c["deep"]:
        return "recovery", ("relief", "not deep")
    if state == "recovery" and c["deep"] and c["stress"] and c["new_panic"]:
        return "crisis", ("deep", "new_panic",
                          *[k for k in ("credit", "funding", "recession") if c[k]])
    if state == "recovery" and c["corr"] and c["new_panic"]:
        return "correction", ("corr", "new_panic")
    return state, ()


def classify(signals: pd.DataFrame, params: RegimeParams | None = None) -> pd.DataFrame:
    """Regime per day ('regime') and, on transition days, what fired ('reason')."""
    p = params or RegimeParams()
    cond = _conditions(signals, p)
    names = list(cond)
    matrix = np.column_stack([cond[k] for k in names])
    state, regimes, reasons = "calm", [], []
    for i, row in enumerate(matrix):
        nxt, fired = _step(state, dict(zip(names, row.tolist(), strict=True)))
        reasons.append(_explain(fired, signals.iloc[i], p) if nxt != state else "")
        state = nxt
        regimes.append(state)
    return pd.DataFrame({"regime": regimes, "reason": reasons}, index=signals.index)


def transitions(regimes: pd.DataFrame) -> list[Transition]:
    changed = regimes["regime"].ne(regimes["regime"].shift(1))
    changed.iloc[0] = False
    prev = regimes["regime"].shift(1)
    return [Transition(pd.Timestamp(d), str(prev[d]), str(regimes.loc[d, "regime"]),
                       str(regimes.loc[d, "reason"])) for d in regimes.index[changed]]


def _explain(fired: tuple[str, ...], s: pd.Series, p: RegimeParams) -> str:
    text = {
        "deep": f"Nasdaq drawdown {s['tech_drawdown']:.1%} <= -{p.crisis_drawdown:.0%}",
        "corr": f"Nasdaq drawdown {s['tech_drawdown']:.1%} <= -{p.correction_drawdown:.0%}",
        "healed": f"Nasdaq drawdown {s['tech_drawdown']:.1%} > -{p.calm_drawdown:.0%}",
        "credit": f"BAA10Y 3m change {s['credit_spread_3m_change']:+.2f}pp >= "
                  f"{p.credit_change:.2f}pp",
        "funding": "; ".join(
            f"{label} {s[col]:+.2f}pp (>= {limit:.2f})"
            for label, col, limit in (("SOFR over the policy ceiling", "funding_spread",
                                       p.funding_spread), ("TED spread", "ted_spread",
                                                           p.ted_spread))
            if s[col] == s[col] and s[col] >= limit),
        "recession": f"Sahm {s['sahm']:.2f}pp >= {p.sahm:.2f}pp",
        "qe": f"QE signal ({p.qe_trigger}): {s['days_since_qe_announcement']:.0f} trading days "
              f"since a QE announcement, Fed assets 13w {s['fed_assets_13w_change']:+.1%}",
        "relief": f"VIX {s['vix']:.1f} is {s['vix_relief']:.0%} below its trailing peak "
                  f"(>= {p.vix_relief:.0%}) and the drawdown is not deepening "
                  f"({s['tech_drawdown_speed']:+.1%} over 20d)",
        "not deep": f"Nasdaq drawdown {s['tech_drawdown']:.1%} > -{p.crisis_drawdown:.0%}",
        "new_panic": f"VIX {s['vix']:.1f} at a new trailing peak",
    }
    return "; ".join(text[k] for k in fired)

"""Scenario 3: the bubble bursts and the Fed restarts QE -> contrarian buy of risk assets."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from pydantic import Field

from strategies.base import Inputs
from strategies.mixes import CRISIS, RISK_ON, STRATEGIC, Mix, blend, stack
from strategies.params import Params

TRADING_MONTH = 21


class ContrarianParams(Params):
    strategic: Mix = Field(default_factory=lambda: dict(STRATEGIC),
                           description="the normal allocation, returned to after the trade")
    defensive: Mix = Field(default_factory=lambda: dict(CRISIS), description=(
        "held 'while the crisis builds' (the initial panic-driven sell-off)"))
    risk_on: Mix = Field(default_factory=lambda: dict(RISK_ON), description=(
        "'growth stocks and emerging market assets ... gold and base metals'"))
    defend_in: tuple[str, ...] = Field(("correction", "crisis", "qe_launched"),
                                       description="regimes in which to hold the defensive mix")
    qe_trigger: Literal["announcement", "balance_sheet", "either"] = Field(
        "announcement", description="'once the Fed truly launches QE': calendar or data")
    qe_within: int = Field(60, ge=1, le=260, description=(
        "a QE announcement arms the trade for this many trading days"))
    balance_sheet_growth: float = Field(0.10, gt=0, description=(
        "Fed assets up this much over 13 weeks count as QE detected from data"))
    crisis_memory: int = Field(250, ge=1, le=1000, description=(
        "QE counts only within this many trading days of a crisis day (scenario 3 is QE "
        "after a bust, not QE in calm markets)"))
    vix_relief: float = Field(0.25, ge=0, lt=1, description=(
        "'once the panic subsides': VIX this far below its trailing peak"))
    require_healing: bool = Field(True, description=(
        "also require the Nasdaq drawdown to stop deepening (20-day change >= 0)"))
    scale_in_days: int = Field(20, ge=1, le=250, description=(
        "build the position over N trading days rather than in one go"))
    hold_months: int = Field(12, ge=0, le=60, description=(
        "then drift back to the strategic mix after M months"))


def contrarian_qe(inputs: Inputs, p: ContrarianParams) -> pd.DataFrame:
    """Scenario 3 of the article (the core of Cao Liulong's view).

    "The initial market reaction would be a panic-driven sell-off, followed by a rapid rebound
    once liquidity is injected ... adopting a contrarian approach to build positions in risk
    assets, especially growth stocks and emerging market assets ... once the panic subsides and
    the Fed truly launches QE. Commodity assets like gold and base metals would also likely
    bottom and recover." Defensive while the crisis builds; when QE is launched after a crisis
    and panic relief is visible, scale into the risk-on mix over `scale_in_days`, hold it for
    `hold_months`, then scale back to the strategic mix.
    """
    s = inputs.signals
    regime = inputs.regime.to_numpy()
    announced = s["days_since_qe_announcement"].to_numpy() <= p.qe_within
    detected = s["fed_assets_13w_change"].to_numpy() >= p.balance_sheet_growth
    qe = {"announcement": announced, "balance_sheet": detected,
          "either": announced | detected}[p.qe_trigger]
    relief = s["vix_relief"].to_numpy() >= p.vix_relief
    if p.require_healing:
        relief &= s["tech_drawdown_speed"].to_numpy() >= 0
    defend = np.isin(regime, p.defend_in)
    hold = p.hold_months * TRADING_MONTH
    rows: list[dict[str, float]] = []
    last_crisis, trade_start, cycle_end = -(10**9), None, -1
    for i in range(len(regime)):
        if regime[i] == "crisis" and i > cycle_end:
            last_crisis = i
        if trade_start is None and qe[i] and relief[i] and i - last_crisis <= p.crisis_memory:
            trade_start = i
        if trade_start is None:
            rows.append(p.defensive if defend[i] else p.strategic)
            continue
        k = i - trade_start + 1
        if k <= p.scale_in_days:
            rows.append(blend(p.defensive, p.risk_on, k / p.scale_in_days))
        elif k <= p.scale_in_days + hold:
            rows.append(p.risk_on)
        elif k <= 2 * p.scale_in_days + hold:
            rows.append(blend(p.risk_on, p.strategic, (k - p.scale_in_days - hold)
                              / p.scale_in_days))
        else:  # cycle over: re-arm only after a new crisis day
            trade_start, cycle_end, last_crisis = None, i, -(10**9)
            rows.append(p.defensive if defend[i] else p.strategic)
    return stack(inputs.index, rows, [p.strategic, p.defensive, p.risk_on])

"""Scenario 3: the bubble bursts and the Fed restarts QE -> contrarian buy of risk assets."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from strategies.kernels import rules as kernels
from strategies.mixes import CRISIS, CRISIS_SHORT, RISK_ON, STRATEGIC, Mix
from strategies.params import Params, Regimes
from strategies.rules.defensive import SHORTEN
from strategies.schema import REGIMES, TRADING_MONTH
from strategies.strategy import compiled

TRIGGERS = {"announcement": 0.0, "balance_sheet": 1.0, "either": 2.0}


class ContrarianParams(Params):
    strategic: Mix = Field(default_factory=lambda: dict(STRATEGIC),
                           description="the normal allocation, returned to after the trade")
    defensive: Mix = Field(default_factory=lambda: dict(CRISIS), description=(
        "held 'while the crisis builds' (the initial panic-driven sell-off)"))
    defensive_short: Mix = Field(default_factory=lambda: dict(CRISIS_SHORT), description=(
        "the defensive mix without duration: cash, short Treasuries and gold"))
    risk_on: Mix = Field(default_factory=lambda: dict(RISK_ON), description=(
        "'growth stocks and emerging market assets ... gold and base metals'"))
    defend_in: Regimes = Field(("correction", "crisis"), description=(
        "regimes in which to hold the defensive mix (a QE announcement alone never sells: "
        "qe_launched keeps whatever is held)"))
    qe_trigger: Literal["announcement", "balance_sheet", "either"] = Field(
        "announcement", description="'once the Fed truly launches QE': calendar or data")
    qe_within: int = Field(60, ge=1, le=260, description=(
        "a QE announcement arms the trade for this many trading days"))
    balance_sheet_growth: float = Field(0.10, gt=0, description=(
        "Fed assets up this much over 13 weeks count as QE detected from data (the only QE "
        "signal while inflation is high: 'the Fed is reluctant to restart QE')"))
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
    shorten_duration: bool = Field(True, description=SHORTEN)


def pack(p: ContrarianParams) -> list[float]:
    return [*[1.0 if r in p.defend_in else 0.0 for r in REGIMES], TRIGGERS[p.qe_trigger],
            float(p.qe_within),
            p.balance_sheet_growth, float(p.crisis_memory), p.vix_relief,
            float(p.require_healing), float(p.scale_in_days),
            float(p.hold_months * TRADING_MONTH), float(p.shorten_duration)]


STRATEGY = compiled(
    "contrarian_qe", ContrarianParams, kernels.contrarian, scenario="scenario 3",
    headline=__doc__.splitlines()[0],
    description="Scenario 3 of the article (the core of Cao Liulong's view).",
    reasoning="""
    "The initial market reaction would be a panic-driven sell-off, followed by a rapid rebound
    once liquidity is injected ... adopting a contrarian approach to build positions in risk
    assets, especially growth stocks and emerging market assets ... once the panic subsides and
    the Fed truly launches QE. Commodity assets like gold and base metals would also likely
    bottom and recover." Defensive while the crisis builds; when QE is launched after a crisis
    and panic relief is visible, scale from what is held into the risk-on mix over
    `scale_in_days`, hold it for `hold_months`, then scale back to the strategic mix.
    """,
    pack=pack)

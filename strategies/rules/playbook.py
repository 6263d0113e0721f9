"""The combined rule: one allocation per regime of the article's scenario machine."""

from __future__ import annotations

from pydantic import Field

from strategies.kernels import rules as kernels
from strategies.mixes import (
    CRISIS,
    CRISIS_SHORT,
    DEFENSIVE,
    DEFENSIVE_SHORT,
    RISK_ON,
    SOFT_LANDING,
    STRATEGIC,
    Mix,
)
from strategies.params import Params
from strategies.rules.defensive import SHORTEN
from strategies.schema import TRADING_MONTH
from strategies.strategy import compiled


class PlaybookParams(Params):
    calm: Mix = Field(default_factory=lambda: dict(SOFT_LANDING),
                      description="scenario 1: risk-on, tilted to EM / HK-China")
    correction: Mix = Field(default_factory=lambda: dict(DEFENSIVE),
                            description="scenario 2: cut risk, add defensive assets")
    correction_short: Mix = Field(default_factory=lambda: dict(DEFENSIVE_SHORT),
                                  description="scenario 2 without duration")
    crisis: Mix = Field(default_factory=lambda: dict(CRISIS),
                        description="systemic stress before QE: defensive")
    crisis_short: Mix = Field(default_factory=lambda: dict(CRISIS_SHORT),
                              description="systemic stress, without duration")
    recovery: Mix = Field(default_factory=lambda: dict(STRATEGIC),
                          description="panic subsided without QE: back to the strategic mix")
    qe_launched: Mix = Field(default_factory=lambda: dict(RISK_ON), description=(
        "scenario 3: the contrarian target, built once the panic subsides after QE"))
    scale_in_days: int = Field(20, ge=1, le=250, description=(
        "days to move from what is held into the QE mix (and back)"))
    hold_months: int = Field(12, ge=0, le=60, description=(
        "months the QE mix is held: the 'rapid rebound once liquidity is injected'"))
    shorten_duration: bool = Field(True, description=SHORTEN)


def pack(p: PlaybookParams) -> list[float]:
    return [float(p.scale_in_days), float(p.hold_months * TRADING_MONTH),
            float(p.shorten_duration)]


STRATEGY = compiled(
    "playbook", PlaybookParams, kernels.playbook, scenario="scenarios 1-3",
    headline=__doc__.splitlines()[0],
    description="The article's whole playbook, regime by regime.",
    reasoning="""
    Calm -> the scenario 1 mix; correction -> the scenario 2 mix; crisis -> defensive (both
    without duration while inflation is high or the 10-year is at 4.5% and rising). Scenario 3:
    "the initial market reaction would be a panic-driven sell-off ... build positions in risk
    assets ... once the panic subsides and the Fed truly launches QE". A QE announcement arms
    the trade but sells nothing (what is held is kept); once the panic subsides, the rule
    scales from what it holds into the QE mix over `scale_in_days`, holds it `hold_months`
    (a later QE expansion or a renewed fall does not restart or stop it: the stance is
    contrarian), then scales back to the strategic mix. A recovery without QE -> strategic.
    """,
    pack=pack)

"""The combined rule: one allocation per regime of the article's scenario machine."""

from __future__ import annotations

import pandas as pd
from pydantic import Field

from strategies.base import Inputs
from strategies.mixes import CRISIS, DEFENSIVE, RISK_ON, SOFT_LANDING, STRATEGIC, Mix, blend, stack
from strategies.params import Params


class PlaybookParams(Params):
    calm: Mix = Field(default_factory=lambda: dict(SOFT_LANDING),
                      description="scenario 1: risk-on, tilted to EM / HK-China")
    correction: Mix = Field(default_factory=lambda: dict(DEFENSIVE),
                            description="scenario 2: cut risk, add defensive assets")
    crisis: Mix = Field(default_factory=lambda: dict(CRISIS),
                        description="systemic stress before QE: defensive")
    qe_launched: Mix = Field(default_factory=lambda: dict(RISK_ON),
                             description="scenario 3: the contrarian target, scaled into")
    recovery: Mix = Field(default_factory=lambda: dict(STRATEGIC),
                          description="panic subsided: back to the strategic mix")
    scale_in_days: int = Field(20, ge=1, le=250, description=(
        "days to move from the crisis mix to the QE mix"))


def playbook(inputs: Inputs, p: PlaybookParams) -> pd.DataFrame:
    """The article's whole playbook: calm -> scenario 1 mix, correction -> scenario 2 mix,
    crisis -> defensive, qe_launched -> scenario 3 contrarian scale-in (from the crisis mix to
    the QE mix over `scale_in_days`), recovery -> strategic.
    """
    mixes = {"calm": p.calm, "correction": p.correction, "crisis": p.crisis,
             "recovery": p.recovery}
    rows, run = [], 0
    for state in inputs.regime.to_numpy():
        run = run + 1 if state == "qe_launched" else 0
        rows.append(blend(p.crisis, p.qe_launched, min(1.0, run / p.scale_in_days))
                    if run else mixes[str(state)])
    return stack(inputs.index, rows, [*mixes.values(), p.qe_launched])

"""The VIX stand-in on the real data: blind every stress input and scenario 3 is still reached
in both design crises, on the same QE days; with the inputs readable it changes no day."""

from __future__ import annotations

import numpy as np
import pytest

from backtests.episodes.runner import MarketData
from strategies.regimes import classify, standing_in, transitions
from strategies.triggers import evaluate

pytestmark = pytest.mark.integration


def test_with_every_stress_input_stale_the_qe_trade_still_fires_in_2008_and_2020(
        real_market: MarketData) -> None:
    ctx = real_market.context
    blind = ctx.signals.copy()
    for col in ("credit_change", "funding_spread", "ted_spread", "sahm"):
        blind[col] = np.nan
    seen = classify(blind, ctx.regime_params)
    crises = [f"{t.date:%Y-%m-%d}" for t in transitions(seen) if t.after == "crisis"]
    assert {"2008-09-29", "2020-03-12"} <= set(crises)
    qe = [f"{t.date:%Y-%m-%d}" for t in transitions(seen) if t.after == "qe_launched"]
    real = [f"{t.date:%Y-%m-%d}" for t in transitions(ctx.regimes) if t.after == "qe_launched"]
    assert qe == real == ["2008-11-25", "2009-03-18", "2020-03-16"]


def test_the_stand_in_never_fired_on_the_stored_history(real_market: MarketData) -> None:
    ctx = real_market.context
    assert not standing_in(evaluate(ctx.signals, ctx.regime_params)).any()

"""The regime machine on scripted signals: each transition, with its reason."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from strategies.regimes import RegimeParams, classify, transitions

CALM = {"tech_drawdown": -0.02, "tech_drawdown_speed": 0.0, "vix": 15.0, "vix_relief": 0.1,
        "credit_spread_3m_change": 0.0, "funding_spread": -0.1, "ted_spread": 0.3, "sahm": 0.0,
        "qe_announced_recently": False, "days_since_qe_announcement": np.nan,
        "fed_assets_13w_change": 0.0}


def script(*days: dict) -> pd.DataFrame:
    rows = [{**CALM, **d} for d in days]
    return pd.DataFrame(rows, index=pd.bdate_range("2020-01-06", periods=len(rows)))


def states(sig: pd.DataFrame, **params: object) -> list[str]:
    return classify(sig, RegimeParams(**params)).regime.tolist()  # type: ignore[arg-type]


def test_correction_without_stress_never_becomes_crisis() -> None:
    sig = script({}, {"tech_drawdown": -0.12}, {"tech_drawdown": -0.30}, {"tech_drawdown": -0.04})
    assert states(sig) == ["calm", "correction", "correction", "calm"]


def test_crisis_then_qe_then_recovery_then_calm() -> None:
    deep = {"tech_drawdown": -0.30, "credit_spread_3m_change": 0.8, "vix": 60.0,
            "vix_relief": 0.0, "tech_drawdown_speed": -0.1}
    qe = {**deep, "qe_announced_recently": True, "days_since_qe_announcement": 0.0}
    relief = {**qe, "vix_relief": 0.4, "tech_drawdown_speed": 0.02,
              "days_since_qe_announcement": 5.0}
    sig = script({}, deep, deep, qe, relief, {"tech_drawdown": -0.03})
    assert states(sig) == ["calm", "crisis", "crisis", "qe_launched", "recovery", "calm"]
    reasons = [t.reason for t in transitions(classify(sig))]
    assert reasons[0] == ("Nasdaq drawdown -30.0% <= -20%; BAA10Y 3m change +0.80pp >= 0.50pp")
    assert reasons[1].startswith("QE signal (announcement): 0 trading days since")


def test_qe_outside_a_crisis_is_not_scenario_3() -> None:
    sig = script({}, {"qe_announced_recently": True, "days_since_qe_announcement": 0.0})
    assert states(sig) == ["calm", "calm"]


def test_funding_or_recession_stress_also_makes_a_crisis() -> None:
    base = {"tech_drawdown": -0.25}
    assert states(script(base | {"funding_spread": 0.3}))[-1] == "crisis"
    assert states(script(base | {"ted_spread": 1.5}))[-1] == "crisis"
    assert states(script(base | {"sahm": 0.6}))[-1] == "crisis"


def test_balance_sheet_trigger_is_a_parameter() -> None:
    deep = {"tech_drawdown": -0.30, "credit_spread_3m_change": 0.8}
    grow = deep | {"fed_assets_13w_change": 0.25}
    assert states(script(deep, grow))[-1] == "crisis"
    assert states(script(deep, grow), qe_trigger="balance_sheet")[-1] == "qe_launched"


def test_params_are_validated_with_hints() -> None:
    with pytest.raises(ValidationError, match="crisis_drawdwn"):
        RegimeParams(crisis_drawdwn=0.3)  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="less than 1"):
        RegimeParams(crisis_drawdown=1.5)


def test_a_renewed_panic_ends_a_recovery_even_without_systemic_stress() -> None:
    deep = {"tech_drawdown": -0.30, "credit_spread_3m_change": 0.8, "vix_relief": 0.0}
    relief = {"tech_drawdown": -0.15, "vix_relief": 0.4, "tech_drawdown_speed": 0.05}
    falling = {"tech_drawdown": -0.35, "vix_relief": 0.0}  # new VIX peak, no credit stress
    sig = script({}, deep, relief, relief | {"vix_relief": 0.1}, falling)
    assert states(sig) == ["calm", "crisis", "recovery", "recovery", "correction"]
    assert transitions(classify(sig))[-1].reason == (
        "Nasdaq drawdown -35.0% <= -10%; VIX 15.0 at a new trailing peak")


def test_funding_reason_names_only_the_measures_that_fired() -> None:
    sig = script({"tech_drawdown": -0.25, "funding_spread": np.nan, "ted_spread": 1.5})
    assert transitions(classify(script({}, *[sig.iloc[0].to_dict()])))[0].reason == (
        "Nasdaq drawdown -25.0% <= -20%; TED spread +1.50pp (>= 1.00)")
